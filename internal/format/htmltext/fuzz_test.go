package htmltext_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/format/htmltext"
)

// FuzzText checks that Text never panics, gives valid UTF-8, and leaves
// out all of a script: one before the input changes nothing, and an input
// inside a script that it does not close gives no text.
func FuzzText(f *testing.F) {
	for _, c := range textCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, page string) {
		text := htmltext.Text(page)
		if !utf8.ValidString(text) {
			t.Fatalf("Text(%q) = %q, not UTF-8", page, text)
		}
		if got := htmltext.Text("<script>document.write('x')</script>" + page); got != text {
			t.Fatalf("Text(%q) = %q, but %q after a script", page, text, got)
		}
		if strings.Contains(strings.ToLower(page), "</script") {
			return
		}
		if got := htmltext.Text("<p>Seen</p><SCRIPT type=text/javascript>" + page); got != "Seen" {
			t.Fatalf("Text(%q) in an unclosed script = %q", page, got)
		}
	})
}

func FuzzMainText(f *testing.F) {
	f.Add("<p>a<br>b</p><script>c</script>")
	f.Fuzz(func(t *testing.T, page string) {
		text, err := htmltext.MainText([]byte(page))
		if err == nil && text == "" {
			t.Errorf("no error and no text for %q", page)
		}
	})
}
