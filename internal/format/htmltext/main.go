package htmltext

import (
	"bytes"
	"errors"
	"strings"

	"golang.org/x/net/html"
)

// notText reports whether n is an element whose content is not the page's
// text: scripts, navigation, headers, footers, forms and hidden elements.
func notText(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	switch n.Data {
	case "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
		"form", "button", "select", "iframe", "svg":
		return true
	}
	return hasAttr(n, "hidden", func(string) bool { return true }) ||
		hasAttr(n, "aria-hidden", func(v string) bool { return v == "true" })
}

// mainCandidates find where a page keeps its main text, best first: main,
// [role=main], article, #content, .content and body.
var mainCandidates = []func(*html.Node) bool{
	isElement("main"),
	func(n *html.Node) bool { return hasAttr(n, "role", func(v string) bool { return v == "main" }) },
	isElement("article"),
	func(n *html.Node) bool { return hasAttr(n, "id", func(v string) bool { return v == "content" }) },
	func(n *html.Node) bool { return hasAttr(n, "class", hasWord("content")) },
	isElement("body"),
}

// blocks are the elements that start a new line.
var blocks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true,
	"table": true, "tr": true, "dt": true, "dd": true, "figcaption": true, "address": true, "hr": true,
}

// ErrNoText says that a page has no main text, such as a page that is all
// menus.
var ErrNoText = errors.New("the page has no text")

// MainText is the main text of an HTML page, for a statement saved from a
// website: the content of its main, article or body element without
// navigation, headers, footers, scripts and forms; one line per paragraph,
// heading or list item, paragraphs separated by an empty line. It fails
// with ErrNoText when there is none, and with the parser's error when the
// page nests more elements than a browser would.
//
// The first main element is taken, else the first element with
// role="main", and so on down mainCandidates, as long as it holds text.
func MainText(data []byte) (string, error) {
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	prune(doc)
	root := mainElement(doc)
	if root == nil {
		return "", ErrNoText
	}
	var b strings.Builder
	writeText(&b, root)
	var lines []string
	for _, paragraph := range strings.Split(b.String(), "\n\n") {
		var inner []string
		for _, l := range strings.Split(paragraph, "\n") {
			inner = append(inner, strings.Join(strings.Fields(l), " "))
		}
		if p := strings.Trim(strings.Join(inner, "\n"), "\n"); p != "" {
			lines = append(lines, p)
		}
	}
	return strings.Join(lines, "\n\n"), nil
}

// prune removes the elements that are not text from the tree under n.
func prune(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		if notText(c) {
			n.RemoveChild(c)
		} else {
			prune(c)
		}
		c = next
	}
}

// mainElement is the first element below doc that the best matching
// candidate finds and that holds text, or nil.
func mainElement(doc *html.Node) *html.Node {
	for _, match := range mainCandidates {
		if n := first(doc, match); n != nil && strings.TrimSpace(allText(n)) != "" {
			return n
		}
	}
	return nil
}

// first is the first node below n, in document order, that match finds.
func first(n *html.Node, match func(*html.Node) bool) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if match(c) {
			return c
		}
		if f := first(c, match); f != nil {
			return f
		}
	}
	return nil
}

// allText is the content of all the text nodes under n, as it is.
func allText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

func isElement(name string) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == name }
}

// hasAttr reports whether the element n has an attribute key whose value
// ok accepts.
func hasAttr(n *html.Node, key string, ok func(string) bool) bool {
	if n.Type != html.ElementNode {
		return false
	}
	for _, a := range n.Attr {
		if a.Key == key && ok(a.Val) {
			return true
		}
	}
	return false
}

// hasWord accepts a space-separated list that holds word, as the class
// attribute is.
func hasWord(word string) func(string) bool {
	return func(v string) bool {
		for w := range strings.FieldsFuncSeq(v, func(r rune) bool { return strings.ContainsRune(" \t\r\n\f", r) }) {
			if w == word {
				return true
			}
		}
		return false
	}
}

func writeText(b *strings.Builder, n *html.Node) {
	switch n.Type {
	case html.TextNode:
		// Line breaks in the source are spaces; MainText collapses them.
		b.WriteString(strings.Map(func(r rune) rune {
			if r == '\n' || r == '\r' || r == '\t' || r == '\f' {
				return ' '
			}
			return r
		}, n.Data))
		return
	case html.ElementNode:
		if n.Data == "br" {
			b.WriteString("\n")
			return
		}
	}
	block := n.Type == html.ElementNode && blocks[n.Data]
	if block {
		b.WriteString("\n\n")
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		writeText(b, c)
	}
	if block {
		b.WriteString("\n\n")
	}
}
