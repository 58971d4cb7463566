package publish_test

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/letters/publish/publishtest"
)

// pdfText is the text of a PDF, made logical (publishtest.Logical).
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	return publishtest.Logical(publishtest.PDFText(t, pdf))
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

// words is publishtest.Words.
func words(s string) string { return publishtest.Words(s) }

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

// The list shows Arabic, Chinese and mixed names in their own letters, a
// title in Chinese, and a name in a script no font has with a placeholder:
// none of them stops the PDF.
func TestPDFShowsEveryUNScript(t *testing.T) {
	entries := append(seedEntries(t),
		orglist.Entry{Name: "مركز القاهرة لدراسات حقوق الإنسان", Acronym: "CIHRS", Countries: []string{"EGY"}},
		orglist.Entry{Name: "中国国际民间组织合作促进会", Acronym: "CANGO", Countries: []string{"CHN"}},
		orglist.Entry{Name: "منظمة Org", Countries: []string{"EGY"}},
		orglist.Entry{Name: "בצלם"},
		memorial)
	title := "公开信：保护的责任"
	data := render(t, publish.PDF, entries, publish.Options{Title: title})
	checkPDF(t, data, title, publish.Lines(entries, language.English))
}

func TestPDFDrawsAPlaceholderForAScriptNoFontHas(t *testing.T) {
	entries := []orglist.Entry{
		{Name: "Tibetan Centre for Human Rights and Democracy བོད་", Acronym: "TCHRD", Countries: []string{"IND"}},
		{Name: "한국 NGO"},
		{Name: "Act for Peace", Countries: []string{"AUS"}},
	}
	data := render(t, publish.PDF, entries, publish.Options{Title: "Signatories"})
	checkPDF(t, data, "Signatories", []string{"Act for Peace (Australia)", "Tibetan Centre for Human Rights and Democracy \uFFFD - TCHRD (India)", "\uFFFD NGO"})
	got := publish.UndrawnEntries(entries, language.English)
	if len(got) != 2 || got[0].Text != "Tibetan Centre for Human Rights and Democracy བོད་ - TCHRD (India)" ||
		got[1].Text != "한국 NGO" || got[0].Scripts[0] != "Tibetan" || got[1].Scripts[0] != "Hangul" {
		t.Errorf("UndrawnEntries = %+v", got)
	}
}

// The words of a line as pdftotext -bbox finds them, left to right.
type pdfWord struct {
	xMin, xMax float64
	text       string
}

var bboxWord = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`)

// pdfWords are the words of the PDF's first page that pdftotext -bbox
// finds, left to right as drawn, by their text in logical order (see
// publishtest.Logical).
func pdfWords(t *testing.T, pdf []byte) map[string]pdfWord {
	t.Helper()
	out := publishtest.PDFText(t, pdf, "-bbox", "-l", "1")
	words := map[string]pdfWord{}
	for _, m := range bboxWord.FindAllStringSubmatch(out, -1) {
		var w pdfWord
		fmt.Sscan(m[1], &w.xMin)
		fmt.Sscan(m[2], &w.xMax)
		w.text = m[3]
		if strings.ContainsFunc(w.text, func(r rune) bool { return unicode.Is(unicode.Arabic, r) }) {
			rs := []rune(w.text) // the glyphs of a right-to-left word, as drawn
			slices.Reverse(rs)
			w.text = string(rs)
		}
		w.text = publishtest.Logical(w.text)
		words[w.text] = w
	}
	return words
}

// An Arabic name is set right to left, and in an Arabic document every
// line is: the Arabic word of "منظمة Org" is left of "Org" in an English
// list, right of it in an Arabic one, against the right margin.
func TestPDFRightToLeft(t *testing.T) {
	entries := []orglist.Entry{{Name: "منظمة Org", Countries: []string{"EGY"}}}
	english := pdfWords(t, render(t, publish.PDF, entries, publish.Options{}))
	if a, o := english["منظمة"], english["Org"]; a.text == "" || o.text == "" || a.xMax > o.xMin || a.xMin > 57.0 {
		t.Errorf("English list: منظمة at %+v, Org at %+v; want the Arabic first, at the left margin (56.7 pt)", a, o)
	}
	arabic := pdfWords(t, render(t, publish.PDF, entries, publish.Options{Lang: language.Arabic}))
	if a, o := arabic["منظمة"], arabic["Org"]; a.text == "" || o.text == "" || a.xMin < o.xMax || a.xMax < 537 {
		t.Errorf("Arabic list: منظمة at %+v, Org at %+v; want the Arabic last, at the right margin (538.6 pt)", a, o)
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
	gif := letterDocument()
	gif.Logo = []byte("GIF89a\x01\x00\x01\x00")
	tests := []struct {
		name string
		doc  publish.LetterDocument
		is   error
		want string
	}{
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

// No name, title or paragraph stops a PDF, whatever its script: the bug
// of issue 13 was one name blocking everyone's document.
func FuzzPDFText(f *testing.F) {
	f.Add("منظمة Org", "公开信", "نكتب إليكم (Government) 2009.", false)
	f.Add("བོད་ 😀 한국", "\u202E\uFFFF\U0010FFFF", "\x00\xff\u0300", true)
	f.Add(strings.Repeat("中", 400), strings.Repeat("لا", 300), strings.Repeat("w ", 2000), false)
	f.Fuzz(func(t *testing.T, name, title, paragraph string, arabic bool) {
		opt := publish.Options{Title: title, Letter: []string{paragraph}, AnnexTitle: title}
		if arabic {
			opt.Lang = language.Arabic
		}
		var buf bytes.Buffer
		if err := publish.PDF(&buf, []orglist.Entry{{Name: name, Acronym: title}}, opt); err != nil {
			t.Fatalf("PDF of %q, %q, %q: %v", name, title, paragraph, err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("PDF of %q, %q, %q: no PDF", name, title, paragraph)
		}
	})
}
