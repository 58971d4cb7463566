// Package htmltext reads the text of HTML: the whole text of a document,
// as mail triage needs for a reply or bounce sent only as HTML, and the
// main text of a web page without its menus, headers and scripts, as the
// statement importer needs for a statement saved from a government's site.
// Both read with golang.org/x/net/html (its tokenizer for the one, its
// parser for the other), so tags, comments, entities and broken markup are
// read as HTML defines them rather than guessed at by patterns.
package htmltext

import (
	"html"
	"strings"

	xhtml "golang.org/x/net/html"
)

// Text is the whole text of an HTML document, for reading a message sent
// only as HTML: the content of head, title, script and style and the
// comments are left out; p, div and li, the end of a heading, table row,
// table or blockquote, br and hr start a new line (table cells are parted
// only by the spaces between them in the source); entities are decoded;
// runs of spaces, tabs and no-break spaces become one space, lines are
// trimmed and at most one empty line is kept between two lines of text.
// Text never fails: broken markup gives what the tokenizer makes of it,
// and a tag cut off by the end of s is left out.
func Text(s string) string {
	return TextUntil(s, nil)
}

// TextUntil is Text of the part of s before the first start tag for which
// stop reports true, such as where a mail client starts the quoted message
// in a reply. A nil stop reads all of s.
func TextUntil(s string, stop func(xhtml.Token) bool) string {
	z := xhtml.NewTokenizer(strings.NewReader(strings.ToValidUTF8(s, "\uFFFD")))
	w := textWriter{z: z, stop: stop}
	for w.next() {
	}
	return tidy(html.UnescapeString(w.b.String()))
}

// dropped are the elements whose content is not text. The tokenizer reads
// their content as raw text, up to their end tag.
var dropped = map[string]bool{"script": true, "style": true, "title": true}

// inHead are the elements a document's head holds; any other start tag,
// like text that is not all spaces, ends a head whose end tag is missing.
var inHead = map[string]bool{
	"base": true, "basefont": true, "bgsound": true, "link": true, "meta": true,
	"noscript": true, "template": true, "script": true, "style": true, "title": true,
}

// breakBefore and breakAfter are the start and end tags that begin a new line.
var (
	breakBefore = map[string]bool{"br": true, "p": true, "div": true, "li": true, "hr": true}
	breakAfter  = map[string]bool{
		"p": true, "div": true, "tr": true, "li": true, "blockquote": true, "table": true,
		"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	}
)

// textWriter gathers the text of a document token by token, its entities
// still encoded.
type textWriter struct {
	z    *xhtml.Tokenizer
	stop func(xhtml.Token) bool
	b    strings.Builder
	raw  string // the dropped element whose raw content is being read
	head bool   // inside the head
}

// next reads one token and reports whether there are more.
func (w *textWriter) next() bool {
	switch w.z.Next() {
	case xhtml.ErrorToken:
		return false
	case xhtml.TextToken:
		w.text(w.z.Raw())
	case xhtml.CommentToken:
		// The tokenizer also calls <!x> and <?x> comments: those are markup.
		if w.raw == "" && !w.head && strings.HasPrefix(string(w.z.Raw()), "<!--") {
			w.b.WriteByte(' ')
		}
	case xhtml.StartTagToken, xhtml.SelfClosingTagToken:
		return w.startTag()
	case xhtml.EndTagToken:
		w.endTag()
	}
	return true
}

func (w *textWriter) text(raw []byte) {
	if w.raw != "" {
		return
	}
	if w.head {
		if strings.TrimSpace(string(raw)) == "" {
			return
		}
		w.head = false
	}
	w.b.Write(raw)
}

// startTag handles a start tag and reports whether to read on.
func (w *textWriter) startTag() bool {
	if w.raw != "" {
		return true
	}
	tag, stop := w.tagName()
	if stop {
		return false
	}
	if w.head && !inHead[tag] {
		w.head = false
	}
	switch {
	case dropped[tag]:
		if !w.head {
			w.b.WriteByte(' ')
		}
		w.raw = tag
		return true
	case tag == "head":
		if !w.head {
			w.b.WriteByte(' ')
		}
		w.head = true
	case breakBefore[tag]:
		w.b.WriteByte('\n')
	}
	// The content of textarea, xmp, noscript and the like is markup here,
	// so that a script in it is left out too.
	w.z.NextIsNotRawText()
	return true
}

// tagName is the name of the current start tag and whether to stop at it.
func (w *textWriter) tagName() (string, bool) {
	if w.stop == nil {
		name, _ := w.z.TagName()
		return string(name), false
	}
	// Token reads the attributes, after which TagName has nothing to say.
	t := w.z.Token()
	return t.Data, w.stop(t)
}

func (w *textWriter) endTag() {
	name, _ := w.z.TagName()
	tag := string(name)
	switch {
	case w.raw != "":
		if tag == w.raw {
			w.raw = ""
		}
	case w.head:
		w.head = tag != "head"
	case breakAfter[tag]:
		w.b.WriteByte('\n')
	}
}

// tidy collapses the spaces of each line of s, trims the lines and keeps
// at most one empty line between two lines of text.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(collapseSpaces(l))
	}
	return strings.TrimSpace(squeezeEmptyLines(strings.Join(lines, "\n")))
}

// collapseSpaces makes each run of spaces, tabs and no-break spaces in s
// one space.
func collapseSpaces(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if r == ' ' || r == '\t' || r == '\u00a0' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// squeezeEmptyLines makes each run of more than two newlines in s two.
func squeezeEmptyLines(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	run := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			run++
			if run > 2 {
				continue
			}
		} else {
			run = 0
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
