package orglist

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf8"
)

// FuzzParse checks that no text panics, and that every text gives rows
// that point at its lines or an error that names one.
func FuzzParse(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	for _, s := range []string{
		"", "\n\n", "(", ")", "()", "((a)", "a (b) c (d", "- ADECOP", "A-B", " - ", "Name - (X)",
		"Sincerely,", "Signatories:\n\t\t", "A\tB\tC\nName\tCountry\nX\tKorea",
		"A, B, C, D and E; F; G", "x: y; z", "Alpha (Uganda and and USA)", "\xff", "a\x00b",
		"Lutheran Development Service (LDS) Swaziland", "1.\n•\n(3)\n", "Foo of\nof\nof\n(Mali)",
		"a-\nb-\nc", "Name, , , Country", "(Congo)", "A (B) (C) (D) (E) Kenya",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rows, err := Parse(text)
		lines := len(splitLines(text))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Line < 1 || pe.Line > lines || pe.Offset < 0 || pe.Offset >= len(text) {
				t.Fatalf("Parse(%q): error %v does not name a line of the text", text, err)
			}
			return
		}
		last := 0
		for _, r := range rows {
			checkRow(t, text, r, lines)
			if r.Line < last {
				t.Fatalf("Parse(%q): rows out of order: %+v", text, rows)
			}
			last = r.Line
		}
	})
}

func checkRow(t *testing.T, text string, r Row, lines int) {
	t.Helper()
	switch {
	case r.Line < 1 || r.Line > lines:
		t.Fatalf("Parse(%q): row %+v: line out of range 1..%d", text, r, lines)
	case r.Name == "" || !utf8.ValidString(r.Name):
		t.Fatalf("Parse(%q): row %+v: bad name", text, r)
	case r.Confidence != High && r.Confidence != Medium && r.Confidence != Low:
		t.Fatalf("Parse(%q): row %+v: bad confidence", text, r)
	case r.Confidence != High && r.Note == "":
		t.Fatalf("Parse(%q): row %+v: %s without a note", text, r, r.Confidence)
	case len(r.Countries) != len(r.CountryLabels):
		t.Fatalf("Parse(%q): row %+v: countries and labels differ", text, r)
	}
	for _, c := range r.Countries {
		if len(c) != 3 || c[0] < 'A' || c[0] > 'Z' {
			t.Fatalf("Parse(%q): row %+v: bad country code %q", text, r, c)
		}
	}
	if _, err := json.Marshal(r); err != nil {
		t.Fatalf("Parse(%q): row %+v: %v", text, r, err)
	}
}
