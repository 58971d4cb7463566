package cli_test

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const verbatimFixtures = "../evidence/verbatim/testdata/"

func TestImportVerbatimTable(t *testing.T) {
	code, out, errOut := r2p(t, nil, "import", "verbatim", verbatimFixtures+"old_1985.txt")
	want := "ORDER  SPEAKER          AFFILIATION                          STATE  LANGUAGE  P  TEXT\n" +
		"1      The President    -                                    -      English   P  The first speaker is the representative of Yemen.\n" +
		"2      Mr. AL-ASHTAL    Yemen                                YAR    English   -  Thank you, Sir.\n" +
		"3      Mr. TROYANOVSKY  Union of Soviet Socialist Republics  SUN    Russian   -  The Soviet delegation speaks.\n" +
		"4      The President    -                                    -      English   P  I thank him.\n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", code, out, want)
	}
	if wantErr := "r2p import verbatim: S/PV.2600 of 1985-07-22: 4 turns, 2 by states, 2 procedural\n"; errOut != wantErr {
		t.Errorf("stderr = %q, want %q", errOut, wantErr)
	}
}

func TestImportVerbatimJSON(t *testing.T) {
	code, out, _ := r2p(t, nil, "import", "verbatim", "--json", verbatimFixtures+"conventions.txt")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	if len(raw) != 14 {
		t.Fatalf("%d turns, want 14", len(raw))
	}
	for _, r := range raw {
		if len(r) != 6 {
			t.Fatalf("turn %v: want exactly the keys order, speaker, affiliation, state, language, text", r)
		}
	}
	type turn struct {
		Order                                       int
		Speaker, Affiliation, State, Language, Text string
	}
	var turns []turn
	if err := json.Unmarshal([]byte(out), &turns); err != nil {
		t.Fatal(err)
	}
	for _, want := range []turn{
		{1, "The President", "", "", "English", "I give the floor to the representative of the Syrian Arab Republic."},
		{6, "Mr. Serrano", "European Union", "EUU", "English", "The European Union aligns itself with the report."},
		{13, "The President", "Norway", "NOR", "French", "I shall now make a statement in my capacity as the representative of Norway.\n\nNorway supports the report."},
	} {
		if got := turns[want.Order-1]; got != want {
			t.Errorf("turn %d = %+v, want %+v", want.Order, got, want)
		}
	}
}

func TestImportVerbatimErrors(t *testing.T) {
	notRecord := filepath.Join(t.TempDir(), "letter.txt")
	if err := os.WriteFile(notRecord, []byte("Dear Minister,\nWe write to you.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"import"}, 2, "r2p import: want: r2p import verbatim|text|html|docx|pdf|csv|jsonl|ungdc [flags] FILE..."},
		{[]string{"import", "statements", "x"}, 2, "r2p import: want: r2p import verbatim|text|html|docx|pdf|csv|jsonl|ungdc [flags] FILE..."},
		{[]string{"import", "verbatim"}, 2, "r2p import: give one FILE to import, or - for standard input"},
		{[]string{"import", "verbatim", "--xml", "f"}, 2, "flag provided but not defined: -xml"},
		{[]string{"import", "verbatim", notRecord}, 1, "r2p import: " + notRecord + ": no speaker turns found"},
		{[]string{"import", "verbatim", filepath.Join(t.TempDir(), "none.pdf")}, 1, "no such file or directory"},
	} {
		code, _, errOut := r2p(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("r2p %q: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

// TestImportVerbatimPDF imports a real record, through pdftotext. It skips
// loudly where the record is missing, or pdftotext outside CI.
func TestImportVerbatimPDF(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "verbatim", "ga_64_PV_121.pdf")
	if _, err := exec.LookPath("pdftotext"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("in CI: pdftotext (poppler-utils) must be installed: %v", err)
		}
		t.Skipf("SKIPPED: needs pdftotext from poppler-utils: %v", err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Skipf("SKIPPED: %s is not here (shared/ lies beside the repository in CI): %v", path, err)
	}
	code, out, errOut := r2p(t, nil, "import", "verbatim", path)
	if want := "r2p import verbatim: A/64/PV.121 of 2010-09-13: 31 turns, 6 by states, 25 procedural\n"; code != 0 || errOut != want {
		t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
	}
	if !strings.Contains(out, "\n7      Mr. Valero Briceño  Bolivarian Republic of Venezuela  VEN    Spanish   -  We wish to join") {
		t.Errorf("stdout lacks Venezuela's turn:\n%s", out)
	}
	t.Setenv("PATH", t.TempDir())
	code, _, errOut = r2p(t, nil, "import", "verbatim", path)
	if want := "r2p import: " + path + ": pdftotext (poppler) is not installed: install poppler-utils"; code != 1 || !strings.HasPrefix(errOut, want) {
		t.Errorf("without pdftotext: exit %d, stderr %q, want 1 and %q", code, errOut, want)
	}
}
