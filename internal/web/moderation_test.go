package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
)

// signAndConfirm signs the demo letter for name and confirms it.
func signAndConfirm(t *testing.T, h *harness, name, email string) {
	t.Helper()
	form := signOnForm(h, name)
	form.Set("contact_email", email)
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 200 {
		t.Fatalf("sign %s: %s", name, res)
	}
	msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1})
	h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(msgs[0].Text)[1]})
}

func TestModeration(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	signAndConfirm(t, h, "Asia Pacific Centre for R2P", "a@example.org")
	signAndConfirm(t, h, "Asia-Pacific Centre for R2P", "b@example.org")
	signAndConfirm(t, h, "Spam Spam Spam", "c@example.org")

	page := h.do(request{target: "/admin/campaigns/1/moderation", session: editor})
	// Each card: approve, reject; the two spellings are also offered as
	// duplicates of each other.
	if page.StatusCode != 200 || strings.Count(page.body, `action="/admin/signatures/`) != 8 || strings.Count(page.body, `/duplicate"`) != 2 || !strings.Contains(page.body, "a@example.org") {
		t.Fatalf("moderation queue: %s\n%s", page, page.body)
	}
	approve := func(id, org string) response {
		return h.do(request{method: "POST", target: "/admin/signatures/" + id + "/approve", session: editor, form: url.Values{"organization": {org}}})
	}
	if res := approve("43", "new"); res.StatusCode != 303 {
		t.Fatalf("approve as new: %s", res)
	}
	orgs, _ := h.store.AllOrganizations(ctx)
	if len(orgs) != 1 || orgs[0].Name != "Asia Pacific Centre for R2P" {
		t.Fatalf("registry after approval = %+v", orgs)
	}
	// The second spelling is offered the new entry, and approving links it.
	page = h.do(request{target: "/admin/campaigns/1/moderation", session: editor})
	if !strings.Contains(page.body, "Same as: Asia Pacific Centre for R2P") {
		t.Errorf("the duplicate finder does not offer the registry entry:\n%s", page.body)
	}
	if res := approve("44", itoa(orgs[0].ID)); res.StatusCode != 303 {
		t.Fatalf("approve as existing: %s", res)
	}
	if o, _ := h.store.Organization(ctx, orgs[0].ID); len(o.Aliases) != 1 || o.Aliases[0] != "Asia-Pacific Centre for R2P" {
		t.Errorf("the entry did not learn the second spelling: %+v", o.Aliases)
	}
	if res := approve("44", "new"); res.StatusCode != 400 {
		t.Errorf("approving twice: %s", res)
	}
	if res := h.do(request{method: "POST", target: "/admin/signatures/45/reject", session: editor, form: url.Values{"reason": {" "}}}); res.StatusCode != 400 {
		t.Errorf("rejecting without a reason: %s", res)
	}
	if res := h.do(request{method: "POST", target: "/admin/signatures/45/reject", session: editor, form: url.Values{"reason": {"not an organization"}}}); res.StatusCode != 303 {
		t.Errorf("reject: %s", res)
	}
	if txt := h.do(request{target: "/c/ga-2009/signatories.txt"}); strings.Contains(txt.body, "Spam") || strings.Count(txt.body, "\n") != 44 {
		t.Errorf("published list after moderation:\n%s", txt.body)
	}
	var actions []string
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Actor: h.users[account.Editor].Actor()})
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "signature.reject signature.approve organization.update signature.approve organization.create" {
		t.Errorf("audit = %v", actions)
	}
}

func TestAdminErasesAContact(t *testing.T) {
	h := newHarness(t)
	h.demo()
	signAndConfirm(t, h, "Asia Pacific Centre for R2P", "a@example.org")
	res := h.do(request{method: "POST", target: "/admin/campaigns/1/erase-contact", session: h.session(account.Admin), form: url.Values{"email": {"A@example.org"}}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1?erased=1" {
		t.Fatalf("erase: %s", res)
	}
	queue, _ := h.store.ModerationQueue(ctx, 1)
	if len(queue) != 1 || queue[0].ContactEmail == "a@example.org" || queue[0].ContactName != "" {
		t.Errorf("after erasure: %+v", queue)
	}
	if res := h.do(request{method: "POST", target: "/admin/campaigns/1/erase-contact", session: h.session(account.Editor), form: url.Values{"email": {"a@example.org"}}}); res.StatusCode != 403 {
		t.Errorf("an editor erasing: %s", res)
	}
}

func TestModerationDuplicateAndCorrection(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	signAndConfirm(t, h, "Asia Pacific Centre for R2P", "a@example.org")                              // 43
	signAndConfirm(t, h, "Asia-Pacific Centre for R2P", "b@example.org")                              // 44
	h.do(request{method: "POST", target: "/c/ga-2009", form: signOnForm(h, "Still Pending Network")}) // 45, not confirmed

	page := h.do(request{target: "/admin/campaigns/1/moderation", session: editor})
	card44 := page.body[strings.Index(page.body, "Asia-Pacific Centre for R2P</h2>"):]
	if !strings.Contains(card44, `action="/admin/signatures/44/duplicate"`) || !strings.Contains(card44, `<option value="43">Asia Pacific Centre for R2P (#43, `) {
		t.Fatalf("signature 44 is not offered 43 as its original:\n%s", page.body)
	}
	duplicate := func(id, of string) response {
		return h.do(request{method: "POST", target: "/admin/signatures/" + id + "/duplicate", session: editor, form: url.Values{"of": {of}}})
	}
	for of, want := range map[string]string{
		"44":  "Signature 44 is not a confirmed or approved signature of this campaign.",
		"45":  "Signature 45 is not a confirmed or approved signature of this campaign.", // pending
		"999": "Signature 999 is not a confirmed or approved signature of this campaign.",
		"x":   `of &#34;x&#34;: want the id of the signature this one repeats`,
	} {
		if res := duplicate("44", of); res.StatusCode != 400 || !strings.Contains(res.body, want) {
			t.Errorf("duplicate of %s: %s, want 400 %q", of, res, want)
		}
	}
	before := h.do(request{target: "/c/ga-2009"}).body
	if res := duplicate("44", "43"); res.StatusCode != 303 {
		t.Fatalf("mark 44 as a duplicate of 43: %s %s", res, res.body)
	}
	if sig, _ := h.store.Signature(ctx, 44); sig.Status != "rejected" || sig.DuplicateOf != 43 || sig.RejectReason != "duplicate" {
		t.Errorf("signature 44 after marking = %s %d %q", sig.Status, sig.DuplicateOf, sig.RejectReason)
	}
	if !strings.Contains(before, ">44<") || !strings.Contains(h.do(request{target: "/c/ga-2009"}).body, ">43<") {
		t.Errorf("the public count did not go from 44 to 43")
	}
	if res := duplicate("44", "43"); res.StatusCode != 400 || !strings.Contains(res.body, "not waiting for review") {
		t.Errorf("marking twice: %s", res)
	}

	// Correcting what the list shows: errors name the field and keep the input.
	edit := h.do(request{target: "/admin/signatures/43/edit", session: editor})
	if edit.StatusCode != 200 || !strings.Contains(edit.body, `value="Asia Pacific Centre for R2P"`) || !strings.Contains(edit.body, `<option value="GHA" selected>`) {
		t.Fatalf("correction form: %s", edit)
	}
	correct := func(id string, form url.Values) response {
		return h.do(request{method: "POST", target: "/admin/signatures/" + id, session: editor, form: form})
	}
	bad := url.Values{"name": {"Asia Pacific Centre for the Responsibility to Protect"}, "countries": {"AUS"}, "website": {"not a site"}, "display": {"named"}}
	if res := correct("43", bad); res.StatusCode != 422 || !strings.Contains(res.body, `&#34;not a site&#34; is not a web address`) ||
		!strings.Contains(res.body, `value="Asia Pacific Centre for the Responsibility to Protect"`) || !strings.Contains(res.body, `<option value="AUS" selected>`) {
		t.Errorf("a bad website: %s", res)
	}
	good := url.Values{"name": {"Asia Pacific Centre for the Responsibility to Protect"}, "acronym": {"APCR2P"}, "countries": {"AUS", "GHA"},
		"city": {"Brisbane"}, "website": {"r2pasiapacific.org"}, "display": {"named"}}
	if res := correct("43", good); res.StatusCode != 303 {
		t.Fatalf("correct: %s %s", res, res.body)
	}
	if res := correct("45", good); res.StatusCode != 400 || !strings.Contains(res.body, "Only confirmed or approved signatures can be corrected.") {
		t.Errorf("correcting a pending signature: %s", res)
	}
	sig, _ := h.store.Signature(ctx, 43)
	if sig.Name != good.Get("name") || sig.Acronym != "APCR2P" || strings.Join(sig.Countries, " ") != "AUS GHA" || sig.ContactEmail != "a@example.org" {
		t.Errorf("after correction: %+v", sig)
	}
	if txt := h.do(request{target: "/c/ga-2009/signatories.txt"}).body; !strings.Contains(txt, "Asia Pacific Centre for the Responsibility to Protect - APCR2P (Brisbane, Australia and Ghana)\n") {
		t.Errorf("the published list does not show the correction:\n%s", txt)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "signature.correct"})
	if len(events) != 1 || !strings.Contains(string(events[0].Before), `"name":"Asia Pacific Centre for R2P"`) || !strings.Contains(string(events[0].After), `"city":"Brisbane"`) {
		t.Errorf("audit of the correction = %+v", events)
	}
	if events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "signature.duplicate"}); len(events) != 1 || events[0].Subject != "signature:44" {
		t.Errorf("audit of the duplicate = %+v", events)
	}
}

func TestAutoApproval(t *testing.T) {
	h := newHarness(t)
	h.demo()
	gcr2p := h.organization("Global Centre for the Responsibility to Protect", "USA")
	sign := func(name, email string) signon.Signature {
		t.Helper()
		form := signOnForm(h, name)
		form.Set("countries", "USA")
		form.Set("contact_email", email)
		h.do(request{method: "POST", target: "/c/ga-2009", form: form})
		msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1})
		h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(msgs[0].Text)[1]})
		list, _ := h.store.PublicSignatures(ctx, 1)
		return list[len(list)-1]
	}
	// Off (the default): every signature waits for staff.
	if sig := sign("Global Centre for the Responsibility to Protect", "a@example.org"); sig.Status != signon.Confirmed {
		t.Errorf("without auto-approval: %s", sig.Status)
	}
	c, _ := h.store.CampaignBySlug(ctx, "ga-2009")
	c.AutoApprove = true
	if err := h.store.Transact(ctx, func(tx *store.Tx) error { _, _, err := tx.UpdateCampaign(ctx, c); return err }); err != nil {
		t.Fatal(err)
	}
	if sig := sign("Global Centre for the Responsibility to Protect", "b@example.org"); sig.Status != signon.Approved || sig.OrganizationID != gcr2p.ID {
		t.Errorf("a registry organization: %s, organization %d", sig.Status, sig.OrganizationID)
	}
	if sig := sign("Global Network of Women Peacebuilders", "c@example.org"); sig.Status != signon.Confirmed || sig.OrganizationID != 0 {
		t.Errorf("an organization not in the registry: %s, organization %d", sig.Status, sig.OrganizationID)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "signature.approve"})
	if len(events) != 1 || events[0].Actor != "system" || !strings.Contains(string(events[0].After), `"rule":"campaign.auto_approve"`) {
		t.Errorf("audit = %+v", events)
	}
}

// TestDashboardShowsEachLetter: the dashboard says, for each public
// letter, its signatures, those waiting for review (a link to the queue)
// and its letters to the missions.
func TestDashboardShowsEachLetter(t *testing.T) {
	h := newHarness(t)
	h.demo()
	signAndConfirm(t, h, "Asia Pacific Centre for R2P", "a@example.org")
	page := h.do(request{target: "/admin", session: h.session(account.Viewer)})
	row := page.body[strings.Index(page.body, `<a href="/admin/campaigns/1">ga-2009</a>`):]
	row = row[:strings.Index(row, "</tr>")]
	for _, want := range []string{"<td>43</td>", `<a href="/admin/campaigns/1/moderation">1</a>`, "<td>—</td>", "<td>0</td>"} {
		if !strings.Contains(row, want) {
			t.Errorf("the dashboard's row for ga-2009 lacks %q:\n%s", want, row)
		}
	}
}

// TestApproveAnonymousAsNewEntry: an anonymous signature approved as a new
// registry entry makes an entry with the organization's own name (the
// registry is staff's alone), and one without a name is a field error on
// the moderation page, not a nameless entry.
func TestApproveAnonymousAsNewEntry(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	form := signOnForm(h, "Hidden Defenders")
	form.Set("display", "anonymous")
	h.do(request{method: "POST", target: "/c/ga-2009", form: form})
	msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1})
	h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(msgs[0].Text)[1]})

	res := h.do(request{method: "POST", target: "/admin/signatures/43/approve", session: editor, form: url.Values{"organization": {"new"}, "name": {"  "}}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "Name of a new registry entry: required") || !strings.Contains(res.body, `id="new-name-43"`) {
		t.Errorf("approve as new without a name: %s\n%s", res, res.body)
	}
	if orgs, _ := h.store.AllOrganizations(ctx); len(orgs) != 0 {
		t.Fatalf("a nameless approval made registry entries %+v", orgs)
	}
	if res := h.do(request{method: "POST", target: "/admin/signatures/43/approve", session: editor, form: url.Values{"organization": {"new"}}}); res.StatusCode != 303 {
		t.Fatalf("approve as new: %s", res)
	}
	if orgs, _ := h.store.AllOrganizations(ctx); len(orgs) != 1 || orgs[0].Name != "Hidden Defenders" || len(orgs[0].Countries) != 2 {
		t.Errorf("registry after approving the anonymous signature = %+v, want Hidden Defenders of Ghana and Nigeria", orgs)
	}
	if txt := h.do(request{target: "/c/ga-2009/signatories.txt"}); strings.Contains(txt.body, "Hidden Defenders") || !strings.Contains(txt.body, "An organization in Ghana, Nigeria") {
		t.Errorf("the approved anonymous signature is named in public:\n%s", txt.body)
	}
}
