package web_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/format/pdftext"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/store"
)

// signer is one sign-on of the contact-data walk, and what became of it.
type signer struct {
	name, acronym, website, contactName, contactEmail, display string
	fate                                                       string // pending, confirmed, approved, rejected, withdrawn
}

// named reports whether the public list shows the signer's name.
func (s signer) named() bool {
	return s.display == "named" && (s.fate == "confirmed" || s.fate == "approved")
}

var signers = []signer{
	{"Ashgrove Peace Initiative", "ASHPEACE", "https://ashgrove-peace.example", "Wanjiru Kamau", "wanjiru.kamau@ashgrove-peace.example", "named", "approved"},
	{"Birchmoor Civic Forum", "BIRCHCF", "https://birchmoor.example", "Tomasz Wielgosz", "t.wielgosz@birchmoor.example", "named", "confirmed"},
	{"Cedarvale Defenders Circle", "CEDARDC", "https://cedarvale.example", "Leila Haddadine", "leila.haddadine@cedarvale.example", "anonymous", "approved"},
	{"Dunmore Rights Watch", "DUNRW", "https://dunmore.example", "Oksana Hrytsenko", "oksana@dunmore.example", "anonymous", "confirmed"},
	{"Elmstead Quiet Network", "ELMQN", "https://elmstead.example", "Rafael Quintanilla", "rafael.q@elmstead.example", "counted", "approved"},
	{"Fernhollow Pending Alliance", "FERNPA", "https://fernhollow.example", "Siobhan Mulcahy", "siobhan@fernhollow.example", "named", "pending"},
	{"Glenbrook Rejected League", "GLENRL", "https://glenbrook.example", "Dmitri Vasilenko", "dmitri@glenbrook.example", "named", "rejected"},
	{"Hazelmere Withdrawn Union", "HAZWU", "https://hazelmere.example", "Nomvula Dlamini", "nomvula@hazelmere.example", "named", "withdrawn"},
}

var withdrawLink = regexp.MustCompile(`http://r2p\.test(/c/ga-2009/withdraw/[A-Za-z0-9_-]+)`)

// signUp takes each signer through the public form and, as staff, to its
// fate; it returns the link pages of the signers' e-mails that still open.
func signUp(t *testing.T, h *harness) []string {
	t.Helper()
	editor := h.session(account.Editor)
	registered := h.organization("Cedarvale Defenders Circle", "KEN")
	var links []string
	for i, s := range signers {
		form := signOnForm(h, s.name)
		form.Set("acronym", s.acronym)
		form.Set("website", s.website)
		form.Set("contact_name", s.contactName)
		form.Set("contact_email", s.contactEmail)
		form.Set("display", s.display)
		form["countries"] = []string{"KEN"}
		if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 200 {
			t.Fatalf("sign %s: %s", s.name, res)
		}
		msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1})
		confirm, withdraw := confirmLink.FindStringSubmatch(msgs[0].Text)[1], withdrawLink.FindStringSubmatch(msgs[0].Text)[1]
		id := itoa(int64(43 + i)) // after the demo's 42
		if sig, err := h.store.Signature(ctx, int64(43+i)); err != nil || sig.Name != s.name {
			t.Fatalf("signature %s is %+v (%v), want %s", id, sig, err, s.name)
		}
		if s.fate == "pending" {
			links = append(links, confirm, withdraw)
			continue
		}
		if res := h.do(request{method: "POST", target: confirm}); res.StatusCode != 200 {
			t.Fatalf("confirm %s: %s", s.name, res)
		}
		var res response
		switch org := "new"; s.fate {
		case "approved":
			if s.display == "anonymous" {
				org = itoa(registered.ID)
			}
			res = h.do(request{method: "POST", target: "/admin/signatures/" + id + "/approve", session: editor,
				form: url.Values{"organization": {org}}})
		case "rejected":
			res = h.do(request{method: "POST", target: "/admin/signatures/" + id + "/reject", session: editor,
				form: url.Values{"reason": {"not an organization"}}})
		case "withdrawn":
			res = h.do(request{method: "POST", target: withdraw})
		}
		if res.Response != nil && res.StatusCode != 303 && res.StatusCode != 200 {
			t.Fatalf("%s %s: %s", s.fate, s.name, res)
		}
		if s.fate != "withdrawn" {
			links = append(links, withdraw)
		}
	}
	return links
}

// responseText is what a reader of an answer sees: the body as it is, the
// text of a PDF, the cells of a workbook and every other part of it.
func responseText(t *testing.T, target string, res response) string {
	t.Helper()
	switch {
	case strings.HasSuffix(target, ".pdf") && res.StatusCode == 200:
		pages, err := pdftext.Extract(ctx, strings.NewReader(res.body))
		if err != nil {
			t.Fatalf("GET %s: %v", target, err)
		}
		return strings.Join(pages, "\n")
	case strings.HasSuffix(target, ".xlsx") && res.StatusCode == 200:
		return workbookText(t, target, []byte(res.body))
	}
	return res.body
}

// workbookText is every cell of every sheet, then every part of the file
// as it is unzipped (the document's properties, the shared strings).
func workbookText(t *testing.T, target string, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer f.Close()
	var text strings.Builder
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("GET %s: sheet %s: %v", target, sheet, err)
		}
		for _, row := range rows {
			text.WriteString(strings.Join(row, "\t") + "\n")
		}
	}
	z, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	for _, part := range z.File {
		rc, err := part.Open()
		if err != nil {
			t.Fatalf("GET %s: %s: %v", target, part.Name, err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("GET %s: %s: %v", target, part.Name, err)
		}
		text.Write(b)
	}
	return text.String()
}

// TestNoContactDataOnPublicResponses signs the demo letter as organizations
// that end named, anonymous, counted only, pending, rejected and withdrawn,
// then fetches every public GET route — the list in every export format,
// the API — in every language, chosen by cookie and by Accept-Language, and
// the link pages of the signers' e-mails. No answer holds a contact's name
// or address, or any website given; none but a signer's own link page
// names an organization that asked not to be named or is not on the list.
// Nobody gives a telephone number: the form has no field for one.
func TestNoContactDataOnPublicResponses(t *testing.T) {
	if _, err := exec.LookPath(pdftext.Program); err != nil && os.Getenv("CI") != "true" {
		t.Skip("SKIPPED: the PDF's text is not checked because pdftotext is not installed (apt-get install poppler-utils)")
	}
	h := newHarness(t)
	h.demo()
	links := signUp(t, h)

	var targets []string
	for _, rt := range h.srv.Routes() {
		if rt.Method == "GET" && rt.Role == "" {
			target := concrete(rt.Pattern)
			if rt.Pattern == "/static/{file}" {
				target = h.srv.AssetURL("app.css")
			}
			targets = append(targets, target)
		}
	}
	languages := []http.Header{{}}
	for _, lang := range []string{"en", "fr", "es"} {
		languages = append(languages, http.Header{"Cookie": {"r2p_lang=" + lang}},
			http.Header{"Accept-Language": {lang + ";q=1, de;q=0.5"}})
	}
	checked, lists := 0, 0
	for _, target := range append(targets, links...) {
		ownLink := strings.Contains(target, "/confirm/") && !strings.Contains(target, "no-such-token") ||
			strings.Contains(target, "/withdraw/") && !strings.Contains(target, "no-such-token")
		for _, header := range languages {
			res := h.do(request{target: target, header: header})
			if res.StatusCode >= 500 {
				t.Errorf("GET %s %v: %s", target, header, res)
				continue
			}
			text := strings.ToLower(responseText(t, target, res))
			where := fmt.Sprintf("GET %s %v (%s)", target, header, res)
			for _, s := range signers {
				for _, secret := range []string{s.contactName, s.contactEmail, strings.Split(s.contactEmail, "@")[0], s.website,
					strings.TrimPrefix(s.website, "https://")} {
					if strings.Contains(text, strings.ToLower(secret)) {
						t.Errorf("%s shows %q of %s", where, secret, s.name)
					}
				}
				if !s.named() && !ownLink {
					for _, hidden := range []string{s.name, s.acronym} {
						if strings.Contains(text, strings.ToLower(hidden)) {
							t.Errorf("%s shows %q, a %s %s signature", where, hidden, s.fate, s.display)
						}
					}
				}
			}
			if strings.Contains(target, "/signatories") {
				lists++
				for _, s := range signers {
					if s.named() && !strings.Contains(text, strings.ToLower(s.name)) {
						t.Errorf("%s lacks %s: the check would prove nothing", where, s.name)
					}
				}
			}
			checked++
		}
	}
	// 19 public GET routes and 8 link pages (the pending signer's two, a
	// withdrawal link for each of the other six still signed), each in 7
	// languages; the list's page and its 6 formats among them.
	t.Logf("%d answers checked", checked)
	if want := (19 + 8) * 7; checked < want || lists != (1+len(publish.Formats))*7 {
		t.Errorf("%d answers checked, %d of them lists; want at least %d, %d lists", checked, lists, want,
			(1+len(publish.Formats))*7)
	}
}
