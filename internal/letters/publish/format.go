package publish

import (
	"fmt"
	"io"
	"slices"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// Format is a named export with its MIME type.
type Format struct {
	Name        string // also the file suffix: txt, md, html, csv, xlsx, pdf
	ContentType string
	write       func(io.Writer, []orglist.Entry, Options) error
}

// Formats are every export, in the order the UI lists them. CSV carries a
// byte order mark so that Excel reads it as UTF-8.
var Formats = []Format{
	{"txt", "text/plain; charset=utf-8", Text},
	{"md", "text/markdown; charset=utf-8", Markdown},
	{"html", "text/html; charset=utf-8", HTMLDocument},
	{"csv", "text/csv; charset=utf-8",
		func(w io.Writer, e []orglist.Entry, o Options) error { o.ExcelBOM = true; return CSV(w, e, o) }},
	{"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", XLSX},
	{"pdf", "application/pdf", PDF},
}

// FormatNamed returns the format with the name, if there is one.
func FormatNamed(name string) (Format, bool) {
	i := slices.IndexFunc(Formats, func(f Format) bool { return f.Name == name })
	if i < 0 {
		return Format{}, false
	}
	return Formats[i], true
}

// Write writes entries in format f.
func (f Format) Write(w io.Writer, entries []orglist.Entry, opt Options) error {
	if err := f.write(w, entries, opt); err != nil {
		return fmt.Errorf("export %s: %w", f.Name, err)
	}
	return nil
}
