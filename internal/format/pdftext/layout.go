package pdftext

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// word is one word of pdftotext's -bbox output, in points from the page's
// top left corner.
type word struct {
	xMin, yMin, xMax, yMax float64
	text                   string
}

// line is a run of words on one baseline, in content-stream order.
type line struct {
	x, y, height float64
	words        []string
}

// page is the lines of one page, in content-stream order.
type page struct{ lines []line }

// Geometry of the paragraph rules, in points.
const (
	// minIndent is how far right of its column's edge a line must start to
	// begin a paragraph; UN records indent by 18 to 24 points.
	minIndent = 6
	// columnGap is the least distance between two columns' left edges.
	columnGap = 40
	// minColumnLines is how many lines must start at an x for it to be a
	// column's left edge.
	minColumnLines = 3
	// maxTightSpacing is the most, as a multiple of the page's usual line
	// pitch, that two lines of one paragraph lie apart; UN records leave
	// one and a half to two lines between paragraphs.
	maxTightSpacing = 1.2
)

// parseBBox reads the XHTML that pdftotext -bbox writes: a <page> element
// per page holding <word> elements with their boxes.
func parseBBox(r io.Reader) ([]page, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false
	dec.Entity = xml.HTMLEntity
	var pages []page
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return pages, nil
		}
		if err != nil {
			return nil, fmt.Errorf("reading pdftotext output: %w", err)
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch start.Name.Local {
		case "page":
			pages = append(pages, page{})
		case "word":
			if len(pages) == 0 {
				return nil, errors.New("reading pdftotext output: a word outside any page")
			}
			w, err := readWord(dec, start)
			if err != nil {
				return nil, err
			}
			pages[len(pages)-1].add(w)
		}
	}
}

func readWord(dec *xml.Decoder, start xml.StartElement) (word, error) {
	var w word
	for _, a := range start.Attr {
		v, err := strconv.ParseFloat(a.Value, 64)
		if err != nil {
			continue
		}
		switch a.Name.Local {
		case "xMin":
			w.xMin = v
		case "yMin":
			w.yMin = v
		case "xMax":
			w.xMax = v
		case "yMax":
			w.yMax = v
		}
	}
	if err := dec.DecodeElement(&w.text, &start); err != nil {
		return word{}, fmt.Errorf("reading pdftotext output: %w", err)
	}
	return w, nil
}

// add appends w to the page's last line when it continues it: on the same
// baseline (within half a line's height, to allow for superscripts) and to
// the right of it. Otherwise w starts a new line.
func (p *page) add(w word) {
	w.text = strings.TrimSpace(w.text)
	if w.text == "" {
		return
	}
	h := w.yMax - w.yMin
	if n := len(p.lines); n > 0 {
		l := &p.lines[n-1]
		if math.Abs(w.yMin-l.y) < max(h, l.height)/2 && w.xMin >= l.x {
			l.words = append(l.words, w.text)
			l.height = max(l.height, h)
			return
		}
	}
	p.lines = append(p.lines, line{x: w.xMin, y: w.yMin, height: h, words: []string{w.text}})
}

// text renders the page: lines joined by newlines, with an empty line
// before each line that starts a paragraph (so a page whose first line
// starts one begins with a newline). edges are the document's column
// edges.
func (p page) text(margins []float64) string {
	pitch := p.linePitch()
	var b strings.Builder
	for i, l := range p.lines {
		if i > 0 {
			b.WriteByte('\n')
		}
		if p.startsParagraph(i, margins, pitch) {
			b.WriteByte('\n')
		}
		b.WriteString(strings.Join(l.words, " "))
	}
	return b.String()
}

// columnEdges returns the left edges of the document's columns,
// ascending: the x positions where at least minColumnLines lines start,
// leaving out any within columnGap right of an edge already found (the
// paragraph indent and quotations of that column). The leftmost line
// start is always one. The whole document counts, as a page that is
// mostly an indented vote list may have too few lines at its edge.
func columnEdges(pages []page) []float64 {
	count := map[float64]int{}
	for _, p := range pages {
		for _, l := range p.lines {
			count[math.Round(l.x)]++
		}
	}
	xs := make([]float64, 0, len(count))
	for x := range count {
		xs = append(xs, x)
	}
	slices.Sort(xs)
	var edges []float64
	for i, x := range xs {
		if i > 0 && count[x] < minColumnLines {
			continue
		}
		if len(edges) > 0 && x-edges[len(edges)-1] < columnGap {
			continue
		}
		edges = append(edges, x)
	}
	return edges
}

// linePitch returns the most common distance between consecutive lines
// of the page, to the half point, or 0 when no line follows another.
func (p page) linePitch() float64 {
	count := map[float64]int{}
	best, most := 0.0, 0
	for i := 1; i < len(p.lines); i++ {
		d := math.Round(2*(p.lines[i].y-p.lines[i-1].y)) / 2
		if d <= 0 {
			continue
		}
		count[d]++
		if n := count[d]; n > most || (n == most && d < best) {
			best, most = d, n
		}
	}
	return best
}

// indent returns how far x lies right of the nearest column edge left of
// it.
func indent(x float64, edges []float64) float64 {
	edge := math.Inf(-1)
	for _, e := range edges {
		if e <= math.Round(x) {
			edge = e
		}
	}
	if math.IsInf(edge, -1) {
		return 0
	}
	return math.Round(x) - edge
}

// startsParagraph tells whether line i begins a paragraph: it is indented,
// and it does not continue an indented line before it (a quotation, whose
// first line may be indented further) with normal line spacing.
func (p page) startsParagraph(i int, edges []float64, pitch float64) bool {
	l := p.lines[i]
	if indent(l.x, edges) < minIndent {
		return false
	}
	if i == 0 {
		return true
	}
	prev := p.lines[i-1]
	inQuotation := indent(prev.x, edges) >= minIndent && l.x <= prev.x+1 && l.x > prev.x-columnGap
	tight := l.y > prev.y && l.y-prev.y <= maxTightSpacing*pitch
	return !(inQuotation && tight)
}
