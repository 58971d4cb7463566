package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/store"
)

var confirmLink = regexp.MustCompile(`http://r2p\.test(/c/ga-2009/confirm/[A-Za-z0-9_-]+)`)

func TestSignOn(t *testing.T) {
	h := newHarness(t)
	h.demo()
	page := h.do(request{target: "/c/ga-2009"})
	if page.StatusCode != 200 || !strings.Contains(page.body, "<strong>42</strong> organizations have signed") ||
		!strings.Contains(page.body, "Welcome the Secretary-General&#39;s report A/63/677") || !strings.Contains(page.body, "<p>As civil society organizations") {
		t.Fatalf("campaign page: %s", page)
	}

	// Bad input: every error names its field, and what was typed stays.
	bad := signOnForm(h, "Youth for Peace")
	bad.Del("countries")
	bad.Set("contact_email", "not-an-address")
	bad.Del("consent")
	res := h.do(request{method: "POST", target: "/c/ga-2009", form: bad})
	for _, want := range []string{"Country or countries: choose at least one country.", `Contact e-mail: &#34;not-an-address&#34; is not an e-mail address.`, "Please tick the box to agree.", `value="Youth for Peace"`, `value="not-an-address"`} {
		if res.StatusCode != 422 || !strings.Contains(res.body, want) {
			t.Errorf("bad form: %s lacks %q", res, want)
		}
	}

	// A script: the honeypot is filled, or the form came back too fast.
	bot := signOnForm(h, "Bot Network")
	bot.Set("homepage", "http://spam.example")
	h.do(request{method: "POST", target: "/c/ga-2009", form: bot})
	fast := signOnForm(h, "Fast Network")
	fast.Set("started", h.started(1, h.now))
	h.do(request{method: "POST", target: "/c/ga-2009", form: fast})
	if msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{}); len(msgs) != 0 {
		t.Fatalf("scripts got %d confirmation e-mails", len(msgs))
	}

	// A person: a confirmation e-mail, counted only once confirmed.
	res = h.do(request{method: "POST", target: "/c/ga-2009", form: signOnForm(h, "West Africa Network for Peacebuilding")})
	if res.StatusCode != 200 || !strings.Contains(res.body, "We have sent a link to ama@example.org") || !strings.Contains(res.body, "only a server started with --demo or --log-level debug writes the confirmation link to its log") {
		t.Fatalf("sign: %s\n%s", res, res.body)
	}
	msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{})
	if len(msgs) != 1 || msgs[0].To != "ama@example.org" || !confirmLink.MatchString(msgs[0].Text) {
		t.Fatalf("outbox = %+v", msgs)
	}
	if n, _ := h.store.CountPublicSignatures(ctx, 1); n != 42 {
		t.Errorf("an unconfirmed signature counts: %d", n)
	}
	link := confirmLink.FindStringSubmatch(msgs[0].Text)[1]
	if res := h.do(request{target: link}); res.StatusCode != 200 || !strings.Contains(res.body, "Confirm that West Africa Network for Peacebuilding signs") {
		t.Fatalf("confirm page: %s", res)
	}
	if res := h.do(request{method: "POST", target: link}); res.StatusCode != 200 || !strings.Contains(res.body, "is confirmed") {
		t.Fatalf("confirm: %s", res)
	}
	if res := h.do(request{method: "POST", target: link}); res.StatusCode != 404 {
		t.Errorf("the link twice: %s", res)
	}
	list := h.do(request{target: "/c/ga-2009/signatories"})
	if !strings.Contains(list.body, "43 organizations have signed.") || !strings.Contains(list.body, "<li>West Africa Network for Peacebuilding (Ghana and Nigeria)</li>") {
		t.Errorf("published list:\n%s", list.body)
	}

	// Withdrawing through the e-mail's second link takes it off the list.
	withdraw := regexp.MustCompile(`http://r2p\.test(/c/ga-2009/withdraw/[A-Za-z0-9_-]+)`).FindStringSubmatch(msgs[0].Text)
	if withdraw == nil {
		t.Fatalf("the confirmation e-mail has no withdrawal link:\n%s", msgs[0].Text)
	}
	if res := h.do(request{target: withdraw[1]}); res.StatusCode != 200 || !strings.Contains(res.body, "It will disappear from the published list") {
		t.Errorf("withdraw page: %s", res)
	}
	if res := h.do(request{method: "POST", target: withdraw[1]}); res.StatusCode != 200 || !strings.Contains(res.body, "is withdrawn") {
		t.Errorf("withdraw: %s", res)
	}
	if list := h.do(request{target: "/c/ga-2009/signatories"}); strings.Contains(list.body, "West Africa Network for Peacebuilding") || !strings.Contains(list.body, "42 organizations have signed.") {
		t.Errorf("the withdrawn signature is still published")
	}
	if events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "signature.withdraw"}); len(events) != 1 {
		t.Errorf("the withdrawal is not logged: %+v", events)
	}

	// Signing twice is one signature.
	h.do(request{method: "POST", target: "/c/ga-2009", form: signOnForm(h, "Second Network")})
	h.do(request{method: "POST", target: "/c/ga-2009", form: signOnForm(h, "SECOND NETWORK")})
	msgs, _ = h.store.OutboxMessages(ctx, store.OutboxFilter{})
	if len(msgs) != 3 {
		t.Fatalf("%d e-mails, want 3: a pending signature signed again gets a fresh link", len(msgs))
	}
	for _, m := range msgs[:2] { // newest first: both links of Second Network
		h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(m.Text)[1]})
	}
	if n, _ := h.store.CountPublicSignatures(ctx, 1); n != 43 {
		t.Errorf("after one organization signed twice and confirmed both links: %d signatures, want 43 (42 + one)", n)
	}

	// No contact detail appears on any public page or download.
	for _, target := range []string{"/c/ga-2009", "/c/ga-2009/signatories", "/c/ga-2009/signatories.txt", "/c/ga-2009/signatories.md",
		"/c/ga-2009/signatories.html", "/c/ga-2009/signatories.csv", "/c/ga-2009/signatories.xlsx", "/c/ga-2009/signatories.pdf"} {
		res := h.do(request{target: target})
		if res.StatusCode != 200 {
			t.Errorf("GET %s: %s", target, res)
		}
		for _, secret := range []string{"ama@example.org", "Ama Mensah"} {
			if strings.Contains(res.body, secret) {
				t.Errorf("GET %s shows the contact %q", target, secret)
			}
		}
	}
}

func TestAnonymousAndCountedSignatories(t *testing.T) {
	h := newHarness(t)
	h.demo()
	for name, display := range map[string]string{"Hidden Defenders": "anonymous", "Quiet Group": "counted"} {
		form := signOnForm(h, name)
		form.Set("display", display)
		form.Set("contact_email", strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@example.org")
		h.do(request{method: "POST", target: "/c/ga-2009", form: form})
	}
	msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{})
	for _, m := range msgs {
		h.do(request{method: "POST", target: confirmLink.FindStringSubmatch(m.Text)[1]})
	}
	txt := h.do(request{target: "/c/ga-2009/signatories.txt"})
	if !strings.Contains(txt.body, "An organization in Ghana, Nigeria\n") || strings.Contains(txt.body, "Hidden Defenders") || strings.Contains(txt.body, "Quiet Group") {
		t.Errorf("published text:\n%s", txt.body)
	}
	if lines := strings.Count(txt.body, "\n"); lines != 43 {
		t.Errorf("%d lines, want 42 + the anonymous one", lines)
	}
	page := h.do(request{target: "/c/ga-2009/signatories"})
	if !strings.Contains(page.body, "44 organizations have signed. 1 of them asked to be counted only.") {
		t.Errorf("totals on the page:\n%s", page.body)
	}
}

// TestSignedPageIsTheTemplates: the "check your e-mail" page, kept
// rendered with a stand-in for the address, reads as the template renders
// it, the address escaped, in each language.
func TestSignedPageIsTheTemplates(t *testing.T) {
	h := newHarness(t)
	h.demo()
	for i, c := range []struct{ email, lang, want string }{
		{"o'brien@example.org", "en", "We have sent a link to o&#39;brien@example.org"},
		{"ama@example.org", "en", "We have sent a link to ama@example.org"},
		{"a&b@example.org", "en", "We have sent a link to a&amp;b@example.org"},
		{"marie@example.org", "fr", "marie@example.org"},
	} {
		form := signOnForm(h, fmt.Sprintf("Network %d", i))
		form.Set("contact_email", c.email)
		res := h.do(request{method: "POST", target: "/c/ga-2009", form: form, header: http.Header{"Cookie": {"r2p_lang=" + c.lang}}})
		if res.StatusCode != 200 || !strings.Contains(res.body, c.want) || strings.Contains(res.body, "stand-in") || !strings.Contains(res.body, `<html lang="`+c.lang+`">`) {
			t.Errorf("%s in %s: %s\n%s", c.email, c.lang, res, res.body)
		}
	}
	// Staff get the page rendered afresh, with their menu.
	form := signOnForm(h, "Staff Network")
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form, session: h.session(account.Editor)}); !strings.Contains(res.body, `action="/logout"`) {
		t.Errorf("a staff member's page lacks the staff menu:\n%s", res.body)
	}
}

// TestSignOnErrorsInTheSignersLanguage: every part of an error message is
// in the language of the page, the field's name and the problem alike.
func TestSignOnErrorsInTheSignersLanguage(t *testing.T) {
	h := newHarness(t)
	h.demo()
	form := signOnForm(h, "")
	form.Set("contact_email", "pas-une-adresse")
	form.Set("website", "pas un site")
	form.Del("countries")
	for lang, want := range map[string][]string{
		"fr": {"Nom de l’organisation\u00a0: obligatoire.", "Pays\u00a0: choisissez au moins un pays.", "E-mail de contact\u00a0: &#34;pas-une-adresse&#34; n’est pas une adresse e-mail.", "n’est pas une adresse web"},
		"es": {"obligatorio", "elija al menos un país", "no es una dirección de correo electrónico", "no es una dirección web"},
	} {
		res := h.do(request{method: "POST", target: "/c/ga-2009", form: form, header: http.Header{"Cookie": {"r2p_lang=" + lang}}})
		for _, w := range want {
			if res.StatusCode != 422 || !strings.Contains(res.body, w) {
				t.Errorf("%s: %s lacks %q", lang, res, w)
			}
		}
		for _, english := range []string{"Name of the organization", "choose at least", "is not an e-mail address", "is not a web address"} {
			if strings.Contains(res.body, english) {
				t.Errorf("%s: the page says %q in English", lang, english)
			}
		}
	}
}

// TestSignOnFillTimeIsSigned: the minimum fill time is measured from a time
// the server signed for the campaign. A start time that is absent, zero,
// unsigned, forged, another campaign's or too recent is answered as if it
// worked and stores nothing; the form's own, three seconds on, is taken.
func TestSignOnFillTimeIsSigned(t *testing.T) {
	h := newHarness(t)
	h.demo()
	signed := h.started(1, h.now.Add(-time.Minute))
	unix, mac, _ := strings.Cut(signed, ".")
	for i, started := range []string{
		"",
		"0",
		itoa(h.now.Add(-time.Minute).Unix()), // the old, unsigned form
		"0." + mac,                           // another time under the signature
		unix + "." + strings.Repeat("A", len(mac)),
		unix,
		h.started(2, h.now.Add(-time.Minute)), // signed for another campaign
		h.started(1, h.now),
		h.started(1, h.now.Add(-2*time.Second)),
		h.started(1, h.now.Add(time.Hour)), // from the future
	} {
		form := signOnForm(h, fmt.Sprintf("Script Network %d", i))
		form.Set("contact_email", fmt.Sprintf("script%d@example.org", i))
		if started == "" {
			form.Del("started")
		} else {
			form.Set("started", started)
		}
		res := h.do(request{method: "POST", target: "/c/ga-2009", form: form})
		if res.StatusCode != 200 || !strings.Contains(res.body, fmt.Sprintf("We have sent a link to script%d@example.org", i)) {
			t.Errorf("started=%q: %s, want the usual answer", started, res)
		}
	}
	if msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{}); len(msgs) != 0 {
		t.Fatalf("%d confirmation e-mails for scripted start times, want none: %v", len(msgs), msgs[0].To)
	}

	// A person: the page's own start time, the minimum fill time later.
	page := h.do(request{target: "/c/ga-2009"})
	m := regexp.MustCompile(`name="started" value="([^"]+)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("the sign-on form has no start time:\n%s", page.body)
	}
	form := signOnForm(h, "Patient Network")
	form.Set("started", m[1])
	h.now = h.now.Add(3 * time.Second)
	h.do(request{method: "POST", target: "/c/ga-2009", form: form})
	if msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{}); len(msgs) != 1 {
		t.Errorf("the form's own start time, 3 s later: %d e-mails, want 1", len(msgs))
	}

	// A form sent back to be corrected keeps its start time, so that a
	// quick correction is not taken for a script.
	form = signOnForm(h, "Hasty Network")
	form.Del("countries")
	if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 422 ||
		!strings.Contains(res.body, `name="started" value="`+form.Get("started")+`"`) {
		t.Errorf("the corrected form lost its start time: %s", res)
	}
}

// TestNoConfirmationOnceClosed: a pending signature's link, used after the
// campaign closed or was delivered, says so in the signer's language and
// counts nothing.
func TestNoConfirmationOnceClosed(t *testing.T) {
	h := newHarness(t)
	h.demo()
	h.do(request{method: "POST", target: "/c/ga-2009", form: signOnForm(h, "Late Network")})
	msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{})
	link := confirmLink.FindStringSubmatch(msgs[0].Text)[1]
	editor := h.session(account.Editor)
	for _, to := range []string{"closed", "delivered"} {
		if res := h.do(request{method: "POST", target: "/admin/campaigns/1/status", session: editor, form: url.Values{"to": {to}}}); res.StatusCode != 303 {
			t.Fatalf("status %s: %s", to, res)
		}
		for lang, want := range map[string]string{
			"en": "This letter no longer takes signatures: it closed before the signature of Late Network was confirmed",
			"fr": "Cette lettre ne prend plus de signatures : elle a été close avant que la signature de Late Network soit confirmée",
			"es": "Esta carta ya no admite firmas: se cerró antes de que se confirmara la firma de Late Network",
		} {
			lang := http.Header{"Cookie": {"r2p_lang=" + lang}}
			for _, method := range []string{"GET", "POST"} {
				res := h.do(request{method: method, target: link, header: lang})
				if res.StatusCode != 409 || !strings.Contains(res.body, want) || strings.Contains(res.body, `action="`+link+`"`) {
					t.Errorf("%s %s once %s: %s, want 409 saying %q without the button", method, lang, to, res, want)
				}
			}
		}
		if n, _ := h.store.CountPublicSignatures(ctx, 1); n != 42 {
			t.Errorf("once %s: %d public signatures, want the 42 of the demo", to, n)
		}
	}
}
