package document

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/format/document/documenttest"
)

// TestBombsAreRefused reads small files that would become huge: each is
// refused with ErrTooLarge and a message that says what is too large,
// before much memory is spent (at most maxAlloc allocated in all, counted
// by the runtime; the bombs would take from 400 MB to 2 GB).
func TestBombsAreRefused(t *testing.T) {
	for _, c := range []struct {
		name     string
		data     []byte
		says     string
		maxAlloc uint64 // MiB
	}{
		// Deflated: 256 MiB, or 60 MiB, from a few hundred KiB.
		{"paragraphs.docx", documenttest.DOCX(t, "", documenttest.MiB("<w:p/>"), 256, false, documenttest.DocTail),
			"word/document.xml uncompresses to 255 MiB; the limit is 64 MiB", 4},
		{"text.docx", documenttest.DOCX(t, "<w:p><w:r><w:t>", documenttest.MiB("A"), 256, false, ""),
			"word/document.xml uncompresses to 256 MiB; the limit is 64 MiB", 4},
		{"ratio.docx", documenttest.DOCX(t, "", documenttest.MiB("<w:p/>"), 60, false, documenttest.DocTail),
			"word/document.xml uncompresses to …times its size (59 MiB from …); the limit is 100 times: this is a ZIP bomb", 4},
		{"open.docx", documenttest.DOCX(t, "", documenttest.MiB("<w:p>"), 60, false, ""),
			"word/document.xml uncompresses to …times its size (60 MiB from …); the limit is 100 times", 4},
		{"rows.xlsx", documenttest.XLSX(t, documenttest.MiB(`<row><c t="inlineStr"><is><t>x</t></is></c></row>`), 60),
			"xl/worksheets/sheet1.xml uncompresses to …times its size (59 MiB from …); the limit is 100 times", 4},
		// Stored, not compressed: what the ratio does not see.
		{"deep.docx", documenttest.DOCX(t, "", "<w:p>", maxDepth, true, ""), "elements nested more than 1000 deep", 16},
		{"fallback.docx", documenttest.DOCX(t, "<mc:Fallback>", "<w:p>", maxDepth, true, ""),
			"elements nested more than 1000 deep", 16},
		{"attributes.docx", documenttest.DOCX(t, "<w:p", ` a=""`, 1<<20, true, "/>"+documenttest.DocTail),
			"an XML tag or text of more than 1 MiB", 64},
		{"lines.docx", documenttest.DOCX(t, "", "<w:p/>", MaxLines+1, true, documenttest.DocTail), "more than 1048576 lines", 400},
		{"sparse.xlsx", documenttest.XLSX(t, documenttest.SparseRows(1100), 1), "more than 16777216 cells", 2000},
		{"lines.txt", []byte(strings.Repeat("\n", MaxLines+1)), "more than 1048576 lines", 8},
	} {
		t.Run(c.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			text, err := Read(c.name, bytes.NewReader(c.data), int64(len(c.data)))
			runtime.ReadMemStats(&after)
			var e *Error
			says := true
			for _, part := range strings.Split(c.says, "…") { // the ratios depend on compress/flate
				says = says && strings.Contains(fmt.Sprint(err), part)
			}
			if !errors.Is(err, ErrTooLarge) || !errors.As(err, &e) || !says || !strings.HasPrefix(err.Error(), c.name+": ") {
				t.Errorf("%d bytes: %d lines, %v; want ErrTooLarge saying %q", len(c.data), len(text.Lines), err, c.says)
			}
			if spent := (after.TotalAlloc - before.TotalAlloc) >> 20; spent > c.maxAlloc {
				t.Errorf("%d bytes: %d MiB allocated, want at most %d", len(c.data), spent, c.maxAlloc)
			}
		})
	}
}

// TestLargeButHonestFilesAreRead: the limits leave room for real files —
// a sheet of a million rows, a cell far to the right, paragraphs nested as
// deep as Word nests them, a DOCX as compressible as a real one.
func TestLargeButHonestFilesAreRead(t *testing.T) {
	far := documenttest.XLSX(t, `<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>last</t></is></c></row>`, 1)
	text, err := readBytes(t, "far.xlsx", far)
	if err != nil || len(text.Lines) != MaxLines || !strings.HasSuffix(text.Lines[MaxLines-1], "\tlast") {
		t.Errorf("a cell in the last row and column: %d lines, %v", len(text.Lines), err)
	}
	nested := strings.Repeat("<w:tbl><w:tr><w:tc>", 50) + "<w:p><w:r><w:t>deep</w:t></w:r></w:p>" +
		strings.Repeat("</w:tc></w:tr></w:tbl>", 50)
	if text, err := readBytes(t, "nested.docx", documenttest.DOCX(t, "", nested, 1, false, documenttest.DocTail)); err != nil ||
		len(text.Lines) != 1 || text.Lines[0] != "deep" {
		t.Errorf("tables nested 50 deep: %q, %v", text.Lines, err)
	}
	// 20,000 numbered paragraphs: real text compresses some 10 to 1.
	var paras strings.Builder
	for i := range 20000 {
		fmt.Fprintf(&paras, `<w:p w:rsidR="%08X"><w:r><w:t>Organization number %d (Country %d)</w:t></w:r></w:p>`, i*7919, i, i%193)
	}
	if text, err := readBytes(t, "long.docx", documenttest.DOCX(t, "", paras.String(), 1, false, documenttest.DocTail)); err != nil ||
		len(text.Lines) != 20000 {
		t.Errorf("20,000 paragraphs: %d lines, %v", len(text.Lines), err)
	}
}
