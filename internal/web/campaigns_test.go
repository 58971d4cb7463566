package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/store"
)

func TestCampaignLifecycle(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	form := url.Values{"slug": {"hrc-2026"}, "event_name": {"Human Rights Council, 61st session"}, "event_date": {"2026-03-02"},
		"time_zone": {"Europe/Zurich"}, "opens_at": {"2026-02-01T09:00"}, "deadline": {"2026-02-27T18:00"},
		"title_en": {"Open letter"}, "body_en": {"We write to you **before** the session."}, "asks_en": {"Speak in support | at the interactive dialogue\nJoin the Group of Friends"},
		"title_fr": {"Lettre ouverte"}, "body_fr": {"Nous vous écrivons."}}
	res := h.do(request{method: "POST", target: "/admin/campaigns", session: editor, form: form})
	if res.StatusCode != 303 {
		t.Fatalf("create: %s\n%s", res, res.body)
	}
	c, err := h.store.CampaignBySlug(ctx, "hrc-2026")
	if err != nil || c.OpensAt.Format("2006-01-02 15:04") != "2026-02-01 08:00" || c.Status != "draft" {
		t.Fatalf("stored = %+v, %v (09:00 in Zurich is 08:00 UTC)", c, err)
	}
	v, _ := h.store.CampaignVersion(ctx, c.ID, 1)
	if len(v.Texts) != 2 || len(v.Text("en").Asks) != 2 || v.Text("en").Asks[0].Description != "at the interactive dialogue" {
		t.Errorf("texts = %+v", v.Texts)
	}
	// Drafts are not public.
	if res := h.do(request{target: "/c/hrc-2026"}); res.StatusCode != 404 {
		t.Errorf("a draft's public page: %s", res)
	}
	id := itoa(c.ID)
	h.do(request{method: "POST", target: "/admin/campaigns/" + id + "/status", session: editor, form: url.Values{"to": {"open"}}})
	if res := h.do(request{method: "POST", target: "/admin/campaigns/" + id + "/status", session: editor, form: url.Values{"to": {"delivered"}}}); res.StatusCode != 409 || !strings.Contains(res.body, "A letter that is open cannot become delivered.") {
		t.Errorf("open → delivered: %s %s", res, res.body)
	}
	// Editing the text of an open letter makes version 2, once the editor
	// confirms it.
	form.Set("body_en", "We write to you before the session, again.")
	if res := h.do(request{method: "POST", target: "/admin/campaigns/" + id, session: editor, form: form}); res.StatusCode != 200 || !strings.Contains(res.body, "Make version 2 of the text?") {
		t.Fatalf("edit: %s", res)
	}
	form.Set("new_version", "2")
	if res := h.do(request{method: "POST", target: "/admin/campaigns/" + id, session: editor, form: form}); res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/"+id+"?saved=version" {
		t.Fatalf("edit confirmed: %s", res)
	}
	if c, _ := h.store.Campaign(ctx, c.ID); c.Version != 2 {
		t.Errorf("version after editing an open letter: %d, want 2", c.Version)
	}
	var actions []string
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{})
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "campaign.update campaign.status campaign.create" {
		t.Errorf("audit = %v", actions)
	}
	// Bad input names the field and keeps the rest.
	bad := url.Values{"slug": {"HRC 2026"}, "event_name": {"x"}, "time_zone": {"Mars/Base"}, "title_en": {"T"}, "body_en": {"B"}}
	res = h.do(request{method: "POST", target: "/admin/campaigns", session: editor, form: bad})
	if res.StatusCode != 422 || !strings.Contains(res.body, "slug: &#34;HRC 2026&#34;") || !strings.Contains(res.body, `value="Mars/Base"`) {
		t.Errorf("bad form: %s", res)
	}
	// The 42 demo signatories signed version 1 of ga-2009; after an edit of
	// its open text they are shown as signers of an earlier version.
	h.demo()
	demoForm := url.Values{"slug": {"ga-2009"}, "event_name": {"UN General Assembly plenary debate on the Responsibility to Protect"},
		"event_date": {"2009-07-23"}, "time_zone": {"America/New_York"}, "title_en": {"Open letter"}, "body_en": {"A corrected text."},
		"new_version": {"2"}}
	if res := h.do(request{method: "POST", target: "/admin/campaigns/2", session: editor, form: demoForm}); res.StatusCode != 303 {
		t.Fatalf("editing the demo letter: %s", res)
	}
	list := h.do(request{target: "/c/ga-2009/signatories"})
	if !strings.Contains(list.body, "Signed an earlier version of the text") || strings.Count(list.body, "<li>") != 42 {
		t.Errorf("signers of version 1 are not shown as such:\n%s", list.body)
	}

	// The public page shows the letter; the API shows the campaign.
	if page := h.do(request{target: "/c/hrc-2026"}); !strings.Contains(page.body, "again.") {
		t.Errorf("public page does not show version 2")
	}
	if api := h.do(request{target: "/api/v1/campaigns/" + id, bearer: h.token(account.Viewer)}); api.StatusCode != 200 || !strings.Contains(api.body, `"slug": "hrc-2026"`) {
		t.Errorf("API: %s %s", api, api.body)
	}
}

func TestCampaignAPI(t *testing.T) {
	h := newHarness(t)
	editor := h.token(account.Editor)
	post := func(token, body string) response {
		return h.doBody(request{method: "POST", target: "/api/v1/campaigns", bearer: token, noCSRF: true}, body)
	}
	body := `{"slug":"ga-2026","event":{"name":"GA debate on R2P","date":"2026-06-30","place":"New York"},"time_zone":"America/New_York",
		"deadline":"2026-06-29T22:00:00Z","texts":[{"lang":"en","title":"Open letter","body":"We write.","asks":[{"label":"Speak in support"}]}]}`
	res := post(editor, body)
	if res.StatusCode != 201 || !strings.Contains(res.body, `"slug": "ga-2026"`) || !strings.Contains(res.body, `"status": "draft"`) {
		t.Fatalf("create: %s %s", res, res.body)
	}
	if res := post(editor, body); res.StatusCode != 409 {
		t.Errorf("the same slug again: %s", res)
	}
	if res := post(h.token(account.Viewer), body); res.StatusCode != 403 {
		t.Errorf("a viewer token: %s", res)
	}
	for in, want := range map[string]string{
		`{"slug":"x","event":{"name":"e"},"time_zone":"UTC","texts":[]}`:                                     "texts: the letter needs a text in at least one language",
		`{"slug":"x","event":{"name":"e"},"time_zone":"Nowhere","texts":[]}`:                                 `time_zone: "Nowhere" is not a time zone such as America/New_York or UTC`,
		`{"slug":"x","colour":"red"}`:                                                                        `the body: json: unknown field "colour"`,
		`{"slug":"x","event":{"name":"e"},"time_zone":"UTC","texts":[{"lang":"de","title":"t","body":"b"}]}`: `texts: language "de": want one of ar, zh, en, fr, ru, es`,
	} {
		res := post(editor, in)
		var env struct{ Error struct{ Message string } }
		json.Unmarshal([]byte(res.body), &env)
		if res.StatusCode/100 != 4 || env.Error.Message != want {
			t.Errorf("POST %s: %s %q, want %q", in, res, env.Error.Message, want)
		}
	}
}

func TestCampaignAPIUpdateAndStatus(t *testing.T) {
	h := newHarness(t)
	editor := h.token(account.Editor)
	send := func(method, target, token, body string) (response, map[string]any) {
		t.Helper()
		res := h.doBody(request{method: method, target: target, bearer: token, noCSRF: true}, body)
		var got map[string]any
		json.Unmarshal([]byte(res.body), &got)
		return res, got
	}
	letter := func(title string) string {
		return `{"slug":"ga-2026","event":{"name":"GA debate on R2P","date":"2026-06-30","place":"New York"},"time_zone":"UTC",
			"texts":[{"lang":"en","title":"` + title + `","body":"We write.","asks":[{"label":"Speak in support"}]}]}`
	}
	res, _ := send("POST", "/api/v1/campaigns", editor, letter("Open letter"))
	if res.StatusCode != 201 {
		t.Fatalf("create: %s %s", res, res.body)
	}
	target := res.Header.Get("Location")
	version := func(got map[string]any) (number float64, title string) {
		v, _ := got["version"].(map[string]any)
		texts, _ := v["texts"].([]any)
		if len(texts) == 1 {
			title, _ = texts[0].(map[string]any)["title"].(string)
		}
		number, _ = v["number"].(float64)
		return number, title
	}

	// A draft's text is rewritten in place.
	res, got := send("PUT", target, editor, letter("Open letter, revised"))
	if n, title := version(got); res.StatusCode != 200 || n != 1 || title != "Open letter, revised" {
		t.Fatalf("PUT on a draft: %s version %v %q; %s", res, n, title, res.body)
	}
	res, got = send("POST", target+"/status", editor, `{"status":"open"}`)
	if c, _ := got["campaign"].(map[string]any); res.StatusCode != 200 || c["status"] != "open" {
		t.Fatalf("open: %s %s", res, res.body)
	}
	// An open campaign's changed text is a new version, when the client
	// says so.
	if res, _ := send("PUT", target, editor, letter("Open letter, second version")); res.StatusCode != 409 {
		t.Fatalf("PUT of a new text on an open campaign without new_version: %s", res)
	}
	confirmed := strings.Replace(letter("Open letter, second version"), `"slug"`, `"new_version":true,"slug"`, 1)
	res, got = send("PUT", target, editor, confirmed)
	if n, title := version(got); res.StatusCode != 200 || n != 2 || title != "Open letter, second version" {
		t.Fatalf("PUT on an open campaign: %s version %v %q", res, n, title)
	}
	// The same text again makes no version, and no audit entry.
	if _, got = send("PUT", target, editor, confirmed); func() bool { n, _ := version(got); return n != 2 }() {
		t.Errorf("unchanged text made a new version: %v", got["version"])
	}

	for _, c := range []struct {
		method, target, token, body string
		status                      int
		message                     string
	}{
		{"POST", target + "/status", editor, `{"status":"delivered"}`, 409, "A letter that is open cannot become delivered."},
		{"POST", target + "/status", editor, `{"status":"sent"}`, 422, `status: "sent" is not one of draft, open, closed, delivered`},
		{"POST", target + "/status", editor, `{"state":"open"}`, 400, `the body: json: unknown field "state"`},
		{"POST", target + "/status", h.token(account.Viewer), `{"status":"closed"}`, 403, ""},
		{"PUT", target, h.token(account.Viewer), letter("x"), 403, ""},
		{"PUT", "/api/v1/campaigns/999", editor, letter("x"), 404, ""},
		{"PUT", target, editor, `{"slug":"ga-2026","event":{"name":"e"},"time_zone":"UTC","texts":[]}`, 422, "texts: the letter needs a text in at least one language"},
	} {
		res, got := send(c.method, c.target, c.token, c.body)
		e, _ := got["error"].(map[string]any)
		if res.StatusCode != c.status || (c.message != "" && e["message"] != c.message) {
			t.Errorf("%s %s %s: %s %v, want %d %q", c.method, c.target, c.body, res, e["message"], c.status, c.message)
		}
	}
	// Every change is in the audit log.
	res, _ = send("GET", "/api/v1/audit?action=campaign.update", h.token(account.Admin), "")
	if n := strings.Count(res.body, `"action": "campaign.update"`); n != 2 {
		t.Errorf("audited updates = %d, want 2: %s", n, res.body)
	}
}
