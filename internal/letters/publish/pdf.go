package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// The PDF's page layout, in millimetres and points.
const (
	pdfMarginSide    = 20.0
	pdfMarginTop     = 20.0
	pdfMarginBottom  = 20.0
	pdfFooterY       = -13.0 // from the bottom edge
	pdfTitleSize     = 15.0  // points
	pdfTitleLeading  = 7.0
	pdfTitleGap      = 6.0 // below the title's rule
	pdfEntrySize     = 10.0
	pdfEntryLeading  = 5.2
	pdfEntryGap      = 0.6 // between two entries
	pdfHangIndent    = 6.0 // of an entry's second and later lines
	pdfFooterSize    = 8.5
	pdfLetterSize    = 11.0
	pdfLetterLeading = 5.5
	pdfParagraphGap  = 2.5
)

// PDF writes the list as an A4 PDF document: opt.Title in bold as its
// heading, then one entry per line, an entry too long for one line wrapped
// with its later lines indented, no entry split across two pages unless it
// is longer than a page, and "page / pages" at the foot of each page. The
// embedded fonts cover the six languages of the United Nations: Arabic is
// shaped, and right-to-left text is set in visual order; in a document in
// Arabic (opt.Lang) every line is laid out from the right. A character
// that no embedded font has, or of a script the PDF cannot lay out (such
// as Tibetan or Korean), is drawn as a placeholder (U+FFFD), one for each
// run of such characters; UndrawnEntries and UndrawnTexts name the texts
// that have any, so that staff can be told.
func PDF(w io.Writer, entries []orglist.Entry, opt Options) error {
	title := clean(opt.Title)
	lines := Lines(entries, opt.Lang)
	listTitle := title
	if len(opt.Letter) > 0 {
		listTitle = clean(opt.AnnexTitle)
	}
	ts := newDocument(title, opt.Lang)
	if len(opt.Letter) > 0 {
		drawLetter(ts, title, opt.Letter)
	}
	drawList(ts, listTitle, lines)
	return output(ts.pdf, w, "publish.PDF")
}

// drawLetter prints the title and the letter's paragraphs, letting fpdf
// break pages where it must; the list that follows starts on a new page.
func drawLetter(ts *typesetter, title string, paragraphs []string) {
	ts.pdf.SetAutoPageBreak(true, pdfMarginBottom)
	ts.pdf.AddPage()
	if title != "" {
		drawTitle(ts, title)
	}
	drawParagraphs(ts, paragraphs)
	ts.pdf.SetAutoPageBreak(false, pdfMarginBottom)
}

func drawParagraphs(ts *typesetter, paragraphs []string) {
	ts.pdf.SetTextColor(0, 0, 0)
	for _, p := range paragraphs {
		ts.paragraph(pdfMarginSide, textWidth(ts.pdf), pdfLetterLeading, clean(p), regular, pdfLetterSize, alignStart)
		ts.pdf.Ln(pdfParagraphGap)
	}
}

// drawList prints the list on new pages, headed by title when there is one.
func drawList(ts *typesetter, title string, lines []string) {
	for i, page := range paginate(ts, title, lines) {
		ts.pdf.AddPage()
		if i == 0 && title != "" {
			drawTitle(ts, title)
		}
		drawEntries(ts, page)
	}
}

// output writes the finished document; op names the caller in the error.
func output(pdf *fpdf.Fpdf, w io.Writer, op string) error {
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// newDocument starts an A4 document in lang, with "page / pages" at the
// foot of each page. The fonts other than DejaVu Sans are added when a
// text needs them.
func newDocument(title string, lang language.Tag) *typesetter {
	pdf := fpdf.New("P", "mm", "A4", "")
	ts := newTypesetter(pdf, lang)
	ts.setFont(dejaVu, bold, pdfTitleSize)
	ts.setFont(dejaVu, regular, pdfFooterSize)
	pdf.SetMargins(pdfMarginSide, pdfMarginTop, pdfMarginSide)
	// paginate keeps the text off the bottom margin; fpdf's own page
	// breaks would split entries.
	pdf.SetAutoPageBreak(false, pdfMarginBottom)
	pdf.SetCellMargin(0)
	pdf.SetTitle(title, true)
	pdf.SetCreator("r2p", true)
	pdf.SetLang(langAttribute(lang))
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(pdfFooterY)
		pdf.SetFont(dejaVu.family, "", pdfFooterSize)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
	return ts
}

// textWidth is the width between the side margins.
func textWidth(pdf *fpdf.Fpdf) float64 {
	w, _ := pdf.GetPageSize()
	return w - 2*pdfMarginSide
}

// titleLines wraps the title to the text width.
func titleLines(ts *typesetter, title string) []string {
	width := textWidth(ts.pdf)
	return ts.wrap(title, bold, pdfTitleSize, width, width)
}

// titleHeight is how far down the page the title, its rule and the gap
// below it reach from the top margin.
func titleHeight(ts *typesetter, title string) float64 {
	if title == "" {
		return 0
	}
	return float64(len(titleLines(ts, title)))*pdfTitleLeading + 2 + pdfTitleGap
}

func drawTitle(ts *typesetter, title string) {
	pdf := ts.pdf
	pdf.SetTextColor(20, 20, 20)
	for _, line := range titleLines(ts, title) {
		y := pdf.GetY()
		ts.drawLine(pdfMarginSide, y, textWidth(pdf), pdfTitleLeading, line, bold, pdfTitleSize, alignStart)
		pdf.SetY(y + pdfTitleLeading)
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
func wrap(ts *typesetter, line string) block {
	width := textWidth(ts.pdf)
	return block{lines: ts.wrap(line, regular, pdfEntrySize, width, width-pdfHangIndent)}
}

// paginate lays the entries out on pages, keeping each on one page unless
// it is taller than a page.
func paginate(ts *typesetter, title string, lines []string) [][]block {
	_, pageHeight := ts.pdf.GetPageSize()
	bottom := pageHeight - pdfMarginBottom
	top := pdfMarginTop
	y := top + titleHeight(ts, title)
	pages := [][]block{nil}
	for _, line := range lines {
		entry := wrap(ts, line)
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

func drawEntries(ts *typesetter, page []block) {
	pdf := ts.pdf
	pdf.SetTextColor(0, 0, 0)
	for _, entry := range page {
		for i, line := range entry.lines {
			x, width := pdfMarginSide, textWidth(pdf)
			if i > 0 || entry.continued {
				x, width = ts.indented(x, width, pdfHangIndent)
			}
			y := pdf.GetY()
			ts.drawLine(x, y, width, pdfEntryLeading, line, regular, pdfEntrySize, alignStart)
			pdf.SetY(y + pdfEntryLeading)
		}
		pdf.Ln(pdfEntryGap)
	}
}

// LetterDocument is a letter laid out as correspondence, for LetterPDF.
// Every text is one paragraph or one line; LetterPDF cleans them as Line
// does.
type LetterDocument struct {
	// Letterhead is the sender's name, in bold at the top of the first
	// page, beside Logo when there is one.
	Letterhead string
	// Logo is a PNG or JPEG image, printed 16 mm high; nil for none.
	// CheckImage says beforehand whether LetterPDF can print it.
	Logo       []byte
	Date       string   // as it is to be printed, such as "New York, 20 July 2009"; right-aligned
	Recipient  []string // the address block, one line each
	Salutation string   // "" for none
	Title      string   // in bold before the body; also the document's title
	Paragraphs []string
	AsksIntro  string // the line before the asks, such as "Our requests:"
	Asks       []LetterAsk
	Closing    string
	Signature  []string // the lines under the closing: a name, the coalition
	// AnnexTitle heads the signatory list, which starts on a new page;
	// AnnexNote, when set, follows the list (such as how many signed
	// without being named).
	AnnexTitle string
	AnnexNote  string
	// Created is the document's creation date. LetterPDF writes the same
	// bytes for the same document, so that a letter sent again after a
	// crash is the same file.
	Created time.Time
}

// LetterAsk is one request of a letter: a label in bold and an optional
// description under it.
type LetterAsk struct{ Label, Description string }

// ErrImage is the error LetterPDF and CheckImage return for a logo they
// cannot print.
var ErrImage = errors.New("image not supported in PDF")

// LetterPDF writes an A4 letter with its signatory annex: the letterhead,
// the date, the recipient's address, the salutation, the title, the body,
// the asks as a list, the closing and the signature, then, on a new page,
// AnnexTitle and the entries as PDF writes them, sorted for lang, and
// AnnexNote after a blank line. Pages are numbered "page / pages". The
// text is drawn as PDF draws it, in lang's direction; a character no
// embedded font has is drawn as a placeholder (see UndrawnTexts). A logo
// that is not a PNG or JPEG fpdf can read gets an error that wraps
// ErrImage, and nothing is written.
func LetterPDF(w io.Writer, doc LetterDocument, entries []orglist.Entry, lang language.Tag) error {
	doc = doc.cleaned()
	lines := Lines(entries, lang)
	if doc.AnnexNote != "" {
		lines = append(lines, "", doc.AnnexNote) // a blank line, then the note
	}
	ts := newDocument(doc.Title, lang)
	pdf := ts.pdf
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(doc.Created)
	pdf.SetModificationDate(doc.Created)
	pdf.SetAutoPageBreak(true, pdfMarginBottom)
	pdf.AddPage()
	if err := drawLetterhead(ts, doc.Letterhead, doc.Logo); err != nil {
		return err
	}
	drawLetterBody(ts, doc)
	pdf.SetAutoPageBreak(false, pdfMarginBottom)
	drawList(ts, doc.AnnexTitle, lines)
	return output(pdf, w, "publish.LetterPDF")
}

// cleaned is doc with every text made one clean line.
func (doc LetterDocument) cleaned() LetterDocument {
	cleanAll := func(texts []string) []string {
		out := make([]string, len(texts))
		for i, t := range texts {
			out[i] = clean(t)
		}
		return out
	}
	for _, s := range []*string{&doc.Letterhead, &doc.Date, &doc.Salutation, &doc.Title,
		&doc.AsksIntro, &doc.Closing, &doc.AnnexTitle, &doc.AnnexNote} {
		*s = clean(*s)
	}
	doc.Recipient, doc.Paragraphs, doc.Signature = cleanAll(doc.Recipient), cleanAll(doc.Paragraphs),
		cleanAll(doc.Signature)
	asks := make([]LetterAsk, len(doc.Asks))
	for i, a := range doc.Asks {
		asks[i] = LetterAsk{clean(a.Label), clean(a.Description)}
	}
	doc.Asks = asks
	return doc
}

// The letter's layout, in millimetres and points.
const (
	letterheadSize = 14.0
	logoHeight     = 16.0
	logoGap        = 5.0 // between the logo and the letterhead
	askIndent      = 6.0
)

// drawLetterhead prints the logo, the sender's name beside it, and a rule
// under both.
func drawLetterhead(ts *typesetter, name string, logo []byte) error {
	pdf := ts.pdf
	top := pdf.GetY()
	bottom := top
	x := pdfMarginSide
	if len(logo) > 0 {
		info, err := registerImage(pdf, logo)
		if err != nil {
			return err
		}
		width := logoHeight * info.Width() / info.Height()
		pdf.ImageOptions("logo", pdfMarginSide, top, width, logoHeight, false, fpdf.ImageOptions{}, 0, "")
		x += width + logoGap
		bottom = top + logoHeight
	}
	if name != "" {
		pdf.SetTextColor(20, 20, 20)
		pdf.SetY(top)
		ts.paragraph(x, textWidth(pdf)-(x-pdfMarginSide), pdfTitleLeading, name, bold, letterheadSize, alignStart)
		bottom = max(bottom, pdf.GetY())
	}
	w, _ := pdf.GetPageSize()
	pdf.SetDrawColor(170, 170, 170)
	pdf.SetLineWidth(0.3)
	pdf.Line(pdfMarginSide, bottom+2, w-pdfMarginSide, bottom+2)
	pdf.SetXY(pdfMarginSide, bottom+2+pdfTitleGap)
	return nil
}

// drawLetterBody prints everything from the date to the signature.
func drawLetterBody(ts *typesetter, doc LetterDocument) {
	pdf := ts.pdf
	width := textWidth(pdf)
	lines := func(texts []string) {
		for _, line := range texts {
			ts.paragraph(pdfMarginSide, width, pdfLetterLeading, line, regular, pdfLetterSize, alignStart)
		}
	}
	pdf.SetTextColor(0, 0, 0)
	if doc.Date != "" {
		ts.paragraph(pdfMarginSide, width, pdfLetterLeading, doc.Date, regular, pdfLetterSize, alignEnd)
		pdf.Ln(pdfParagraphGap)
	}
	lines(doc.Recipient)
	pdf.Ln(2 * pdfLetterLeading)
	if doc.Salutation != "" {
		drawParagraphs(ts, []string{doc.Salutation})
	}
	if doc.Title != "" {
		ts.paragraph(pdfMarginSide, width, pdfLetterLeading, doc.Title, bold, pdfLetterSize, alignStart)
		pdf.Ln(pdfParagraphGap)
	}
	drawParagraphs(ts, doc.Paragraphs)
	drawAsks(ts, doc.AsksIntro, doc.Asks)
	drawParagraphs(ts, []string{doc.Closing})
	pdf.Ln(pdfLetterLeading)
	lines(doc.Signature)
}

// drawAsks prints the intro and the asks, each a bullet with its label in
// bold and its description under it.
func drawAsks(ts *typesetter, intro string, asks []LetterAsk) {
	if len(asks) == 0 {
		return
	}
	if intro != "" {
		drawParagraphs(ts, []string{intro})
	}
	x, width := ts.indented(pdfMarginSide, textWidth(ts.pdf), askIndent)
	bullet := pdfMarginSide
	if ts.rtl {
		bullet = pdfMarginSide + width
	}
	for _, a := range asks {
		y := ts.newPageFor(pdfLetterLeading)
		ts.drawLine(bullet, y, askIndent, pdfLetterLeading, "•", regular, pdfLetterSize, alignStart)
		ts.paragraph(x, width, pdfLetterLeading, a.Label, bold, pdfLetterSize, alignStart)
		if a.Description != "" {
			ts.paragraph(x, width, pdfLetterLeading, a.Description, regular, pdfLetterSize, alignStart)
		}
		ts.pdf.Ln(pdfParagraphGap)
	}
}

// CheckImage reports whether LetterPDF can print data as a logo: a PNG or
// JPEG that fpdf reads (not an interlaced PNG, nor a JPEG in a colour space
// other than grey, RGB or CMYK). The error wraps ErrImage.
func CheckImage(data []byte) error {
	_, err := registerImage(fpdf.New("P", "mm", "A4", ""), data)
	return err
}

// registerImage adds data to pdf as the image "logo".
func registerImage(pdf *fpdf.Fpdf, data []byte) (*fpdf.ImageInfoType, error) {
	var kind string
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		kind = "PNG"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		kind = "JPEG"
	default:
		return nil, fmt.Errorf("export: logo: %w: not a PNG or JPEG file", ErrImage)
	}
	info := pdf.RegisterImageOptionsReader("logo", fpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("export: logo (%s): %w: %v", kind, ErrImage, err)
	}
	if info == nil || info.Width() <= 0 || info.Height() <= 0 {
		return nil, fmt.Errorf("export: logo (%s): %w: no size", kind, ErrImage)
	}
	return info, nil
}
