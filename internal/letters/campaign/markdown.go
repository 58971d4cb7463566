package campaign

import (
	"bytes"
	"html/template"
	"regexp"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.Linkify, extension.Table, extension.Strikethrough))
	// sanitizer allows what a letter needs — paragraphs, emphasis, lists,
	// headings, links, tables, quotes — and nothing that runs.
	sanitizer = bluemonday.UGCPolicy().RequireNoReferrerOnLinks(true)
)

// RenderMarkdown turns a letter written in Markdown into HTML that is safe
// to put in a page: whatever HTML the Markdown holds is sanitised, so a
// script or an event handler never survives.
func RenderMarkdown(md string) template.HTML {
	var buf bytes.Buffer
	if err := markdown.Convert([]byte(md), &buf); err != nil {
		// goldmark fails only when writing to buf fails, which it cannot;
		// show the text escaped rather than nothing.
		return template.HTML(template.HTMLEscapeString(md))
	}
	return template.HTML(sanitizer.SanitizeBytes(buf.Bytes()))
}

var (
	mdLink     = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	mdEmphasis = regexp.MustCompile(`(\*\*|__|\*|_|~~|` + "`" + `)`)
	mdHeading  = regexp.MustCompile(`^\s{0,3}(#{1,6}|[-*+]|\d+[.)]|>)\s+`)
)

// PlainParagraphs turns a letter in Markdown into plain-text paragraphs,
// for documents that cannot show HTML (the PDF): links keep their text,
// emphasis marks, heading and list marks go, and a paragraph's lines join.
func PlainParagraphs(md string) []string {
	var paragraphs []string
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		var lines []string
		for _, line := range strings.Split(block, "\n") {
			line = mdHeading.ReplaceAllString(line, "")
			line = mdEmphasis.ReplaceAllString(mdLink.ReplaceAllString(line, "$1"), "")
			if line = strings.TrimSpace(line); line != "" {
				lines = append(lines, line)
			}
		}
		if len(lines) > 0 {
			paragraphs = append(paragraphs, strings.Join(lines, " "))
		}
	}
	return paragraphs
}
