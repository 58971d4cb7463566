package publish

import (
	"strings"
	"unicode"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/language"
)

// typesetter draws text on a document in the embedded faces: each run of
// characters in the face that has their glyphs (faceFor), Arabic shaped,
// each line in visual order, and every line laid out from the right in a
// right-to-left document. fpdf's own text calls take one font a call, so
// the document's text goes through here; only the page numbers do not.
type typesetter struct {
	pdf *fpdf.Fpdf
	rtl bool // the document's language is written right to left
	// font is the font last selected: fpdf's SetFont writes an operator to
	// the page each time, even for the font in use.
	font fontChoice
}

// fontChoice is a face in a style at a size.
type fontChoice struct {
	face  *face
	style textStyle
	size  float64
}

func newTypesetter(pdf *fpdf.Fpdf, lang language.Tag) *typesetter {
	return &typesetter{pdf: pdf, rtl: rightToLeft(lang)}
}

// rightToLeft reports whether lang is written right to left, as Arabic is.
func rightToLeft(lang language.Tag) bool {
	script, _ := lang.Script()
	switch script.String() {
	case "Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm":
		return true
	}
	return false
}

// align is where a line sits in its box.
type align int

const (
	alignStart  align = iota // at the left in a left-to-right document, at the right in a right-to-left one
	alignEnd                 // at the other side
	alignCenter              // in the middle
)

// offset is how far from its box's left edge a line total wide starts.
func (ts *typesetter) offset(a align, width, total float64) float64 {
	switch {
	case a == alignCenter:
		return (width - total) / 2
	case (a == alignEnd) != ts.rtl:
		return width - total
	}
	return 0
}

// indented is the box from x, width wide, less indent on the side the
// lines start.
func (ts *typesetter) indented(x, width, indent float64) (float64, float64) {
	if ts.rtl {
		return x, width - indent
	}
	return x + indent, width - indent
}

// setFont selects f in style at size points (times the face's scale),
// adding the font to the document the first time. fpdf's page breaks
// select again the font in use before them, and only the page numbers,
// drawn during a page break, select another one.
func (ts *typesetter) setFont(f *face, style textStyle, size float64) {
	choice := fontChoice{f, style, size}
	if choice == ts.font {
		return
	}
	ts.pdf.AddUTF8FontFromBytes(f.family, style.fpdfStyle(), f.ttf[style])
	ts.pdf.SetFont(f.family, style.fpdfStyle(), size*f.scale)
	ts.font = choice
}

// segment is a piece of a line drawn in one face and style.
type segment struct {
	face  *face
	style textStyle
	runes []rune
}

// eachFace calls fn with each visible character of printable rs, its
// index and the face and style it is drawn in. A character that no face
// has, which printable has replaced, would be drawn as DejaVu's missing
// glyph.
func eachFace(rs []rune, style textStyle, fn func(i int, r rune, f *face, s textStyle)) {
	var prev *face
	for i, r := range rs {
		if invisible(r) {
			continue
		}
		f, s := faceFor(r, style, prev)
		if f == nil {
			f, s = dejaVu, style
		}
		fn(i, r, f, s)
		prev = f
	}
}

// segments cuts printable text into runs of one face, dropping the
// invisible characters.
func segments(text string, style textStyle) []segment {
	var out []segment
	eachFace([]rune(text), style, func(_ int, r rune, f *face, s textStyle) {
		if n := len(out); n > 0 && out[n-1].face == f && out[n-1].style == s {
			out[n-1].runes = append(out[n-1].runes, r)
		} else {
			out = append(out, segment{f, s, []rune{r}})
		}
	})
	return out
}

// advance is the width of r drawn in f and style at size, in the
// document's unit; a mark, drawn over the letter before it, has none.
func (ts *typesetter) advance(r rune, f *face, style textStyle, size float64) float64 {
	if unicode.Is(unicode.Mn, r) {
		return 0
	}
	ts.setFont(f, style, size)
	return ts.pdf.GetStringWidth(string(r))
}

// advances are the widths of the characters of printable text.
func (ts *typesetter) advances(rs []rune, style textStyle, size float64) []float64 {
	out := make([]float64, len(rs))
	eachFace(rs, style, func(i int, r rune, f *face, s textStyle) { out[i] = ts.advance(r, f, s, size) })
	return out
}

// wrap breaks text into lines of printable text, the first at most first
// wide and the others at most rest: at spaces, which the break drops, and
// between two characters of Chinese or Japanese, which have none; a word
// longer than a line is cut where it overflows. Empty text has no lines.
func (ts *typesetter) wrap(text string, style textStyle, size, first, rest float64) []string {
	rs := []rune(printable(text, style))
	adv := ts.advances(rs, style, size)
	var lines []string
	for width := first; len(rs) > 0; width = rest {
		end, next := fit(rs, adv, width)
		lines = append(lines, string(rs[:end]))
		rs, adv = rs[next:], adv[next:]
	}
	return lines
}

// fit is how many characters of rs go on a line width wide (end), and
// where the next line starts (next).
func fit(rs []rune, adv []float64, width float64) (end, next int) {
	total := 0.0
	brk, after := 0, 0
	for i, r := range rs {
		switch {
		case r == ' ':
			brk, after = i, i+1
		case i > 0 && breakBetween(rs[i-1], r):
			brk, after = i, i
		}
		total += adv[i]
		if total > width+1e-9 && r != ' ' {
			if brk > 0 {
				return brk, after
			}
			return max(i, 1), max(i, 1)
		}
	}
	return len(rs), len(rs)
}

// breakBetween reports whether a line may break between a and b without a
// space: between two ideographs, unless b is punctuation that closes, or a
// punctuation that opens.
func breakBetween(a, b rune) bool {
	if !ideographic(a) && !ideographic(b) {
		return false
	}
	return !strings.ContainsRune("，。、；：？！）」』】》〉〕〗’”…·ー%),.:;?!", b) &&
		!strings.ContainsRune("（「『【《〈〔〖‘“(", a)
}

func ideographic(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo) ||
		(r >= 0x3000 && r <= 0x303F) || (r >= 0xFF01 && r <= 0xFF60)
}

// drawLine draws a line of printable text in the box from x, width wide,
// at y, h high, as fpdf's CellFormat would: on the baseline at half the
// box's height and three tenths of the size below it.
func (ts *typesetter) drawLine(x, y, width, h float64, line string, style textStyle, size float64, a align) {
	segs := segments(visualOrder(line, ts.rtl), style)
	widths := make([]float64, len(segs))
	total := 0.0
	for i, sg := range segs {
		for _, r := range sg.runes {
			widths[i] += ts.advance(r, sg.face, sg.style, size)
		}
		total += widths[i]
	}
	left := x + ts.offset(a, width, total)
	baseline := y + 0.5*h + 0.3*size/ts.pdf.GetConversionRatio()
	for i, sg := range segs {
		ts.setFont(sg.face, sg.style, size)
		ts.pdf.Text(left, baseline, string(sg.runes))
		left += widths[i]
	}
}

// newPageFor starts a new page when a line h high would cross the bottom
// margin and the document breaks its pages itself; it returns the y of
// the line.
func (ts *typesetter) newPageFor(h float64) float64 {
	y := ts.pdf.GetY()
	_, pageHeight := ts.pdf.GetPageSize()
	if auto, margin := ts.pdf.GetAutoPageBreak(); auto && y+h > pageHeight-margin {
		ts.pdf.AddPage()
		y = ts.pdf.GetY()
	}
	return y
}

// paragraph draws text wrapped in the box from x, width wide, a line each
// h from the current position down, as fpdf's MultiCell does: empty text
// takes one line, a line that would cross the bottom margin goes on a new
// page when the document breaks its pages, and the position ends at the
// left margin under the last line.
func (ts *typesetter) paragraph(x, width, h float64, text string, style textStyle, size float64, a align) {
	lines := ts.wrap(text, style, size, width, width)
	if len(lines) == 0 {
		lines = []string{""}
	}
	for _, line := range lines {
		y := ts.newPageFor(h)
		ts.drawLine(x, y, width, h, line, style, size, a)
		ts.pdf.SetY(y + h)
	}
}
