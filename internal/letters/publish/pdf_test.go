package publish_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

// pdfText extracts the text of a PDF with pdftotext (poppler-utils, which
// scripts/test.sh installs). Without it the test fails in CI and is skipped
// elsewhere.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils; scripts/test.sh does it)")
		}
		t.Skip("SKIPPED: the PDF's text is not checked because pdftotext is not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "list.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// pageNumber matches the footer that PDF writes on each page; pdftotext
// may drop the spaces around the slash.
var pageNumber = regexp.MustCompile(`^(\d+) ?/ ?(\d+)$`)

// splitPDFText separates the page footers from the rest of the text.
func splitPDFText(text string) (body string, footers []string) {
	var kept []string
	for _, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(strings.Trim(line, "\f"))
		if m := pageNumber.FindStringSubmatch(line); m != nil {
			footers = append(footers, m[1]+"/"+m[2])
			continue
		}
		kept = append(kept, line)
	}
	return strings.Join(kept, "\n"), footers
}

// words is s with every run of white space made one space, so that a line
// that the PDF wraps still matches.
func words(s string) string { return strings.Join(strings.Fields(s), " ") }

// checkPDF checks that the PDF's text is the title, then every line of the
// list in order, and nothing else but the page numbers 1/n ... n/n.
func checkPDF(t *testing.T, pdf []byte, title string, lines []string) {
	t.Helper()
	body, footers := splitPDFText(pdfText(t, pdf))
	rest := words(body)
	if title != "" {
		if !strings.HasPrefix(rest, words(title)) {
			t.Fatalf("the PDF does not begin with its title %q:\n%s", title, body)
		}
		rest = strings.TrimSpace(strings.TrimPrefix(rest, words(title)))
	}
	for i, line := range lines {
		w := words(line)
		if !strings.HasPrefix(rest, w) {
			t.Fatalf("line %d of the list, %q, is not next in the PDF; the PDF goes on with:\n%.300s", i+1, line, rest)
		}
		rest = strings.TrimSpace(strings.TrimPrefix(rest, w))
	}
	if rest != "" {
		t.Errorf("the PDF has text after the list: %.300q", rest)
	}
	for i, f := range footers {
		if want := fmt.Sprintf("%d/%d", i+1, len(footers)); f != want {
			t.Errorf("page %d is numbered %q, want %q", i+1, f, want)
		}
	}
	if len(footers) == 0 {
		t.Error("the PDF has no page numbers")
	}
}

func TestPDFHasEveryLineInOrder(t *testing.T) {
	entries := append(seedEntries(t), memorial)
	data := render(t, publish.PDF, entries, publish.Options{Title: seedTitle})
	if !bytes.HasPrefix(data, []byte("%PDF-")) {
		t.Fatalf("output starts with %q", data[:min(10, len(data))])
	}
	want := publish.Lines(entries, language.English)
	if !strings.Contains(strings.Join(want, "\n"), "Мемориал - MEMO (Russian Federation)") {
		t.Fatal("the list lacks its Cyrillic entry")
	}
	checkPDF(t, data, seedTitle, want)
}

// A long list runs over several pages; long names wrap, and a name longer
// than a page runs on over the next.
func TestPDFLongList(t *testing.T) {
	var entries []orglist.Entry
	for i := range 150 {
		entries = append(entries, orglist.Entry{Name: fmt.Sprintf("Organization %03d for Peace", i), Countries: []string{"GHA", "NGA", "SEN"}})
	}
	long := strings.Repeat("Network of Associations for the Protection of Civilians ", 6)
	entries = append(entries, orglist.Entry{Name: long, Acronym: "NAPC", Countries: []string{"KEN"}, CountryLabels: []string{"Kenya"}})
	var huge strings.Builder
	for i := range 900 {
		fmt.Fprintf(&huge, "word%03d ", i)
	}
	entries = append(entries, orglist.Entry{Name: "Zz " + huge.String()})
	title := "Signatories: " + strings.Repeat("a title long enough to wrap ", 5)
	data := render(t, publish.PDF, entries, publish.Options{Title: title})
	checkPDF(t, data, title, publish.Lines(entries, language.English))
}

func TestPDFEmptyList(t *testing.T) {
	checkPDF(t, render(t, publish.PDF, nil, publish.Options{}), "", nil)
}

func TestPDFScriptNotSupported(t *testing.T) {
	tests := []struct {
		name    string
		entries []orglist.Entry
		title   string
		rune    rune
		script  string
		text    string
	}{
		{"Arabic name", append(seedEntries(t), orglist.Entry{Name: "مركز القاهرة لدراسات حقوق الإنسان", Countries: []string{"EGY"}}),
			"", 'م', "Arabic", "مركز القاهرة لدراسات حقوق الإنسان (Egypt)"},
		{"Chinese name", append(seedEntries(t), orglist.Entry{Name: "中国国际民间组织合作促进会", Acronym: "CANGO", Countries: []string{"CHN"}}),
			"", '中', "Han", "中国国际民间组织合作促进会 - CANGO (China)"},
		{"Arabic country label", []orglist.Entry{{Name: "Cairo Institute", Countries: []string{"EGY"}, CountryLabels: []string{"مصر"}}},
			"", 'م', "Arabic", "Cairo Institute (مصر)"},
		{"Hebrew", []orglist.Entry{{Name: "בצלם"}}, "", 'ב', "Hebrew", "בצלם"},
		{"Chinese title", seedEntries(t), "公开信", '公', "Han", "公开信"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := publish.PDF(&buf, tt.entries, publish.Options{Title: tt.title})
			if !errors.Is(err, publish.ErrScriptNotSupported) {
				t.Fatalf("PDF error = %v, want ErrScriptNotSupported", err)
			}
			var se *publish.ScriptError
			if !errors.As(err, &se) {
				t.Fatalf("PDF error %T is not a *ScriptError", err)
			}
			if se.Rune != tt.rune || se.Script != tt.script || se.Text != tt.text {
				t.Errorf("ScriptError = %+v, want rune %q, script %s, text %q", *se, tt.rune, tt.script, tt.text)
			}
			for _, want := range []string{string(tt.rune), tt.script, tt.text} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not name %q", err, want)
				}
			}
			if buf.Len() != 0 {
				t.Errorf("PDF wrote %d bytes before failing", buf.Len())
			}
		})
	}
}

func TestPDFShowsLatinGreekAndCyrillic(t *testing.T) {
	entries := named("Ελληνικό Παρατηρητήριο", "Правозащитный центр «Мемориал»", "Łódź Łączy – Ærø Œuvre ß", "Hayastan Հայաստան")
	data := render(t, publish.PDF, entries, publish.Options{Title: "Signataires — Подписавшие"})
	checkPDF(t, data, "Signataires — Подписавшие", publish.Lines(entries, language.English))
}

func TestPDFLetterThenAnnex(t *testing.T) {
	entries := seedEntries(t)
	letter := []string{
		"As civil society organizations, we are writing to you in advance of the 23 July 2009 General Assembly plenary session on the Responsibility to Protect.",
		"Civil society groups expect your support and voice at this pivotal moment.",
		"Sincerely,",
	}
	data := render(t, publish.PDF, entries, publish.Options{Title: seedTitle, Letter: letter, AnnexTitle: "Signatories"})
	want := append(append(slices.Clone(letter), "Signatories"), publish.Lines(entries, language.English)...)
	checkPDF(t, data, seedTitle, want)
}

func letterDocument() publish.LetterDocument {
	return publish.LetterDocument{
		Letterhead: "International Coalition for the Responsibility to Protect", Date: "New York, 20 July 2009",
		Recipient:  []string{"H.E. Ms. Ana Example", "Permanent Mission of Ghana to the United Nations"},
		Salutation: "Excellency,", Title: seedTitle,
		Paragraphs: []string{"As civil society organizations, we are writing to you.", "Civil society groups expect your support."},
		AsksIntro:  "Our requests to your Government:",
		Asks:       []publish.LetterAsk{{Label: "Reaffirm support", Description: "At the debate."}, {Label: "Speak"}},
		Closing:    "Sincerely,", Signature: []string{"The Coalition"},
		AnnexTitle: "Annex: the 45 signatory organizations", AnnexNote: "A further 3 organizations signed without being named.",
		Created: time.Date(2009, 7, 20, 0, 0, 0, 0, time.UTC),
	}
}

func TestLetterPDF(t *testing.T) {
	entries := seedEntries(t)
	var first, again bytes.Buffer
	if err := publish.LetterPDF(&first, letterDocument(), entries, language.English); err != nil {
		t.Fatal(err)
	}
	if err := publish.LetterPDF(&again, letterDocument(), entries, language.English); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first.Bytes(), again.Bytes()) {
		t.Error("the same letter gives two different PDFs")
	}
	doc := letterDocument()
	body, _ := splitPDFText(pdfText(t, first.Bytes()))
	want := slices.Concat([]string{doc.Letterhead, doc.Date}, doc.Recipient, []string{doc.Salutation, doc.Title}, doc.Paragraphs,
		[]string{doc.AsksIntro, "• Reaffirm support", "At the debate.", "• Speak", doc.Closing}, doc.Signature, []string{doc.AnnexTitle},
		publish.Lines(entries, language.English), []string{doc.AnnexNote})
	if got := words(body); got != words(strings.Join(want, " ")) {
		t.Errorf("the letter's text:\n%s\nwant:\n%s", got, words(strings.Join(want, " ")))
	}
}

func TestLetterPDFErrors(t *testing.T) {
	arabic := letterDocument()
	arabic.Paragraphs = append(arabic.Paragraphs, "نكتب إليكم")
	gif := letterDocument()
	gif.Logo = []byte("GIF89a\x01\x00\x01\x00")
	tests := []struct {
		name string
		doc  publish.LetterDocument
		is   error
		want string
	}{
		{"Arabic paragraph", arabic, publish.ErrScriptNotSupported, `export: PDF cannot show U+0646 'ن' (Arabic) in "نكتب إليكم": script not supported in PDF`},
		{"GIF logo", gif, publish.ErrImage, "export: logo: image not supported in PDF: not a PNG or JPEG file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := publish.LetterPDF(&buf, tt.doc, seedEntries(t), language.English)
			if !errors.Is(err, tt.is) || err.Error() != tt.want {
				t.Errorf("LetterPDF error = %v, want %s", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("LetterPDF wrote %d bytes before failing", buf.Len())
			}
		})
	}
	if err := publish.CheckImage([]byte("\x89PNG\r\n\x1a\n")); !errors.Is(err, publish.ErrImage) {
		t.Errorf("CheckImage of a truncated PNG: %v", err)
	}
}
