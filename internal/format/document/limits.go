package document

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"strings"
)

// What a file may become once read, whatever its size on disk: a small
// file that expands hugely — a ZIP bomb, a sheet whose one cell sits in
// column XFD, a million empty paragraphs — is refused before it fills the
// memory. Text is at most MaxSize bytes, like the file itself.
const (
	// MaxLines is the most lines a document may have: Excel's row limit.
	MaxLines = 1 << 20
	// MaxCells is the most cells a sheet may have, counting the empty ones
	// before the last of each row: sixteen columns of a full sheet, or a
	// thousand full rows.
	MaxCells = 1 << 24
	// MaxRatio is how many times its compressed size a part of a DOCX or
	// XLSX archive may be, once it is over ratioGrace: Office files compress
	// 5 to 20 times, and Apache POI, which reads them for a living, refuses
	// 100 to 1 as well.
	MaxRatio   = 100
	ratioGrace = 1 << 20
	// maxDepth is how deep elements may nest in a DOCX; Word's tables in
	// text boxes in tables reach a few dozen.
	maxDepth = 1000
	// maxToken is the most bytes of one XML token of a DOCX: a tag with its
	// attributes, or a run of text between two tags.
	maxToken = 1 << 20
)

// ErrTooLarge is returned, wrapped in an *Error, for a file that would
// become more than the limits allow once read.
var ErrTooLarge = errors.New("too large once read")

func tooLarge(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrTooLarge, fmt.Sprintf(format, args...))
}

// checkPart refuses a part of an archive that uncompresses to more than
// MaxSize, or more than MaxRatio times its compressed size. The sizes are
// those of the archive's directory; archive/zip fails a part that
// uncompresses to more than its directory says.
func checkPart(f *zip.File) error {
	size, packed := f.UncompressedSize64, f.CompressedSize64
	switch {
	case size > MaxSize:
		return tooLarge("%s uncompresses to %d MiB; the limit is %d MiB", f.Name, size>>20, MaxSize>>20)
	case size > ratioGrace && size > MaxRatio*packed:
		return tooLarge("%s uncompresses to %d times its size (%d MiB from %d KiB); the limit is %d times: "+
			"this is a ZIP bomb, not an Office document", f.Name, size/max(packed, 1), size>>20, packed>>10, MaxRatio)
	}
	return nil
}

// budget counts the lines and bytes of text a reader has made, and the
// cells of a sheet.
type budget struct{ lines, bytes, cells int }

// addCells counts the cells of a row, and fails once there are more than
// MaxCells.
func (b *budget) addCells(n int) error {
	if b.cells += n; b.cells > MaxCells {
		return tooLarge("more than %d cells", MaxCells)
	}
	return nil
}

// add counts lines, and fails once there are more than MaxLines, or more
// than MaxSize bytes of text.
func (b *budget) add(lines ...string) error {
	b.lines += len(lines)
	for _, l := range lines {
		b.bytes += len(l) + 1
	}
	switch {
	case b.lines > MaxLines:
		return tooLarge("more than %d lines", MaxLines)
	case b.bytes > MaxSize:
		return tooLarge("more than %d MiB of text", MaxSize>>20)
	}
	return nil
}

// countLines is how many lines SplitLines would make of text, without
// making them.
func countLines(text string) int {
	breaks := strings.Count(text, "\n") + strings.Count(text, "\r") - strings.Count(text, "\r\n")
	if text != "" && !strings.HasSuffix(text, "\n") && !strings.HasSuffix(text, "\r") {
		breaks++
	}
	return breaks
}

// tokenReader fails a read once more than maxToken bytes have been read
// since the last reset, which the DOCX walker does after every token: so
// that encoding/xml, which holds a whole token in memory, never holds more.
type tokenReader struct {
	r io.Reader
	n int
}

var errTokenTooLarge = tooLarge("an XML tag or text of more than %d MiB", maxToken>>20)

func (t *tokenReader) Read(p []byte) (int, error) {
	if t.n > maxToken {
		return 0, errTokenTooLarge
	}
	n, err := t.r.Read(p)
	t.n += n
	return n, err
}

func (t *tokenReader) reset() { t.n = 0 }
