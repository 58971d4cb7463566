package document

import (
	"bytes"
	"encoding/binary"
	"errors"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// DecodeText decodes the bytes of a text file to UTF-8: UTF-8 (a
// byte-order mark is dropped, and then invalid bytes become U+FFFD), UTF-16 with a byte-order mark or with NULs
// in every other byte, else Windows-1252. A text with a NUL byte after
// decoding is a binary file: the error, an *Error, gives its line and byte
// offset.
func DecodeText(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte("\xff\xfe\x00\x00")), bytes.HasPrefix(b, []byte("\x00\x00\xfe\xff")):
		return "", &Error{Offset: -1, Err: errors.New("UTF-32 text: save it as UTF-8")}
	case bytes.HasPrefix(b, []byte("\xef\xbb\xbf")):
		// The mark says UTF-8: bytes that are not become U+FFFD.
		s = strings.ToValidUTF8(string(b[3:]), "\ufffd")
	case bytes.HasPrefix(b, []byte("\xff\xfe")):
		s = decodeUTF16(b[2:], binary.LittleEndian)
	case bytes.HasPrefix(b, []byte("\xfe\xff")):
		s = decodeUTF16(b[2:], binary.BigEndian)
	case looksUTF16(b, 1):
		s = decodeUTF16(b, binary.LittleEndian)
	case looksUTF16(b, 0):
		s = decodeUTF16(b, binary.BigEndian)
	case utf8.Valid(b):
		s = string(b)
	default:
		d, err := charmap.Windows1252.NewDecoder().Bytes(b)
		if err != nil {
			return "", &Error{Offset: -1, Err: err}
		}
		s = string(d)
	}
	if i := strings.IndexByte(s, 0); i >= 0 {
		return "", &Error{Line: lineOf(s, i), Offset: int64(i), Err: errors.New("NUL byte: this is not a text file")}
	}
	return s, nil
}

// lineOf returns the 1-based line of byte i of s.
func lineOf(s string, i int) int {
	return len(SplitLines(s[:i] + "x"))
}

// looksUTF16 reports whether b is UTF-16 without a byte-order mark: in its
// first bytes, those at odd (zero: 1) or even (zero: 0) positions are all
// NUL and the others are not, as in mostly-ASCII text.
func looksUTF16(b []byte, zero int) bool {
	n := min(len(b), 512) &^ 1
	if n < 4 {
		return false
	}
	for i := 0; i < n; i++ {
		if (i%2 == zero) != (b[i] == 0) {
			return false
		}
	}
	return true
}

func decodeUTF16(b []byte, order binary.ByteOrder) string {
	u := make([]uint16, len(b)/2)
	for i := range u {
		u[i] = order.Uint16(b[2*i:])
	}
	return string(utf16.Decode(u))
}

// SplitLines splits text into lines at \n, \r\n and \r; a final line
// break does not start another line.
func SplitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.TrimSuffix(text, "\n")
	if text == "" {
		return nil
	}
	return strings.Split(text, "\n")
}

// cellText flattens a table cell to one line.
func cellText(s string) string { return strings.Join(strings.Fields(s), " ") }

// rowLine joins the cells of a table row with tabs, without the empty
// cells at its end.
func rowLine(cells []string) string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = cellText(c)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	return strings.Join(out, "\t")
}
