// Package statementfile reads statements from the files people bring: one
// statement per file as plain text, HTML (the page's main text), DOCX or
// PDF (its text layer, through poppler's pdftotext), and many statements
// per file as CSV or JSON Lines, whose bad rows are reported one by one
// (file, line, field, reason) while the good rows are kept.
package statementfile

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/format/document"
	"github.com/r2p-coalition/r2p/internal/format/htmltext"
	"github.com/r2p-coalition/r2p/internal/format/pdftext"
)

// Format is a kind of statement file.
type Format string

// The formats.
const (
	Text  Format = "text"
	HTML  Format = "html"
	DOCX  Format = "docx"
	PDF   Format = "pdf"
	CSV   Format = "csv"
	JSONL Format = "jsonl"
)

// SingleFormats hold one statement per file; BatchFormats many.
var (
	SingleFormats = []Format{Text, HTML, DOCX, PDF}
	BatchFormats  = []Format{CSV, JSONL}
)

// IsBatch says whether files of format f hold many statements.
func IsBatch(f Format) bool { return slices.Contains(BatchFormats, f) }

// ParseFormat returns the format named s, if there is one.
func ParseFormat(s string) (Format, bool) {
	f := Format(strings.ToLower(s))
	return f, f == Verbatim || slices.Contains(SingleFormats, f) || IsBatch(f)
}

// FormatOf guesses a file's format from its first bytes and its name.
func FormatOf(name string, data []byte) Format {
	switch ext := strings.ToLower(filepath.Ext(name)); {
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return PDF
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return DOCX
	case ext == ".html" || ext == ".htm" || looksHTML(data):
		return HTML
	case ext == ".csv":
		return CSV
	case ext == ".jsonl" || ext == ".ndjson":
		return JSONL
	}
	return Text
}

func looksHTML(data []byte) bool {
	head := bytes.ToLower(bytes.TrimSpace(data[:min(len(data), 512)]))
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

// ErrTooLarge says that a file is over document.MaxSize.
var ErrTooLarge = fmt.Errorf("larger than %d MiB", document.MaxSize>>20)

// ReadText reads the text of a one-statement file of format f (Text,
// HTML, DOCX or PDF). The text is not yet normalized (see
// statement.Normalize). A PDF without a text layer gives
// pdftext.ErrNoText.
func ReadText(ctx context.Context, f Format, name string, data []byte) (string, error) {
	if len(data) > document.MaxSize {
		return "", ErrTooLarge
	}
	switch f {
	case PDF:
		return readPDF(ctx, data, "\n")
	case HTML:
		return htmltext.MainText(data)
	case Text, DOCX:
		doc, err := document.Read(name, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			var de *document.Error
			if errors.As(err, &de) {
				return "", de.Err
			}
			return "", err
		}
		if f == DOCX && doc.Format != document.FormatDOCX {
			return "", fmt.Errorf("not a DOCX file")
		}
		return doc.String(), nil
	}
	return "", fmt.Errorf("%s files hold many statements: read them with ReadBatch", f)
}

// readPDF returns a PDF's text layer, its pages joined by sep.
func readPDF(ctx context.Context, data []byte, sep string) (string, error) {
	pages, err := pdftext.Extract(ctx, bytes.NewReader(data))
	if err != nil {
		return "", err
	}
	return strings.Join(pages, sep), nil
}
