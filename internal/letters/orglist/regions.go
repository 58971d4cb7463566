package orglist

import (
	"strings"

	"github.com/r2p-coalition/r2p/internal/fold"
)

// stretch is a part of the text between two cuts (prose lines, markers
// and headings): candidate, blank and skipped lines.
type stretch struct {
	lines       []*line
	afterMarker bool // the cut before it is a marker: a list follows
	entries     []*line
}

// chooseStretches finds the list: the stretches after the first marker
// (or all of them, when no marker has entries after it), of which the one
// with the most entries and every one right after a marker.
func chooseStretches(ls []*line) []stretch {
	begin := 0
	for i, l := range ls {
		if l.kind == kindMarker && candidateAfter(ls, i) {
			begin = i
			break
		}
	}
	var all []stretch
	cur := stretch{}
	for _, l := range ls[begin:] {
		switch l.kind {
		case kindMarker, kindHeading, kindProse:
			all = append(all, cur)
			cur = stretch{afterMarker: l.kind == kindMarker}
		default:
			cur.lines = append(cur.lines, l)
		}
	}
	all = append(all, cur)
	best, most := -1, 0
	for i := range all {
		all[i].entries = all[i].entryLines(ls)
		if n := countItems(all[i].entries); n > most {
			best, most = i, n
		}
	}
	var chosen []stretch
	for i, s := range all {
		if len(s.entries) > 0 && (i == best || s.afterMarker) {
			chosen = append(chosen, s)
		}
	}
	return chosen
}

func candidateAfter(ls []*line, i int) bool {
	for _, l := range ls[i+1:] {
		if l.kind == kindCandidate && !l.soft {
			return true
		}
	}
	return false
}

func countItems(ls []*line) int {
	n := 0
	for _, l := range ls {
		n += len(l.items)
	}
	return n
}

// entryLines returns the stretch's candidate lines that are entries: not
// a letterhead next to a postal address, nor a footer set apart at the
// end.
func (s stretch) entryLines(all []*line) []*line {
	skip := map[*line]bool{}
	// A short paragraph with a postal address is a letterhead or a
	// contact block.
	var para []*line
	flush := func() {
		var cands []*line
		address := false
		for _, l := range para {
			address = address || l.kind == kindAddress
			if l.kind == kindCandidate {
				cands = append(cands, l)
			}
		}
		if address && len(cands) <= 3 {
			for _, l := range cands {
				skip[l] = true
			}
		}
		para = nil
	}
	for _, l := range s.lines {
		if l.kind == kindBlank {
			flush()
		} else {
			para = append(para, l)
		}
	}
	flush()

	var cands []*line
	var gaps []int // gaps[i]: blank lines between cands[i-1] and cands[i]
	blanks := 0
	for _, l := range s.lines {
		switch {
		case l.kind == kindBlank:
			blanks++
		case l.kind == kindCandidate && !skip[l]:
			cands = append(cands, l)
			gaps = append(gaps, blanks)
			blanks = 0
		}
	}
	cands, gaps = trimSoft(cands, gaps)
	if t := footerStart(cands, gaps); t > 0 && textAfter(all, cands[len(cands)-1]) {
		cands, _ = trimSoft(cands[:t], gaps[:t])
	}
	return cands
}

// trimSoft drops the short sentences at either end of a list.
func trimSoft(cands []*line, gaps []int) ([]*line, []int) {
	for len(cands) > 0 && cands[0].soft {
		cands, gaps = cands[1:], gaps[1:]
	}
	for len(cands) > 0 && cands[len(cands)-1].soft {
		cands, gaps = cands[:len(cands)-1], gaps[:len(gaps)-1]
	}
	return cands, gaps
}

// footerStart returns the index of the last one or two candidates when a
// wider gap than any in the list sets them apart, or -1.
func footerStart(cands []*line, gaps []int) int {
	if len(cands) < 4 {
		return -1
	}
	t := -1
	for i := len(cands) - 1; i >= len(cands)-2; i-- {
		if gaps[i] >= 2 {
			t = i
			break
		}
	}
	if t < 2 {
		return -1
	}
	for _, g := range gaps[1:t] {
		if g >= gaps[t] {
			return -1
		}
	}
	return t
}

// textAfter reports whether anything follows l in the text.
func textAfter(all []*line, l *line) bool {
	for _, m := range all {
		if m.no > l.no && m.text != "" {
			return true
		}
	}
	return false
}

// regions are names of world regions, as regionKey folds them: a place
// known for sure.
var regions = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range []string{
		"Africa", "North Africa", "Northern Africa", "Sub-Saharan Africa", "East Africa", "Eastern Africa",
		"West Africa", "Western Africa", "Central Africa", "Middle Africa", "Southern Africa",
		"Horn of Africa", "Great Lakes", "Great Lakes Region", "Sahel", "Maghreb", "Americas",
		"The Americas", "North America", "Northern America", "Latin America",
		"Latin America and the Caribbean", "Caribbean", "Central America", "South America",
		"Asia", "Central Asia", "East Asia", "Eastern Asia", "South Asia", "Southern Asia",
		"Southeast Asia", "South-East Asia", "South East Asia", "South-eastern Asia", "Western Asia",
		"Asia-Pacific", "Asia Pacific", "Asia and the Pacific", "Pacific", "Middle East",
		"Middle East and North Africa", "MENA", "Europe", "Eastern Europe", "Western Europe",
		"Northern Europe", "Southern Europe", "Central Europe", "Central and Eastern Europe",
		"Balkans", "Western Balkans", "Caucasus", "South Caucasus", "Scandinavia", "Nordic countries",
		"Oceania", "Melanesia", "Micronesia region", "Polynesia", "Arab region", "Arab world",
		"Global", "International", "Worldwide", "Afrique", "Afrique de l'Ouest", "Afrique centrale",
		"Afrique de l'Est", "Afrique australe", "Afrique du Nord", "Amérique latine", "Asie",
		"Asie du Sud", "Asie du Sud-Est", "Moyen-Orient", "Grands Lacs", "Afrique subsaharienne",
		"América Latina", "América Latina y el Caribe", "Centroamérica", "Sudamérica", "África",
		"África Occidental", "Oriente Medio", "Medio Oriente", "Caribe",
	} {
		m[regionKey(r)] = true
	}
	return m
}()

// regionKey folds s (fold.LetterWords) and drops a leading "the".
func regionKey(s string) string { return strings.TrimPrefix(fold.LetterWords(s), "the ") }

func isRegion(s string) bool { return regions[regionKey(s)] }

// row parses the item into a row of line l.
func (it item) row(l *line) Row {
	var e Entry
	var v verdict
	if it.cells != nil {
		e, v = parseCells(it.cells, it.cols)
	} else {
		e, v = parseEntry(it.text, it.run)
	}
	if it.commaRun {
		v.guess("split from a comma-separated run")
	}
	if it.andSplit {
		v.guess("split at “and”")
	}
	if l.joined {
		v.guess("joined with the next line")
	}
	return Row{Entry: e, Line: l.no, Confidence: v.conf, Note: strings.Join(v.notes, "; ")}
}
