// Package document reads an uploaded file as lines of text, whatever its
// format: plain text in any common encoding, Word (.docx), CSV and Excel
// (.xlsx). The signatory importer and the statements importer read through
// it, so both accept the same files.
//
// The format comes from the file's first bytes where they tell (a ZIP
// archive holding word/document.xml or xl/workbook.xml), else from its
// name. What each becomes:
//
//   - Text (.txt, or anything that is not recognised): UTF-8, with or
//     without a byte-order mark; UTF-16 with a byte-order mark (or without
//     one, when every other byte is NUL); anything that is not valid UTF-8
//     is read as Windows-1252, the encoding of older Windows programs, which
//     also covers Latin-1. Lines end with \n, \r\n or \r.
//   - DOCX: each paragraph of the main document is a line; list items are
//     paragraphs (their bullets and numbers are not text in DOCX, so they do
//     not appear); a manual line break starts a new line, a tab stays a
//     tab; empty paragraphs are empty lines. Each table row is one line whose cells are separated
//     by a tab, as when rows are copied from a spreadsheet. Deleted text
//     (tracked changes), field codes and the fallback copies of text boxes
//     are left out. It is read with archive/zip and encoding/xml only.
//   - CSV (.csv, .tsv): each record is one line, its fields separated by a
//     tab; records keep the line numbers of the file. The separator is a
//     tab for .tsv, else whichever of comma, semicolon and tab the first line
//     uses most.
//   - XLSX: the first sheet; each row is one line, its cells separated by a
//     tab, row n being line n.
//
// In table rows (DOCX, CSV, XLSX) the spaces, tabs and line breaks inside
// a cell become single spaces, and empty cells at the end are dropped.
//
// A file is at most MaxSize bytes, and so is what it becomes (see
// limits.go): a part of a DOCX or XLSX archive that uncompresses to more,
// or to more than MaxRatio times its compressed size, is refused before it
// is read; so are documents of more than MaxLines lines, sheets of more
// than MaxCells cells, and XML nested too deep or with a tag too large. The
// error, ErrTooLarge, says which.
package document

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
)

// Format is the kind of file a Text was read from.
type Format string

// The formats Read knows.
const (
	FormatText Format = "txt"
	FormatDOCX Format = "docx"
	FormatCSV  Format = "csv"
	FormatXLSX Format = "xlsx"
)

// Text is a document read as lines: Lines[i] is line i+1. Table rows are
// lines whose cells are separated by tabs.
type Text struct {
	Format Format
	Lines  []string
}

// String returns the lines joined by newlines.
func (t Text) String() string { return strings.Join(t.Lines, "\n") }

// MaxSize is the largest file Read accepts, and the most that the XML of
// a DOCX may uncompress to.
const MaxSize = 64 << 20

// ErrUnsupported is returned, wrapped in an *Error, for files of a format
// Read cannot read: PDF, legacy .doc and .xls, RTF, OpenDocument.
var ErrUnsupported = errors.New("unsupported format")

// Error is a file that cannot be read. Line or Offset say where, when the
// format tells.
type Error struct {
	Name   string // the file's name, as given to Read
	Line   int    // 1-based line, or 0
	Offset int64  // byte offset (in the decoded text, for text files), or -1
	Err    error
}

func (e *Error) Error() string {
	switch {
	case e.Line > 0 && e.Offset >= 0:
		return fmt.Sprintf("%s: line %d (byte %d): %v", e.Name, e.Line, e.Offset, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("%s: line %d: %v", e.Name, e.Line, e.Err)
	case e.Offset >= 0:
		return fmt.Sprintf("%s: byte %d: %v", e.Name, e.Offset, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Name, e.Err)
}

func (e *Error) Unwrap() error { return e.Err }

func fail(name string, err error) *Error { return &Error{Name: name, Offset: -1, Err: err} }

// Read reads the file called name (for its extension; "-" or "" for
// standard input), of size bytes, from r.
func Read(name string, r io.ReaderAt, size int64) (Text, error) {
	if size > MaxSize {
		return Text{}, fail(name, fmt.Errorf("file of %d bytes: the limit is %d MiB", size, MaxSize>>20))
	}
	head := make([]byte, 8)
	n, err := r.ReadAt(head, 0)
	if err != nil && !errors.Is(err, io.EOF) {
		return Text{}, fail(name, err)
	}
	head = head[:n]
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return readZIP(name, r, size)
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		return Text{}, fail(name,
			fmt.Errorf("%w: a legacy Word or Excel file (.doc, .xls); save it as .docx or .xlsx", ErrUnsupported))
	case bytes.HasPrefix(head, []byte("%PDF")):
		return Text{}, fail(name, fmt.Errorf("%w: PDF; copy the text, or save it as .docx or .txt", ErrUnsupported))
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return Text{}, fail(name, fmt.Errorf("%w: RTF; save it as .docx or .txt", ErrUnsupported))
	case ext == ".docx" || ext == ".xlsx":
		return Text{}, fail(name, fmt.Errorf("not a %s file: it is not a ZIP archive", strings.ToUpper(ext[1:])))
	}
	b, err := io.ReadAll(io.NewSectionReader(r, 0, size))
	if err != nil {
		return Text{}, fail(name, err)
	}
	text, err := DecodeText(b)
	if err != nil {
		return Text{}, withName(name, err)
	}
	if countLines(text) > MaxLines {
		return Text{}, fail(name, tooLarge("more than %d lines", MaxLines))
	}
	switch ext {
	case ".csv":
		return readCSV(name, text, 0)
	case ".tsv", ".tab":
		return readCSV(name, text, '\t')
	}
	return Text{Format: FormatText, Lines: SplitLines(text)}, nil
}

// withName names the file in an error from DecodeText.
func withName(name string, err error) error {
	var e *Error
	if errors.As(err, &e) {
		e.Name = name
		return e
	}
	return fail(name, err)
}
