package document

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzDecodeText checks that any bytes decode to UTF-8 text without NULs,
// or give an *Error.
func FuzzDecodeText(f *testing.F) {
	for _, s := range []string{"", "plain", "\xef\xbb\xbfx", "\xff\xfeA\x00", "\xfe\xff\x00A", "a\x00b",
		"Caf\xe9", "\xff\xfe\x00\x00", "A\x00B\x00C\x00", "\xff\xfe\x00\xd8", utf16Text, cp1252Data} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := DecodeText(b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("DecodeText(%q): %v is not an *Error", b, err)
			}
			return
		}
		if !utf8.ValidString(s) || strings.IndexByte(s, 0) >= 0 {
			t.Fatalf("DecodeText(%q) = %q: not text", b, s)
		}
	})
}

// FuzzRead checks that no upload panics Read, and that every failure is
// an *Error that names the file.
func FuzzRead(f *testing.F) {
	f.Add([]byte(csvData), uint8(1))
	f.Add(makeDOCX(f, docxBody), uint8(2))
	f.Add(makeDOCX(f, `<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`), uint8(2))
	f.Add([]byte("Alpha\nBeta"), uint8(0))
	names := []string{"upload.txt", "upload.csv", "upload.docx", "upload.tsv"}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		name := names[int(which)%len(names)]
		text, err := Read(name, bytes.NewReader(data), int64(len(data)))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), name+": ") {
				t.Fatalf("Read(%q, %q): %v does not name the file", name, data, err)
			}
			return
		}
		for _, l := range text.Lines {
			if !utf8.ValidString(l) {
				t.Fatalf("Read(%q, %q): line %q is not UTF-8", name, data, l)
			}
		}
	})
}
