package web_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/store"
)

const missionsCSVHeader = "iso3,station,email,postal_address,head_name,head_title,salutation,language\n"

// uploadMissions posts a CSV file to the import preview.
func (h *harness) uploadMissions(session, name, text string) response {
	h.t.Helper()
	return h.postMultipart(session, "/admin/missions/import", nil, upload{"file", name, []byte(text)})
}

// carried is the confirmation form of a preview: the file it carries.
func carried(t *testing.T, preview string) url.Values {
	t.Helper()
	file := regexp.MustCompile(`name="file" value="([^"]*)"`).FindStringSubmatch(preview)
	name := regexp.MustCompile(`name="name" value="([^"]*)"`).FindStringSubmatch(preview)
	if file == nil || name == nil {
		t.Fatalf("the preview carries no file:\n%s", preview)
	}
	return url.Values{"file": {html.UnescapeString(file[1])}, "name": {html.UnescapeString(name[1])}}
}

func (h *harness) missions() []mission.Mission {
	h.t.Helper()
	list, err := h.store.Missions(ctx, store.MissionFilter{})
	if err != nil {
		h.t.Fatal(err)
	}
	return list
}

func TestMissionsImportWithBadRows(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	file := missionsCSVHeader +
		"GHA,New York,mission@gha.example.org,,Kwame Placeholder,Permanent Representative,Your Excellency,en\n" +
		"FRA,Geneva,not-an-address,,,,,fr\n" +
		"FRA,New York,contact@fra.example.org,,,,Excellence,fr\n"
	preview := h.uploadMissions(editor, "missions.csv", file)
	if preview.StatusCode != 200 {
		t.Fatalf("preview: %s\n%s", preview, preview.body)
	}
	for _, want := range []string{
		"2 good rows, 1 bad rows.",
		`<tr class="low"><td class="num">3</td><td>email</td><td>&#34;not-an-address&#34; is not an e-mail address (separate several with &#34;;&#34;)</td></tr>`,
		`<button type="submit" name="skip_bad" value="1">Import the 2 good rows, skip the 1 bad ones</button>`,
		"Kwame Placeholder",
	} {
		if !strings.Contains(preview.body, want) {
			t.Errorf("the preview lacks %s", want)
		}
	}
	if strings.Contains(preview.body, "Import the 2 rows") {
		t.Error("the preview offers to import a file with a bad row whole")
	}
	if len(h.missions()) != 0 {
		t.Fatal("the preview stored something")
	}

	// Confirming without choosing to skip the bad row imports nothing.
	form := carried(t, preview.body)
	res := h.do(request{method: "POST", target: "/admin/missions/import/confirm", session: editor, form: form})
	if res.StatusCode != 422 || !strings.Contains(res.body, "The file has bad rows") || len(h.missions()) != 0 {
		t.Fatalf("confirm without skip_bad: %s, %d stored", res, len(h.missions()))
	}

	form.Set("skip_bad", "1")
	res = h.do(request{method: "POST", target: "/admin/missions/import/confirm", session: editor, form: form})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/missions?created=2&skipped=1&unchanged=0&updated=0" {
		t.Fatalf("confirm with skip_bad: %s", res)
	}
	list := h.missions()
	if len(list) != 2 || list[0].State != "FRA" || list[0].Station != "New York" || list[1].HeadName != "Kwame Placeholder" {
		t.Errorf("stored %+v", list)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "mission.import"})
	if len(events) != 1 || events[0].Actor != h.users[account.Editor].Actor() || !strings.Contains(string(events[0].After), `"missions.csv"`) {
		t.Errorf("import audit = %+v", events)
	}
	page := h.do(request{target: res.Header.Get("Location"), session: editor})
	if !strings.Contains(page.body, "Imported: 2 new, 0 changed, 0 unchanged. 1 bad rows were skipped.") {
		t.Errorf("the directory does not report the import:\n%s", page.body)
	}
}

func TestMissionsImportAGoodFile(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	preview := h.do(request{method: "POST", target: "/admin/missions/import", session: editor, form: url.Values{"text": {
		"\uFEFFiso3,email\r\nKEN,nairobi@ken.example.org; other@ken.example.org\r\nVAT,nuncio@vat.example.org\r\n"}}})
	if preview.StatusCode != 200 || !strings.Contains(preview.body, "2 good rows, 0 bad rows.") ||
		!strings.Contains(preview.body, `<button type="submit">Import the 2 rows</button>`) || strings.Contains(preview.body, "skip_bad") {
		t.Fatalf("preview: %s\n%s", preview, preview.body)
	}
	res := h.do(request{method: "POST", target: "/admin/missions/import/confirm", session: editor, form: carried(t, preview.body)})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/missions?created=2&skipped=0&unchanged=0&updated=0" {
		t.Fatalf("confirm: %s", res)
	}
	if list := h.missions(); len(list) != 2 || !slices.Equal(list[0].Emails, []string{"nairobi@ken.example.org", "other@ken.example.org"}) {
		t.Errorf("stored %+v", list)
	}
	if events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "mission.import"}); len(events) != 1 || !strings.Contains(string(events[0].After), `"pasted text"`) {
		t.Errorf("import audit = %+v", events)
	}
}

func TestMissionsImportAnUnreadableFile(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	res := h.uploadMissions(editor, "phones.csv", "iso3,phone\nGHA,555\n")
	if res.StatusCode != 422 || !strings.Contains(res.body, "The list could not be read: line 1: header: unknown columns &#34;phone&#34;") {
		t.Errorf("unknown column: %s\n%s", res, res.body)
	}
	res = h.uploadMissions(editor, "huge.csv", missionsCSVHeader+strings.Repeat("GHA,New York,,,,,,\n", 4<<20/19))
	if res.StatusCode != 422 || !strings.Contains(res.body, "The list could not be read: huge.csv is larger than 4 MiB") {
		t.Errorf("a huge file: %s", res)
	}
	res = h.uploadMissions(editor, "empty.csv", missionsCSVHeader)
	if res.StatusCode != 422 || !strings.Contains(res.body, "The file has a header but no rows.") {
		t.Errorf("no rows: %s", res)
	}
	res = h.do(request{method: "POST", target: "/admin/missions/import/confirm", session: editor, form: url.Values{"file": {"not base64!"}}})
	if res.StatusCode != 400 {
		t.Errorf("confirm without a file: %s", res)
	}
	if len(h.missions()) != 0 {
		t.Error("something was stored")
	}
}

func TestMissionsDirectory(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.ImportMissions(ctx, "cli", "test", []mission.Mission{
			{State: "GHA", Station: "New York", Emails: []string{"mission@gha.example.org"}, HeadName: "Kwame Placeholder", Language: "en"},
			{State: "FRA", Station: "Geneva", Emails: []string{}, Salutation: "Excellence", Language: "fr"},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	page := h.do(request{target: "/admin/missions", session: editor})
	if page.StatusCode != 200 || strings.Count(page.body, `<td rowspan=`)+strings.Count(page.body, `<tr class="low">`+"\n    <td id=") != 195 {
		t.Fatalf("directory: %s, %d states with records, %d without", page, strings.Count(page.body, `<td rowspan=`), strings.Count(page.body, `<tr class="low">`+"\n    <td id="))
	}
	for _, want := range []string{
		`<span class="n">1</span><span class="label">of 195 states have an e-mail address</span>`,
		`<span class="n">194</span><span class="label">states have none yet</span>`,
		`<td rowspan="1" id="GHA">Ghana <span class="muted">GHA</span></td>`,
		`<td rowspan="1" id="FRA">France <span class="muted">FRA</span><p class="field-error">No e-mail address yet</p></td>`,
		`<td id="KEN">Kenya <span class="muted">KEN</span><p class="field-error">No e-mail address yet</p></td>`,
		`<a href="/admin/missions/new?state=KEN">Add</a>`,
	} {
		if !strings.Contains(page.body, want) {
			t.Errorf("the directory lacks %s", want)
		}
	}
	// Sorted by name in the reader's language: Germany is Allemagne.
	fr := h.do(request{target: "/admin/missions", session: editor, header: http.Header{"Cookie": {"r2p_lang=fr"}}})
	if i, j := strings.Index(fr.body, `id="DEU">Allemagne`), strings.Index(fr.body, `id="AGO">Angola`); i < 0 || j < 0 || i > j {
		t.Errorf("French order: Allemagne at %d, Angola at %d", i, j)
	}
	if i, j := strings.Index(page.body, `id="DEU">Germany`), strings.Index(page.body, `id="GHA">Ghana`); i < 0 || i > j {
		t.Errorf("English order: Germany at %d, Ghana at %d", i, j)
	}

	for _, tc := range []struct {
		query      string
		has, lacks []string
	}{
		{"missing=1", []string{`id="KEN"`, `id="FRA"`}, []string{`id="GHA"`}},
		{"group=african", []string{`id="GHA"`, `id="KEN"`}, []string{`id="FRA"`, `id="VAT"`}},
		{"group=observers", []string{`id="VAT"`, `id="PSE"`}, []string{`id="GHA"`, `id="FRA"`}},
		{"group=african&missing=1", []string{`id="KEN"`}, []string{`id="GHA"`, `id="FRA"`}},
	} {
		res := h.do(request{target: "/admin/missions?" + tc.query, session: editor})
		for _, s := range tc.has {
			if !strings.Contains(res.body, s) {
				t.Errorf("?%s lacks %s", tc.query, s)
			}
		}
		for _, s := range tc.lacks {
			if strings.Contains(res.body, s) {
				t.Errorf("?%s shows %s", tc.query, s)
			}
		}
	}
	if res := h.do(request{target: "/admin/missions?group=nordic", session: editor}); res.StatusCode != 400 {
		t.Errorf("unknown group: %s", res)
	}
}

func TestMissionsCSVDownload(t *testing.T) {
	h := newHarness(t)
	res := h.do(request{target: "/admin/missions.csv", session: h.session(account.Editor)})
	lines := strings.Split(strings.TrimSuffix(res.body, "\n"), "\n")
	if res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/csv; charset=utf-8" ||
		res.Header.Get("Content-Disposition") != `attachment; filename="missions.csv"` || lines[0] != "\uFEFF"+strings.TrimSuffix(missionsCSVHeader, "\n") || len(lines) != 196 {
		t.Fatalf("download: %s %v, %d lines, %q", res, res.Header, len(lines), lines[0])
	}
	// The download reads back as a file of 195 good rows.
	preview := h.uploadMissions(h.session(account.Editor), "missions.csv", res.body)
	if !strings.Contains(preview.body, "195 good rows, 0 bad rows.") {
		t.Errorf("the download does not read back: %s", preview)
	}
}

func TestMissionsNeedAnEditor(t *testing.T) {
	h := newHarness(t)
	viewer := h.session(account.Viewer)
	for _, target := range []string{"/admin/missions", "/admin/missions.csv", "/admin/missions/import", "/admin/missions/new"} {
		if res := h.do(request{target: target, session: viewer}); res.StatusCode != 403 {
			t.Errorf("GET %s as a viewer: %s", target, res)
		}
		if res := h.do(request{target: target}); res.StatusCode != 303 {
			t.Errorf("GET %s without a session: %s", target, res)
		}
	}
	if res := h.do(request{target: "/api/v1/missions", bearer: h.token(account.Viewer)}); res.StatusCode != 403 {
		t.Errorf("the API with a viewer token: %s", res)
	}
}

func TestMissionForm(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	if res := h.do(request{target: "/admin/missions/new?state=KEN", session: editor}); !strings.Contains(res.body, `<option value="KEN" selected>Kenya (KEN)</option>`) {
		t.Errorf("the new form does not choose the state:\n%s", res.body)
	}
	form := url.Values{"iso3": {"KEN"}, "station": {"nairobi"}, "emails": {"nairobi@ken.example.org\nbad address"}, "language": {"en"}}
	res := h.do(request{method: "POST", target: "/admin/missions", session: editor, form: form})
	if res.StatusCode != 422 || !strings.Contains(res.body, `<p class="field-error" role="alert">email: &#34;bad address&#34; is not an e-mail address`) {
		t.Fatalf("a bad address: %s\n%s", res, res.body)
	}
	form.Set("emails", "nairobi@KEN.example.org\nother@ken.example.org")
	res = h.do(request{method: "POST", target: "/admin/missions", session: editor, form: form})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/missions#KEN" {
		t.Fatalf("create: %s\n%s", res, res.body)
	}
	list := h.missions()
	if len(list) != 1 || list[0].Station != "Nairobi" || !slices.Equal(list[0].Emails, []string{"nairobi@ken.example.org", "other@ken.example.org"}) {
		t.Fatalf("stored %+v", list)
	}
	res = h.do(request{method: "POST", target: "/admin/missions", session: editor, form: form})
	if res.StatusCode != 422 || !strings.Contains(res.body, "KEN already has a record at Nairobi.") {
		t.Errorf("a second record at Nairobi: %s", res)
	}
	id := list[0].ID
	edit := h.do(request{target: "/admin/missions/" + strconv.FormatInt(id, 10) + "/edit", session: editor})
	if !strings.Contains(edit.body, "nairobi@ken.example.org\nother@ken.example.org</textarea>") {
		t.Errorf("the edit form lacks the addresses:\n%s", edit.body)
	}
	form.Set("head_name", "Wanjiru Placeholder")
	if res := h.do(request{method: "POST", target: "/admin/missions/" + strconv.FormatInt(id, 10), session: editor, form: form}); res.StatusCode != 303 {
		t.Fatalf("update: %s", res)
	}
	if m, _ := h.store.Mission(ctx, id); m.HeadName != "Wanjiru Placeholder" {
		t.Errorf("after update: %+v", m)
	}
	if res := h.do(request{method: "POST", target: "/admin/missions/" + strconv.FormatInt(id, 10) + "/delete", session: editor}); res.StatusCode != 303 || len(h.missions()) != 0 {
		t.Errorf("delete: %s, %d left", res, len(h.missions()))
	}
	if res := h.do(request{target: "/admin/missions/" + strconv.FormatInt(id, 10) + "/edit", session: editor}); res.StatusCode != 404 {
		t.Errorf("edit a deleted record: %s", res)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Actor: h.users[account.Editor].Actor()})
	var actions []string
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{"mission.delete", "mission.update", "mission.create"}) {
		t.Errorf("audit: %v", actions)
	}
}

func TestMissionsAPI(t *testing.T) {
	h := newHarness(t)
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.ImportMissions(ctx, "cli", "test", []mission.Mission{
			{State: "GHA", Station: "New York", Emails: []string{"mission@gha.example.org"}, Salutation: "Your Excellency", Language: "en"},
			{State: "FRA", Station: "Geneva", Emails: []string{"geneve@fra.example.org"}, Language: "fr"},
			{State: "FRA", Station: "New York", Emails: []string{"contact@fra.example.org"}, Language: "fr"},
			{State: "KEN", Station: "Nairobi", Emails: []string{"nairobi@ken.example.org"}},
		})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	token := h.token(account.Editor)
	for query, want := range map[string][]string{
		"":                                {"FRA/Geneva", "FRA/New York", "GHA/New York", "KEN/Nairobi"},
		"?state=gha,FRA&station=New+York": {"FRA/New York", "GHA/New York"},
		"?state=KEN&state=GHA":            {"GHA/New York", "KEN/Nairobi"},
		"?station=Vienna":                 {},
		"?state=PSE":                      {},
		"?state=FRA&station=Geneva&x=1":   {"FRA/Geneva"},
	} {
		res := h.do(request{target: "/api/v1/missions" + query, bearer: token})
		var body struct{ Missions []mission.Mission }
		if err := json.Unmarshal([]byte(res.body), &body); err != nil || res.StatusCode != 200 || body.Missions == nil {
			t.Fatalf("GET %s: %s %v\n%s", query, res, err, res.body)
		}
		got := []string{}
		for _, m := range body.Missions {
			got = append(got, m.State+"/"+m.Station)
		}
		if !slices.Equal(got, want) {
			t.Errorf("GET %s = %v, want %v", query, got, want)
		}
	}
	res := h.do(request{target: "/api/v1/missions?station=New+York&state=GHA", bearer: token})
	if !strings.Contains(res.body, `"emails": [`+"\n"+`        "mission@gha.example.org"`) || !strings.Contains(res.body, `"salutation": "Your Excellency"`) {
		t.Errorf("GHA record:\n%s", res.body)
	}
	res = h.do(request{target: "/api/v1/missions?state=SUN", bearer: token})
	if res.StatusCode != 400 || !strings.Contains(res.body, `"message": "state: SUN (USSR) is not a UN member or observer state"`) {
		t.Errorf("a former state: %s\n%s", res, res.body)
	}
}
