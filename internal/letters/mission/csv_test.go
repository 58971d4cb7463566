package mission

import (
	"bytes"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/states"
)

const header = "iso3,station,email,postal_address,head_name,head_title,salutation,language\n"

func read(t *testing.T, text string) (Parsed, error) {
	t.Helper()
	return ReadCSV(strings.NewReader(text), states.Default())
}

func TestReadTheFixture(t *testing.T) {
	f, err := os.Open("testdata/missions.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := ReadCSV(f, states.Default())
	if err != nil || len(p.Bad) != 0 {
		t.Fatalf("ReadCSV: %v, bad %v", err, p.Bad)
	}
	var got []string
	for _, r := range p.Rows {
		got = append(got, r.Mission.State+"/"+r.Mission.Station)
	}
	if want := []string{"FRA/New York", "FRA/Geneva", "GHA/New York", "ARG/New York", "VAT/New York", "JPN/New York"}; !slices.Equal(got, want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	fra := p.Rows[0]
	want := Mission{State: "FRA", Station: "New York", Emails: []string{"contact@fra-mission.example.org", "press@fra-mission.example.org"},
		PostalAddress: "245 Example Avenue\nNew York, NY 10000", HeadName: "Amélie Exemple", HeadTitle: "Ambassador, Permanent Representative",
		Salutation: "Your Excellency", Language: "fr"}
	if fra.Line != 2 || !fra.Mission.SameContact(want) {
		t.Errorf("first row, line %d: %+v\nwant %+v", fra.Line, fra.Mission, want)
	}
	if p.Rows[2].Line != 5 {
		t.Errorf("the row after a two-line address is on line %d, want 5", p.Rows[2].Line)
	}
}

func TestReadReportsEveryBadRow(t *testing.T) {
	text := header +
		"GHA,New York,mission@gha.example.org,,,,,\n" +
		"XYZ,New York,,,,,,\n" +
		"FRA,Geneva,not-an-address,,,,,\n" +
		"\n" +
		",,,,,,,\n" +
		"KEN,Nairobi,,,,,,de\n" +
		"gha,new york,other@gha.example.org,,,,,\n" +
		"CHE,Geneva,,,,,,,extra\n" +
		"CHE,Geneva,geneva@che.example.org,,,,,\n"
	p, err := read(t, text)
	if err != nil {
		t.Fatal(err)
	}
	var bad []string
	for _, e := range p.Bad {
		bad = append(bad, e.Error())
	}
	want := []string{
		`line 3: iso3: "XYZ" is not the ISO 3166 alpha-3 code of a UN member or observer state`,
		`line 4: email: "not-an-address" is not an e-mail address (separate several with ";")`,
		`line 7: language: "de" is not a UN language: want ar, zh, en, fr, ru or es, or nothing for English`,
		`line 8: station: GHA at "New York" repeats line 2`,
		`line 9: csv: 9 cells, but the header names 8 columns`,
	}
	if !slices.Equal(bad, want) {
		t.Errorf("bad rows:\n%s\nwant:\n%s", strings.Join(bad, "\n"), strings.Join(want, "\n"))
	}
	if len(p.Rows) != 2 || p.Rows[0].Line != 2 || p.Rows[1].Line != 10 {
		t.Errorf("good rows %+v", p.Rows)
	}
}

func TestReadHeader(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"", "line 1: header: the file is empty; the first row must name the columns: iso3, station, email, postal_address, head_name, head_title, salutation, language"},
		{"station,email\nNew York,a@b.org\n", "line 1: header: no iso3 column; the first row must name the columns: iso3, station, email, postal_address, head_name, head_title, salutation, language"},
		{"iso3,Phone,fax\n", `line 1: header: unknown columns "phone", "fax"; the columns are iso3, station, email, postal_address, head_name, head_title, salutation, language`},
		{"iso3,email,Email\n", `line 1: header: column "email" appears twice`},
		{"iso3,station\nGHA,Ne\"w York\n", `line 2: csv: bare " in non-quoted-field at column 7; a cell holding a quote must be quoted, its quotes doubled`},
		{"iso3\xff\n", "line 1: header: the file is not UTF-8 text; save it as CSV UTF-8"},
	} {
		_, err := read(t, tc.text)
		if err == nil || err.Error() != tc.want {
			t.Errorf("ReadCSV(%q) = %v, want %s", tc.text, err, tc.want)
		}
	}
}

// TestReadAcceptsWhatSpreadsheetsWrite: a byte order mark, CRLF, columns in
// another order and in capitals, columns left out, trailing empty cells.
func TestReadAcceptsWhatSpreadsheetsWrite(t *testing.T) {
	p, err := read(t, "\uFEFFEmail,ISO3\r\nmission@gha.example.org,GHA\r\n,KEN,,\r\n")
	if err != nil || len(p.Bad) != 0 || len(p.Rows) != 2 {
		t.Fatalf("ReadCSV: %+v, %v", p, err)
	}
	gha, ken := p.Rows[0].Mission, p.Rows[1].Mission
	if gha.State != "GHA" || gha.Station != DefaultStation || !slices.Equal(gha.Emails, []string{"mission@gha.example.org"}) {
		t.Errorf("GHA = %+v", gha)
	}
	if ken.State != "KEN" || len(ken.Emails) != 0 {
		t.Errorf("KEN = %+v", ken)
	}
}

func TestWriteListsEveryState(t *testing.T) {
	list := []Mission{
		{State: "GHA", Station: "New York", Emails: []string{"mission@gha.example.org", "second@gha.example.org"}, HeadName: "Kwame Placeholder", Language: "en"},
		{State: "FRA", Station: "New York", Emails: []string{"contact@fra.example.org"}, Language: "fr"},
		{State: "FRA", Station: "Geneva", PostalAddress: "1 Rue Fictive\n1200 Genève"},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, list, states.Default(), WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(buf.String(), "\n")
	if lines[0] != strings.TrimSuffix(header, "\n") {
		t.Errorf("header %q", lines[0])
	}
	for _, want := range []string{
		"AFG,New York,,,,,,",
		"FRA,Geneva,,\"1 Rue Fictive",
		"FRA,New York,contact@fra.example.org,,,,,fr",
		"GHA,New York,mission@gha.example.org; second@gha.example.org,,Kwame Placeholder,,,en",
		"ZWE,New York,,,,,,",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("no line %q", want)
		}
	}
	if i, j := slices.Index(lines, "FRA,Geneva,,\"1 Rue Fictive"), slices.Index(lines, "FRA,New York,contact@fra.example.org,,,,,fr"); i < 0 || j != i+2 {
		t.Errorf("FRA rows at %d and %d: want Geneva, then New York", i, j)
	}
	// 195 states, FRA twice, a two-line address, the header, the final newline.
	if len(lines) != 1+196+1+1 {
		t.Errorf("%d lines", len(lines))
	}
	buf.Reset()
	WriteCSV(&buf, nil, states.Default(), WriteOptions{BOM: true})
	if !strings.HasPrefix(buf.String(), "\uFEFFiso3,") {
		t.Errorf("with BOM: %q", buf.String()[:10])
	}
}

// TestRoundTrip writes the directory and reads it back: the same records,
// formula cells included, and a row for every state.
func TestRoundTrip(t *testing.T) {
	list := []Mission{
		{State: "GHA", Station: "New York", Emails: []string{"mission@gha.example.org"}, HeadName: "=HYPERLINK(\"http://evil.example\")",
			HeadTitle: "-Ambassador", Salutation: "@Excellency", PostalAddress: "+1 555 0100\nNew York", Language: "en"},
		{State: "FRA", Station: "Geneva", HeadName: "'Quoted", HeadTitle: "'=already escaped", Salutation: "Excellence, \"Madame\""},
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, list, states.Default(), WriteOptions{BOM: true}); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, cell := range []string{`"'=HYPERLINK(""http://evil.example"")"`, ",'-Ambassador,", ",'@Excellency,", `"'+1 555 0100`, ",''Quoted,", ",''=already escaped,"} {
		if !strings.Contains(text, cell) {
			t.Errorf("the export lacks the escaped cell %s:\n%s", cell, text[:400])
		}
	}
	p, err := read(t, text)
	if err != nil || len(p.Bad) != 0 || len(p.Rows) != 195 {
		t.Fatalf("reading the export: %d rows, bad %v, %v", len(p.Rows), p.Bad, err)
	}
	for _, want := range list {
		want.Normalize()
		i := slices.IndexFunc(p.Rows, func(r Row) bool { return r.Mission.State == want.State && r.Mission.Station == want.Station })
		if i < 0 || !p.Rows[i].Mission.SameContact(want) {
			t.Errorf("round trip of %s/%s: %+v", want.State, want.Station, p.Rows)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add(header + "GHA,New York,a@b.org,,,,,\n")
	f.Add("\uFEFFiso3,email\r\nFRA,\"x@y.org; z@y.org\"\r\n")
	f.Add("iso3\n'=SUN\n")
	f.Fuzz(func(t *testing.T, text string) {
		p, err := read(t, text)
		if err != nil {
			return
		}
		for _, r := range p.Rows {
			if err := r.Mission.Validate(states.Default()); err != nil {
				t.Errorf("line %d passed but is invalid: %v", r.Line, err)
			}
		}
		var buf bytes.Buffer
		list := make([]Mission, len(p.Rows))
		for i, r := range p.Rows {
			list[i] = r.Mission
		}
		if err := WriteCSV(&buf, list, states.Default(), WriteOptions{}); err != nil {
			t.Fatal(err)
		}
		again, err := read(t, buf.String())
		if err != nil || len(again.Bad) != 0 {
			t.Fatalf("the export of %q does not read back: %v %v", text, err, again.Bad)
		}
	})
}
