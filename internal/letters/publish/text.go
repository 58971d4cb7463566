package publish

import (
	"bufio"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// Lines returns the list's lines in the order every export writes them:
// the entries sorted with Sort, each rendered with Line.
func Lines(entries []orglist.Entry, lang language.Tag) []string {
	sorted := Sorted(entries, lang)
	lines := make([]string, len(sorted))
	for i, e := range sorted {
		lines[i] = Line(e, lang)
	}
	return lines
}

// Text writes the list as plain text, one entry per line, as it goes under
// a letter.
func Text(w io.Writer, entries []orglist.Entry, opt Options) error {
	bw := bufio.NewWriter(w)
	for _, line := range Lines(entries, opt.Lang) {
		bw.WriteString(line)
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish.Text: %w", err)
	}
	return nil
}

// Markdown writes the list as a Markdown bulleted list, with every
// character that Markdown would read as markup escaped.
func Markdown(w io.Writer, entries []orglist.Entry, opt Options) error {
	bw := bufio.NewWriter(w)
	for _, line := range Lines(entries, opt.Lang) {
		bw.WriteString("- ")
		bw.WriteString(escapeMarkdown(line))
		bw.WriteByte('\n')
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("publish.Markdown: %w", err)
	}
	return nil
}

// inlineMarkup are the characters that start emphasis, code, links, raw
// HTML or strikethrough anywhere in a CommonMark (or GFM) line, and the
// backslash itself.
var inlineMarkup = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `~`, `\~`, `|`, `\|`,
)

// entity matches what CommonMark would decode as an entity (&amp;, &#233;).
var entity = regexp.MustCompile(`&(#?[0-9A-Za-z]+;)`)

// blockStart matches a line start that would make a list item's text a
// heading, a quote, a nested list or a thematic break.
var blockStart = regexp.MustCompile(`^([#+=-]|[0-9]+[.)])`)

func escapeMarkdown(s string) string {
	s = inlineMarkup.Replace(s)
	s = entity.ReplaceAllString(s, `\&$1`)
	if m := blockStart.FindStringIndex(s); m != nil {
		s = s[:m[1]-1] + `\` + s[m[1]-1:]
	}
	return s
}

var htmlTemplates = template.Must(template.New("list").Parse(`
{{- define "list"}}<ul class="signatories">
{{- range .Lines}}
<li>{{.}}</li>
{{- end}}
</ul>
{{end -}}
{{define "document"}}<!DOCTYPE html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{or .Title .Untitled}}</title>
<style>
body { font-family: system-ui, sans-serif; line-height: 1.5; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
ul.signatories { list-style: none; padding: 0; }
ul.signatories li { padding-left: 1.5rem; text-indent: -1.5rem; }
</style>
</head>
<body>
{{if .Title}}<h1>{{.Title}}</h1>
{{end}}{{template "list" .}}</body>
</html>
{{end}}`))

type htmlList struct {
	Lang     string
	Title    string
	Untitled string // the document's title when Title is ""
	Lines    []string
}

func newHTMLList(entries []orglist.Entry, opt Options) htmlList {
	return htmlList{Lang: langAttribute(opt.Lang), Title: clean(opt.Title), Untitled: untitled(opt.Lang),
		Lines: Lines(entries, opt.Lang)}
}

// langAttribute is the BCP 47 tag that HTML and PDF documents declare:
// lang's, or "en" for language.Und.
func langAttribute(lang language.Tag) string {
	if lang == language.Und {
		return "en"
	}
	return lang.String()
}

// untitled is the title of an HTML document that has none: "Signatories"
// in English, French or Spanish.
func untitled(lang language.Tag) string {
	switch baseLanguage(lang) {
	case "fr":
		return "Signataires"
	case "es":
		return "Firmantes"
	}
	return "Signatories"
}

// HTML writes the list as an HTML fragment, a <ul class="signatories">
// with one escaped <li> per entry, to be placed in a page.
func HTML(w io.Writer, entries []orglist.Entry, opt Options) error {
	if err := htmlTemplates.ExecuteTemplate(w, "list", newHTMLList(entries, opt)); err != nil {
		return fmt.Errorf("publish.HTML: %w", err)
	}
	return nil
}

// HTMLDocument writes the list as a complete HTML document: opt.Title as
// its title and heading (when there is no title, the document is titled
// "Signatories", "Signataires" or "Firmantes" and has no heading), then
// the list as HTML writes it.
func HTMLDocument(w io.Writer, entries []orglist.Entry, opt Options) error {
	if err := htmlTemplates.ExecuteTemplate(w, "document", newHTMLList(entries, opt)); err != nil {
		return fmt.Errorf("publish.HTMLDocument: %w", err)
	}
	return nil
}
