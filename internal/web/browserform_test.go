package web_test

import (
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// browserForm is what a browser sends when the form of page whose action
// is action is submitted as it stands, with the button named button (""
// for the first, nameless one): its inputs, checked boxes, textareas and
// selected options, line breaks sent as CRLF (HTML's form submission
// normalises them so), without the CSRF token, which the harness adds.
func browserForm(t *testing.T, page, action, button string) url.Values {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var form *html.Node
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "form" && attr(n, "action") == action {
			form = n
			break
		}
	}
	if form == nil {
		t.Fatalf("no form with action %q in:\n%s", action, page)
	}
	values := url.Values{}
	add := func(name, value string) {
		if name != "" && name != "csrf" {
			values.Add(name, crlf(value))
		}
	}
	for n := range form.Descendants() {
		if n.Type != html.ElementNode {
			continue
		}
		switch name := attr(n, "name"); n.Data {
		case "input":
			switch attr(n, "type") {
			case "checkbox", "radio":
				if hasAttr(n, "checked") {
					add(name, attr(n, "value"))
				}
			case "submit", "button", "file":
			default:
				add(name, attr(n, "value"))
			}
		case "textarea":
			var text strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				text.WriteString(c.Data)
			}
			add(name, text.String())
		case "select":
			var chosen, first *html.Node
			for o := range n.Descendants() {
				if o.Type == html.ElementNode && o.Data == "option" {
					first = firstOf(first, o)
					if hasAttr(o, "selected") {
						chosen = o
					}
				}
			}
			if chosen = firstOf(chosen, first); chosen != nil {
				add(name, attr(chosen, "value"))
			}
		case "button":
			if button != "" && name == button {
				add(name, attr(n, "value"))
			}
		}
	}
	return values
}

func firstOf(a, b *html.Node) *html.Node {
	if a != nil {
		return a
	}
	return b
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Key == key {
			return true
		}
	}
	return false
}

// crlf writes line breaks as a browser sends them.
func crlf(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
}
