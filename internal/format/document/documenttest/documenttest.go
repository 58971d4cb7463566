// Package documenttest makes the files that tests of uploads need and
// nobody would send on purpose: ZIP bombs shaped as DOCX and XLSX files,
// which are a few hundred KiB and uncompress to hundreds of MiB, and
// archives whose parts are stored as they are.
//
// A deflated part is made by compressing its repeated body once and
// writing the compressed block again and again (a deflate stream may go on
// with the same non-final block), so that a part of 256 MiB costs a test
// a MiB and a checksum.
package documenttest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"strings"
	"testing"
)

// Part is a part of an archive: Head, then Body repeated Copies times (at
// least once), then Tail; Stored parts are not compressed.
type Part struct {
	Name, Head, Body, Tail string
	Copies                 int
	Stored                 bool
}

// ZIP is an archive of the parts.
func ZIP(t testing.TB, parts ...Part) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, p := range parts {
		p.Copies = max(p.Copies, 1)
		var err error
		if p.Stored {
			err = writeStored(z, p)
		} else {
			err = writeDeflated(z, p)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func writeStored(z *zip.Writer, p Part) error {
	w, err := z.CreateHeader(&zip.FileHeader{Name: p.Name, Method: zip.Store})
	if err != nil {
		return err
	}
	_, err = w.Write([]byte(p.Head + strings.Repeat(p.Body, p.Copies) + p.Tail))
	return err
}

func writeDeflated(z *zip.Writer, p Part) error {
	var raw bytes.Buffer
	crc := crc32.NewIEEE()
	raw.Write(flushed(p.Head))
	crc.Write([]byte(p.Head))
	block := flushed(p.Body)
	for range p.Copies {
		raw.Write(block)
		crc.Write([]byte(p.Body))
	}
	fw, _ := flate.NewWriter(&raw, flate.BestCompression)
	fw.Write([]byte(p.Tail))
	fw.Close()
	crc.Write([]byte(p.Tail))
	w, err := z.CreateRaw(&zip.FileHeader{Name: p.Name, Method: zip.Deflate, CRC32: crc.Sum32(),
		CompressedSize64:   uint64(raw.Len()),
		UncompressedSize64: uint64(len(p.Head) + p.Copies*len(p.Body) + len(p.Tail))})
	if err != nil {
		return err
	}
	_, err = w.Write(raw.Bytes())
	return err
}

// flushed is s deflated into blocks that end on a byte boundary and are
// not the final block.
func flushed(s string) []byte {
	var out bytes.Buffer
	fw, _ := flate.NewWriter(&out, flate.BestCompression)
	fw.Write([]byte(s))
	fw.Flush()
	return out.Bytes()
}

// MiB is s repeated to make about a MiB.
func MiB(s string) string { return strings.Repeat(s, (1<<20)/len(s)) }

// What a generated DOCX's document.xml begins and ends with.
const (
	DocHead = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>`
	DocTail = `</w:body></w:document>`
)

const docRels = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// DOCX is a Word file whose document.xml is DocHead, head, body repeated
// copies times, tail.
func DOCX(t testing.TB, head, body string, copies int, stored bool, tail string) []byte {
	return ZIP(t, Part{Name: "_rels/.rels", Body: docRels},
		Part{Name: "word/document.xml", Head: DocHead + head, Body: body, Copies: copies, Stored: stored, Tail: tail})
}

// XLSX is a workbook whose one sheet's data is rows repeated copies
// times.
func XLSX(t testing.TB, rows string, copies int) []byte {
	return ZIP(t,
		Part{Name: "[Content_Types].xml", Body: `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
		Part{Name: "_rels/.rels", Body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		Part{Name: "xl/workbook.xml", Body: `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		Part{Name: "xl/_rels/workbook.xml.rels", Body: `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
		Part{Name: "xl/worksheets/sheet1.xml", Head: `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`,
			Body: rows, Copies: copies, Tail: `</sheetData></worksheet>`})
}

// SparseRows are n rows of one cell each, in the last column, XFD: a few
// bytes a row that are 16,384 cells.
func SparseRows(n int) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="XFD%d" t="inlineStr"><is><t>x</t></is></c></row>`, i, i)
	}
	return b.String()
}

// Bombs are a DOCX and an XLSX of a few hundred KiB that would uncompress
// to 60 MiB: under the 64 MiB a part may be, far over the ratio.
func Bombs(t testing.TB) (docx, xlsx []byte) {
	return DOCX(t, "", MiB("<w:p/>"), 60, false, DocTail),
		XLSX(t, MiB(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`), 60)
}
