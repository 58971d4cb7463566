package web_test

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/format/pdftext"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
)

// hostile is markup where text goes, and the end of a PDF string with an
// operator after it; hostileURL is a script where a link goes.
const (
	hostile    = `<script>alert(1)</script>"><img src=x onerror=alert(1)>' \) Tj (`
	hostileURL = "javascript:alert(1)"
)

// escapedHostile is hostile as html/template writes it in text.
const escapedHostile = "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;&#39; \\) Tj ("

// hostileData stores hostile text in every field a person or a file can
// fill, each record with the id and code that concrete gives: campaign 1
// (ga-2009) with its signatures, organization 1, event 1 and its
// statement 1 (coded), the mission of FRA, the letterhead, the admin's
// name, a token's name and an audit event.
func hostileData(t *testing.T, h *harness, hostile string) {
	t.Helper()
	text := func(lang string) campaign.Text {
		return campaign.Text{Lang: lang, Title: hostile, Body: "# " + hostile + "\n\n" + hostile + " [link](" + hostileURL + ")",
			Asks: []campaign.Ask{{Label: hostile, Description: hostile}}}
	}
	sig := func(display signon.Display, status signon.Status) signon.Signature {
		s := signon.Signature{CampaignID: 1, Version: 1, Name: hostile + string(status) + string(display), Acronym: hostile,
			Countries: []string{"KEN"}, CountryLabels: []string{hostile}, City: hostile, Website: hostileURL,
			Type: organization.NGO, ContactName: hostile, ContactEmail: string(status) + string(display) + "@example.org",
			Display: display, Lang: "en", Status: status}
		return s
	}
	event := statement.Event{Body: statement.GAPlenary, Title: hostile, Start: "2009-07-23", Session: "63",
		Symbols: []string{"A/63/PV.97"}}
	event.Normalize()
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC",
			Event: campaign.Event{Name: hostile, Date: "2009-07-23", Place: hostile}}, []campaign.Text{text("en"), text("fr")})
		if err != nil {
			return err
		}
		if _, err := tx.SetCampaignStatus(ctx, c.ID, campaign.Open); err != nil {
			return err
		}
		for _, s := range []signon.Signature{sig(signon.Named, signon.Approved), sig(signon.Anonymous, signon.Approved),
			sig(signon.Named, signon.Confirmed), sig(signon.Named, signon.Pending)} {
			if _, _, err := tx.CreateSignature(ctx, s, "192.0.2.1"); err != nil {
				return err
			}
		}
		if _, err := tx.CreateOrganization(ctx, organization.Organization{Name: hostile, Acronym: hostile,
			Countries: []string{"KEN"}, CountryLabels: []string{hostile}, Place: hostile, Website: hostileURL,
			Type: organization.NGO, Aliases: []string{hostile}, Notes: hostile}); err != nil {
			return err
		}
		if event, err = tx.CreateEvent(ctx, hostile, event); err != nil {
			return err
		}
		st := statement.Statement{Speaker: "FRA", SpeakerName: hostile, SpeakerTitle: hostile, Language: "en", Order: 1,
			SourceSymbol: "A/63/PV.97", SourceURL: "https://un.example/?" + hostile, SourceFile: hostile, Note: hostile,
			Text: "Genocide and war crimes must be prevented. " + hostile}
		if err := st.Prepare(h.srv.States(), event); err != nil {
			return err
		}
		if _, err := tx.AddStatements(ctx, hostile, hostile, []statement.Statement{st}); err != nil {
			return err
		}
		if _, err := tx.ImportMissions(ctx, hostile, hostile, []mission.Mission{{State: "FRA", Station: "New York",
			Emails: []string{"fra@mission.example"}, PostalAddress: hostile, HeadName: hostile, HeadTitle: hostile,
			Salutation: hostile, Language: "fr"}}); err != nil {
			return err
		}
		if err := tx.SaveCoalition(ctx, hostile, mailmerge.Coalition{Name: hostile, Place: hostile,
			Signature: hostile}); err != nil {
			return err
		}
		if err := tx.SetName(ctx, h.users[account.Admin].ID, hostile); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]string{"name": hostile})
		_, err = tx.RecordAudit(ctx, audit.Event{Actor: hostile, Action: hostile, Subject: hostile, After: after})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := recode.New(h.store, nil).CodeStale(ctx, 0); err != nil {
		t.Fatal(err)
	}
	h.do(request{method: "POST", target: "/admin/tokens", session: h.session(account.Admin),
		form: url.Values{"name": {hostile}, "role": {"viewer"}}})
}

// liveMarkup says what of the hostile text an HTML page would run: a
// script element that is not one of ours (they have a src), an image that
// is not ours (the logo), an event handler attribute, a javascript: link.
func liveMarkup(body string) []string {
	var live []string
	lower := strings.ToLower(body)
	if strings.Count(lower, "<script") != strings.Count(lower, `<script src="/static/`) {
		live = append(live, "<script")
	}
	if strings.Count(lower, "<img") != strings.Count(lower, `<img src="data:`)+strings.Count(lower, `<img src="/`) {
		live = append(live, "<img")
	}
	// An attribute, not text in a quoted value: the tag is open, and an
	// even number of quotes has passed since it opened.
	for i := strings.Index(lower, "onerror="); i >= 0; i = next(lower, "onerror=", i) {
		lt := strings.LastIndex(lower[:i], "<")
		if lt > strings.LastIndex(lower[:i], ">") && strings.Count(lower[lt:i], `"`)%2 == 0 {
			live = append(live, "onerror= inside a tag")
			break
		}
	}
	for _, attr := range []string{`href="javascript:`, `src="javascript:`, `action="javascript:`} {
		if strings.Contains(lower, attr) {
			live = append(live, attr)
		}
	}
	return live
}

// next is the index of the next sub in s after i, or -1.
func next(s, sub string, i int) int {
	j := strings.Index(s[i+1:], sub)
	if j < 0 {
		return -1
	}
	return i + 1 + j
}

// reflected are the query parameters that handlers read, and may echo.
var reflected = []string{"q", "next", "state", "group", "body", "language", "year_from", "actor", "action",
	"invited", "imported", "matched", "created", "existing", "saved", "station", "address", "recipients", "kind",
	"error", "status", "offset", "limit"}

// TestHostileTextIsEscapedEverywhere stores hostile text in every record,
// then asks every GET route — pages and downloads as an admin and as
// nobody, and the API with an admin's token; without a query, and with
// each query parameter a handler reads set to hostile text — and checks that no HTML answer runs any of it, that the
// API answers JSON with no raw markup, and that the pages that show the
// records show the text escaped.
func TestHostileTextIsEscapedEverywhere(t *testing.T) {
	h := newHarness(t)
	hostileData(t, h, hostile)
	admin, token := h.session(account.Admin), h.token(account.Admin)
	shown := map[string]bool{}
	html, checked := 0, 0
	for _, rt := range h.srv.Routes() {
		if rt.Method != "GET" {
			continue
		}
		target := concrete(rt.Pattern)
		if rt.Pattern == "/static/{file}" {
			target = h.srv.AssetURL("app.css")
		}
		queries := []string{""}
		for _, name := range reflected {
			queries = append(queries, "?"+url.Values{name: {hostile}}.Encode())
		}
		for _, query := range queries {
			var requests []request
			if rt.API {
				requests = []request{{target: target + query, bearer: token}}
			} else {
				requests = []request{{target: target + query, session: admin}, {target: target + query}}
			}
			for _, req := range requests {
				res := h.do(req)
				checked++
				where := "GET " + rt.Pattern + strings.SplitAfter(query, "=")[0] + map[bool]string{true: " as admin"}[req.session != ""]
				if res.StatusCode >= 500 {
					t.Errorf("%s: %s", where, res)
				}
				contentType := res.Header.Get("Content-Type")
				switch {
				case strings.HasPrefix(contentType, "text/html"):
					html++
					if live := liveMarkup(res.body); len(live) > 0 {
						t.Errorf("%s: %s runs %q", where, res, live)
					}
					if strings.Contains(res.body, escapedHostile) {
						shown[rt.Pattern] = true
					}
				case rt.API:
					if !strings.HasPrefix(contentType, "application/json") || strings.Contains(res.body, "<script") {
						t.Errorf("%s: %s %q with raw markup", where, res, contentType)
					}
				}
			}
		}
	}
	for _, page := range []string{"/c/{slug}", "/c/{slug}/signatories", "/c/{slug}/signatories.html", "/admin",
		"/admin/users", "/admin/audit", "/admin/tokens", "/admin/organizations", "/admin/organizations/{id}",
		"/admin/organizations/{id}/edit", "/admin/campaigns", "/admin/campaigns/{id}", "/admin/campaigns/{id}/edit",
		"/admin/campaigns/{id}/moderation", "/admin/signatures/{id}/edit", "/admin/missions",
		"/admin/missions/{id}/edit", "/admin/settings", "/admin/events", "/admin/events/{id}",
		"/admin/statements/{id}", "/admin/statements/{id}/review", "/admin/statements/{id}/code", "/admin/search",
		"/login"} {
		if !shown[page] {
			t.Errorf("GET %s never showed the hostile text escaped: the check proves nothing there", page)
		}
	}
	t.Logf("%d answers checked, %d of them HTML", checked, html)

	// The PDF draws the names as text: a parenthesis or a backslash ends
	// no string of its content.
	pdf := h.do(request{target: "/c/ga-2009/signatories.pdf"})
	pages, err := pdftext.Extract(ctx, strings.NewReader(pdf.body))
	if errors.Is(err, pdftext.ErrNoPdftotext) {
		t.Skip("SKIPPED: the PDF's text is not checked because pdftotext is not installed")
	}
	words := strings.Join(strings.Fields(strings.Join(pages, " ")), " ")
	if err != nil || !strings.Contains(words, strings.Join(strings.Fields(hostile+"approvednamed"), " ")) {
		t.Errorf("the list's PDF (%s, %v) does not show the name as written:\n%s", pdf, err, words)
	}
}
