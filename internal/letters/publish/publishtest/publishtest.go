// Package publishtest helps tests read the text of the PDFs that publish
// writes.
package publishtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// PDFText is what pdftotext (poppler-utils, which scripts/test.sh
// installs) reads in pdf, with its args, in UTF-8. Without pdftotext the
// test fails in CI and is skipped elsewhere.
func PDFText(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	tool, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("pdftotext is not installed (apt-get install poppler-utils; scripts/test.sh does it)")
		}
		t.Skip("SKIPPED: the PDF's text is not checked because pdftotext is not installed (apt-get install poppler-utils)")
	}
	path := filepath.Join(t.TempDir(), "document.pdf")
	if err := os.WriteFile(path, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tool, append(append([]string{"-enc", "UTF-8"}, args...), path, "-")...).Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// Logical undoes, in pdftotext's output, what the PDF does to Arabic: the
// presentation forms it draws become the letters they stand for, and the
// embedding marks that pdftotext puts around right-to-left text go.
func Logical(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '\u202A' && r <= '\u202E' {
			return -1
		}
		return r
	}, presentationForms.Replace(s))
}

// presentationForms replaces each Arabic presentation form by the letters
// it stands for (its compatibility decomposition, composed).
var presentationForms = func() *strings.Replacer {
	var pairs []string
	for r := rune(0xFB50); r <= 0xFEFC; r++ {
		if (r <= 0xFDFF || r >= 0xFE70) && unicode.Is(unicode.Arabic, r) {
			pairs = append(pairs, string(r), norm.NFKC.String(string(r)))
		}
	}
	return strings.NewReplacer(pairs...)
}()

// Words is s with every run of white space made one space, so that a line
// that the PDF wraps still matches, and with no space beside right-to-left
// text, which pdftotext drops there when it puts the text back in logical
// order.
func Words(s string) string {
	rs := []rune(strings.Join(strings.Fields(s), " "))
	var out []rune
	for i, r := range rs {
		if r == ' ' && (rightToLeft(rs, i-1) || rightToLeft(rs, i+1)) {
			continue
		}
		out = append(out, r)
	}
	return string(out)
}

func rightToLeft(rs []rune, i int) bool {
	return i >= 0 && i < len(rs) && unicode.In(rs[i], unicode.Arabic, unicode.Hebrew)
}
