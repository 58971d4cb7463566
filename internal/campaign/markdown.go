package campaign

import (
	"bytes"
	"html/template"

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
