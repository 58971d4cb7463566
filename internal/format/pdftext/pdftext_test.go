package pdftext_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"

	"github.com/r2p-coalition/r2p/internal/format/pdftext"
)

// needPdftotext skips a test when pdftotext is missing, loudly, and fails
// it in CI, where the test command installs poppler-utils.
func needPdftotext(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath(pdftext.Program); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("pdftotext is not installed in CI: install poppler-utils (%v)", err)
		}
		t.Skipf("SKIPPED: pdftotext is not installed (install poppler-utils): %v", err)
	}
}

// placed is a string drawn at x, y millimetres from the top left.
type placed struct {
	x, y float64
	s    string
}

// makePDF draws pages of placed strings in a core font, so that the test
// controls every position.
func makePDF(t *testing.T, pages [][]placed, protect bool) []byte {
	t.Helper()
	pdf := fpdf.New("P", "mm", "A4", "")
	if protect {
		pdf.SetProtection(0, "secret", "owner")
	}
	pdf.SetFont("Times", "", 11)
	for _, p := range pages {
		pdf.AddPage()
		for _, w := range p {
			pdf.Text(w.x, w.y, w.s)
		}
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestExtractParagraphs(t *testing.T) {
	needPdftotext(t)
	// Two columns; the left one is a heading line, an indented paragraph
	// start, a continuation and a second indented paragraph; the page
	// ends mid-paragraph in the right column, and the next page carries
	// on without an indent.
	page1 := []placed{
		{20, 20, "A/64/PV.121"},
		{28, 40, "The President (spoke in Arabic): Members"},
		{20, 45, "will recall the high-"},
		{20, 50, "level meeting."},
		{28, 57, "It was so decided."},
		{28, 64, "Mr. Alsaidi (Yemen): Since this"},
		{20, 69, "is the last meeting, I thank"},
		{20, 74, "you all."},
		{108, 40, "     "}, // blank words are dropped
		{116, 40, "A second column paragraph"},
		{108, 45, "that runs on and on and on"},
		{108, 50, "and on, to the next"},
		{108, 55, "column line here"},
		{108, 60, "and then to the"},
	}
	page2 := []placed{
		{20, 40, "next page, where it ends."},
		{28, 47, "New paragraph."},
		{20, 52, "Its second line."},
		{20, 57, "Its third line."},
	}
	pdf := makePDF(t, [][]placed{page1, page2}, false)
	pages, err := pdftext.Extract(context.Background(), bytes.NewReader(pdf))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"A/64/PV.121\n" +
			"\nThe President (spoke in Arabic): Members\nwill recall the high-\nlevel meeting.\n" +
			"\nIt was so decided.\n" +
			"\nMr. Alsaidi (Yemen): Since this\nis the last meeting, I thank\nyou all.\n" +
			"\nA second column paragraph\nthat runs on and on and on\nand on, to the next\ncolumn line here\nand then to the",
		"next page, where it ends.\n\nNew paragraph.\nIts second line.\nIts third line.",
	}
	if len(pages) != len(want) {
		t.Fatalf("got %d pages, want %d: %q", len(pages), len(want), pages)
	}
	for i := range want {
		if pages[i] != want[i] {
			t.Errorf("page %d:\n got %q\nwant %q", i+1, pages[i], want[i])
		}
	}
}

func TestExtractQuotationIsOneParagraph(t *testing.T) {
	needPdftotext(t)
	page := []placed{
		{28, 40, "He said as follows:"},
		{20, 45, "and we quote:"},
		{36, 52, "\"the first line of a quotation"},
		{28, 57, "and its second line"},
		{28, 62, "and its third.\""},
		{28, 69, "A new paragraph."},
	}
	pages, err := pdftext.Extract(context.Background(), bytes.NewReader(makePDF(t, [][]placed{page}, false)))
	if err != nil {
		t.Fatal(err)
	}
	want := "\nHe said as follows:\nand we quote:\n" +
		"\n\"the first line of a quotation\nand its second line\nand its third.\"\n" +
		"\nA new paragraph."
	if len(pages) != 1 || pages[0] != want {
		t.Errorf("got %q\nwant %q", pages, want)
	}
}

func TestExtractErrors(t *testing.T) {
	needPdftotext(t)
	imageOnly := fpdf.New("P", "mm", "A4", "")
	imageOnly.AddPage()
	imageOnly.Rect(20, 20, 100, 50, "F")
	var scan bytes.Buffer
	if err := imageOnly.Output(&scan); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		in   []byte
		want error
		msg  string
	}{
		{"scan", scan.Bytes(), pdftext.ErrNoText, "PDF has no text layer (scanned?); OCR it first"},
		{"text file", []byte("Mr. Alsaidi (Yemen): hello\n"), pdftext.ErrNotPDF, "not a PDF file (no %PDF- header)"},
		{"empty", nil, pdftext.ErrNotPDF, "not a PDF file (no %PDF- header)"},
		{"password", makePDF(t, [][]placed{{{20, 20, "secret words"}}}, true), pdftext.ErrEncrypted, "PDF is encrypted with a password"},
	} {
		_, err := pdftext.Extract(context.Background(), bytes.NewReader(tc.in))
		if !errors.Is(err, tc.want) || err.Error() != tc.msg {
			t.Errorf("%s: err = %v, want %q", tc.name, err, tc.msg)
		}
	}
	_, err := pdftext.Extract(context.Background(), strings.NewReader("%PDF-1.4\nthis is not really a PDF\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "pdftotext failed (exit status 1): ") {
		t.Errorf("damaged PDF: err = %v, want pdftotext's complaint", err)
	}
}

func TestExtractFileNamesTheFile(t *testing.T) {
	needPdftotext(t)
	path := filepath.Join(t.TempDir(), "notes.pdf")
	if err := os.WriteFile(path, []byte("plain text"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := pdftext.ExtractFile(context.Background(), path)
	if want := path + ": not a PDF file (no %PDF- header)"; err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
	if _, err := pdftext.ExtractFile(context.Background(), filepath.Join(t.TempDir(), "missing.pdf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: err = %v, want not exist", err)
	}
}

func TestExtractWithoutPdftotext(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := pdftext.Extract(context.Background(), strings.NewReader("%PDF-1.4"))
	if !errors.Is(err, pdftext.ErrNoPdftotext) || !strings.Contains(err.Error(), "install poppler-utils") {
		t.Errorf("err = %v, want ErrNoPdftotext naming poppler-utils", err)
	}
}

func TestExtractCanceled(t *testing.T) {
	needPdftotext(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := pdftext.Extract(ctx, bytes.NewReader(makePDF(t, [][]placed{{{20, 20, "words"}}}, false)))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// sharedRecord returns the path of a UN record in shared/verbatim, beside
// the repository. It skips the test, loudly, when the file is absent: the
// records are not part of the repository.
func sharedRecord(t *testing.T, name string) string {
	t.Helper()
	path := filepath.Join("..", "..", "..", "..", "shared", "verbatim", name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("SKIPPED: %s is not here (shared/ lies beside the repository in CI): %v", path, err)
	}
	return path
}

// TestExtractRecordReadingOrder checks the page of A/64/PV.121 that
// pdftotext's default mode interleaves, and a hyphen that it drops.
func TestExtractRecordReadingOrder(t *testing.T) {
	needPdftotext(t)
	pages, err := pdftext.ExtractFile(context.Background(), sharedRecord(t, "ga_64_PV_121.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	if len(pages) != 8 {
		t.Fatalf("%d pages, want 8", len(pages))
	}
	p7 := pages[6]
	in := func(s string) int {
		i := strings.Index(p7, s)
		if i < 0 {
			t.Fatalf("page 7 lacks %q:\n%s", s, p7)
		}
		return i
	}
	order := []int{
		in("\nAgenda item 53 (continued)\nSustainable development"),
		in("decision A/64/L.70, entitled “Modalities for the high-\nlevel meeting"),
		in("\nAgenda item 118 (continued)"),
		in("\nMay I take it that it is the wish of the Assembly\nto conclude its consideration of agenda item 118?"),
		in("\nAgenda item 119 (continued)"),
	}
	for i := 1; i < len(order); i++ {
		if order[i] <= order[i-1] {
			t.Errorf("page 7 out of reading order at step %d:\n%s", i, p7)
		}
	}
}
