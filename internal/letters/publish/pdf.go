package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// The PDF's page layout, in millimetres and points.
const (
	pdfFamily        = "DejaVuSans"
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
// embedded font (DejaVu Sans) covers Latin, Greek and Cyrillic; a list or
// title with a character of another script, such as Arabic or Chinese,
// gets an error that wraps ErrScriptNotSupported and writes nothing.
func PDF(w io.Writer, entries []orglist.Entry, opt Options) error {
	title := clean(opt.Title)
	lines := Lines(entries, opt.Lang)
	listTitle := title
	if len(opt.Letter) > 0 {
		listTitle = clean(opt.AnnexTitle)
	}
	if err := checkScripts(boldRunes(), title, listTitle); err != nil {
		return err
	}
	if err := checkScripts(regularRunes(), append(slices.Clone(lines), opt.Letter...)...); err != nil {
		return err
	}
	pdf := newPDF(title, opt.Lang)
	if len(opt.Letter) > 0 {
		drawLetter(pdf, title, opt.Letter)
	}
	drawList(pdf, listTitle, lines)
	return output(pdf, w, "publish.PDF")
}

// drawLetter prints the title and the letter's paragraphs, letting fpdf
// break pages where it must; the list that follows starts on a new page.
func drawLetter(pdf *fpdf.Fpdf, title string, paragraphs []string) {
	pdf.SetAutoPageBreak(true, pdfMarginBottom)
	pdf.AddPage()
	if title != "" {
		drawTitle(pdf, title)
	}
	drawParagraphs(pdf, paragraphs)
	pdf.SetAutoPageBreak(false, pdfMarginBottom)
}

func drawParagraphs(pdf *fpdf.Fpdf, paragraphs []string) {
	pdf.SetFont(pdfFamily, "", pdfLetterSize)
	pdf.SetTextColor(0, 0, 0)
	for _, p := range paragraphs {
		pdf.MultiCell(0, pdfLetterLeading, clean(p), "", "L", false)
		pdf.Ln(pdfParagraphGap)
	}
}

// drawList prints the list on new pages, headed by title when there is one.
func drawList(pdf *fpdf.Fpdf, title string, lines []string) {
	for i, page := range paginate(pdf, title, lines) {
		pdf.AddPage()
		if i == 0 && title != "" {
			drawTitle(pdf, title)
		}
		drawEntries(pdf, page)
	}
}

// output writes the finished document; op names the caller in the error.
func output(pdf *fpdf.Fpdf, w io.Writer, op string) error {
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// checkScripts runs checkScript on each text.
func checkScripts(font runeSet, texts ...string) error {
	for _, text := range texts {
		if err := checkScript(text, font); err != nil {
			return err
		}
	}
	return nil
}

// newPDF starts an A4 document with the embedded fonts and "page / pages"
// at the foot of each page.
func newPDF(title string, lang language.Tag) *fpdf.Fpdf {
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
	pdf.SetLang(langAttribute(lang))
	pdf.AliasNbPages("{nb}")
	pdf.SetFooterFunc(func() {
		pdf.SetY(pdfFooterY)
		pdf.SetFont(pdfFamily, "", pdfFooterSize)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, fmt.Sprintf("%d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
	})
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
// AnnexNote after a blank line. Pages are numbered "page / pages". A text with a character
// that the embedded font cannot show gets an error that wraps
// ErrScriptNotSupported, a logo that is not a PNG or JPEG fpdf can read one
// that wraps ErrImage; either way nothing is written.
func LetterPDF(w io.Writer, doc LetterDocument, entries []orglist.Entry, lang language.Tag) error {
	doc = doc.cleaned()
	lines := Lines(entries, lang)
	if doc.AnnexNote != "" {
		lines = append(lines, "", doc.AnnexNote) // a blank line, then the note
	}
	if err := doc.checkScripts(lines); err != nil {
		return err
	}
	pdf := newPDF(doc.Title, lang)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(doc.Created)
	pdf.SetModificationDate(doc.Created)
	pdf.SetAutoPageBreak(true, pdfMarginBottom)
	pdf.AddPage()
	if err := drawLetterhead(pdf, doc.Letterhead, doc.Logo); err != nil {
		return err
	}
	drawLetterBody(pdf, doc)
	pdf.SetAutoPageBreak(false, pdfMarginBottom)
	drawList(pdf, doc.AnnexTitle, lines)
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

// checkScripts checks every text of the cleaned doc and the annex lines
// against the font it is printed in.
func (doc LetterDocument) checkScripts(lines []string) error {
	bold := []string{doc.Letterhead, doc.Title, doc.AnnexTitle}
	regular := slices.Concat([]string{doc.Date, doc.Salutation, doc.AsksIntro, doc.Closing}, doc.Recipient,
		doc.Paragraphs, doc.Signature, lines)
	for _, a := range doc.Asks {
		bold = append(bold, a.Label)
		regular = append(regular, a.Description)
	}
	if err := checkScripts(boldRunes(), bold...); err != nil {
		return err
	}
	return checkScripts(regularRunes(), regular...)
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
func drawLetterhead(pdf *fpdf.Fpdf, name string, logo []byte) error {
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
		pdf.SetFont(pdfFamily, "B", letterheadSize)
		pdf.SetTextColor(20, 20, 20)
		pdf.SetXY(x, top)
		pdf.MultiCell(textWidth(pdf)-(x-pdfMarginSide), pdfTitleLeading, name, "", "L", false)
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
func drawLetterBody(pdf *fpdf.Fpdf, doc LetterDocument) {
	pdf.SetFont(pdfFamily, "", pdfLetterSize)
	pdf.SetTextColor(0, 0, 0)
	if doc.Date != "" {
		pdf.CellFormat(0, pdfLetterLeading, doc.Date, "", 1, "R", false, 0, "")
		pdf.Ln(pdfParagraphGap)
	}
	for _, line := range doc.Recipient {
		pdf.MultiCell(0, pdfLetterLeading, line, "", "L", false)
	}
	pdf.Ln(2 * pdfLetterLeading)
	if doc.Salutation != "" {
		drawParagraphs(pdf, []string{doc.Salutation})
	}
	if doc.Title != "" {
		pdf.SetFont(pdfFamily, "B", pdfLetterSize)
		pdf.MultiCell(0, pdfLetterLeading, doc.Title, "", "L", false)
		pdf.Ln(pdfParagraphGap)
	}
	drawParagraphs(pdf, doc.Paragraphs)
	drawAsks(pdf, doc.AsksIntro, doc.Asks)
	drawParagraphs(pdf, []string{doc.Closing})
	pdf.Ln(pdfLetterLeading)
	for _, line := range doc.Signature {
		pdf.MultiCell(0, pdfLetterLeading, line, "", "L", false)
	}
}

// drawAsks prints the intro and the asks, each a bullet with its label in
// bold and its description under it.
func drawAsks(pdf *fpdf.Fpdf, intro string, asks []LetterAsk) {
	if len(asks) == 0 {
		return
	}
	if intro != "" {
		drawParagraphs(pdf, []string{intro})
	}
	width := textWidth(pdf) - askIndent
	for _, a := range asks {
		pdf.SetFont(pdfFamily, "", pdfLetterSize)
		pdf.CellFormat(askIndent, pdfLetterLeading, "•", "", 0, "L", false, 0, "")
		pdf.SetFont(pdfFamily, "B", pdfLetterSize)
		pdf.MultiCell(width, pdfLetterLeading, a.Label, "", "L", false)
		if a.Description != "" {
			pdf.SetFont(pdfFamily, "", pdfLetterSize)
			pdf.SetX(pdfMarginSide + askIndent)
			pdf.MultiCell(width, pdfLetterLeading, a.Description, "", "L", false)
		}
		pdf.Ln(pdfParagraphGap)
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
