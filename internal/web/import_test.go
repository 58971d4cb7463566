package web_test

import (
	"html"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/store"
)

var actionField = regexp.MustCompile(`<select id="action-(\d+)" name="action-\d+">\s*(<option value="([^"]+)" selected>)?`)

// confirmForm turns a preview page into the confirmation form, keeping the
// proposed action of every row.
func confirmForm(t *testing.T, preview string) url.Values {
	t.Helper()
	m := regexp.MustCompile(`name="rows" value="([^"]*)"`).FindStringSubmatch(preview)
	if m == nil {
		t.Fatalf("no rows in the preview:\n%s", preview)
	}
	form := url.Values{"rows": {html.UnescapeString(m[1])}}
	for _, a := range actionField.FindAllStringSubmatch(preview, -1) {
		action := a[3]
		if action == "" {
			action = "new"
		}
		form.Set("action-"+a[1], action)
	}
	return form
}

func TestImportTheSeedLetter(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	letter, err := os.ReadFile("testdata/seed_letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	preview := h.do(request{method: "POST", target: "/admin/organizations/import", session: editor, form: url.Values{"list": {string(letter)}}})
	if preview.StatusCode != 200 || !strings.Contains(preview.body, "42 organizations read") {
		t.Fatalf("preview: %s\n%s", preview, preview.body)
	}
	if n, _ := h.store.CountOrganizations(ctx); n != 0 {
		t.Fatalf("the preview stored %d organizations", n)
	}
	if !strings.Contains(preview.body, "Action des jeunes pour le Développement Communautaire et la Paix") || !strings.Contains(preview.body, "DR Congo") {
		t.Error("the preview lacks a row as the letter writes it")
	}
	form := confirmForm(t, preview.body)
	res := h.do(request{method: "POST", target: "/admin/organizations/import/confirm", session: editor, form: form})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/organizations?imported=42&matched=0" {
		t.Fatalf("confirm: %s", res)
	}
	if n, _ := h.store.CountOrganizations(ctx); n != 42 {
		t.Errorf("%d organizations stored, want 42", n)
	}
	if events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "organization.import", Limit: 100}); len(events) != 42 {
		t.Errorf("%d import audit events, want 42", len(events))
	}

	// The same list again: every row is proposed as the entry it already is.
	again := h.do(request{method: "POST", target: "/admin/organizations/import", session: editor, form: url.Values{"list": {string(letter)}}})
	form = confirmForm(t, again.body)
	matches := 0
	for k, v := range form {
		if strings.HasPrefix(k, "action-") && strings.HasPrefix(v[0], "match:") {
			matches++
		}
	}
	if matches != 42 {
		t.Errorf("re-import proposes %d matches, want 42", matches)
	}
	res = h.do(request{method: "POST", target: "/admin/organizations/import/confirm", session: editor, form: form})
	if res.Header.Get("Location") != "/admin/organizations?imported=0&matched=42" {
		t.Errorf("re-import confirm: %s", res)
	}
	if n, _ := h.store.CountOrganizations(ctx); n != 42 {
		t.Errorf("after re-import %d organizations, want 42", n)
	}
}

func TestImportShowsRepeatsWithinTheList(t *testing.T) {
	h := newHarness(t)
	list := "Human Rights Watch (USA)\nGenocide Alert (Germany)\nHuman Rights-Watch (USA)\n"
	res := h.do(request{method: "POST", target: "/admin/organizations/import", session: h.session(account.Editor), form: url.Values{"list": {list}}})
	if !regexp.MustCompile(`Human Rights-Watch<div class="hint">Perhaps the same as line 1 of this list \(\d+ %\)\.</div>`).MatchString(res.body) {
		t.Errorf("the repeat is not marked:\n%s", res.body)
	}
	if strings.Count(res.body, "Perhaps the same as line") != 1 {
		t.Errorf("want exactly one row marked as a repeat")
	}
}

func TestImportAnUploadedFile(t *testing.T) {
	h := newHarness(t)
	res := h.postMultipart(h.session(account.Editor), "/admin/organizations/import", nil,
		upload{"file", "endorsements.csv", []byte("Organization,Country\nGenocide Alert,Germany\nOMUNGA,Angola\n")})
	if res.StatusCode != 200 || !strings.Contains(res.body, "Genocide Alert") || !strings.Contains(res.body, "OMUNGA") || !strings.Contains(res.body, "Angola") {
		t.Errorf("CSV upload preview: %s\n%s", res, res.body)
	}
	// A file that is not a list is refused with a message, and nothing is stored.
	res = h.postMultipart(h.session(account.Editor), "/admin/organizations/import", nil,
		upload{"file", "letter.pdf", []byte("%PDF-1.4 ...")})
	if res.StatusCode != 422 || !strings.Contains(res.body, "The list could not be read") {
		t.Errorf("PDF upload: %s\n%s", res, res.body)
	}
	if n, _ := h.store.CountOrganizations(ctx); n != 0 {
		t.Errorf("%d organizations stored", n)
	}
}
