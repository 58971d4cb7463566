package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

// codeDebate stores the debate and codes it automatically; the EU's
// statement is 1, Sweden's 2, the President's (procedural) 3.
func (h *harness) codeDebate() {
	h.t.Helper()
	h.debate()
	if _, err := recode.New(h.store, nil).CodeStale(ctx, 0); err != nil {
		h.t.Fatal(err)
	}
}

func TestReviewShowsEvidenceAndHumanDecisionWins(t *testing.T) {
	h := newHarness(t)
	h.codeDebate()
	editor := h.session(account.Editor)
	res := h.do(request{target: "/admin/statements/1/review", session: editor})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("review: %d", res.StatusCode)
	}
	for _, want := range []string{`<mark title="genocide">Genocide</mark> &amp; <mark title="war_crimes">war crimes</mark> &lt;must&gt;`, "genocide.include.en[0]"} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the review page lacks %q", want)
		}
	}
	res = h.do(request{method: "POST", target: "/admin/statements/1/decisions", session: editor, form: url.Values{"code": {"genocide"}, "decision": {"reject"}}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reject: %d %s", res.StatusCode, res.body)
	}
	res = h.do(request{method: "POST", target: "/admin/statements/1/decisions", session: editor, form: url.Values{"code": {"pillar2"}, "decision": {"add"}, "sentence": {"0"}}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add: %d %s", res.StatusCode, res.body)
	}
	u, err := h.store.CodingUnit(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if got := u.Consensus(); got["genocide"].Present || !got["pillar2"].Present || !got["war_crimes"].Present {
		t.Errorf("consensus after the review: %+v", got)
	}
	if d := u.Decisions[1]; d.Start != 0 || d.End != 59 || d.Coder != h.users[account.Editor].Actor() || d.Blind {
		t.Errorf("added decision: %+v", d)
	}
	res = h.do(request{target: "/admin/statements/1/review", session: editor})
	if !strings.Contains(res.body, `<mark title="pillar2">I have the honour to speak on behalf of the European Union.</mark>`) {
		t.Errorf("the added code's evidence is not marked:\n%s", res.body)
	}
	for _, c := range []struct {
		form url.Values
		want string
	}{
		{url.Values{"code": {"genocide"}, "decision": {"maybe"}}, "decision"},
		{url.Values{"code": {"nothing"}, "decision": {"add"}}, "code"},
		{url.Values{"code": {"genocide"}, "decision": {"add"}, "sentence": {"7"}}, "sentence"},
	} {
		res := h.do(request{method: "POST", target: "/admin/statements/1/decisions", session: editor, form: c.form})
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(res.body, c.want) {
			t.Errorf("%v: %d, want 400 naming %s", c.form, res.StatusCode, c.want)
		}
	}
	res = h.do(request{method: "POST", target: "/admin/statements/1/reviewed", session: editor, form: url.Values{"stance": {"opposed"}}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/events/1/coding/next" {
		t.Fatalf("reviewed: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	res = h.do(request{target: "/admin/events/1/coding/next", session: editor})
	if res.Header.Get("Location") != "/admin/statements/2/review" {
		t.Errorf("next to review: %s", res.Header.Get("Location"))
	}
	if u, _ := h.store.CodingUnit(ctx, 1); u.Auto.Stance == "opposed" {
		t.Error("the automatic stance was overwritten")
	} else if st, by := u.Stance(); st != "opposed" || by != h.users[account.Editor].Actor() {
		t.Errorf("stance = %s by %s", st, by)
	}
}

func TestBlindCodingHidesAutomaticCodes(t *testing.T) {
	h := newHarness(t)
	h.codeDebate()
	editor := h.session(account.Editor)
	res := h.do(request{target: "/admin/statements/1/code", session: editor})
	if res.StatusCode != http.StatusOK || strings.Contains(res.body, "<mark") || strings.Contains(res.body, "include.en") || strings.Contains(res.body, " checked") {
		t.Fatalf("the blind page shows the automatic codes (%d):\n%s", res.StatusCode, res.body)
	}
	res = h.do(request{method: "POST", target: "/admin/statements/1/code", session: editor, form: url.Values{"code": {"genocide", "pillar1"}, "stance": {"supports"}}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/admin/events/1/coding/next?blind=1" {
		t.Fatalf("blind save: %d %s %s", res.StatusCode, res.Header.Get("Location"), res.body)
	}
	res = h.do(request{method: "POST", target: "/admin/statements/1/code", session: editor, form: url.Values{"code": {"genocide"}, "stance": {"supports"}}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("blind save again: %d", res.StatusCode)
	}
	u, _ := h.store.CodingUnit(ctx, 1)
	me := h.users[account.Editor].Actor()
	if got := u.BlindView(me); !got["genocide"].Present || got["pillar1"].Present {
		t.Errorf("blind view: %+v", got)
	}
	if c := u.Consensus(); c["pillar1"].Present || !c["war_crimes"].Present {
		t.Errorf("a blind coding changed the consensus: %+v", c)
	}
	if s, ok := u.Session(me, true); !ok || s.Stance != "supports" {
		t.Errorf("blind session: %+v %v", s, ok)
	}
	res = h.do(request{target: "/admin/statements/1/code", session: editor})
	if !strings.Contains(res.body, `value="genocide" checked`) || strings.Contains(res.body, `value="pillar1" checked`) {
		t.Error("the blind page does not show the coder's own ticks")
	}
	res = h.do(request{target: "/admin/events/1/coding/next?blind=1", session: editor})
	if res.Header.Get("Location") != "/admin/statements/2/code" {
		t.Errorf("next blind: %s", res.Header.Get("Location"))
	}
	res = h.do(request{method: "POST", target: "/admin/statements/1/code", session: editor, form: url.Values{"code": {"nothing"}}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("an unknown code: %d", res.StatusCode)
	}
	res = h.do(request{target: "/admin/events/1/coding", session: editor})
	if !strings.Contains(res.body, "You have coded 1 of 2 statements.") || !strings.Contains(res.body, "You have coded 0 of 2 statements.") {
		t.Errorf("queue page:\n%s", res.body)
	}
}

func TestReliabilityPage(t *testing.T) {
	h := newHarness(t)
	h.codeDebate()
	editor := h.session(account.Editor)
	h.do(request{method: "POST", target: "/admin/statements/1/code", session: editor, form: url.Values{"code": {"genocide"}}})
	res := h.do(request{target: "/admin/reliability?event=1", session: h.session(account.Viewer)})
	if res.StatusCode != http.StatusOK || !strings.Contains(res.body, "1 statements coded blind, compared among 2 coders:") ||
		!strings.Contains(res.body, "<code>auto</code>–<code>"+h.users[account.Editor].Actor()+"</code>: ") {
		t.Errorf("reliability page (%d):\n%s", res.StatusCode, res.body)
	}
	if res := h.do(request{target: "/admin/reliability?event=9", session: h.session(account.Viewer)}); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown event: %d", res.StatusCode)
	}
}

// TestCodedDataDownloads: the report page links the exports of r2p export
// codes, which viewers may download.
func TestCodedDataDownloads(t *testing.T) {
	h := newHarness(t)
	viewer := h.session(account.Viewer)
	page := h.do(request{target: "/admin/reliability", session: viewer})
	if !strings.Contains(page.body, `href="/admin/reliability/codes.xlsx?format=wide"`) {
		t.Errorf("the report page does not link the wide XLSX export")
	}
	res := h.do(request{target: "/admin/reliability/codes.csv?format=wide", session: viewer})
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		!strings.HasPrefix(res.body, "statement_id,event_id,speaker,speaker_kind,on_behalf_of,year,date,language,stance,codebook,mentions_r2p,") {
		t.Errorf("wide CSV: %s %q", res, res.body)
	}
	res = h.do(request{target: "/admin/reliability/codes.xlsx", session: viewer})
	if res.StatusCode != 200 || !strings.HasPrefix(res.body, "PK") || !strings.Contains(res.Header.Get("Content-Disposition"), "r2p-codes-long.xlsx") {
		t.Errorf("long XLSX: %s %v", res, res.Header)
	}
	if res := h.do(request{target: "/admin/reliability/codes.csv?format=tall", session: viewer}); res.StatusCode != 400 {
		t.Errorf("a bad format: %s", res)
	}
	if res := h.do(request{target: "/admin/reliability/codes.csv"}); res.StatusCode == 200 {
		t.Errorf("signed out: %s", res)
	}
}

// TestCodebookEditor: an editor sees the active codebook; a codebook with
// problems is shown again with each problem at its line and nothing is
// saved; a valid one becomes the new active version, audited, and the
// background coder is woken.
func TestCodebookEditor(t *testing.T) {
	woken := 0
	h := newHarness(t, func(o *web.Options) { o.WakeCoder = func() { woken++ } })
	editor := h.session(account.Editor)
	page := h.do(request{target: "/admin/codebook", session: editor})
	if page.StatusCode != 200 || !strings.Contains(page.body, "pillar1") || !strings.Contains(page.body, `<textarea id="source"`) {
		t.Fatalf("the editor: %s", page)
	}
	if res := h.do(request{target: "/admin/codebook", session: h.session(account.Viewer)}); res.StatusCode != 403 {
		t.Errorf("a viewer: %s", res)
	}
	source := string(codebook.DefaultSource())
	broken := strings.Replace(source, "id: pillar2", "id: pillar1", 1) // a duplicate id
	broken = strings.Replace(broken, "NEAR/", "NEAR/x", 1)
	res := h.do(request{method: "POST", target: "/admin/codebook", session: editor, form: url.Values{"source": {broken}}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "Line ") || !strings.Contains(res.body, "pillar1") || !strings.Contains(res.body, "The codebook was not saved") {
		t.Errorf("a codebook with problems: %s\n%s", res, res.body)
	}
	if versions, _ := h.store.Codebooks(ctx); len(versions) != 1 {
		t.Errorf("%d versions after a failed save, want 1", len(versions))
	}
	edited := strings.Replace(source, `version: "`, `version: "9-`, 1)
	res = h.do(request{method: "POST", target: "/admin/codebook", session: editor, form: url.Values{"source": {edited}}})
	if res.StatusCode != 303 {
		t.Fatalf("a valid codebook: %s\n%s", res, res.body)
	}
	versions, _ := h.store.Codebooks(ctx)
	if len(versions) != 2 || !versions[0].Active || !strings.HasPrefix(versions[0].Version, "9-") || woken != 1 {
		t.Errorf("versions %+v, coder woken %d times", versions, woken)
	}
	// The default was stored (by the system) at the first use; the edit
	// is the editor's.
	if events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "codebook.save"}); len(events) != 2 || events[0].Actor != h.users[account.Editor].Actor() {
		t.Errorf("audit = %+v", events)
	}
}
