package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
)

const statementFixtures = "testdata/statements/"

// newDB returns the environment of a command on a new SQLite database.
func newDB(t *testing.T) map[string]string {
	return map[string]string{"R2P_DB": filepath.Join(t.TempDir(), "r2p.db")}
}

// mustRun runs r2p and fails the test unless it exits with want.
func mustRun(t *testing.T, env map[string]string, want int, args ...string) (stdout, stderr string) {
	t.Helper()
	code, out, errOut := r2p(t, env, args...)
	if code != want {
		t.Fatalf("r2p %q: exit %d, want %d\nstdout:\n%s\nstderr:\n%s", args, code, want, out, errOut)
	}
	return out, errOut
}

func addDebate(t *testing.T, env map[string]string) {
	t.Helper()
	out, _ := mustRun(t, env, 0, "events", "add", "--body", "ga-plenary", "--title", "Debate on the responsibility to protect",
		"--start", "2026-09-08", "--end", "2026-09-09", "--session", "99", "--symbol", "A/99/PV.7")
	if out != "event 1: Debate on the responsibility to protect\n" {
		t.Fatalf("events add: %q", out)
	}
}

type eventReport struct {
	Event struct {
		Title   string
		Symbols []string
	}
	Tally struct {
		Statements, Speakers, Joint int
		StatesSpeaking              int `json:"states_speaking"`
		StatesRepresented           int `json:"states_represented"`
		States                      []struct {
			State                            string
			National, Delivered, Represented int
			Total                            int
			Groups                           []string
		}
	}
	Statements []struct {
		ID           int64
		SpeakerKind  string `json:"speaker_kind"`
		SpeakerCode  string `json:"speaker"`
		SpeakerName  string `json:"speaker_name"`
		OnBehalfOf   string `json:"on_behalf_of"`
		Language     string `json:"language"`
		Date         string `json:"date"`
		Text         string `json:"text"`
		Order        int    `json:"order"`
		Procedural   bool   `json:"procedural"`
		SourceSymbol string `json:"source_symbol"`
		SourceURL    string `json:"source_url"`
		SourcePage   int    `json:"source_page"`
		SourceFile   string `json:"source_file"`
	}
}

func showEvent(t *testing.T, env map[string]string, id string) eventReport {
	t.Helper()
	out, _ := mustRun(t, env, 0, "events", "show", "--json", id)
	var r eventReport
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("events show --json: %v\n%s", err, out)
	}
	return r
}

func TestImportVerbatimIntoAnEvent(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	out, _ := mustRun(t, env, 0, "import", "verbatim", "--event", "1", verbatimFixtures+"conventions.txt")
	if out != "14 statements stored, 0 already there\n" {
		t.Errorf("first import: %q", out)
	}
	out, _ = mustRun(t, env, 0, "import", "verbatim", verbatimFixtures+"conventions.txt", "--event", "1")
	if out != "0 statements stored, 14 already there\n" {
		t.Errorf("second import: %q", out)
	}
	r := showEvent(t, env, "1")
	if len(r.Statements) != 14 {
		t.Fatalf("%d statements, want 14", len(r.Statements))
	}
	procedural := 0
	for _, st := range r.Statements {
		if st.Procedural {
			procedural++
		}
		if st.SourceSymbol != "A/99/PV.7" || st.Date != "2026-09-08" || st.SourceFile != "conventions.txt" {
			t.Errorf("turn %d: %+v", st.Order, st)
		}
	}
	for _, c := range []struct {
		order            int
		kind, code, name string
		language         string
	}{
		{1, "official", "", "The President", "en"},
		{2, "state", "SYR", "Mr. Ja’afari", "en"},
		{6, "organization", "EUU", "Mr. Serrano", "en"},
		{7, "state", "VAT", "Archbishop Caccia", "it"},
		{9, "organization", "", "Mr. Lacroix", "en"},
		{11, "official", "", "Mr. Garayev", "en"},
		{12, "official", "SG", "The Secretary-General", "en"},
		{13, "state", "NOR", "The President", "fr"},
	} {
		st := r.Statements[c.order-1]
		if st.Order != c.order || st.SpeakerKind != c.kind || st.SpeakerCode != c.code || st.SpeakerName != c.name || st.Language != c.language {
			t.Errorf("turn %d: %+v, want %+v", c.order, st, c)
		}
	}
	// Turns 1, 5 and 14 are the presiding officer's.
	if procedural != 3 || r.Tally.Statements != 11 || r.Tally.StatesSpeaking != 7 {
		t.Errorf("%d procedural, tally %+v", procedural, r.Tally)
	}
	if code, _, errOut := r2p(t, env, "import", "verbatim", "--event", "2", verbatimFixtures+"conventions.txt"); code != 1 ||
		!strings.Contains(errOut, "conventions.txt: event 2: store.Event(2): not found") {
		t.Errorf("an unknown event: exit %d, %q", code, errOut)
	}
}

func TestImportOneStatementFiles(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	empty := writeFile(t, "France.txt", "\n \n")
	out, errOut := mustRun(t, env, 1, "import", "text", "--event", "1", "--language", "en", statementFixtures+"Sweden.txt", empty)
	if out != "1 statements stored, 0 already there, 1 problems\n" ||
		errOut != empty+": text: the text is empty\nr2p import text: 1 problems; the rest is stored\n" {
		t.Errorf("text: %q, %q", out, errOut)
	}
	out, _ = mustRun(t, env, 0, "import", "html", "--event", "1", "--speaker", "EUU", "--date", "2026-09-09", statementFixtures+"eu.html")
	if out != "1 statements stored, 0 already there\n" {
		t.Errorf("html: %q", out)
	}
	out, _ = mustRun(t, env, 0, "import", "html", "--event", "1", "--speaker", "EUU", "--date", "2026-09-09", statementFixtures+"eu.html")
	if out != "0 statements stored, 1 already there\n" {
		t.Errorf("html again: %q", out)
	}
	r := showEvent(t, env, "1")
	if len(r.Statements) != 2 {
		t.Fatalf("%d statements", len(r.Statements))
	}
	swe, eu := r.Statements[0], r.Statements[1]
	if swe.SpeakerCode != "SWE" || swe.Language != "en" || swe.Date != "2026-09-08" ||
		swe.Text != "Mr. President,\n\nSweden welcomes the report of the Secretary-General on implementing the\nresponsibility to protect. Early warning must lead to early action." {
		t.Errorf("Sweden: %+v", swe)
	}
	wantEU := "EU Statement – Debate on the responsibility to protect\n\nMr. President,\n\n" +
		"I have the honour to speak on behalf of the European Union. The candidate countries align themselves with this statement.\n\n" +
		"Prevention first.\n\nCapacity-building second."
	if eu.SpeakerCode != "EUU" || eu.OnBehalfOf != "European Union" || eu.Text != wantEU {
		t.Errorf("EU: %+v\ntext %q", eu, eu.Text)
	}
	// The EU spoke for its 27 members of the day; Sweden also spoke nationally.
	if r.Tally.StatesRepresented != 27 || r.Tally.Joint != 1 {
		t.Errorf("tally %+v", r.Tally)
	}
	for _, c := range r.Tally.States {
		if c.State == "SWE" && (c.National != 1 || c.Represented != 1 || c.Total != 2) {
			t.Errorf("Sweden: %+v", c)
		}
	}
	out, _ = mustRun(t, env, 0, "import", "docx", "--event", "1", "--speaker", "Ghana", "../format/document/testdata/signatories.docx")
	if out != "1 statements stored, 0 already there\n" {
		t.Errorf("docx: %q", out)
	}
	if code, _, errOut := r2p(t, env, "import", "text", statementFixtures+"Sweden.txt"); code != 2 || !strings.Contains(errOut, "give the event with --event ID") {
		t.Errorf("no event: %d %q", code, errOut)
	}
}

func TestImportPDF(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("in CI pdftotext must be installed")
		}
		t.Skip("SKIPPED: needs pdftotext from poppler-utils")
	}
	dir := t.TempDir()
	text := filepath.Join(dir, "Mexico.pdf")
	doc := fpdf.New("P", "mm", "A4", "")
	doc.AddPage()
	doc.SetFont("Helvetica", "", 12)
	doc.Cell(0, 10, "Mexico supports the responsibility to protect.")
	if err := doc.OutputFileAndClose(text); err != nil {
		t.Fatal(err)
	}
	scan := filepath.Join(dir, "Chile.pdf")
	doc = fpdf.New("P", "mm", "A4", "")
	doc.AddPage()
	doc.Rect(20, 20, 100, 50, "F") // a picture and no text, as in a scan
	if err := doc.OutputFileAndClose(scan); err != nil {
		t.Fatal(err)
	}
	env := newDB(t)
	addDebate(t, env)
	out, errOut := mustRun(t, env, 1, "import", "pdf", "--event", "1", text, scan)
	if out != "1 statements stored, 0 already there, 1 problems\n" ||
		!strings.HasPrefix(errOut, scan+": PDF has no text layer (scanned?); OCR it first\n") {
		t.Errorf("pdf: %q, %q", out, errOut)
	}
	r := showEvent(t, env, "1")
	if len(r.Statements) != 1 || r.Statements[0].SpeakerCode != "MEX" || r.Statements[0].Text != "Mexico supports the responsibility to protect." {
		t.Errorf("stored %+v", r.Statements)
	}
}

func TestImportBatchesReportBadRowsAndStoreTheRest(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	csvFile := statementFixtures + "statements.csv"
	out, errOut := mustRun(t, env, 1, "import", "csv", "--event", "1", csvFile)
	wantErr := csvFile + `:5: speaker: "XYZ" is not a state, organization or official: unknown state "XYZ"` + "\n" +
		csvFile + `:6: order: "two" is not a whole number from 1` + "\n" +
		csvFile + `:7: date: "08/09/2026" is not a date YYYY-MM-DD` + "\n" +
		"r2p import csv: 3 problems; the rest is stored\n"
	if out != "2 statements stored, 0 already there, 3 problems\n" || errOut != wantErr {
		t.Errorf("csv: %q\nstderr:\n%s\nwant:\n%s", out, errOut, wantErr)
	}
	out, _ = mustRun(t, env, 1, "import", "csv", "--event", "1", csvFile)
	if out != "0 statements stored, 2 already there, 3 problems\n" {
		t.Errorf("csv again: %q", out)
	}
	jsonl := statementFixtures + "statements.jsonl"
	out, errOut = mustRun(t, env, 1, "import", "jsonl", "--event", "1", jsonl)
	if out != "2 statements stored, 0 already there, 3 problems\n" ||
		!strings.HasPrefix(errOut, jsonl+":2: colour: unknown key; the keys are event, speaker,") ||
		!strings.Contains(errOut, "\n"+jsonl+":3: line: not a JSON object: invalid character") ||
		!strings.Contains(errOut, "\n"+jsonl+":5: text: the text is empty\n") {
		t.Errorf("jsonl: %q\n%s", out, errOut)
	}
	r := showEvent(t, env, "1")
	if len(r.Statements) != 4 {
		t.Fatalf("%d statements, want 4", len(r.Statements))
	}
	gha, nor := r.Statements[1], r.Statements[0] // Norway has order 3, so it comes first
	if gha.SpeakerCode != "GHA" || gha.SourceSymbol != "A/99/PV.7" || gha.SourcePage != 4 || gha.Text != "Ghana supports the three pillars.\n\nGenocide must never happen again." {
		t.Errorf("Ghana: %+v", gha)
	}
	if nor.SpeakerCode != "NOR" || nor.OnBehalfOf != "Nordic countries" || nor.Order != 3 {
		t.Errorf("Norway: %+v", nor)
	}
	if sg, gc := r.Statements[2], r.Statements[3]; sg.SpeakerCode != "SG" || sg.SourceURL != "https://www.un.org/sg/statements" ||
		gc.SpeakerKind != "organization" || gc.SpeakerName != "Global Centre for the Responsibility to Protect" {
		t.Errorf("SG, Global Centre: %+v, %+v", sg, gc)
	}
	if out, _ := mustRun(t, env, 0, "search", "genocide", "--json"); !strings.Contains(out, `"total": 1`) || !strings.Contains(out, `"snippet": "Ghana supports the three pillars.\n\nGenocide must never happen again."`) {
		t.Errorf("search: %s", out)
	}
	if code, _, errOut := r2p(t, env, "import", "csv", csvFile); code != 1 || !strings.Contains(errOut, ":2: event: no event: give the file's event, or an event column") {
		t.Errorf("no event: %d %q", code, errOut)
	}
}

func TestEventsCommands(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	if code, _, errOut := r2p(t, env, "events", "add", "--body", "plenary", "--title", "x", "--start", "2026-01-01"); code != 2 ||
		!strings.Contains(errOut, `body: "plenary": want one of ga-plenary, ga-informal-dialogue, sc-open-debate, hrc, other`) {
		t.Errorf("bad body: %d %q", code, errOut)
	}
	if code, _, errOut := r2p(t, env, "events", "add", "--body", "ga-plenary", "--title", "Debate on the responsibility to protect", "--start", "2026-09-08"); code != 1 ||
		!strings.Contains(errOut, "there is already an event") {
		t.Errorf("the same event twice: %d %q", code, errOut)
	}
	if code, _, errOut := r2p(t, env, "events", "add", "--body", "ga-plenary", "--title", "x", "--start", "2026-01-01", "--campaign", "nope"); code != 1 ||
		!strings.Contains(errOut, `campaign "nope": store.CampaignBySlug`) {
		t.Errorf("unknown campaign: %d %q", code, errOut)
	}
	out, _ := mustRun(t, env, 0, "events", "list")
	want := "ID  YEAR  DATES                     BODY        STATEMENTS  TITLE\n" +
		"1   2026  2026-09-08 to 2026-09-09  ga-plenary  0           Debate on the responsibility to protect\n"
	if out != want {
		t.Errorf("events list:\n%s\nwant:\n%s", out, want)
	}
	out, _ = mustRun(t, env, 0, "events", "group", "--as-of", "2026-09-08", "Friends of the draft", "Chile", "ARG")
	if out != "list:1: Friends of the draft (2 states as of 2026-09-08)\n" {
		t.Errorf("events group: %q", out)
	}
	file := writeFile(t, "joint.csv", "speaker,on_behalf_of,text\nCHL,list:1,Chile speaks for friends.\n")
	mustRun(t, env, 0, "import", "csv", "--event", "1", file)
	out, _ = mustRun(t, env, 0, "events", "show", "1")
	for _, line := range []string{
		"1 statements (1 joint) by 1 speakers; 1 states took the floor, 2 were spoken for\n",
		"ARG    0         0          1            1      list:1\n",
		"CHL    0         1          1            1      list:1\n",
	} {
		if !strings.Contains(out, line) {
			t.Errorf("events show lacks %q:\n%s", line, out)
		}
	}
}

func TestImportUNGDCFixture(t *testing.T) {
	env := newDB(t)
	out, errOut := mustRun(t, env, 0, "import", "ungdc", "../evidence/ungdc/testdata/fixture.jsonl")
	if !strings.HasSuffix(out, "Stored: 15 statements new, 0 already there; 11 events new\n") || !strings.HasPrefix(out, "speeches: 15 ") {
		t.Errorf("first import:\n%s", out)
	}
	if !strings.Contains(errOut, "ungdc: line 15 (byte 1512), field country: unknown country code") || !strings.Contains(errOut, "15 speeches, 7 bad lines, done") {
		t.Errorf("stderr:\n%s", errOut)
	}
	out, _ = mustRun(t, env, 0, "import", "ungdc", "../evidence/ungdc/testdata/fixture.jsonl")
	if !strings.HasSuffix(out, "Stored: 0 statements new, 15 already there; 0 events new\n") {
		t.Errorf("second import:\n%s", out)
	}
	out, _ = mustRun(t, env, 0, "events", "list", "--year", "1990")
	if !strings.Contains(out, "2026") && !strings.Contains(out, "General Debate of the 45th session") {
		t.Errorf("events list --year 1990:\n%s", out)
	}
	out, _ = mustRun(t, env, 0, "search", "first", "--year-from", "1990", "--year-to", "2011")
	want := "2 statements match; 1 to 2:\n"
	if !strings.HasPrefix(out, want) || !strings.Contains(out, "Russian Federation  General Debate of the 47th session  The Russian Federation speaks here for the [first] time under its own name.") {
		t.Errorf("search:\n%s", out)
	}
	if out, _ = mustRun(t, env, 0, "search", "xylophone"); out != "no statement matches\n" {
		t.Errorf("search without a match: %q", out)
	}
	if code, _, errOut := r2p(t, env, "search", "--", "-first"); code != 2 || !strings.Contains(errOut, "a search needs a word that is not excluded") {
		t.Errorf("bad query: %d %q", code, errOut)
	}
}
