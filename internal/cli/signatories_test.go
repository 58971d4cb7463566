package cli_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// signatoriesRow is a row of 'r2p signatories parse --json', with exactly
// the keys the issue names.
type signatoriesRow struct {
	Line       int      `json:"line"`
	Name       string   `json:"name"`
	Acronym    *string  `json:"acronym"`
	Countries  []string `json:"countries"`
	Place      *string  `json:"place"`
	Confidence string   `json:"confidence"`
	Note       string   `json:"note"`
}

func decodeRows(t *testing.T, out string) []signatoriesRow {
	t.Helper()
	var raw []map[string]any
	if err := json.Unmarshal([]byte(out), &raw); err != nil {
		t.Fatalf("output is not a JSON array: %v\n%s", err, out)
	}
	for _, r := range raw {
		if len(r) != 7 {
			t.Fatalf("row %v: want exactly the keys line, name, acronym, countries, place, confidence, note", r)
		}
	}
	var rows []signatoriesRow
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&rows); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestSignatoriesParseSeed parses the seed letter as text and checks its
// 42 signatories; the golden test in package orglist checks every field.
func TestSignatoriesParseSeed(t *testing.T) {
	code, out, errOut := r2p(t, nil, "signatories", "parse", "--json", "../letters/orglist/testdata/seed_letter.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	rows := decodeRows(t, out)
	if len(rows) != 42 {
		t.Fatalf("%d rows, want 42", len(rows))
	}
	first, lds := rows[1], rows[28]
	if first.Line != 21 || first.Name != "Action des jeunes pour le Développement Communautaire et la Paix" ||
		first.Acronym == nil || *first.Acronym != "ADECOP" || strings.Join(first.Countries, ",") != "COD" ||
		first.Place != nil || first.Confidence != "high" {
		t.Errorf("row 2 = %+v", first)
	}
	if lds.Name != "Lutheran Development Service" || strings.Join(lds.Countries, ",") != "SWZ" || lds.Confidence != "medium" || lds.Note == "" {
		t.Errorf("row 29 = %+v", lds)
	}
	if !strings.Contains(errOut, "42 rows: 41 high, 1 medium, 0 low") {
		t.Errorf("stderr = %q", errOut)
	}
}

// TestSignatoriesParseFormats reads the document fixtures of every format.
func TestSignatoriesParseFormats(t *testing.T) {
	for _, tc := range []struct {
		file  string
		names []string
	}{
		{"signatories.docx", []string{"Act for Peace", "Human Rights Watch", "Genocide Alert", "OMUNGA", "One World Trust",
			"Oxfam International", "UNA-Canada", "Text in a box", "Oxfam-Australia", "Refugees International",
			"Réseau de Développement et de Communications de la Femme Africaine"}},
		{"signatories.xlsx", []string{"Action des jeunes pour le Développement Communautaire et la Paix", "Human Rights Watch",
			"Kofi Annan International Peacekeeping Training Centre", "A name on two lines"}},
		{"signatories.csv", []string{"Act for Peace", "Lutheran Development Service", "Multi line Org", "Last Org"}},
		{"utf16.txt", []string{"Réseau de Développement et de Communications de la Femme Africaine", "DanChurchAid"}},
		{"cp1252.txt", []string{"Asociación para Políticas Públicas", "World Federalist Movement – Canada"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			code, out, errOut := r2p(t, nil, "signatories", "parse", "--json", filepath.Join("..", "format", "document", "testdata", tc.file))
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var names []string
			for _, r := range decodeRows(t, out) {
				names = append(names, r.Name)
			}
			if strings.Join(names, "|") != strings.Join(tc.names, "|") {
				t.Errorf("names %q\nwant %q", names, tc.names)
			}
		})
	}
}

// TestSignatoriesParseTable checks the readable table.
func TestSignatoriesParseTable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "list.txt")
	if err := os.WriteFile(file, []byte("Signatories:\nLutheran Development Service (LDS) Swaziland\nHuman Rights Watch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ := r2p(t, nil, "signatories", "parse", file)
	want := "" +
		"LINE  NAME                          ACRONYM  COUNTRIES  PLACE  CONFIDENCE  NOTE\n" +
		"2     Lutheran Development Service  LDS      SWZ        -      medium      “Swaziland” after the parentheses taken as the country\n" +
		"3     Human Rights Watch            -        -          -      high        \n"
	if code != 0 || out != want {
		t.Errorf("exit %d, stdout:\n%s\nwant:\n%s", code, out, want)
	}
}

// TestSignatoriesParseStdin reads standard input, in a separate process.
func TestSignatoriesParseStdin(t *testing.T) {
	cmd := exec.Command(os.Args[0], "signatories", "parse", "--json", "-")
	cmd.Env = append(os.Environ(), "R2P_TEST_AS_R2P=1")
	cmd.Stdin = strings.NewReader("Dear Excellency,\n\nWe write to urge your government to support the Responsibility to Protect at the coming debate.\n\nSincerely,\nHURINET (Uganda); Oxfam International\n")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	rows := decodeRows(t, out.String())
	if len(rows) != 2 || rows[0].Name != "HURINET" || rows[0].Line != 6 || rows[1].Name != "Oxfam International" {
		t.Errorf("rows = %+v", rows)
	}
	empty := exec.Command(os.Args[0], "signatories", "parse", "--json", "-")
	empty.Env = cmd.Env
	empty.Stdin = strings.NewReader("")
	if b, err := empty.Output(); err != nil || string(b) != "[]\n" {
		t.Errorf("empty input: %q, %v; want []", b, err)
	}
}

// TestSignatoriesParseErrors checks usage mistakes (exit 2) and unreadable
// files (exit 1, naming the file and where).
func TestSignatoriesParseErrors(t *testing.T) {
	dir := t.TempDir()
	binary := filepath.Join(dir, "list.txt")
	if err := os.WriteFile(binary, []byte("Alpha Network\nBeta\x00Forum\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	fakeDOCX := filepath.Join(dir, "letter.docx")
	if err := os.WriteFile(fakeDOCX, []byte("Human Rights Watch\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"signatories"}, 2, "r2p signatories: want: r2p signatories parse [--json] FILE|-"},
		{[]string{"signatories", "parse"}, 2, "r2p signatories: give one FILE to parse, or - for standard input"},
		{[]string{"signatories", "parse", "a", "b"}, 2, "give one FILE"},
		{[]string{"signatories", "parse", "--xml", "a"}, 2, "flag provided but not defined: -xml"},
		{[]string{"signatories", "parse", filepath.Join(dir, "missing.txt")}, 1, "missing.txt: no such file or directory"},
		{[]string{"signatories", "parse", dir}, 1, "is a directory"},
		{[]string{"signatories", "parse", binary}, 1, binary + ": line 2 (byte 18): NUL byte"},
		{[]string{"signatories", "parse", fakeDOCX}, 1, fakeDOCX + ": not a DOCX file"},
	} {
		code, out, errOut := r2p(t, nil, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) || out != "" {
			t.Errorf("r2p %q: exit %d, stdout %q, stderr %q; want %d and %q", tc.args, code, out, errOut, tc.code, tc.want)
		}
	}
	code, _, errOut := r2p(t, nil, "signatories", "parse", "--help")
	if code != 0 || !strings.HasPrefix(errOut, "Usage: r2p signatories parse [--json] FILE|-") {
		t.Errorf("--help: exit %d, %q", code, errOut)
	}
	code, out, _ := r2p(t, nil, "help", "signatories")
	if code != 0 || !strings.HasPrefix(out, "Usage: r2p signatories [flags] parse [--json] FILE|-") {
		t.Errorf("help signatories: exit %d, %q", code, out)
	}
}

func TestSignatoriesRender(t *testing.T) {
	list := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(list, []byte("Sincerely,\n\nRéseau des femmes (Mali)\nAct for Peace (Australia)\nInternational Refugee Rights Initiative (Uganda and USA)\n"), 0o600)
	code, out, errOut := r2p(t, nil, "signatories", "render", "--lang", "fr", list)
	want := "Act for Peace (Australia)\nInternational Refugee Rights Initiative (Uganda et USA)\nRéseau des femmes (Mali)\n"
	if code != 0 || out != want {
		t.Errorf("render: exit %d\n%q\nwant %q\n%s", code, out, want, errOut)
	}
	code, out, _ = r2p(t, nil, "signatories", "render", "--format", "csv", list)
	if code != 0 || !strings.HasPrefix(out, "\ufeffname,acronym,countries,country_labels,place,line\r\n") {
		t.Errorf("render csv: exit %d, %q", code, out)
	}
	if code, _, errOut := r2p(t, nil, "signatories", "render", "--format", "doc", list); code != 2 || !strings.Contains(errOut, `--format "doc": want txt, md, html, csv, xlsx or pdf`) {
		t.Errorf("bad format: exit %d, %q", code, errOut)
	}
}

// An Arabic or Chinese list makes a PDF; a name in a script no font has
// makes one too, and is named on standard error.
func TestSignatoriesRenderPDFInEveryScript(t *testing.T) {
	list := filepath.Join(t.TempDir(), "list.txt")
	os.WriteFile(list, []byte("Sincerely,\n\nمركز القاهرة لدراسات حقوق الإنسان (Egypt)\n中国国际民间组织合作促进会 - CANGO (China)\nTibetan Network བོད་ (India)\n"), 0o600)
	code, out, errOut := r2p(t, nil, "signatories", "render", "--format", "pdf", list)
	if code != 0 || !strings.HasPrefix(out, "%PDF-") ||
		errOut != "r2p signatories render: the PDF shows \"Tibetan Network བོད་ (India)\" with a placeholder (U+FFFD) for \"བོད་\": no embedded font has Tibetan\n" {
		t.Errorf("render pdf: exit %d, %.20q\n%s", code, out, errOut)
	}
}
