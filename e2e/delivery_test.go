package e2e

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// fictitiousMissions is a missions directory of invented diplomats.
const fictitiousMissions = "iso3,station,email,postal_address,head_name,head_title,salutation,language\n" +
	"GHA,New York,mission@gha.example.org,,Kwame Placeholder,Permanent Representative,Your Excellency,en\n" +
	"FRA,New York,contact@fra.example.org;press@fra.example.org,,Claire Fictive,Représentante permanente,Excellence,fr\n"

// TestDeliveryFlow: on a phone, the administrator sets the coalition's
// letterhead and loads a missions directory, then chooses the demo
// letter's recipients with the type-ahead, previews the letters, sends a
// test to themselves, queues the delivery and follows its status.
func TestDeliveryFlow(t *testing.T) {
	chromium := findChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const email = "admin@coalition.org"
	a := startApp(ctx, t, email, false)
	b := newBrowser(ctx, t, chromium, a.URL)

	setup := strings.TrimPrefix(a.SetupLink, a.URL)
	b.open(setup, 200)
	b.typeInto("#password", "a long enough password")
	b.click(`form[action="`+setup+`"] button`, 200)

	// Until a letterhead is set, the delivery page says where to set it.
	b.open("/admin/campaigns/1/delivery", 200)
	b.expectHeading("Deliver to the missions")
	b.click(`.notice.error a[href="/admin/settings"]`, 200)
	b.expectHeading("The coalition’s letterhead")
	b.typeInto("#name", "Fictive Coalition for R2P")
	b.typeInto("#place", "New York")
	b.typeInto("#signature", "The Secretariat")
	b.do("choose a logo", chromedp.SetUploadFiles("#logo", []string{logoFile(t)}))
	b.click(`form[action="/admin/settings"] button[type=submit]`, 200)
	b.expectLocation("/admin/settings?saved=1")
	b.expectText(".notice.ok", "The letterhead is saved: the next letters carry it.")
	if w := evaluate[int](b, `document.querySelector(".logo-preview img").naturalWidth`); w != 240 {
		t.Errorf("the logo preview is %d pixels wide, want the 240 of the file", w)
	}
	b.check("settings")

	b.open("/admin/missions/import", 200)
	b.do("paste the directory", chromedp.SetValue(chromedp.CSS("#text"), fictitiousMissions))
	b.click(`form[action="/admin/missions/import"] button[type=submit]`, 200)
	b.click(`form[action="/admin/missions/import/confirm"] button[type=submit]`, 200)

	// From the campaign's page to its delivery.
	b.open("/admin/campaigns/1", 200)
	b.click(`a[href="/admin/campaigns/1/delivery"]`, 200)
	b.expectNo(".notice.error")
	b.check("delivery")

	// Ghana, France and Kenya, picked with the type-ahead: a tap on the
	// suggestion. (Enter would do in a browser, but chromedp sends it as a
	// key and a separate character, which the page cannot stop from
	// sending this form, whose fields are all optional.) Choosing a state
	// checks "States picked one by one": "All states" stays checked no
	// longer, and the server refuses the two together.
	for _, name := range []string{"ghana", "france", "kenya"} {
		b.typeInto("#states", name)
		b.do("choose "+name, clickNoWait(".suggestions li"))
	}
	if kind := evaluate[string](b, `document.querySelector("input[name=kind]:checked").value`); kind != "states" {
		t.Errorf("after choosing states, the recipients checked are %q, want states", kind)
	}
	if got := evaluate[[]string](b, `[...document.querySelector("select[name=states]").selectedOptions].map(o => o.value)`); strings.Join(got, " ") != "FRA GHA KEN" {
		t.Errorf("states chosen = %q, want FRA GHA KEN", got)
	}
	b.click(`form[action="/admin/campaigns/1/delivery"] button[type=submit]`, 200)
	b.expectLocation("/admin/campaigns/1/delivery?recipients=states%3AFRA%2CGHA%2CKEN&station=New+York")
	expectStats(b, "3 New messages", "2 Missions", "0 Already written to", "1 States without an address")
	if rows := b.texts("table.plan tbody tr"); len(rows) != 3 || rows[0] != "France FRA contact@fra.example.org Letter: E-mail · PDF English The campaign has no text in French: the letter is in English." ||
		rows[2] != "Ghana GHA mission@gha.example.org Letter: E-mail · PDF English" {
		t.Errorf("the preview lists %q", rows)
	}
	b.check("delivery-preview")

	// The e-mail of one address, as it will be sent.
	b.open("/admin/campaigns/1/delivery/preview/GHA/email?station=New+York&address=mission%40gha.example.org", 200)
	if text := b.text("body"); !strings.HasPrefix(text, "To: mission@gha.example.org Subject: Civil Society Organizations Send Open Letter") ||
		!strings.Contains(text, "Your Excellency As civil society organizations") {
		t.Errorf("the e-mail of Ghana reads %.300q", text)
	}
	b.open("/admin/campaigns/1/delivery?recipients=states%3AFRA%2CGHA%2CKEN&station=New+York", 200)

	// A test to oneself.
	b.choose("#target", "GHA mission@gha.example.org")
	b.click(`form[action="/admin/campaigns/1/delivery/test"] button[type=submit]`, 200)
	b.expectText(".notice.ok", "The letter to Ghana is in the outbox for you ("+email+"), its subject starting with [TEST]. It does not count as sent to the mission.")

	// Queue, confirm, follow.
	b.click(`form[action="/admin/campaigns/1/delivery/queue"] button[type=submit]`, 200)
	b.expectText("#confirm p", "3 messages to the missions of 2 states at New York will be queued and sent by the mail workers.")
	b.check("delivery-confirm")
	b.click(`#confirm button[type=submit]`, 200)
	b.expectLocation("/admin/campaigns/1/delivery?delivery=1&no_address=1&queued=3&skipped=0")
	b.expectText(".notice.ok", "Delivery queued: 3 new messages; 0 addresses already written to were skipped. 1 states have no address at this station.")
	expectStats(b, "3 Messages", "0 Sent", "3 Waiting", "0 Failed")
	if rows := b.texts("table.status tbody tr"); len(rows) != 3 || rows[2] != "Ghana GHA mission@gha.example.org New York Waiting 0 English" {
		t.Errorf("the status lists %q", rows)
	}
	b.check("delivery-status")
}

// logoFile writes a 240×80 PNG logo and returns its path.
func logoFile(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 240, 80))
	for x := range 240 {
		for y := range 80 {
			img.Set(x, y, color.RGBA{uint8(x), 60, 140, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "logo.png")
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
