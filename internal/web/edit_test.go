package web_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
)

// The demo campaign ga-2009 is campaign 1, open, at version 1, with 42
// approved signatories.

// editDemo opens the demo campaign's edit form as an editor and returns
// what the browser would send back unchanged.
func editDemo(t *testing.T, h *harness, editor string) map[string][]string {
	t.Helper()
	page := h.do(request{target: "/admin/campaigns/1/edit", session: editor})
	if page.StatusCode != 200 {
		t.Fatalf("edit form: %s", page)
	}
	return browserForm(t, page.body, "/admin/campaigns/1", "")
}

func (h *harness) auditActions(action string) int {
	h.t.Helper()
	events, err := h.store.AuditEvents(ctx, store.AuditFilter{Action: action, Limit: 1000})
	if err != nil {
		h.t.Fatal(err)
	}
	return len(events)
}

// olderShown is how many entries the public list shows under "Signed an
// earlier version of the text", and how many in all.
func olderShown(t *testing.T, h *harness) (older, all int) {
	t.Helper()
	list := h.do(request{target: "/c/ga-2009/signatories"})
	if list.StatusCode != 200 {
		t.Fatalf("the list: %s", list)
	}
	all = strings.Count(list.body, "<li>")
	if i := strings.Index(list.body, "Signed an earlier version of the text"); i >= 0 {
		older = strings.Count(list.body[i:], "<li>")
	}
	return older, all
}

// TestSavingTheDemoUnchanged: the edit form saved as it comes (a browser
// sends its textareas with CRLF line breaks) creates nothing — no version,
// no audit entry, the list as it was — and goes back to the campaign's own
// page, which says that nothing changed.
func TestSavingTheDemoUnchanged(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	before, _ := h.store.Campaign(ctx, 1)
	res := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: editDemo(t, h, editor)})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1?saved=nothing" {
		t.Fatalf("save unchanged: %s", res)
	}
	after, _ := h.store.Campaign(ctx, 1)
	if versions, _ := h.store.CampaignVersions(ctx, 1); len(versions) != 1 || after.Version != 1 || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("after an unchanged save: %d versions, campaign %+v", len(versions), after)
	}
	if n := h.auditActions("campaign.update"); n != 0 {
		t.Errorf("%d campaign.update audit entries", n)
	}
	if older, all := olderShown(t, h); older != 0 || all != 42 {
		t.Errorf("the list shows %d of %d signatories under an earlier version", older, all)
	}
	page := h.do(request{target: res.Header.Get("Location"), session: editor})
	if page.StatusCode != 200 || !strings.Contains(page.body, `<p class="notice ok" role="status">Nothing changed: nothing was saved.</p>`) {
		t.Errorf("the campaign page after the save: %s\n%s", page, page.body)
	}
}

// TestChangingTheDemoDetails: the event's date and place and an ask's
// wording are details: saved in place, in version 1, which the 42
// signatures keep; the public page shows the new ask at once.
func TestChangingTheDemoDetails(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	if page := h.do(request{target: "/c/ga-2009"}); !strings.Contains(page.body, "Reaffirm support for the Responsibility to Protect") {
		t.Fatalf("the public page before: %s", page.body)
	}
	form := editDemo(t, h, editor)
	form["event_date"] = []string{"2009-07-24"}
	form["event_place"] = []string{"UN Headquarters, New York"}
	form["asks_en"] = []string{strings.Replace(form["asks_en"][0], "Reaffirm support for the Responsibility to Protect",
		"Reaffirm your support for the Responsibility to Protect", 1)}
	res := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: form})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1?saved=details" {
		t.Fatalf("save details: %s", res)
	}
	c, _ := h.store.Campaign(ctx, 1)
	versions, _ := h.store.CampaignVersions(ctx, 1)
	if c.Version != 1 || len(versions) != 1 || c.Event.Date != "2009-07-24" || c.Event.Place != "UN Headquarters, New York" {
		t.Fatalf("after a change of details: version %d, %d versions, %+v", c.Version, len(versions), c.Event)
	}
	if asks := versions[0].Text("en").Asks; len(asks) != 3 || asks[0].Label != "Reaffirm your support for the Responsibility to Protect" {
		t.Errorf("version 1's asks: %+v", asks)
	}
	if older, all := olderShown(t, h); older != 0 || all != 42 {
		t.Errorf("the list shows %d of %d signatories under an earlier version", older, all)
	}
	if n := h.auditActions("campaign.update"); n != 1 {
		t.Errorf("%d campaign.update audit entries, want 1", n)
	}
	if page := h.do(request{target: "/c/ga-2009"}); !strings.Contains(page.body, "Reaffirm your support for the Responsibility to Protect") {
		t.Errorf("the public page does not show the new ask")
	}
	page := h.do(request{target: res.Header.Get("Location"), session: editor})
	if !strings.Contains(page.body, "Saved. The titles and the letter did not change: the signatures stay on version 1.") {
		t.Errorf("the campaign page after the save:\n%s", page.body)
	}
}

// TestChangingTheDemoText: a change to the letter's body is shown to the
// editor with the number of signatures that stay on version 1, and nothing
// is saved until the editor confirms; "back" returns to the form as typed;
// the confirmation makes version 2, and the 42 signatures are shown apart.
func TestChangingTheDemoText(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	form := editDemo(t, h, editor)
	const was, is = "in advance of the 23 July 2009", "in advance of the 23 July 2009 (as scheduled)"
	form["body_en"] = []string{strings.Replace(form["body_en"][0], was, is, 1)}
	res := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: form})
	if res.StatusCode != 200 {
		t.Fatalf("a change of text: %s", res)
	}
	for _, want := range []string{
		"<h1>Make version 2 of the text?</h1>",
		"Signatures that stay on version 1 or earlier: 42. The published list will show them apart, under “Signed an earlier version of the text”, unless their signers endorse version 2.",
		`<del class="paragraph">As civil society organizations, we are writing to you ` + was + ` General Assembly`,
		`<ins class="paragraph">As civil society organizations, we are writing to you ` + is + ` General Assembly`,
		`<input type="hidden" name="new_version" value="2">`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the confirmation page lacks %q:\n%s", want, res.body)
		}
	}
	if c, _ := h.store.Campaign(ctx, 1); c.Version != 1 || h.auditActions("campaign.update") != 0 {
		t.Fatalf("saved before the confirmation: version %d", c.Version)
	}
	// Back to the form, with the change kept.
	back := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor,
		form: browserForm(t, res.body, "/admin/campaigns/1", "back")})
	if back.StatusCode != 200 || !strings.Contains(back.body, is) || !strings.Contains(back.body, `<textarea id="body_en"`) {
		t.Errorf("back to the form: %s", back)
	}
	if c, _ := h.store.Campaign(ctx, 1); c.Version != 1 {
		t.Fatalf("back made version %d", c.Version)
	}

	confirm := browserForm(t, res.body, "/admin/campaigns/1", "")
	res = h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: confirm})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1?saved=version" {
		t.Fatalf("confirm: %s\n%s", res, res.body)
	}
	c, _ := h.store.Campaign(ctx, 1)
	v1, _ := h.store.CampaignVersion(ctx, 1, 1)
	v2, _ := h.store.CampaignVersion(ctx, 1, 2)
	if c.Version != 2 || !strings.Contains(v2.Text("en").Body, is) || strings.Contains(v1.Text("en").Body, is) || strings.Contains(v2.Text("en").Body, "\r") {
		t.Errorf("after the confirmation: version %d; v2 %q", c.Version, v2.Text("en").Body[:200])
	}
	if older, all := olderShown(t, h); older != 42 || all != 42 {
		t.Errorf("the list shows %d of %d signatories under an earlier version, want 42 of 42", older, all)
	}
	if n := h.auditActions("campaign.update"); n != 1 {
		t.Errorf("%d campaign.update audit entries, want 1", n)
	}
	// The same confirmation again: the text is version 2's, nothing to do.
	if res := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: confirm}); res.Header.Get("Location") != "/admin/campaigns/1?saved=nothing" {
		t.Errorf("the confirmation sent twice: %s", res)
	}
	// A confirmation of version 2 does not make version 3 of another text.
	confirm["body_en"] = []string{strings.Replace(confirm["body_en"][0], is, was+" (again)", 1)}
	if res := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: confirm}); res.StatusCode != 200 || !strings.Contains(res.body, `name="new_version" value="3"`) {
		t.Errorf("a stale confirmation: %s", res)
	}
	if c, _ := h.store.Campaign(ctx, 1); c.Version != 2 {
		t.Errorf("a stale confirmation made version %d", c.Version)
	}
}

var endorseLink = regexp.MustCompile(`http://r2p\.test(/c/ga-2009/endorse/[A-Za-z0-9_-]+)`)

// TestInvitingSignersOfAnEarlierVersion: after version 2, the signers of
// version 1 with an address — not the demo's 42, which have none, nor the
// withdrawn, rejected or unconfirmed — get one invitation each, in their
// language; a second press sends nothing and says so; a link moves its
// signature to version 2, once.
func TestInvitingSignersOfAnEarlierVersion(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	signAndConfirm(t, h, "Asia Pacific Centre for R2P", "a@example.org")
	signAndConfirm(t, h, "Genocide Alert", "b@example.org")
	signAndConfirm(t, h, "Withdrawn Network", "w@example.org")
	signAndConfirm(t, h, "Rejected Network", "r@example.org")
	french := signOnForm(h, "Réseau francophone")
	french.Set("contact_email", "f@example.org")
	h.do(request{method: "POST", target: "/c/ga-2009", form: french, header: http.Header{"Cookie": {"r2p_lang=fr"}}})
	msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1})
	h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(msgs[0].Text)[1]})
	pending := signOnForm(h, "Never Confirmed")
	pending.Set("contact_email", "p@example.org")
	h.do(request{method: "POST", target: "/c/ga-2009", form: pending})
	if err := h.store.Transact(ctx, func(tx *store.Tx) error {
		return tx.RejectSignature(ctx, 46, "not an organization")
	}); err != nil {
		t.Fatal(err)
	}
	withdrawn, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 100})
	for _, m := range withdrawn {
		if m.To == "w@example.org" {
			h.do(request{method: "POST", target: withdrawLink.FindStringSubmatch(m.Text)[1]})
		}
	}
	sigs := map[string]signon.Signature{}
	for id := int64(43); id <= 48; id++ {
		sig, _ := h.store.Signature(ctx, id)
		sigs[sig.Name] = sig
	}
	if sigs["Withdrawn Network"].Status != signon.Withdrawn || sigs["Rejected Network"].Status != signon.Rejected ||
		sigs["Never Confirmed"].Status != signon.Pending || sigs["Réseau francophone"].Status != signon.Confirmed {
		t.Fatalf("signatures: %+v", sigs)
	}

	// No earlier version yet: nothing to invite to.
	if res := h.do(request{method: "POST", target: "/admin/campaigns/1/invite", session: editor}); res.StatusCode != 409 {
		t.Errorf("an invitation without an earlier version: %s", res)
	}
	form := editDemo(t, h, editor)
	form["title_en"] = []string{"Open letter to governments before the General Assembly debate on the Responsibility to Protect"}
	confirmPage := h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: form})
	if !strings.Contains(confirmPage.body, "Signatures that stay on version 1 or earlier: 45.") {
		t.Fatalf("the confirmation page:\n%s", confirmPage.body)
	}
	h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor,
		form: browserForm(t, confirmPage.body, "/admin/campaigns/1", "")})

	page := h.do(request{target: "/admin/campaigns/1", session: editor})
	for _, want := range []string{
		"Signatures of a version of the text earlier than version 2: 45.",
		"Of their signers, already invited to endorse it: 0; who cannot be written to (no address given, or erased): 42.",
		`<button type="submit">Invite them to endorse version 2 (e-mails to send: 3)</button>`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the campaign page lacks %q:\n%s", want, page.body)
		}
	}
	sentBefore, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1000})
	res := h.do(request{method: "POST", target: "/admin/campaigns/1/invite", session: editor})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1?invited=3&version=2" {
		t.Fatalf("invite: %s", res)
	}
	all, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1000})
	invitations := all[:len(all)-len(sentBefore)]
	to := map[string]string{}
	for _, m := range invitations {
		to[m.To] = m.Subject + "\n" + m.Text
	}
	if len(invitations) != 3 || to["a@example.org"] == "" || to["b@example.org"] == "" || to["f@example.org"] == "" {
		t.Fatalf("invitations to %v", to)
	}
	if !strings.HasPrefix(to["f@example.org"], "Version 2 de la lettre\u00a0: Open letter to governments") ||
		!strings.Contains(to["f@example.org"], "Réseau francophone a signé la version 1 de la lettre") ||
		!strings.HasPrefix(to["a@example.org"], "Version 2 of the letter: Open letter to governments") ||
		!strings.Contains(to["a@example.org"], "Asia Pacific Centre for R2P signed version 1 of the letter") {
		t.Errorf("the invitations:\n%s\n\n%s", to["f@example.org"], to["a@example.org"])
	}
	if n := h.auditActions("campaign.invite_endorse"); n != 1 {
		t.Errorf("%d campaign.invite_endorse audit entries", n)
	}
	page = h.do(request{target: res.Header.Get("Location"), session: editor})
	if !strings.Contains(page.body, "Invitations to endorse version 2 queued in the outbox: 3.") ||
		!strings.Contains(page.body, "Every signer who can be written to has been invited to endorse version 2.") {
		t.Errorf("the campaign page after the invitation:\n%s", page.body)
	}

	// A second press sends nothing new, and says so.
	res = h.do(request{method: "POST", target: "/admin/campaigns/1/invite", session: editor})
	if again, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1000}); len(again) != len(all) || res.Header.Get("Location") != "/admin/campaigns/1?invited=0&version=2" {
		t.Errorf("a second press: %s, %d messages, want %d", res, len(again), len(all))
	}
	page = h.do(request{target: res.Header.Get("Location"), session: editor})
	if !strings.Contains(page.body, "No invitation sent: every signer of an earlier version who can be written to has already been invited to endorse version 2.") {
		t.Errorf("the campaign page after a second press:\n%s", page.body)
	}
	if n := h.auditActions("campaign.invite_endorse"); n != 1 {
		t.Errorf("%d campaign.invite_endorse audit entries after a second press", n)
	}

	// One click on the link's page moves the signature to version 2.
	link := endorseLink.FindStringSubmatch(to["a@example.org"])[1]
	form2 := h.do(request{target: link})
	if form2.StatusCode != 200 || !strings.Contains(form2.body, "Asia Pacific Centre for R2P signed version 1 of this letter.") ||
		!strings.Contains(form2.body, "<ins>Open letter to governments before") || !strings.Contains(form2.body, `action="`+link+`"`) {
		t.Fatalf("the link's page: %s\n%s", form2, form2.body)
	}
	if sig, _ := h.store.Signature(ctx, sigs["Asia Pacific Centre for R2P"].ID); sig.Version != 1 {
		t.Fatalf("opening the link moved the signature to version %d", sig.Version)
	}
	done := h.do(request{method: "POST", target: link})
	if done.StatusCode != 200 || !strings.Contains(done.body, "Thank you: Asia Pacific Centre for R2P now endorses version 2 of the letter.") {
		t.Fatalf("endorse: %s\n%s", done, done.body)
	}
	if sig, _ := h.store.Signature(ctx, sigs["Asia Pacific Centre for R2P"].ID); sig.Version != 2 {
		t.Errorf("after the link: version %d", sig.Version)
	}
	if n := h.auditActions("signature.endorse"); n != 1 {
		t.Errorf("%d signature.endorse audit entries", n)
	}
	if older, all := olderShown(t, h); older != 44 || all != 45 {
		t.Errorf("the list shows %d of %d under an earlier version, want 44 of 45", older, all)
	}
	if again := h.do(request{method: "POST", target: link}); again.StatusCode != 404 || !strings.Contains(again.body, "This link has been used or has expired.") {
		t.Errorf("the link used twice: %s", again)
	}
	// A link works under its own campaign's address only, and no CSRF
	// token, no endorsement.
	other := endorseLink.FindStringSubmatch(to["b@example.org"])[1]
	if res := h.do(request{target: strings.Replace(other, "ga-2009", "no-such-letter", 1)}); res.StatusCode != 404 {
		t.Errorf("the link under another address: %s", res)
	}
	if res := h.do(request{method: "POST", target: other, noCSRF: true}); res.StatusCode != 403 {
		t.Errorf("the link without a CSRF token: %s", res)
	}
	if sig, _ := h.store.Signature(ctx, sigs["Genocide Alert"].ID); sig.Version != 1 {
		t.Errorf("Genocide Alert moved to version %d", sig.Version)
	}
}

// TestAPIChangeOfTextNeedsNewVersion: on the API, a changed title or body
// of a public campaign is a 409 that names new_version until the client
// sends it; details are saved in place; an unchanged body saves nothing.
func TestAPIChangeOfTextNeedsNewVersion(t *testing.T) {
	h := newHarness(t)
	h.demo()
	token := h.token(account.Editor)
	res := h.do(request{target: "/api/v1/campaigns/1", bearer: token})
	var got struct {
		Campaign map[string]any `json:"campaign"`
		Version  struct {
			Texts []map[string]any `json:"texts"`
		} `json:"version"`
	}
	if err := json.Unmarshal([]byte(res.body), &got); err != nil {
		t.Fatal(err)
	}
	body := func(change func(in map[string]any)) string {
		in := map[string]any{"slug": got.Campaign["slug"], "event": got.Campaign["event"], "time_zone": got.Campaign["time_zone"],
			"auto_approve": got.Campaign["auto_approve"], "texts": got.Version.Texts}
		change(in)
		b, _ := json.Marshal(in)
		return string(b)
	}
	put := func(b string) (response, string) {
		res := h.doBody(request{method: "PUT", target: "/api/v1/campaigns/1", bearer: token, noCSRF: true}, b)
		var env struct {
			Error struct{ Code, Message string }
		}
		json.Unmarshal([]byte(res.body), &env)
		return res, env.Error.Code + ": " + env.Error.Message
	}
	if res, _ := put(body(func(map[string]any) {})); res.StatusCode != 200 || h.auditActions("campaign.update") != 0 {
		t.Errorf("PUT unchanged: %s", res)
	}
	newBody := func(in map[string]any) {
		texts := []map[string]any{{"lang": "en", "title": got.Version.Texts[0]["title"], "body": "A corrected text.",
			"asks": got.Version.Texts[0]["asks"]}}
		in["texts"] = texts
	}
	res, msg := put(body(newBody))
	want := `new_version_required: the title or body of the letter changed: saving makes version 2, and the signatures given so far stay on version 1 or earlier (42 of them); send "new_version": true to make it`
	if res.StatusCode != 409 || msg != want {
		t.Errorf("PUT with a new text: %s %q, want 409 %q", res, msg, want)
	}
	if c, _ := h.store.Campaign(ctx, 1); c.Version != 1 || h.auditActions("campaign.update") != 0 {
		t.Fatalf("the 409 saved version %d", c.Version)
	}
	res, _ = put(body(func(in map[string]any) {
		newBody(in)
		in["event"] = map[string]any{"name": "GA debate on R2P", "date": "2009-07-23"}
	}))
	if res.StatusCode != 409 {
		t.Errorf("a new text with new details: %s", res)
	}
	if c, _ := h.store.Campaign(ctx, 1); c.Event.Name == "GA debate on R2P" {
		t.Error("a 409 saved the details")
	}
	res, _ = put(body(func(in map[string]any) { newBody(in); in["new_version"] = true }))
	if c, _ := h.store.Campaign(ctx, 1); res.StatusCode != 200 || c.Version != 2 || !strings.Contains(res.body, `"number": 2`) {
		t.Errorf("PUT with new_version: %s, version %d", res, c.Version)
	}
	res, _ = put(body(func(in map[string]any) {
		newBody(in)
		in["event"] = map[string]any{"name": "GA debate on R2P", "date": "2009-07-23"}
	}))
	if c, _ := h.store.Campaign(ctx, 1); res.StatusCode != 200 || c.Version != 2 || c.Event.Name != "GA debate on R2P" {
		t.Errorf("PUT of details: %s, %+v", res, c)
	}
	if n := h.auditActions("campaign.update"); n != 2 {
		t.Errorf("%d campaign.update audit entries, want 2", n)
	}
	create := h.doBody(request{method: "POST", target: "/api/v1/campaigns", bearer: token, noCSRF: true},
		body(func(in map[string]any) { in["slug"], in["new_version"] = "ga-2010", true }))
	if create.StatusCode != 422 || !strings.Contains(create.body, "new_version: only a change (PUT)") {
		t.Errorf("POST with new_version: %s %s", create, create.body)
	}
}
