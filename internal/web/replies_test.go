package web_test

import (
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

// newRepliesHarness is a server that knows the samples' reply mailbox,
// with one user per role, the demo campaign, and its letters to Ghana,
// France (two addresses) and Kenya carrying the samples' tags.
func newRepliesHarness(t *testing.T) *harness {
	t.Helper()
	h := newBareHarness(t, func(o *web.Options) {
		o.ReplyMailboxes = []triage.Mailbox{triage.MustParseMailbox("letters@coalition.org")}
	})
	for _, role := range account.Roles {
		h.users[role] = h.user(role, string(role)+"@coalition.org", "a long enough password")
	}
	h.demo()
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		id, err := tx.CreateDelivery(ctx, 1, "states:GHA,FRA,KEN", "New York", "cli")
		if err != nil {
			return err
		}
		for _, l := range []struct{ state, address, tag string }{
			{"GHA", "pm@gha.example", "k7m2p9"}, {"FRA", "contact@fra.example", "f4g6h8"}, {"FRA", "press@fra.example", "w3e5r7"}, {"KEN", "pm@ken.example", "e5f6g7"},
		} {
			_, err := tx.AddDeliveryMessage(ctx, id, store.DeliveryRecipient{CampaignID: 1, State: l.state, Station: "New York", Address: l.address, Lang: "en", Tag: l.tag},
				outbox.Message{MessageID: "<ga-2009." + l.tag + "@r2p.example>", To: l.address, Subject: "Open letter", Text: "Excellency,"})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// uploadMail posts files to the upload page: name, content, name, ...
func (h *harness) uploadMail(session string, files ...string) response {
	h.t.Helper()
	var ups []upload
	for i := 0; i < len(files); i += 2 {
		ups = append(ups, upload{"files", files[i], []byte(files[i+1])})
	}
	return h.postMultipart(session, "/admin/replies", nil, ups...)
}

func sample(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile("../mail/triage/testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRepliesUpload: several files at once, an mbox among them; each
// message's fate is shown; the campaign's page lists them by mission, the
// replies from people first; the raw message is plain text.
func TestRepliesUpload(t *testing.T) {
	h := newRepliesHarness(t)
	editor := h.session(account.Editor)
	hostile := "From: Someone <someone@mission.example>\r\nTo: letters+k7m2p9@coalition.org\r\nSubject: <b>bold</b>\r\n" +
		"Message-ID: <hostile@mission.example>\r\n\r\n<script>alert(1)</script> Thank you.\r\n"
	res := h.uploadMail(editor, "mixed.mbox", sample(t, "mixed.mbox"), "es.eml", sample(t, "human-es-base64.eml"), "hostile.eml", hostile)
	if res.StatusCode != 200 {
		t.Fatalf("upload: %s\n%s", res, res.body)
	}
	if !strings.Contains(res.body, "10 messages: 8 new (5 attached to a letter), 1 stored before, 1 could not be read.") {
		t.Errorf("the upload's summary is missing:\n%s", res.body)
	}
	for _, want := range []string{
		"mixed.mbox#2 <span class=\"hint\">(byte 6049)</span></td><td>could not be read</td>",
		"es.eml<div>", "(stored before)", "GHA · pm@gha.example", "FRA · contact@fra.example",
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the upload's results lack %q", want)
		}
	}
	// The messages that name no letter are listed for a person to read.
	if !strings.Contains(res.body, "Messages that name no letter") || !strings.Contains(res.body, "failure notice") {
		t.Errorf("the unattached messages are not listed")
	}

	page := h.do(request{target: "/admin/campaigns/1/replies", session: editor})
	if page.StatusCode != 200 {
		t.Fatalf("campaign replies: %s", page)
	}
	human := page.body[strings.Index(page.body, "Replies from missions"):strings.Index(page.body, "Everything that came back")]
	if !strings.Contains(human, "accuse réception de votre lettre ouverte") || !strings.Contains(human, "&lt;script&gt;alert(1)&lt;/script&gt; Thank you.") ||
		strings.Contains(page.body, "<script>alert") || strings.Contains(page.body, "<b>bold") {
		t.Errorf("the replies from people:\n%s", human)
	}
	for _, want := range []string{"Hard bounce</span>", "<strong>Ghana</strong>", "<strong>France</strong>", "<strong>Kenya</strong>", "Delay notice", "Automatic reply", "5.1.1"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the campaign's page lacks %q", want)
		}
	}

	id := regexp.MustCompile(`href="/admin/replies/(\d+)">&lt;b&gt;bold`).FindStringSubmatch(page.body)
	if id == nil {
		t.Fatalf("no link to the raw message:\n%s", page.body)
	}
	raw := h.do(request{target: "/admin/replies/" + id[1], session: editor})
	if raw.StatusCode != 200 || raw.Header.Get("Content-Type") != "text/plain; charset=utf-8" || raw.Header.Get("X-Content-Type-Options") != "nosniff" ||
		raw.body != hostile {
		t.Errorf("raw: %s %q\n%s", raw, raw.Header.Get("Content-Type"), raw.body)
	}
	if res := h.do(request{target: "/admin/replies/999", session: editor}); res.StatusCode != 404 {
		t.Errorf("a message that does not exist: %s", res)
	}

	// The French page.
	fr := h.do(request{target: "/admin/campaigns/1/replies", session: editor, header: http.Header{"Cookie": {"r2p_lang=fr"}}})
	if !strings.Contains(fr.body, "Réponses des missions") || !strings.Contains(fr.body, "Rejet définitif") {
		t.Errorf("the French page is not in French")
	}
}

func TestRepliesUploadNeedsAFile(t *testing.T) {
	h := newRepliesHarness(t)
	res := h.uploadMail(h.session(account.Editor))
	if res.StatusCode != 422 || !strings.Contains(res.body, "Choose at least one file.") {
		t.Errorf("no file: %s", res)
	}
	if events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "inbound.ingest"}); len(events) != 0 {
		t.Errorf("an upload of nothing was audited: %v", events)
	}
	res = h.uploadMail(h.session(account.Admin), "gmail.eml", sample(t, "gmail-5.1.1.eml"))
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "inbound.ingest"})
	if res.StatusCode != 200 || len(events) != 1 || events[0].Actor != h.users[account.Admin].Actor() {
		t.Errorf("upload by the admin: %s, audit %v", res, events)
	}
}

// TestRepliesNeedAnEditor: the replies name diplomats and their
// addresses.
func TestRepliesNeedAnEditor(t *testing.T) {
	h := newRepliesHarness(t)
	h.uploadMail(h.session(account.Editor), "fr.eml", sample(t, "human-fr-qp-latin1.eml"))
	viewer := h.session(account.Viewer)
	for _, target := range []string{"/admin/replies", "/admin/campaigns/1/replies", "/admin/replies/1"} {
		if res := h.do(request{target: target, session: viewer}); res.StatusCode != 403 || strings.Contains(res.body, "accuse réception") {
			t.Errorf("GET %s as a viewer: %s", target, res)
		}
		if res := h.do(request{target: target}); res.StatusCode != 303 {
			t.Errorf("GET %s signed out: %s", target, res)
		}
	}
	if res := h.uploadMail(viewer, "fr.eml", sample(t, "human-fr-qp-latin1.eml")); res.StatusCode != 403 {
		t.Errorf("upload as a viewer: %s", res)
	}
	if res := h.do(request{target: "/admin/campaigns/1", session: viewer}); strings.Contains(res.body, "/admin/campaigns/1/replies") {
		t.Error("a viewer is shown the link to the replies")
	}
	if res := h.do(request{target: "/admin/campaigns/1", session: h.session(account.Editor)}); !strings.Contains(res.body, `href="/admin/campaigns/1/replies"`) {
		t.Error("an editor is not shown the link to the replies")
	}
}
