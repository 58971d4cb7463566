package htmltext_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/r2p-coalition/r2p/internal/format/htmltext"
)

// textCases are inputs of Text with the exact text expected; FuzzText
// starts from them.
var textCases = []struct{ name, in, want string }{
	{"nested list", "<ul><li>One<ul><li>One.a</li><li>One.b</li></ul></li><li>Two</li></ul>",
		"One\nOne.a\n\nOne.b\n\nTwo"},
	{"indented list", "<ol>\n  <li>First</li>\n  <li>Second\n    <ol><li>Inner</li></ol>\n  </li>\n</ol>",
		"First\n\nSecond\n\nInner"},
	// Cells are not separated: only the source's own spaces part them.
	{"table", "<table><tr><th>State</th><th>Vote</th></tr><tr><td>Ghana</td><td>Yes</td></tr></table>After",
		"StateVote\nGhanaYes\n\nAfter"},
	{"table on lines", "<table>\n<tr>\n<td>Ghana</td>\n<td>Yes</td>\n</tr>\n<tr><td>Peru</td> <td>No</td></tr>\n</table>",
		"Ghana\nYes\n\nPeru No"},
	{"br", "Line one<br>Line two<br/>Line three<BR />end", "Line one\nLine two\nLine three\nend"},
	{"many br", "a<br><br><br><br>b", "a\n\nb"},
	{"entities", "Mr.&nbsp;President,&nbsp;&nbsp; 5&nbsp;&lt;&nbsp;6 &amp; &quot;R2P&quot; &eacute;t&#233; &#x1F600; &bogus; &amp",
		"Mr. President, 5 < 6 & \"R2P\" été 😀 &bogus; &"},
	{"entity markup", "&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"},
	{"spaces", "  a \t\u00a0 b  \r\n\n\n\n  c\u2003 ", "a b\n\nc"},
	{"script and style", "<style>p{color:red}</style>Hello<script>if (a<b) alert('x')</script> world<script type=module>x</script>",
		"Hello world"},
	{"script in textarea", "<textarea><script>alert(1)</script>typed</textarea>", "typed"},
	{"unclosed script", "<p>a</p><script>never closed <p>text", "a"},
	{"comments and doctype", "<!DOCTYPE html><title>T</title>Hi<!-- hidden <p>x</p> -->there<?xml x?>", "Hi there"},
	{"document", "<html><head><meta charset=utf-8><title>Subject</title><style>p{}</style></head>" +
		"<body><p>Hello</p></body></html>", "Hello"},
	{"head not closed", "<html><head><meta charset=utf-8><title>Subject</title><body>Hello", "Hello"},
	{"headings", "<h1>Title</h1>text<h2>Sub</h2><blockquote>q</blockquote>after<hr>rule", "Title\ntextSub\nq\nafter\nrule"},
	{"misnested", "<p>Open <b>bold <i>both</b> italic</i> <p>second <div>third", "Open bold both italic\nsecond\nthird"},
	{"stray end tags", "Thanks</div></p></li> for<br>the letter</table>", "Thanks\n\nfor\nthe letter"},
	{"not tags", "a < b and c > d, <3, <>", "a < b and c > d, <3, <>"},
	{"quote in attribute", `<a title="1 > 0">link</a>`, "link"},
	{"unclosed tag", `Text before <a href="x`, "Text before"},
	{"unclosed div", "Text before <div", "Text before"},
	{"invalid UTF-8", "x\xffy", "x\uFFFDy"},
	{"empty", "", ""},
}

func TestText(t *testing.T) {
	for _, c := range textCases {
		if got := htmltext.Text(c.in); got != c.want {
			t.Errorf("%s: Text(%q) = %q, want %q", c.name, c.in, got, c.want)
		}
	}
}

func TestTextLarge(t *testing.T) {
	const mb = 1 << 20
	paragraphs := strings.Repeat("<p>R2P &amp; you</p>\n", mb/21)
	for _, c := range []struct{ name, in, want string }{
		{"paragraphs", paragraphs, strings.TrimSuffix(strings.Repeat("R2P & you\n\n", mb/21), "\n\n")},
		{"one line", strings.Repeat("word ", mb/5), strings.TrimSpace(strings.Repeat("word ", mb/5))},
		{"nested", strings.Repeat("<b>", mb/3) + "x", "x"},
		{"heads", strings.Repeat("<head>", mb/6) + "x", "x"},
		{"script", "a<script>" + strings.Repeat("<p>x", mb/4), "a"},
	} {
		if got := htmltext.Text(c.in); got != c.want {
			t.Errorf("%s: Text of %d bytes = %d bytes %.40q, want %d bytes %.40q", c.name, len(c.in), len(got), got, len(c.want), c.want)
		}
	}
}

func TestTextUntil(t *testing.T) {
	atQuote := func(tk html.Token) bool { return tk.Data == "blockquote" }
	byClass := func(tk html.Token) bool {
		for _, a := range tk.Attr {
			if a.Key == "class" && a.Val == "quote" {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		in   string
		stop func(html.Token) bool
		want string
	}{
		{"<p>Yes</p><blockquote>quoted</blockquote>", atQuote, "Yes"},
		{"<p>Yes</p><blockquote>quoted</blockquote>", nil, "Yes\nquoted"},
		{"<script><blockquote></script>Yes<br>sir<blockquote>no", atQuote, "Yes\nsir"},
		{"<!-- <blockquote> -->Yes<blockquote>no", atQuote, "Yes"},
		{"<div class=x>Yes</div><div class='quote'>no</div>", byClass, "Yes"},
		{"<p>Yes</p>", atQuote, "Yes"},
	} {
		if got := htmltext.TextUntil(c.in, c.stop); got != c.want {
			t.Errorf("TextUntil(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
