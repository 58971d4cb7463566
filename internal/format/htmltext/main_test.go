package htmltext_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/format/htmltext"
)

func TestMainText(t *testing.T) {
	page := `<html><body><nav>Menu</nav><div id="content"><h1>Statement by
		Ghana</h1><p>Mr.&nbsp;President, <em>we</em> welcome<br>the report.</p><script>x()</script><p hidden>secret</p></div>
		<footer>Footer</footer></body></html>`
	got, err := htmltext.MainText([]byte(page))
	want := "Statement by Ghana\n\nMr. President, we welcome\nthe report."
	if err != nil || got != want {
		t.Errorf("MainText = %q, %v; want %q", got, err, want)
	}
	if _, err := htmltext.MainText([]byte("<html><body><nav>Only a menu</nav></body></html>")); err == nil {
		t.Error("a page without text was accepted")
	}
}

func TestMainTextCases(t *testing.T) {
	const mb = 1 << 20
	for _, c := range []struct{ name, in, want string }{
		{"main and nested list", `<html><body><nav>Menu</nav><main><h1>Statement</h1><ul><li>One<ul><li>One.a</li></ul></li>` +
			`<li>Two</li></ul><p>Mr.&nbsp;President,<br>thank you.</p></main><footer>F</footer></body></html>`,
			"Statement\n\nOne\n\nOne.a\n\nTwo\n\nMr. President,\nthank you."},
		{"empty main", `<body><main> &nbsp; </main><div role="main"><p>Role</p></div></body>`, "Role"},
		{"class word", `<body><div class="page-contents">No</div><div class="x content">Class</div></body>`, "Class"},
		{"table", `<body><div id="content"><table><tr><td>Ghana</td><td>Yes</td></tr><tr><td>Peru</td><td>No</td></tr></table></div>`,
			"GhanaYes\n\nPeruNo"},
		{"hidden", `<article><p hidden>secret</p><p aria-hidden="true">also</p><p aria-hidden="false">shown</p>` +
			`<form>f</form><svg><text>s</text></svg><script>x</script><style>y</style></article>`, "shown"},
		{"article before body", `<body><p>Around</p><article>Inside</article></body>`, "Inside"},
		{"unclosed tags", `<body><p>Open <b>bold<p>next`, "Open bold\n\nnext"},
		{"large", strings.Repeat("<p>R2P &amp; you</p>\n", mb/21), strings.TrimSuffix(strings.Repeat("R2P & you\n\n", mb/21), "\n\n")},
	} {
		if got, err := htmltext.MainText([]byte(c.in)); err != nil || got != c.want {
			t.Errorf("%s: MainText = %.60q, %v; want %.60q", c.name, got, err, c.want)
		}
	}
	for _, page := range []string{"", "<html><body><nav>Only a menu</nav></body></html>", "<main><p hidden>x</p></main>"} {
		if got, err := htmltext.MainText([]byte(page)); !errors.Is(err, htmltext.ErrNoText) {
			t.Errorf("MainText(%q) = %q, %v; want ErrNoText", page, got, err)
		}
	}
	// The parser refuses what no browser would nest.
	deep := strings.Repeat("<div>", mb/5) + "deep"
	if got, err := htmltext.MainText([]byte(deep)); err == nil || errors.Is(err, htmltext.ErrNoText) {
		t.Errorf("MainText(%d nested divs) = %q, %v; want the parser's error", mb/5, got, err)
	}
}
