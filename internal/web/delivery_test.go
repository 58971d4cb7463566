package web_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/delivery"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// The fictitious missions the delivery tests write to: no real diplomat.
const deliveryMissions = missionsCSVHeader +
	"GHA,New York,mission@gha.example.org,,Kwame Placeholder,Permanent Representative,Your Excellency,en\n" +
	"FRA,New York,contact@fra.example.org;press@fra.example.org,,Claire Fictive,Représentante permanente,Excellence,fr\n" +
	"FRA,Geneva,geneve@fra.example.org,,,,,fr\n" +
	"MEX,New York,onu@mex.example.org,,Ana Ejemplo,Representante Permanente,,es\n" +
	"SEN,Geneva,geneve@sen.example.org,,,,,\n" +
	"KEN,New York,,,,,,en\n"

const testTitle = "Open letter on the Responsibility to Protect"

// deliveryHarness is a harness with an open campaign (id 1) in English and
// French whose letter names the state and the head of mission, the
// fictitious missions and a stored letterhead.
func deliveryHarness(t *testing.T, body string) *harness {
	t.Helper()
	h := newHarness(t)
	parsed, err := mission.ReadCSV(strings.NewReader(deliveryMissions), states.Default())
	if err != nil || len(parsed.Bad) > 0 {
		t.Fatalf("the test's missions: %v, %+v", err, parsed.Bad)
	}
	var list []mission.Mission
	for _, row := range parsed.Rows {
		list = append(list, row.Mission)
	}
	texts := []campaign.Text{
		{Lang: "en", Title: testTitle, Body: body, Asks: []campaign.Ask{{Label: "Speak at the debate"}}},
		{Lang: "fr", Title: "Lettre ouverte sur la responsabilité de protéger", Body: "Au gouvernement : {{state}}.\n\nNous vous écrivons avant le débat.",
			Asks: []campaign.Ask{{Label: "Prendre la parole"}}},
	}
	err = h.store.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.ImportMissions(ctx, "cli", "missions.csv", list); err != nil {
			return err
		}
		c, err := tx.CreateCampaign(ctx, campaign.Campaign{Slug: "r2p-2024", Status: campaign.Draft, TimeZone: "America/New_York",
			Event: campaign.Event{Name: "Plenary debate", Date: "2024-07-01", Place: "New York"}}, texts)
		if err != nil {
			return err
		}
		if _, err := tx.SetCampaignStatus(ctx, c.ID, campaign.Open); err != nil {
			return err
		}
		return tx.SaveCoalition(ctx, "cli", mailmerge.Coalition{Name: "Fictive Coalition for R2P", Place: "New York", Signature: "The Secretariat"})
	})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

const stateLetter = "We write to the Government of {{state}} before the debate.\n\nSincerely,"

// previewURL is the preview of GHA, FRA and KEN at New York.
const previewURL = "/admin/campaigns/1/delivery?recipients=states%3AFRA%2CGHA%2CKEN&station=New+York"

// withoutFragment is a redirect's target as a browser asks for it.
func withoutFragment(location string) string {
	path, _, _ := strings.Cut(location, "#")
	return path
}

func TestDeliveryChooseAndPreview(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	editor := h.session(account.Editor)
	page := h.do(request{target: "/admin/campaigns/1/delivery", session: editor})
	for _, want := range []string{
		`<label class="choice"><input type="radio" id="kind-all" name="kind" value="all" checked> All states (195)</label>`,
		`<label class="choice"><input type="radio" id="kind-members" name="kind" value="members"> Member states (193)</label>`,
		`<option value="Non-Aligned Movement">Non-Aligned Movement</option>`,
		`<select id="states" name="states" multiple size="8" data-typeahead`,
		`<option selected>New York</option><option>Geneva</option>`,
		"Nothing has been queued to the missions yet.",
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the delivery page lacks %s", want)
		}
	}

	res := h.postMultipart(editor, "/admin/campaigns/1/delivery", url.Values{"kind": {"states"}, "states": {"KEN", "GHA", "FRA"}, "station": {"New York"}})
	if res.StatusCode != 303 || res.Header.Get("Location") != previewURL+"#preview" {
		t.Fatalf("choose: %s\n%s", res, res.body)
	}
	preview := h.do(request{target: previewURL, session: editor})
	if preview.StatusCode != 200 {
		t.Fatalf("preview: %s\n%s", preview, preview.body)
	}
	for _, want := range []string{
		`<div class="stat"><span class="n">3</span><span class="label">New messages</span></div>`,
		`<div class="stat"><span class="n">2</span><span class="label">Missions</span></div>`,
		`<div class="stat bad"><span class="n">1</span><span class="label">States without an address</span></div>`,
		"Letters by language: French: 2 · English: 1",
		`<td>France <span class="muted">FRA</span><div class="address">contact@fra.example.org</div>
      <div class="letter-links">Letter: <a href="/admin/campaigns/1/delivery/preview/FRA/email?address=contact%40fra.example.org&amp;station=New&#43;York">E-mail</a> · <a href="/admin/campaigns/1/delivery/preview/FRA/pdf?address=contact%40fra.example.org&amp;station=New&#43;York">PDF</a></div></td>
    <td>French</td>`,
		`<div class="address">press@fra.example.org</div>`,
		`<td>Ghana <span class="muted">GHA</span><div class="address">mission@gha.example.org</div>`,
		`<summary>1 states have no address at New York</summary>`,
		`<li><a href="/admin/missions?missing=1#KEN">Kenya</a></li>`,
		`<option value="GHA mission@gha.example.org">Ghana · mission@gha.example.org</option>`,
		`<input type="hidden" name="recipients" value="states:FRA,GHA,KEN">`,
		`<option value="FRA" selected>France</option>`,
	} {
		if !strings.Contains(preview.body, want) {
			t.Errorf("the preview lacks %s", want)
		}
	}
	if strings.Contains(preview.body, "geneve@fra.example.org") {
		t.Error("the preview at New York lists the Geneva address")
	}

	// A mission whose language the campaign lacks gets English, and the
	// preview says so.
	mexico := h.do(request{target: "/admin/campaigns/1/delivery?recipients=states%3AMEX&station=New+York", session: editor})
	if !strings.Contains(mexico.body, `<td>English<div class="hint">The campaign has no text in Spanish: the letter is in English.</div></td>`) {
		t.Errorf("the preview does not note the fallback:\n%s", mexico.body)
	}
}

func TestDeliveryFormErrorsKeepTheChoices(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	editor := h.session(account.Editor)
	for _, c := range []struct {
		name   string
		fields url.Values
		files  []upload
		want   []string
	}{
		{"unknown group", url.Values{"kind": {"group"}, "group": {"Benelux"}, "station": {"New York"}}, nil,
			[]string{`value="group" checked>`, `<p class="field-error" role="alert">There is no group “Benelux”.</p>`}},
		{"bad CSV row", url.Values{"kind": {"csv"}, "station": {"Geneva"}}, []upload{{"csv", "states.csv", []byte("name,iso3\nGhana,GHA\nNowhere,ZZZ\n")}},
			[]string{`value="csv" checked>`, `<option selected>Geneva</option>`,
				`<p class="field-error" role="alert">The file was not read: line 3: &#34;ZZZ&#34; is not a UN member or observer state.</p>`}},
		{"no CSV", url.Values{"kind": {"csv"}, "station": {"New York"}}, nil,
			[]string{`<p class="field-error" role="alert">The file was not read: choose a file.</p>`}},
		{"no state picked", url.Values{"kind": {"states"}, "station": {"New York"}}, nil,
			[]string{`value="states" checked>`, `<p class="field-error" role="alert">Choose at least one state.</p>`}},
		{"states ticked, all states left checked", url.Values{"kind": {"all"}, "states": {"GHA", "SEN", "KEN"}, "station": {"New York"}}, nil,
			[]string{`value="all" checked>`, `<option value="SEN" selected>Senegal</option>`,
				`<p class="field-error" role="alert">States picked below: 3, but the recipients chosen are another list.`}},
		{"states ticked under a group", url.Values{"kind": {"group"}, "group": {"African"}, "states": {"GHA"}, "station": {"New York"}}, nil,
			[]string{`<p class="field-error" role="alert">States picked below: 1, but`}},
		{"unknown station", url.Values{"kind": {"states"}, "states": {"GHA"}, "station": {"Atlantis"}}, nil,
			[]string{`<option value="GHA" selected>Ghana</option>`, `<p class="field-error" role="alert">The directory has no mission at “Atlantis”.</p>`}},
	} {
		res := h.postMultipart(editor, "/admin/campaigns/1/delivery", c.fields, c.files...)
		if res.StatusCode != 422 {
			t.Errorf("%s: %s, want 422", c.name, res)
			continue
		}
		for _, want := range c.want {
			if !strings.Contains(res.body, want) {
				t.Errorf("%s: the form lacks %s", c.name, want)
			}
		}
	}
	// A CSV file is a pick of states.
	res := h.postMultipart(editor, "/admin/campaigns/1/delivery", url.Values{"kind": {"csv"}, "station": {"New York"}},
		upload{"csv", "states.csv", []byte("iso3\nKEN\ngha\nFRA\n")})
	if res.StatusCode != 303 || res.Header.Get("Location") != previewURL+"#preview" {
		t.Errorf("a good CSV: %s", res)
	}
	if res := h.do(request{target: "/admin/campaigns/1/delivery?recipients=group%3ABenelux&station=New+York", session: editor}); res.StatusCode != 422 ||
		!strings.Contains(res.body, `recipients &#34;group:Benelux&#34;: no group &#34;Benelux&#34;`) {
		t.Errorf("a preview URL with an unknown group: %s", res)
	}
}

func TestDeliveryLetterOfOneRecipient(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	editor := h.session(account.Editor)
	email := h.do(request{target: "/admin/campaigns/1/delivery/preview/GHA/email?station=New+York&address=mission%40gha.example.org", session: editor})
	want := "To: mission@gha.example.org\nSubject: " + testTitle + "\nAttachment: r2p-2024-letter-GHA.pdf\n\n" +
		"Your Excellency\n\nWe write to the Government of Ghana before the debate.\n\n"
	if email.StatusCode != 200 || email.Header.Get("Content-Type") != "text/plain; charset=utf-8" || !strings.HasPrefix(email.body, want) ||
		email.Header.Get("Content-Disposition") != `inline; filename="r2p-2024-letter-GHA.txt"` {
		t.Errorf("e-mail: %s %q %q\n%s", email, email.Header.Get("Content-Type"), email.Header.Get("Content-Disposition"), email.body)
	}
	french := h.do(request{target: "/admin/campaigns/1/delivery/preview/FRA/email?station=New+York&address=press%40fra.example.org", session: editor})
	if !strings.Contains(french.body, "To: press@fra.example.org\n") || !strings.Contains(french.body, "Excellence\n\nAu gouvernement : France.") {
		t.Errorf("the French letter:\n%s", french.body)
	}

	pdf := h.do(request{target: "/admin/campaigns/1/delivery/preview/GHA/pdf?station=New+York&address=mission%40gha.example.org", session: editor})
	if pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.body, "%PDF-") ||
		pdf.Header.Get("Content-Disposition") != `inline; filename="r2p-2024-letter-GHA.pdf"` {
		t.Errorf("PDF: %s %q %q %.8q", pdf, pdf.Header.Get("Content-Type"), pdf.Header.Get("Content-Disposition"), pdf.body)
	}
	again := h.do(request{target: "/admin/campaigns/1/delivery/preview/GHA/pdf?station=New+York&address=mission%40gha.example.org", session: editor})
	if again.body != pdf.body {
		t.Error("the same letter composed twice gives two PDFs")
	}
	for target, status := range map[string]int{
		"/admin/campaigns/1/delivery/preview/GHA/email?station=New+York&address=other%40gha.example.org": 404,
		"/admin/campaigns/1/delivery/preview/KEN/email?station=New+York":                                 404,
		"/admin/campaigns/1/delivery/preview/ZZZ/pdf?station=New+York":                                   404,
		"/admin/campaigns/2/delivery/preview/GHA/pdf?station=New+York":                                   404,
	} {
		if res := h.do(request{target: target, session: editor}); res.StatusCode != status {
			t.Errorf("%s: %s, want %d", target, res, status)
		}
	}
}

func TestDeliveryTestToMyself(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	editor := h.session(account.Editor)
	res := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/test", session: editor,
		form: url.Values{"recipients": {"states:FRA,GHA,KEN"}, "station": {"New York"}, "target": {"GHA mission@gha.example.org"}}})
	if res.StatusCode != 303 || res.Header.Get("Location") != previewURL+"&tested=GHA#preview" {
		t.Fatalf("test: %s\n%s", res, res.body)
	}
	claimed, err := h.store.ClaimMail(ctx, 10, time.Minute)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("outbox: %d messages, %v", len(claimed), err)
	}
	m := claimed[0]
	if m.To != "editor@coalition.org" || m.Subject != "[TEST] "+testTitle || m.ReplyTo != "" || m.ReturnPath != "" ||
		!strings.Contains(m.Text, "We write to the Government of Ghana before the debate.") {
		t.Errorf("test message %+v", m)
	}
	if len(m.Attachments) != 1 || m.Attachments[0].Name != "r2p-2024-letter-GHA.pdf" || !strings.HasPrefix(string(m.Attachments[0].Data), "%PDF-") {
		t.Errorf("attachments %+v", m.Attachments)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "delivery.test"})
	if len(events) != 1 || events[0].Actor != h.users[account.Editor].Actor() || events[0].Subject != "campaign:1" ||
		!strings.Contains(string(events[0].After), `"address":"mission@gha.example.org"`) || !strings.Contains(string(events[0].After), `"to":"editor@coalition.org"`) {
		t.Errorf("audit %+v", events)
	}
	if sent, _ := h.store.DeliveryRecipients(ctx, 1); len(sent) != 0 {
		t.Errorf("the test counts as a delivery: %+v", sent)
	}
	page := h.do(request{target: withoutFragment(res.Header.Get("Location")), session: editor})
	if !strings.Contains(page.body, "The letter to Ghana is in the outbox for you (editor@coalition.org), its subject starting with [TEST]. It does not count as sent to the mission.") ||
		!strings.Contains(page.body, `<span class="n">3</span><span class="label">New messages</span>`) {
		t.Errorf("the preview after the test:\n%s", page.body)
	}
	res = h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/test", session: editor,
		form: url.Values{"recipients": {"states:FRA,GHA,KEN"}, "station": {"New York"}, "target": {"KEN mission@ken.example.org"}}})
	if res.StatusCode != 404 {
		t.Errorf("a test to a state without an address: %s", res)
	}
}

func TestDeliveryQueueThenFollow(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	editor := h.session(account.Editor)
	form := url.Values{"recipients": {"states:FRA,GHA,KEN"}, "station": {"New York"}}
	confirm := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: editor, form: form})
	for _, want := range []string{
		"3 messages to the missions of 2 states at New York will be queued and sent by the mail workers.",
		"1 states have no address at New York and will not be written to.",
		`<input type="hidden" name="confirm" value="yes">`,
		`<button type="submit">Queue the 3 messages</button>`,
	} {
		if confirm.StatusCode != 200 || !strings.Contains(confirm.body, want) {
			t.Errorf("the confirmation (%s) lacks %s", confirm, want)
		}
	}
	if sent, _ := h.store.DeliveryRecipients(ctx, 1); len(sent) != 0 {
		t.Fatalf("the confirmation step queued %d messages", len(sent))
	}
	// Without the CSRF token, nothing is queued.
	form.Set("confirm", "yes")
	if res := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: editor, form: form, noCSRF: true}); res.StatusCode != 403 {
		t.Errorf("queue without CSRF: %s", res)
	}
	if sent, _ := h.store.DeliveryRecipients(ctx, 1); len(sent) != 0 {
		t.Fatalf("a forged form queued %d messages", len(sent))
	}

	res := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: editor, form: form})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1/delivery?delivery=1&no_address=1&queued=3&skipped=0#status" {
		t.Fatalf("queue: %s\n%s", res, res.body)
	}
	sent, err := h.store.DeliveryRecipients(ctx, 1)
	if err != nil || len(sent) != 3 || sent[0].Address != "contact@fra.example.org" || sent[0].Lang != "fr" || sent[2].State != "GHA" {
		t.Fatalf("delivery recipients %+v, %v", sent, err)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "delivery.create"})
	if len(events) != 1 || events[0].Actor != h.users[account.Editor].Actor() {
		t.Errorf("audit %+v", events)
	}
	page := h.do(request{target: withoutFragment(res.Header.Get("Location")), session: editor})
	for _, want := range []string{
		"Delivery queued: 3 new messages; 0 addresses already written to were skipped. 1 states have no address at this station.",
		`<div class="stat"><span class="n">3</span><span class="label">Messages</span></div>`,
		`<div class="stat"><span class="n">3</span><span class="label">Waiting</span></div>`,
		`<td>Ghana <span class="muted">GHA</span><div class="address">mission@gha.example.org</div><div class="hint">New York</div></td>
    <td>Waiting</td>
    <td class="num">0</td>
    <td></td>
    <td>English</td>`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the status lacks %s", want)
		}
	}

	// Queued again, everything is skipped; the preview marks what was sent.
	res = h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: editor, form: form})
	if res.Header.Get("Location") != "/admin/campaigns/1/delivery?delivery=2&no_address=1&queued=0&skipped=3#status" {
		t.Errorf("queue again: %s", res)
	}
	if sent, _ := h.store.DeliveryRecipients(ctx, 1); len(sent) != 3 {
		t.Errorf("queued again: %d messages, want 3", len(sent))
	}
	preview := h.do(request{target: previewURL, session: editor})
	if strings.Count(preview.body, `<div class="hint already">Already written to: skipped</div>`) != 3 ||
		!strings.Contains(preview.body, "Every address of this choice has already been written to: there is nothing new to queue.") {
		t.Errorf("the preview after queueing:\n%s", preview.body)
	}

	// The API gives the same, to an editor.
	api := h.do(request{target: "/api/v1/campaigns/1/delivery", bearer: h.token(account.Editor)})
	var body struct {
		CampaignID int64                     `json:"campaign_id"`
		Totals     map[string]int            `json:"totals"`
		Messages   []store.DeliveryRecipient `json:"messages"`
	}
	if err := json.Unmarshal([]byte(api.body), &body); err != nil || api.StatusCode != 200 || body.CampaignID != 1 || len(body.Messages) != 3 ||
		body.Totals["messages"] != 3 || body.Totals["queued"] != 3 || body.Totals["sent"] != 0 || body.Messages[0].State != "FRA" || body.Messages[2].Address != "mission@gha.example.org" {
		t.Errorf("API: %s %v\n%s", api, err, api.body)
	}
}

func TestDeliveryIsForEditors(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	viewer := h.session(account.Viewer)
	for _, target := range []string{"/admin/campaigns/1/delivery", previewURL, "/admin/campaigns/1/delivery/preview/GHA/pdf?station=New+York"} {
		if res := h.do(request{target: target, session: viewer}); res.StatusCode != 403 {
			t.Errorf("a viewer on %s: %s", target, res)
		}
	}
	res := h.do(request{method: "POST", target: "/admin/campaigns/1/delivery/queue", session: viewer,
		form: url.Values{"recipients": {"all"}, "station": {"New York"}, "confirm": {"yes"}}})
	if res.StatusCode != 403 {
		t.Errorf("a viewer queueing: %s", res)
	}
	if res := h.do(request{target: "/api/v1/campaigns/1/delivery", bearer: h.token(account.Viewer)}); res.StatusCode != 403 {
		t.Errorf("a viewer's token on the API: %s", res)
	}
	if sent, _ := h.store.DeliveryRecipients(ctx, 1); len(sent) != 0 {
		t.Errorf("a viewer queued %d messages", len(sent))
	}
	page := h.do(request{target: "/admin/campaigns/1", session: h.session(account.Editor)})
	if !strings.Contains(page.body, `<a class="button" href="/admin/campaigns/1/delivery">Deliver to the missions</a>`) {
		t.Error("the campaign's page does not link to its delivery")
	}
}

func TestDeliveryProblems(t *testing.T) {
	// A letter that names a head of mission the directory lacks.
	h := deliveryHarness(t, "To {{head_of_mission}}.\n\nSincerely,")
	editor := h.session(account.Editor)
	res := h.do(request{target: "/admin/campaigns/1/delivery?recipients=states%3ASEN&station=Geneva", session: editor})
	if res.StatusCode != 422 || !strings.Contains(res.body, "A letter cannot be written: letter to SEN: the English text: body: mail-merge field without a value: {{head_of_mission}}.") {
		t.Errorf("a letter without its field's value: %s\n%s", res, res.body)
	}

	// A draft cannot be delivered.
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateCampaign(ctx, campaign.Campaign{Slug: "draft-2025", Status: campaign.Draft, TimeZone: "UTC"},
			[]campaign.Text{{Lang: "en", Title: "A draft", Body: "Not yet."}})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	res = h.do(request{target: "/admin/campaigns/2/delivery?recipients=all&station=New+York", session: editor})
	if res.StatusCode != 422 || strings.Count(res.body, "A draft cannot be delivered: open the campaign first.") != 1 || strings.Contains(res.body, `id="preview"`) {
		t.Errorf("a draft: %s\n%s", res, res.body)
	}

	// Without a letterhead, the page says where to set it.
	bare := newHarness(t)
	bare.demo()
	page := bare.do(request{target: "/admin/campaigns/1/delivery?recipients=all&station=New+York", session: bare.session(account.Admin)})
	if page.StatusCode != 422 || !strings.Contains(page.body, `(--coalition). <a href="/admin/settings">Set the letterhead</a>`) {
		t.Errorf("no letterhead: %s\n%s", page, page.body)
	}
}

// TestTextOnlyPlanIsNotQueued: the preview's plan, without PDFs, cannot
// reach the outbox.
func TestTextOnlyPlanIsNotQueued(t *testing.T) {
	h := deliveryHarness(t, stateLetter)
	c, err := h.store.Campaign(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	rcpt, _ := delivery.ParseRecipients("states:GHA")
	plan, err := delivery.Prepare(ctx, h.store, c, rcpt, "New York", delivery.Options{Coalition: mailmerge.Coalition{Name: "Fictive Coalition for R2P"},
		From: "letters@coalition.example.org", Now: h.now, TextOnly: true})
	if err != nil || len(plan.Messages) != 1 || plan.Messages[0].Letter.PDF != nil || !strings.Contains(plan.Messages[0].Letter.Text, "Ghana") {
		t.Fatalf("text-only plan %+v, %v", plan.Messages, err)
	}
	const want = "delivery of r2p-2024: the letter to GHA has no PDF: a text-only plan cannot be queued"
	if _, err := delivery.Queue(ctx, h.store, plan, "cli"); err == nil || err.Error() != want {
		t.Errorf("Queue(text-only plan) = %v, want %q", err, want)
	}
	if sent, _ := h.store.DeliveryRecipients(ctx, 1); len(sent) != 0 {
		t.Errorf("a text-only plan queued %d messages", len(sent))
	}
}
