package statementfile

import (
	"bytes"
	"errors"
	"strings"

	"github.com/PuerkitoBio/goquery"
	"golang.org/x/net/html"
)

// notText are the elements whose content is not the page's text.
const notText = "script, style, noscript, template, nav, header, footer, aside, form, button, select, iframe, svg, [hidden], [aria-hidden=true]"

// mainCandidates are where a page keeps its main text, best first.
var mainCandidates = []string{"main", "[role=main]", "article", "#content", ".content", "body"}

// blocks are the elements that start a new line.
var blocks = map[string]bool{
	"p": true, "div": true, "section": true, "article": true, "main": true, "li": true, "ul": true, "ol": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true, "blockquote": true, "pre": true,
	"table": true, "tr": true, "dt": true, "dd": true, "figcaption": true, "address": true, "hr": true,
}

// MainText extracts the main text of an HTML page: the content of its
// main, article or body element without navigation, headers, footers,
// scripts and forms; one line per paragraph, heading or list item,
// paragraphs separated by an empty line.
func MainText(data []byte) (string, error) {
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	doc.Find(notText).Remove()
	var root *goquery.Selection
	for _, sel := range mainCandidates {
		if s := doc.Find(sel).First(); s.Length() > 0 && strings.TrimSpace(s.Text()) != "" {
			root = s
			break
		}
	}
	if root == nil {
		return "", errors.New("the page has no text")
	}
	var b strings.Builder
	for _, n := range root.Nodes {
		writeText(&b, n)
	}
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
