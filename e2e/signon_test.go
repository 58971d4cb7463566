package e2e

import (
	"context"
	"io"
	"mime/quotedprintable"
	netmail "net/mail"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestSignOnFlow: an organization signs the demo letter on a phone, takes
// the confirmation link from the e-mail the real SMTP server received,
// confirms; staff approve it; it appears in the published list; then it
// withdraws through the e-mail's other link and disappears.
func TestSignOnFlow(t *testing.T) {
	chromium := findChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := startApp(ctx, t, "admin@coalition.org", true)
	b := newBrowser(ctx, t, chromium, a.URL)
	const org = "Asia Pacific Centre for the Responsibility to Protect"

	b.open("/c/ga-2009", 200)
	b.expectText(".count strong", "42")
	b.check("sign-on")
	b.typeInto("#name", org)
	b.typeInto("#acronym", "APR2P")
	// The countries: type-ahead, accents and case ignored; Enter chooses.
	b.typeInto("#countries", "cote")
	if got := b.texts(".suggestions li"); len(got) != 1 || got[0] != "Côte d'Ivoire" {
		t.Errorf("suggestions for \"cote\" = %q", got)
	}
	b.typeInto("#countries", kb.Enter)
	b.typeInto("#countries", "austral")
	if got := b.texts(".suggestions li"); len(got) == 0 || got[0] != "Australia" {
		t.Errorf("suggestions for \"austral\" = %q", got)
	}
	b.typeInto("#countries", kb.ArrowDown+kb.ArrowUp+kb.Enter)
	b.do("remove Côte d'Ivoire", clickNoWait(`button.chip[aria-label="Remove Côte d'Ivoire"]`))
	if got := evaluate[[]string](b, `[...document.querySelector("select[name=countries]").selectedOptions].map(o => o.value)`); strings.Join(got, " ") != "AUS" {
		t.Errorf("countries chosen = %q, want AUS", got)
	}
	b.check("sign-on-countries")
	b.typeInto("#city", "Brisbane")
	b.typeInto("#contact_name", "Noel Morada")
	b.typeInto("#contact_email", "contact@apr2p.example.org")
	b.do("agree", clickNoWait("input[name=consent]"))
	a.Advance(time.Minute) // a person takes a while to fill the form
	b.click(`form[action="/c/ga-2009#sign"] button[type=submit]`, 200)
	b.expectHeading("Check your e-mail")
	b.check("signed")

	text := waitForMail(ctx, t, a.Mail)
	confirm := regexp.MustCompile(`/c/ga-2009/confirm/[A-Za-z0-9_-]+`).FindString(text)
	withdraw := regexp.MustCompile(`/c/ga-2009/withdraw/[A-Za-z0-9_-]+`).FindString(text)
	if confirm == "" || withdraw == "" {
		t.Fatalf("the confirmation e-mail lacks its links:\n%s", text)
	}
	b.open(confirm, 200)
	b.check("confirm")
	b.click(`form[action="`+confirm+`"] button`, 200)
	b.expectText(".notice.ok", "Thank you: the signature of "+org+" is confirmed.")

	// Staff approve it, linking it to a new registry entry.
	token := strings.TrimPrefix(a.SetupLink, a.URL)
	b.open(token, 200)
	b.typeInto("#password", "a long enough password")
	b.click(`form[action="`+token+`"] button`, 200)
	b.open("/admin/campaigns/1/moderation", 200)
	b.check("moderation")
	b.click(`form[action="/admin/signatures/43/approve"] button`, 200)
	b.expectText("main p.muted", "No confirmed signature is waiting for review.")

	b.open("/c/ga-2009/signatories", 200)
	if !contains(b.texts("ul.signatories li"), org+" - APR2P (Brisbane, Australia)") {
		t.Errorf("the approved signature is not in the published list")
	}
	b.check("signatories-after")

	// The organization withdraws: it leaves the list.
	b.open(withdraw, 200)
	b.click(`form[action="`+withdraw+`"] button`, 200)
	b.expectText(".notice.ok", "The signature of "+org+" is withdrawn.")
	b.open("/c/ga-2009/signatories", 200)
	if contains(b.texts("ul.signatories li"), org+" - APR2P (Brisbane, Australia)") {
		t.Errorf("the withdrawn signature is still published")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// waitForMail returns the decoded text of the next message the SMTP server
// receives.
func waitForMail(ctx context.Context, t *testing.T, mail <-chan string) string {
	t.Helper()
	select {
	case raw := <-mail:
		msg, err := netmail.ReadMessage(strings.NewReader(raw))
		if err != nil {
			t.Fatalf("reading the message: %v\n%s", err, raw)
		}
		body := io.Reader(msg.Body)
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		text, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		return string(text)
	case <-ctx.Done():
		t.Fatal("no e-mail arrived")
		return ""
	}
}

// clickNoWait clicks an element that loads no page, such as a checkbox.
func clickNoWait(selector string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(selector))
}
