package publish

import (
	"slices"

	"golang.org/x/text/unicode/bidi"
)

// fpdf draws a string's characters left to right. visualOrder puts a line
// in that order by the Unicode Bidirectional Algorithm (UAX #9) without
// its explicit embeddings and isolates, which the PDF's texts do not
// carry: weak types (W1-W7), bracket pairs (N0), neutrals (N1, N2),
// implicit levels (I1, I2), then reordering and mirroring (L1, L2, L4).
// golang.org/x/text/unicode/bidi gives each character's class; its
// Paragraph.Order does not reorder runs and mis-pairs brackets, so the
// rules are here.

// visualOrder returns line in the order its characters are drawn, left to
// right, in a paragraph that runs right to left when rtl is set.
func visualOrder(line string, rtl bool) string {
	rs := []rune(line)
	if !rtl && !hasRightToLeft(rs) {
		return line
	}
	base := 0
	if rtl {
		base = 1
	}
	types := make([]bidi.Class, len(rs))
	for i, r := range rs {
		p, _ := bidi.LookupRune(r)
		types[i] = p.Class()
	}
	original := slices.Clone(types)
	resolveWeak(types, base)
	resolveBrackets(rs, types, original, base)
	resolveNeutrals(types, base)
	levels := implicitLevels(types, original, base)
	return string(reorder(rs, levels))
}

func hasRightToLeft(rs []rune) bool {
	for _, r := range rs {
		p, _ := bidi.LookupRune(r)
		if c := p.Class(); c == bidi.R || c == bidi.AL || c == bidi.AN {
			return true
		}
	}
	return false
}

// direction is the strong type of a level: L when even, R when odd.
func direction(level int) bidi.Class {
	if level%2 == 0 {
		return bidi.L
	}
	return bidi.R
}

// resolveWeak applies rules W1 to W7; the line's start and end are of the
// paragraph's direction.
func resolveWeak(t []bidi.Class, base int) {
	sos := direction(base)
	for i := range t { // W1: a mark, or a boundary neutral, takes the type before it
		if t[i] == bidi.NSM || t[i] == bidi.BN {
			t[i] = sos
			if i > 0 {
				t[i] = t[i-1]
			}
		}
	}
	strong := sos
	for i, c := range t { // W2: a European number after an Arabic letter is an Arabic number; W3
		switch c {
		case bidi.L, bidi.R, bidi.AL:
			strong = c
		case bidi.EN:
			if strong == bidi.AL {
				t[i] = bidi.AN
			}
		}
		if c == bidi.AL {
			t[i] = bidi.R
		}
	}
	for i := 1; i+1 < len(t); i++ { // W4: one separator between two numbers of a kind
		prev, next := t[i-1], t[i+1]
		switch {
		case t[i] == bidi.ES && prev == bidi.EN && next == bidi.EN,
			t[i] == bidi.CS && prev == bidi.EN && next == bidi.EN:
			t[i] = bidi.EN
		case t[i] == bidi.CS && prev == bidi.AN && next == bidi.AN:
			t[i] = bidi.AN
		}
	}
	for i := 0; i < len(t); { // W5: terminators next to a European number
		if t[i] != bidi.ET {
			i++
			continue
		}
		j := i
		for j < len(t) && t[j] == bidi.ET {
			j++
		}
		if (i > 0 && t[i-1] == bidi.EN) || (j < len(t) && t[j] == bidi.EN) {
			for k := i; k < j; k++ {
				t[k] = bidi.EN
			}
		}
		i = j
	}
	strong = sos
	for i, c := range t { // W6: other separators are neutral; W7
		switch c {
		case bidi.ES, bidi.ET, bidi.CS:
			t[i] = bidi.ON
		case bidi.L, bidi.R:
			strong = c
		case bidi.EN:
			if strong == bidi.L {
				t[i] = bidi.L
			}
		}
	}
}

// strongOf is the direction a resolved type counts as for the neutral
// rules: numbers count as right to left; 0 for a neutral.
func strongOf(c bidi.Class) bidi.Class {
	switch c {
	case bidi.L:
		return bidi.L
	case bidi.R, bidi.EN, bidi.AN:
		return bidi.R
	}
	return bidi.ON
}

// maxBracketDepth is BD16's bound on nested brackets.
const maxBracketDepth = 63

// bracketPairs finds the pairs of brackets (BD16), by the position of
// their opening bracket.
func bracketPairs(rs []rune, t []bidi.Class) [][2]int {
	type opener struct {
		closing rune
		at      int
	}
	var stack []opener
	var pairs [][2]int
	for i, r := range rs {
		if t[i] != bidi.ON {
			continue
		}
		p, _ := bidi.LookupRune(r)
		switch {
		case !p.IsBracket():
		case p.IsOpeningBracket():
			if len(stack) == maxBracketDepth {
				return sortPairs(pairs)
			}
			stack = append(stack, opener{[]rune(bidi.ReverseString(string(r)))[0], i})
		default:
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].closing == r {
					pairs = append(pairs, [2]int{stack[k].at, i})
					stack = stack[:k]
					break
				}
			}
		}
	}
	return sortPairs(pairs)
}

func sortPairs(pairs [][2]int) [][2]int {
	slices.SortFunc(pairs, func(a, b [2]int) int { return a[0] - b[0] })
	return pairs
}

// resolveBrackets applies rule N0: a pair of brackets takes the
// paragraph's direction when they hold text of it, else the direction of
// the text they hold when the text before them has it too.
func resolveBrackets(rs []rune, t, original []bidi.Class, base int) {
	embedding := direction(base)
	for _, pair := range bracketPairs(rs, t) {
		open, closing := pair[0], pair[1]
		found := bidi.ON
		for _, c := range t[open+1 : closing] {
			if s := strongOf(c); s == embedding {
				found = s
				break
			} else if s != bidi.ON {
				found = s
			}
		}
		if found == bidi.ON {
			continue
		}
		if found != embedding {
			context := embedding
			for k := open - 1; k >= 0; k-- {
				if s := strongOf(t[k]); s != bidi.ON {
					context = s
					break
				}
			}
			if context != found {
				found = embedding
			}
		}
		for _, k := range []int{open, closing} {
			t[k] = found
			for m := k + 1; m < len(t) && original[m] == bidi.NSM; m++ {
				t[m] = found
			}
		}
	}
}

// resolveNeutrals applies rules N1 and N2: a run of neutrals between text
// of one direction takes it, else the paragraph's.
func resolveNeutrals(t []bidi.Class, base int) {
	sos := direction(base)
	for i := 0; i < len(t); {
		if strongOf(t[i]) != bidi.ON {
			i++
			continue
		}
		j := i
		for j < len(t) && strongOf(t[j]) == bidi.ON {
			j++
		}
		before, after := sos, sos
		if i > 0 {
			before = strongOf(t[i-1])
		}
		if j < len(t) {
			after = strongOf(t[j])
		}
		dir := sos
		if before == after {
			dir = before
		}
		for k := i; k < j; k++ {
			t[k] = dir
		}
		i = j
	}
}

// implicitLevels applies rules I1 and I2, then L1: the spaces that end the
// line are at the paragraph's level.
func implicitLevels(t, original []bidi.Class, base int) []int {
	levels := make([]int, len(t))
	for i, c := range t {
		switch {
		case base%2 == 0 && c == bidi.R:
			levels[i] = base + 1
		case base%2 == 0 && (c == bidi.AN || c == bidi.EN):
			levels[i] = base + 2
		case base%2 == 1 && (c == bidi.L || c == bidi.AN || c == bidi.EN):
			levels[i] = base + 1
		default:
			levels[i] = base
		}
	}
	for i := len(t) - 1; i >= 0; i-- {
		if c := original[i]; c != bidi.WS && c != bidi.S && c != bidi.BN {
			break
		}
		levels[i] = base
	}
	return levels
}

// mirrored are the characters that are drawn mirrored in right-to-left
// text and are not brackets.
var mirrored = map[rune]rune{'<': '>', '>': '<', '«': '»', '»': '«', '‹': '›', '›': '‹', '≤': '≥', '≥': '≤'}

// reorder applies rules L2 and L4: from the highest level down to the
// lowest odd one, each run at that level or above is reversed; characters
// at an odd level are mirrored.
func reorder(rs []rune, levels []int) []rune {
	out := slices.Clone(rs)
	if len(levels) == 0 {
		return out
	}
	highest, lowestOdd := slices.Max(levels), slices.Min(levels)|1
	for i, l := range levels {
		if l%2 == 0 {
			continue
		}
		if m, ok := mirrored[out[i]]; ok {
			out[i] = m
		} else if p, _ := bidi.LookupRune(out[i]); p.IsBracket() {
			out[i] = []rune(bidi.ReverseString(string(out[i])))[0]
		}
	}
	lv := slices.Clone(levels)
	for level := highest; level >= lowestOdd; level-- {
		for i := 0; i < len(lv); {
			if lv[i] < level {
				i++
				continue
			}
			j := i
			for j < len(lv) && lv[j] >= level {
				j++
			}
			slices.Reverse(out[i:j])
			slices.Reverse(lv[i:j])
			i = j
		}
	}
	return out
}
