package spreadsheet_test

import (
	"testing"

	"github.com/r2p-coalition/r2p/internal/format/spreadsheet"
)

func TestEscape(t *testing.T) {
	for in, want := range map[string]string{
		"":                         "",
		"Human Rights Watch":       "Human Rights Watch",
		"=HYPERLINK(\"http://x\")": "'=HYPERLINK(\"http://x\")",
		"+1 212 555 0100":          "'+1 212 555 0100",
		"-ADECOP":                  "'-ADECOP",
		"@SUM(A1)":                 "'@SUM(A1)",
		"\tx":                      "'\tx",
		"'quoted":                  "''quoted",
		"'Abdul":                   "''Abdul",
		"Médecins = doctors":       "Médecins = doctors",
		"\rx":                      "'\rx",
		"'=x":                      "''=x",
		"''":                       "'''",
	} {
		if got := spreadsheet.Escape(in); got != want {
			t.Errorf("Escape(%q) = %q, want %q", in, got, want)
		}
		if back := spreadsheet.Unescape(spreadsheet.Escape(in)); back != in {
			t.Errorf("Unescape(Escape(%q)) = %q", in, back)
		}
	}
	// A value typed with an apostrophe of its own keeps it.
	if got := spreadsheet.Unescape("'Abdul"); got != "'Abdul" {
		t.Errorf("Unescape('Abdul) = %q", got)
	}
}
