package e2e

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestResearchFlow: on a phone, staff record a General Assembly debate that
// the demo letter targeted, upload its verbatim record, read who spoke (and
// who was spoken for), search the statements and open one.
func TestResearchFlow(t *testing.T) {
	chromium := findChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	a := startApp(ctx, t, "admin@coalition.org", false)
	b := newBrowser(ctx, t, chromium, a.URL)
	setup := strings.TrimPrefix(a.SetupLink, a.URL)
	b.open(setup, 200)
	b.typeInto("#password", "a long enough password")
	b.click(`form[action="`+setup+`"] button`, 200)

	b.open("/admin/events/new", 200)
	b.do("choose the body", chromedp.SetValue(chromedp.CSS("#body"), "ga-plenary"))
	b.typeInto("#title", "Debate on the responsibility to protect")
	b.do("the date", chromedp.SetValue(chromedp.CSS("#start"), "2026-09-08"))
	b.typeInto("#symbols", "A/99/PV.7")
	b.do("the campaign that targeted it", clickNoWait(`input[name=campaign]`))
	b.check("event-new")
	b.click(`form[action="/admin/events"] button[type=submit]`, 200)
	b.expectHeading("Debate on the responsibility to protect")

	record, err := filepath.Abs("../internal/evidence/verbatim/testdata/conventions.txt")
	if err != nil {
		t.Fatal(err)
	}
	b.open("/admin/events/1/import", 200)
	b.do("choose the record", chromedp.SetUploadFiles("#file", []string{record}))
	b.do("as a verbatim record", chromedp.SetValue(chromedp.CSS("#format"), "verbatim"))
	b.check("statements-import")
	b.click(`form[action="/admin/events/1/import"] button[type=submit]`, 200)
	b.check("statements-imported")

	b.open("/admin/events/1", 200)
	if rows := b.texts("table tbody tr"); len(rows) == 0 {
		t.Fatalf("the event page lists no statements")
	}
	b.check("event")

	b.open("/admin/search?q=intervention", 200)
	hits := b.texts(".hit, .hits li, table tbody tr")
	if len(hits) == 0 || !strings.Contains(strings.Join(hits, " "), "Syria") {
		t.Errorf("search for intervention: %q", hits)
	}
	b.check("search")
	b.click(`a[href^="/admin/statements/"]`, 200)
	if text := b.text("main"); !strings.Contains(text, "non-intervention") {
		t.Errorf("the statement page does not show its text:\n%s", text)
	}
	b.check("statement")

	// The statement's codes, with their evidence marked, for review.
	b.open("/admin/statements/2/review", 200)
	if marks := b.texts("mark"); len(marks) == 0 {
		t.Errorf("the review page marks no evidence")
	}
	b.check("review")
	b.open("/admin/codebook", 200)
	b.check("codebook")
	b.open("/admin/reliability", 200)
	b.check("reliability")
}
