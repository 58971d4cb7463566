package export

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/go-pdf/fpdf"

	"github.com/r2p-coalition/r2p/internal/signatory"
)

// The PDF's page layout, in millimetres and points.
const (
	pdfFamily       = "DejaVuSans"
	pdfMarginSide   = 20.0
	pdfMarginTop    = 20.0
	pdfMarginBottom = 20.0
	pdfFooterY      = -13.0 // from the bottom edge
	pdfTitleSize    = 15.0  // points
	pdfTitleLeading = 7.0
	pdfTitleGap     = 6.0 // below the title's rule
	pdfEntrySize    = 10.0
	pdfEntryLeading = 5.2
	pdfEntryGap     = 0.6 // between two entries
	pdfHangIndent   = 6.0 // of an entry's second and later lines
	pdfFooterSize   = 8.5
)

// PDF writes the list as an A4 PDF document: opt.Title in bold as its
// heading, then one entry per line, an entry too long for one line wrapped
// with its later lines indented, no entry split across two pages unless it
// is longer than a page, and "page / pages" at the foot of each page. The
// embedded font (DejaVu Sans) covers Latin, Greek and Cyrillic; a list or
// title with a character of another script, such as Arabic or Chinese,
// gets an error that wraps ErrScriptNotSupported and writes nothing.
func PDF(w io.Writer, entries []signatory.Entry, opt Options) error {
	title := clean(opt.Title)
	lines := Lines(entries, opt.Lang)
	if err := checkScript(title, boldRunes()); err != nil {
		return err
	}
	for _, line := range append(slices.Clone(lines), opt.Letter...) {
		if err := checkScript(line, regularRunes()); err != nil {
			return err
		}
	}
	pdf := newPDF(title, opt)
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(pdfFooterY)
		pdf.SetFont(pdfFamily, "", pdfFooterSize)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	listTitle := title
	if len(opt.Letter) > 0 {
		drawLetter(pdf, title, opt.Letter)
		listTitle = clean(opt.AnnexTitle)
		if err := checkScript(listTitle, boldRunes()); err != nil {
			return err
		}
	}
	for i, page := range paginate(pdf, listTitle, lines) {
		pdf.AddPage()
		if i == 0 && listTitle != "" {
			drawTitle(pdf, listTitle)
		}
		drawEntries(pdf, page)
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("export.PDF: %w", err)
	}
	return nil
}

// drawLetter prints the title and the letter's paragraphs, letting fpdf
// break pages where it must; the list that follows starts on a new page.
func drawLetter(pdf *fpdf.Fpdf, title string, paragraphs []string) {
	pdf.SetAutoPageBreak(true, pdfMarginBottom)
	pdf.AddPage()
	if title != "" {
		drawTitle(pdf, title)
	}
	pdf.SetFont(pdfFamily, "", pdfEntrySize+1)
	pdf.SetTextColor(0, 0, 0)
	for _, p := range paragraphs {
		pdf.MultiCell(0, 5.5, clean(p), "", "L", false)
		pdf.Ln(2.5)
	}
	pdf.SetAutoPageBreak(false, pdfMarginBottom)
}

func newPDF(title string, opt Options) *fpdf.Fpdf {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes(pdfFamily, "", regularFont)
	pdf.AddUTF8FontFromBytes(pdfFamily, "B", boldFont)
	pdf.SetMargins(pdfMarginSide, pdfMarginTop, pdfMarginSide)
	// paginate keeps the text off the bottom margin; fpdf's own page
	// breaks would split entries.
	pdf.SetAutoPageBreak(false, pdfMarginBottom)
	pdf.SetCellMargin(0)
	pdf.SetTitle(title, true)
	pdf.SetCreator("r2p", true)
	pdf.SetLang(langAttribute(opt.Lang))
	return pdf
}

// textWidth is the width between the side margins.
func textWidth(pdf *fpdf.Fpdf) float64 {
	w, _ := pdf.GetPageSize()
	return w - 2*pdfMarginSide
}

// titleLines wraps the title to the text width.
func titleLines(pdf *fpdf.Fpdf, title string) []string {
	pdf.SetFont(pdfFamily, "B", pdfTitleSize)
	return pdf.SplitText(title, textWidth(pdf))
}

// titleHeight is how far down the page the title, its rule and the gap
// below it reach from the top margin.
func titleHeight(pdf *fpdf.Fpdf, title string) float64 {
	if title == "" {
		return 0
	}
	return float64(len(titleLines(pdf, title)))*pdfTitleLeading + 2 + pdfTitleGap
}

func drawTitle(pdf *fpdf.Fpdf, title string) {
	pdf.SetTextColor(20, 20, 20)
	for _, line := range titleLines(pdf, title) {
		pdf.CellFormat(0, pdfTitleLeading, line, "", 1, "L", false, 0, "")
	}
	y := pdf.GetY() + 2
	w, _ := pdf.GetPageSize()
	pdf.SetDrawColor(170, 170, 170)
	pdf.SetLineWidth(0.3)
	pdf.Line(pdfMarginSide, y, w-pdfMarginSide, y)
	pdf.SetY(y + pdfTitleGap)
}

// block is an entry's line broken to fit the page, or the part of it that
// fits on one page: the first line at the margin, later ones indented.
type block struct {
	lines     []string
	continued bool // the first line is not the entry's first: indent it too
}

func (b block) height() float64 { return float64(len(b.lines))*pdfEntryLeading + pdfEntryGap }

// wrap breaks line to the text width, leaving room for the indent of the
// lines after the first.
func wrap(pdf *fpdf.Fpdf, line string) block {
	width := textWidth(pdf)
	first := pdf.SplitText(line, width)
	if len(first) <= 1 {
		return block{lines: first}
	}
	rest := pdf.SplitText(strings.TrimPrefix(line[len(first[0]):], " "), width-pdfHangIndent)
	return block{lines: append(first[:1], rest...)}
}

// paginate lays the entries out on pages, keeping each on one page unless
// it is taller than a page.
func paginate(pdf *fpdf.Fpdf, title string, lines []string) [][]block {
	_, pageHeight := pdf.GetPageSize()
	bottom := pageHeight - pdfMarginBottom
	top := pdfMarginTop
	y := top + titleHeight(pdf, title)
	pdf.SetFont(pdfFamily, "", pdfEntrySize)
	pages := [][]block{nil}
	for _, line := range lines {
		entry := wrap(pdf, line)
		if y+entry.height() > bottom && y > top && entry.height() <= bottom-top {
			pages = append(pages, nil)
			y = top
		}
		for {
			part := entry
			if y+entry.height() > bottom {
				fit := max(1, int((bottom-y-pdfEntryGap)/pdfEntryLeading))
				part.lines = entry.lines[:fit]
			}
			last := len(pages) - 1
			pages[last] = append(pages[last], part)
			y += part.height()
			if len(part.lines) == len(entry.lines) {
				break
			}
			entry = block{lines: entry.lines[len(part.lines):], continued: true}
			pages = append(pages, nil)
			y = top
		}
	}
	return pages
}

func drawEntries(pdf *fpdf.Fpdf, page []block) {
	pdf.SetFont(pdfFamily, "", pdfEntrySize)
	pdf.SetTextColor(0, 0, 0)
	for _, entry := range page {
		for i, line := range entry.lines {
			indent := 0.0
			if i > 0 || entry.continued {
				indent = pdfHangIndent
			}
			pdf.SetX(pdfMarginSide + indent)
			pdf.CellFormat(textWidth(pdf)-indent, pdfEntryLeading, line, "", 1, "L", false, 0, "")
		}
		pdf.Ln(pdfEntryGap)
	}
}
