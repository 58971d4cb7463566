package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
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
	if page.StatusCode != 200 || strings.Count(page.body, `action="/admin/signatures/`) != 6 || !strings.Contains(page.body, "a@example.org") {
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
