package document

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func readBytes(t *testing.T, name string, b []byte) (Text, error) {
	t.Helper()
	return Read(name, bytes.NewReader(b), int64(len(b)))
}

// TestReadFiles reads the committed fixtures of every format.
func TestReadFiles(t *testing.T) {
	for _, tc := range []struct {
		file   string
		format Format
		want   []string
	}{
		{"signatories.docx", FormatDOCX, docxLines},
		{"signatories.xlsx", FormatXLSX, xlsxLines},
		{"signatories.csv", FormatCSV, csvLines},
		{"utf16.txt", FormatText, SplitLines(utf16Text)},
		{"cp1252.txt", FormatText, []string{"Asociación para Políticas Públicas (Argentina)", "World Federalist Movement – Canada"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			f, err := os.Open(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			st, err := f.Stat()
			if err != nil {
				t.Fatal(err)
			}
			got, err := Read(tc.file, f, st.Size())
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != tc.format || !reflect.DeepEqual(got.Lines, tc.want) {
				t.Errorf("got %s %q\nwant %s %q", got.Format, got.Lines, tc.format, tc.want)
			}
		})
	}
}

// TestSniff reads by content where the name misleads.
func TestSniff(t *testing.T) {
	docx := makeDOCX(t, `<w:p><w:r><w:t>Human Rights Watch</w:t></w:r></w:p>`)
	for _, name := range []string{"list.txt", "-", "", "upload"} {
		got, err := readBytes(t, name, docx)
		if err != nil || got.Format != FormatDOCX || !reflect.DeepEqual(got.Lines, []string{"Human Rights Watch"}) {
			t.Errorf("Read(%q, docx) = %+v, %v", name, got, err)
		}
	}
	got, err := readBytes(t, "list.tsv", []byte("Alpha\tKenya\n"))
	if err != nil || got.Format != FormatCSV || !reflect.DeepEqual(got.Lines, []string{"Alpha\tKenya"}) {
		t.Errorf("Read(list.tsv) = %+v, %v", got, err)
	}
	got, err = readBytes(t, "list.csv", []byte("Name,Country\n\"Smith, Jones and Partners\",Kenya\n"))
	if err != nil || !reflect.DeepEqual(got.Lines, []string{"Name\tCountry", "Smith, Jones and Partners\tKenya"}) {
		t.Errorf("Read(list.csv) = %+v, %v", got, err)
	}
}

func TestDecodeText(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"\xef\xbb\xbfUNA-Canada", "UNA-Canada"},
		{"Caf\xe9 \x93Paix\x94", "Café “Paix”"},
		{"\xfe\xff\x00O\x00M\x00U", "OMU"},
		{"O\x00M\x00U\x00N\x00G\x00A\x00", "OMUNGA"},
		{"\x00O\x00M\x00U\x00N", "OMUN"},
		{"plain", "plain"},
		{"", ""},
	} {
		got, err := DecodeText([]byte(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("DecodeText(%q) = %q, %v; want %q", tc.in, got, err, tc.want)
		}
	}
}

// TestErrors checks that errors name the file, and the line or byte where
// the format tells.
func TestErrors(t *testing.T) {
	brokenZip := []byte("PK\x03\x04 this is no archive")
	var odt bytes.Buffer
	z := zip.NewWriter(&odt)
	w, _ := z.Create("mimetype")
	w.Write([]byte("application/vnd.oasis.opendocument.text"))
	z.Close()
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"a.pdf", []byte("%PDF-1.7\n"), "a.pdf: unsupported format: PDF"},
		{"a.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), "a.doc: unsupported format: a legacy Word or Excel file"},
		{"a.rtf", []byte(`{\rtf1\ansi}`), "a.rtf: unsupported format: RTF"},
		{"a.docx", []byte("Human Rights Watch"), "a.docx: not a DOCX file: it is not a ZIP archive"},
		{"a.docx", brokenZip, "a.docx: damaged ZIP archive"},
		{"a.odt", odt.Bytes(), "a.odt: unsupported format: an OpenDocument file"},
		{"a.docx", makeDOCX(t, `<w:p><w:r><w:t>Unclosed</w:r></w:p>`), "a.docx: word/document.xml: XML syntax error on line 2"},
		{"a.txt", []byte("Alpha\r\nBeta\x00Gamma"), "a.txt: line 2 (byte 11): NUL byte: this is not a text file"},
		{"a.xlsx", makeDOCX(t, "")[:40], "a.xlsx: damaged ZIP archive"},
	} {
		_, err := readBytes(t, tc.name, tc.data)
		var e *Error
		if !errors.As(err, &e) || !strings.HasPrefix(err.Error(), tc.want) {
			t.Errorf("Read(%q) = %v; want an *Error starting %q", tc.name, err, tc.want)
		}
	}
	if _, err := Read("big.txt", bytes.NewReader(nil), MaxSize+1); err == nil || !strings.Contains(err.Error(), "big.txt: file of") {
		t.Errorf("Read of an oversized file: %v", err)
	}
	if _, err := readBytes(t, "a.pdf", []byte("%PDF")); !errors.Is(err, ErrUnsupported) {
		t.Errorf("PDF: %v is not ErrUnsupported", err)
	}
}

func TestSplitLines(t *testing.T) {
	for in, want := range map[string][]string{
		"":              nil,
		"a":             {"a"},
		"a\n":           {"a"},
		"a\r\nb\rc\n\n": {"a", "b", "c", ""},
	} {
		if got := SplitLines(in); !reflect.DeepEqual(got, want) {
			t.Errorf("SplitLines(%q) = %q, want %q", in, got, want)
		}
	}
}
