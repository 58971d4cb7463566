package codebook

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// MaxNear is the largest n of NEAR/n.
const MaxNear = 50

// A pattern is compiled from a string in the pattern language:
//
//	pattern  = sequence [ "NEAR/" n sequence ]
//	sequence = item { item }
//	item     = word | '"' word { word } '"' | "(" sequence { "|" sequence } ")" | "@" name
//	word     = letters and digits, optionally ending in "*"
//
// A sequence matches consecutive words of a text, not across the marks
// , ; : ( ) [ ] ! ? – — ("early, warning" is not "early warning"; NEAR does
// reach across them). Words match in any case
// and with or without accents ("reaffirmons" matches "Réaffirmons"); a word
// ending in "*" matches every word it begins ("protect*" matches "protect",
// "protection", "protecting"). Words are split as in texts: "Secretary-
// General's" is the three words "secretary general s", "A/63/677" is one.
// A group matches any of its alternatives: "(the | our) planet" matches "the
// planet" and "our planet"; where alternatives of different lengths match at
// one place, the longest wins. Quotes are optional; they let a sequence hold
// the word "near/1", a parenthesis or a bar. "@name" stands for the term
// named in the codebook's terms.
//
// "A NEAR/n B" matches A and B, in either order, with at most n other words
// between them, inside one scope unit; the match spans both.
type pattern struct {
	left, right term // right is nil without NEAR
	near        int
}

// term is the alternative sequences of words a side of a pattern matches.
type term [][]word

// word is one folded word of a pattern; prefix words end in "*".
type word struct {
	text   string
	prefix bool
}

func (w word) matches(folded string) bool {
	if w.prefix {
		return strings.HasPrefix(folded, w.text)
	}
	return folded == w.text
}

// parsePattern compiles src. terms holds the named terms "@name" may use;
// it is nil while the terms themselves are compiled, so that a term cannot
// refer to another.
func parsePattern(src string, terms map[string]term) (pattern, error) {
	lexemes, err := lex(src)
	if err != nil {
		return pattern{}, err
	}
	var p pattern
	nearAt := -1
	for i, lx := range lexemes {
		if n, ok, err := nearOperator(lx); err != nil {
			return pattern{}, err
		} else if ok {
			if nearAt >= 0 {
				return pattern{}, errors.New("only one NEAR/n per pattern")
			}
			nearAt, p.near = i, n
		}
	}
	if nearAt < 0 {
		p.left, err = parseTerm(lexemes, terms)
		return p, err
	}
	if nearAt == 0 || nearAt == len(lexemes)-1 {
		return pattern{}, fmt.Errorf("NEAR/%d needs a term on each side", p.near)
	}
	if p.left, err = parseTerm(lexemes[:nearAt], terms); err != nil {
		return pattern{}, err
	}
	if p.right, err = parseTerm(lexemes[nearAt+1:], terms); err != nil {
		return pattern{}, err
	}
	return p, nil
}

// lexeme is a piece of a pattern: "(", ")", "|", or a chunk of text; quoted
// chunks are never operators.
type lexeme struct {
	text   string
	quoted bool
}

func lex(src string) ([]lexeme, error) {
	var out []lexeme
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')' || c == '|':
			out = append(out, lexeme{text: string(c)})
			i++
		case c == '"':
			end := strings.IndexByte(src[i+1:], '"')
			if end < 0 {
				return nil, errors.New("unclosed quote")
			}
			out = append(out, lexeme{text: src[i+1 : i+1+end], quoted: true})
			i += end + 2
		default:
			end := strings.IndexAny(src[i:], " \t()|\"")
			if end < 0 {
				end = len(src) - i
			}
			out = append(out, lexeme{text: src[i : i+end]})
			i += end
		}
	}
	if len(out) == 0 {
		return nil, errors.New("empty pattern")
	}
	return out, nil
}

// nearOperator recognises NEAR/n, in any case.
func nearOperator(lx lexeme) (n int, ok bool, err error) {
	if lx.quoted || len(lx.text) < 5 || !strings.EqualFold(lx.text[:5], "near/") {
		return 0, false, nil
	}
	n, convErr := strconv.Atoi(lx.text[5:])
	if convErr != nil || n < 1 || n > MaxNear {
		return 0, false, fmt.Errorf("bad proximity operator %q: want NEAR/n with n a whole number from 1 to %d",
			lx.text, MaxNear)
	}
	return n, true, nil
}

// maxPhrases bounds the phrases a term's alternatives expand to.
const maxPhrases = 1000

// parseTerm compiles the lexemes of one side of a pattern.
func parseTerm(lexemes []lexeme, terms map[string]term) (term, error) {
	tp := &termParser{lexemes: lexemes, terms: terms}
	t, err := tp.sequence()
	if err != nil {
		return nil, err
	}
	if tp.pos < len(lexemes) {
		return nil, fmt.Errorf("misplaced %q: alternatives are written (a | b)", lexemes[tp.pos].text)
	}
	return t, nil
}

// termParser parses a sequence of items, each a word, a quoted phrase, a
// named term or a group of alternatives, into the phrases it stands for.
type termParser struct {
	lexemes []lexeme
	pos     int
	terms   map[string]term
}

// sequence parses items up to a "|", a ")" or the end, and returns their
// cross product: "(the | our) planet" is "the planet" and "our planet".
func (tp *termParser) sequence() (term, error) {
	seqs := term{nil}
	for tp.pos < len(tp.lexemes) {
		lx := tp.lexemes[tp.pos]
		if !lx.quoted && (lx.text == "|" || lx.text == ")") {
			break
		}
		alts, err := tp.item()
		if err != nil {
			return nil, err
		}
		if len(seqs)*len(alts) > maxPhrases {
			return nil, fmt.Errorf("the alternatives expand to more than %d phrases", maxPhrases)
		}
		var next term
		for _, s := range seqs {
			for _, a := range alts {
				next = append(next, append(slices.Clip(s), a...))
			}
		}
		seqs = next
	}
	if len(seqs[0]) == 0 {
		return nil, errors.New("no words to match")
	}
	return seqs, nil
}

func (tp *termParser) item() (term, error) {
	lx := tp.lexemes[tp.pos]
	tp.pos++
	switch {
	case !lx.quoted && lx.text == "(":
		return tp.group()
	case !lx.quoted && strings.HasPrefix(lx.text, "@"):
		return namedTerm(lx.text[1:], tp.terms)
	}
	var seq []word
	for _, chunk := range strings.Fields(lx.text) {
		words, err := chunkWords(chunk)
		if err != nil {
			return nil, err
		}
		seq = append(seq, words...)
	}
	if len(seq) == 0 {
		return nil, fmt.Errorf("%q has no words to match", lx.text)
	}
	return term{seq}, nil
}

// group parses "a | b )", after its "(".
func (tp *termParser) group() (term, error) {
	var alts term
	for {
		alt, err := tp.sequence()
		if err != nil {
			if tp.pos < len(tp.lexemes) || len(alts) > 0 {
				err = fmt.Errorf("empty alternative in ( | ): %w", err)
			}
			return nil, err
		}
		alts = append(alts, alt...)
		if tp.pos == len(tp.lexemes) {
			return nil, errors.New("unclosed parenthesis")
		}
		sep := tp.lexemes[tp.pos].text
		tp.pos++
		if sep == ")" {
			return alts, nil
		}
	}
}

func namedTerm(name string, terms map[string]term) (term, error) {
	if terms == nil {
		return nil, fmt.Errorf("a term cannot refer to another term (@%s)", name)
	}
	t, ok := terms[name]
	if !ok {
		return nil, fmt.Errorf("unknown term @%s", name)
	}
	return t, nil
}

// chunkWords splits one white-space-free chunk into words; only its end may
// carry the wildcard.
func chunkWords(chunk string) ([]word, error) {
	prefix := strings.HasSuffix(chunk, "*")
	body := strings.TrimSuffix(chunk, "*")
	if strings.Contains(body, "*") {
		return nil, fmt.Errorf("wildcard in %q: '*' may only end a word", chunk)
	}
	toks := tokenize([]byte(body))
	if prefix && (len(toks) == 0 || toks[len(toks)-1].end != len(body)) {
		return nil, fmt.Errorf("wildcard in %q: '*' must follow a letter or digit", chunk)
	}
	words := make([]word, len(toks))
	for i, t := range toks {
		words[i] = word{text: t.folded}
	}
	if prefix {
		last := &words[len(words)-1]
		if utf8.RuneCountInString(last.text) < 3 {
			return nil, fmt.Errorf("wildcard in %q: '*' needs at least 3 letters before it", chunk)
		}
		last.prefix = true
	}
	return words, nil
}

// match is a match of a pattern: the tokens [first, last] of the text, and
// the token ranges of its terms, for negation.
type match struct {
	first, last int
	terms       []tokenRange
}

type tokenRange struct{ first, last int }

// find returns the matches of p among toks[from:to], in order of their
// first token. For NEAR, each occurrence of the left term is paired with the
// nearest occurrence of the right term (the earlier one on a tie).
func (p pattern) find(ts *tokens, from, to int) []match {
	lefts := p.left.find(ts, from, to)
	if p.right == nil {
		out := make([]match, len(lefts))
		for i, l := range lefts {
			out[i] = match{first: l.first, last: l.last, terms: []tokenRange{l}}
		}
		return out
	}
	rights := p.right.find(ts, from, to)
	reach := p.near + p.right.longest()
	var out []match
	for _, l := range lefts {
		// rights are in order of their first token; only those starting
		// within reach of l can be near it.
		k, _ := slices.BinarySearchFunc(rights, l.first-reach,
			func(r tokenRange, first int) int { return cmp.Compare(r.first, first) })
		best, bestGap := tokenRange{}, -1
		for ; k < len(rights) && rights[k].first <= l.last+p.near+1; k++ {
			gap := wordsBetween(l, rights[k])
			if gap >= 0 && gap <= p.near && (bestGap < 0 || gap < bestGap) {
				best, bestGap = rights[k], gap
			}
		}
		if bestGap >= 0 {
			out = append(out,
				match{first: min(l.first, best.first), last: max(l.last, best.last), terms: []tokenRange{l, best}})
		}
	}
	slices.SortStableFunc(out, func(a, b match) int {
		return cmp.Or(cmp.Compare(a.first, b.first), cmp.Compare(a.last, b.last))
	})
	return out
}

// wordsBetween counts the words between two ranges, or -1 if they overlap.
func wordsBetween(a, b tokenRange) int {
	switch {
	case a.last < b.first:
		return b.first - a.last - 1
	case b.last < a.first:
		return a.first - b.last - 1
	}
	return -1
}

// find returns the token ranges where any of t's sequences matches, in
// order; where two alternatives match at one place, the longer wins.
func (t term) find(ts *tokens, from, to int) []tokenRange {
	h := ts.hits(t)
	var out []tokenRange
	k, _ := slices.BinarySearch(h.starts, from)
	for ; k < len(h.starts) && h.starts[k] < to; k++ {
		for _, n := range h.lengths[k] { // longest first
			if h.starts[k]+n <= to {
				out = append(out, tokenRange{h.starts[k], h.starts[k] + n - 1})
				break
			}
		}
	}
	return out
}

// termHits are where a term's sequences match in a whole text: the start
// positions, ascending, and for each the lengths of the sequences that
// match there, longest first. A scope unit takes the longest that fits in
// it.
type termHits struct {
	starts  []int
	lengths [][]int
}

// hits finds t in the whole text once; find then reads each scope unit's
// matches from it.
func (ts *tokens) hits(t term) *termHits {
	if len(t) == 0 {
		return &termHits{}
	}
	key := &t[0]
	if h, ok := ts.found[key]; ok {
		return h
	}
	at := map[int][]int{}
	for _, seq := range t {
		if len(seq) == 0 {
			continue
		}
		for _, i := range ts.positions(seq[0], 0, len(ts.list)) {
			if seqAt(seq, ts.list, i, len(ts.list)) && !slices.Contains(at[i], len(seq)) {
				at[i] = append(at[i], len(seq))
			}
		}
	}
	h := &termHits{}
	for i := range at {
		h.starts = append(h.starts, i)
	}
	slices.Sort(h.starts)
	for _, i := range h.starts {
		lengths := at[i]
		slices.SortFunc(lengths, func(a, b int) int { return cmp.Compare(b, a) })
		h.lengths = append(h.lengths, lengths)
	}
	ts.found[key] = h
	return h
}

// tokens are a text's tokens with the places each word occurs, so that
// finding a pattern looks only where its first words are, not at every
// token for every pattern.
type tokens struct {
	list     []token
	at       map[string][]int // folded word -> its positions, ascending
	words    []string         // the distinct folded words, sorted, for prefixes
	prefixes map[string][]int // prefix -> the positions of the words it starts, ascending
	found    map[*[]word]*termHits
}

func newTokens(list []token) *tokens {
	ts := &tokens{list: list, at: map[string][]int{}, prefixes: map[string][]int{}, found: map[*[]word]*termHits{}}
	for i, t := range list {
		if _, ok := ts.at[t.folded]; !ok {
			ts.words = append(ts.words, t.folded)
		}
		ts.at[t.folded] = append(ts.at[t.folded], i)
	}
	slices.Sort(ts.words)
	return ts
}

// positions lists where w matches a token in [from, to), ascending.
func (ts *tokens) positions(w word, from, to int) []int {
	all := ts.at[w.text]
	if w.prefix {
		var ok bool
		if all, ok = ts.prefixes[w.text]; !ok {
			start, _ := slices.BinarySearch(ts.words, w.text)
			for _, word := range ts.words[start:] {
				if !strings.HasPrefix(word, w.text) {
					break
				}
				all = append(all, ts.at[word]...)
			}
			slices.Sort(all)
			ts.prefixes[w.text] = all
		}
	}
	lo, _ := slices.BinarySearch(all, from)
	hi, _ := slices.BinarySearch(all, to)
	return all[lo:hi]
}

// longest is the number of words of t's longest sequence.
func (t term) longest() int {
	n := 0
	for _, seq := range t {
		n = max(n, len(seq))
	}
	return n
}

func seqAt(seq []word, toks []token, i, to int) bool {
	if i+len(seq) > to {
		return false
	}
	for k, w := range seq {
		if !w.matches(toks[i+k].folded) || k > 0 && toks[i+k].broken {
			return false
		}
	}
	return true
}
