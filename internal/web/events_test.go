package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/store"
)

// debate creates event 1, the General Assembly debate of 23 July 2009,
// with the EU's joint statement (id 1), Sweden's own (2) and a
// procedural turn (3).
func (h *harness) debate() statement.Event {
	h.t.Helper()
	e := statement.Event{Body: statement.GAPlenary, Title: "Debate on the responsibility to protect", Start: "2009-07-23", End: "2009-07-28",
		Session: "63", Symbols: []string{"A/63/PV.97"}}
	e.Normalize()
	list := []statement.Statement{
		{Speaker: "EUU", SpeakerName: "Mr. Lidén", OnBehalfOf: "EU", Language: "en", Order: 2, SourceSymbol: "A/63/PV.97",
			Text: "I have the honour to speak on behalf of the European Union. Genocide & war crimes <must> be prevented."},
		{Speaker: "SWE", Language: "en", Order: 3, SourceSymbol: "A/63/PV.97", Text: "Sweden, in its national capacity, supports early warning."},
		{Kind: statement.Official, SpeakerName: "The President", Procedural: true, Order: 1, SourceSymbol: "A/63/PV.97", Text: "I give the floor to the observer of the European Union."},
	}
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		var err error
		if e, err = tx.CreateEvent(ctx, "test", e); err != nil {
			return err
		}
		for i := range list {
			if err := list[i].Prepare(h.srv.States(), e); err != nil {
				return err
			}
		}
		_, err = tx.AddStatements(ctx, "test", "test", list)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return e
}

// uploadStatements posts files to the event's import page.
func (h *harness) uploadStatements(session string, event int64, fields map[string]string, files map[string]string) response {
	h.t.Helper()
	form := url.Values{}
	for k, v := range fields {
		form.Set(k, v)
	}
	var ups []upload
	for name, text := range files {
		ups = append(ups, upload{"file", name, []byte(text)})
	}
	return h.postMultipart(session, "/admin/events/"+strconv.FormatInt(event, 10)+"/import", form, ups...)
}

func TestEventPageCountsJointStatements(t *testing.T) {
	h := newHarness(t)
	h.debate()
	res := h.do(request{target: "/admin/events/1", session: h.session(account.Viewer)})
	if res.StatusCode != 200 {
		t.Fatalf("event page: %s", res)
	}
	for _, want := range []string{
		"<h1>Debate on the responsibility to protect</h1>",
		`<span class="n">2</span><span class="label">statements</span>`,
		`<span class="n">1</span><span class="label">states took the floor</span>`,
		`<span class="n">27</span><span class="label">states were spoken for</span>`,
		`<td>European Union <span class="hint">(27 members)</span></td>`,
		`<tr id="SWE">
    <td>Sweden <span class="muted">SWE</span></td>
    <td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">2</td>
    <td>European Union</td>`,
		`<a href="/admin/statements/3">1. The President</a>`,
	} {
		if !strings.Contains(res.body, want) {
			t.Errorf("the event page lacks %s", want)
		}
	}
	if strings.Contains(res.body, "/admin/events/1/import") {
		t.Error("a viewer is offered the import")
	}
	fr := h.do(request{target: "/admin/events/1", session: h.session(account.Viewer), header: http.Header{"Cookie": {"r2p_lang=fr"}}})
	if !strings.Contains(fr.body, `<td>Suède <span class="muted">SWE</span></td>`) {
		t.Error("the French page does not name Sweden in French")
	}
	st := h.do(request{target: "/admin/statements/1", session: h.session(account.Viewer)})
	if st.StatusCode != 200 || !strings.Contains(st.body, "Genocide &amp; war crimes &lt;must&gt; be prevented.") ||
		!strings.Contains(st.body, "Austria, Belgium, Bulgaria") {
		t.Errorf("statement page: %s\n%s", st, st.body)
	}
	if res := h.do(request{target: "/admin/statements/99", session: h.session(account.Viewer)}); res.StatusCode != 404 {
		t.Errorf("an unknown statement: %s", res)
	}
}

func TestCreateEventAndImportStatements(t *testing.T) {
	h := newHarness(t)
	editor := h.session(account.Editor)
	form := url.Values{"body": {"ga-plenary"}, "title": {"Informal dialogue"}, "start": {"2010-08-09"}, "symbols": {"A/64/864\nnot a symbol"}}
	res := h.do(request{method: "POST", target: "/admin/events", session: editor, form: form})
	if res.StatusCode != 422 || !strings.Contains(res.body, "&#34;not a symbol&#34; is not a UN document symbol such as A/63/PV.97") {
		t.Fatalf("a bad symbol: %s\n%s", res, res.body)
	}
	form.Set("symbols", "A/64/864")
	if res := h.do(request{method: "POST", target: "/admin/events", session: h.session(account.Viewer), form: form}); res.StatusCode != 403 {
		t.Errorf("a viewer created an event: %s", res)
	}
	res = h.do(request{method: "POST", target: "/admin/events", session: editor, form: form})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/events/1" {
		t.Fatalf("create: %s\n%s", res, res.body)
	}
	if res := h.do(request{method: "POST", target: "/admin/events", session: editor, form: form}); res.StatusCode != 409 {
		t.Errorf("the same event twice: %s", res)
	}
	files := map[string]string{
		"Ghana.txt":      "Ghana supports the report.",
		"statements.csv": "speaker,language,text\nFRA,fr,La France soutient.\nXYZ,en,Nobody.\n",
	}
	res = h.uploadStatements(editor, 1, map[string]string{"language": "en"}, files)
	if res.StatusCode != 422 || !strings.Contains(res.body, "2 statements stored, 0 already there.") ||
		!strings.Contains(res.body, `<tr class="low"><td>statements.csv</td><td class="num">3</td><td>speaker</td>`) {
		t.Fatalf("upload with a bad row: %s\n%s", res, res.body)
	}
	res = h.uploadStatements(editor, 1, map[string]string{"language": "en"}, map[string]string{"Ghana.txt": files["Ghana.txt"]})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/events/1?created=0&existing=1" {
		t.Errorf("the same file again: %s", res)
	}
	page := h.do(request{target: "/admin/events/1?created=0&existing=1", session: editor})
	if !strings.Contains(page.body, "0 statements stored, 1 already there.") || !strings.Contains(page.body, "/admin/events/1/import") {
		t.Errorf("the event page after the import:\n%s", page.body)
	}
	if res := h.uploadStatements(editor, 1, nil, nil); res.StatusCode != 422 || !strings.Contains(res.body, "Choose at least one file.") {
		t.Errorf("no file: %s", res)
	}
	if res := h.uploadStatements(editor, 9, nil, files); res.StatusCode != 404 {
		t.Errorf("an unknown event: %s", res)
	}
}

func TestSearchPageAndAPI(t *testing.T) {
	h := newHarness(t)
	h.debate()
	res := h.do(request{target: "/admin/search?q=genocide", session: h.session(account.Viewer)})
	if res.StatusCode != 200 || !strings.Contains(res.body, "1 statements match.") ||
		!strings.Contains(res.body, "<mark>Genocide</mark> &amp; war crimes &lt;must&gt; be prevented.") {
		t.Errorf("search page: %s\n%s", res, res.body)
	}
	if res := h.do(request{target: "/admin/search?q=-genocide", session: h.session(account.Viewer)}); !strings.Contains(res.body, "a search needs a word that is not excluded") {
		t.Errorf("a bad query: %s", res.body)
	}
	token := h.token(account.Viewer)
	var found store.SearchResult
	res = h.do(request{target: "/api/v1/search?q=warning+OR+genocide&state=SWE", bearer: token})
	if err := json.Unmarshal([]byte(res.body), &found); err != nil || res.StatusCode != 200 || found.Total != 1 || found.Hits[0].Statement.Speaker != "SWE" {
		t.Errorf("API search: %s %+v %v", res, found, err)
	}
	res = h.do(request{target: "/api/v1/search?q=genocide&group=EU&year_from=2009&year_to=2009&body=ga-plenary", bearer: token})
	if err := json.Unmarshal([]byte(res.body), &found); err != nil || found.Total != 1 || found.Hits[0].Snippet == "" || len(found.Hits[0].Marks) != 1 {
		t.Errorf("API search by group: %s %+v %v", res, found, err)
	}
	for _, bad := range []string{"q=", "q=x&state=ZZZ", "q=x&group=Avengers", "q=x&year_from=abc", "q=x&limit=1000", "q=x&body=plenary", "q=-x"} {
		if res := h.do(request{target: "/api/v1/search?" + bad, bearer: token}); res.StatusCode != 400 || !strings.Contains(res.body, `"code": "invalid_parameter"`) {
			t.Errorf("%s: %s %s", bad, res, res.body)
		}
	}
	if res := h.do(request{target: "/api/v1/search?q=x"}); res.StatusCode != 401 {
		t.Errorf("search without a token: %s", res)
	}
}

func TestEventsAPI(t *testing.T) {
	h := newHarness(t)
	h.debate()
	token := h.token(account.Viewer)
	var list struct{ Events []store.EventSummary }
	res := h.do(request{target: "/api/v1/events?year=2009", bearer: token})
	if err := json.Unmarshal([]byte(res.body), &list); err != nil || len(list.Events) != 1 || list.Events[0].Statements != 2 || list.Events[0].Title != "Debate on the responsibility to protect" {
		t.Errorf("events: %s %v", res.body, err)
	}
	if res := h.do(request{target: "/api/v1/events?year=2010", bearer: token}); !strings.Contains(res.body, `"events": []`) {
		t.Errorf("no event: %s", res.body)
	}
	var report store.EventReport
	res = h.do(request{target: "/api/v1/events/1", bearer: token})
	if err := json.Unmarshal([]byte(res.body), &report); err != nil || len(report.Statements) != 3 || report.Statements[1].Text != "" {
		t.Fatalf("event: %s %v", res.body, err)
	}
	for _, c := range report.Tally.States {
		if c.State == "SWE" && (c.National != 1 || c.Represented != 1 || c.Total != 2) {
			t.Errorf("Sweden: %+v", c)
		}
	}
	if report.Tally.StatesRepresented != 27 || report.Tally.GroupMembers["European Union"] != 27 {
		t.Errorf("tally %+v", report.Tally)
	}
	var st statement.Statement
	res = h.do(request{target: "/api/v1/statements/2", bearer: token})
	if err := json.Unmarshal([]byte(res.body), &st); err != nil || st.Text != "Sweden, in its national capacity, supports early warning." || st.Hash != statement.Hash(st.Text) {
		t.Errorf("statement: %s %v", res.body, err)
	}
	for _, target := range []string{"/api/v1/events/9", "/api/v1/statements/9"} {
		if res := h.do(request{target: target, bearer: token}); res.StatusCode != 404 {
			t.Errorf("%s: %s", target, res)
		}
	}
}
