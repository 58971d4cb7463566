package codebook

import (
	"cmp"
	"slices"
	"strings"
)

// Hit is one code found in a statement, with its evidence.
type Hit struct {
	Category string
	Code     string
	// Start and End are the byte offsets [Start, End) of the words that
	// matched, in the text given to Code; for NEAR they span both terms.
	Start, End int
	// Rule identifies the pattern that fired, "pillar1.include.en[0]";
	// "/negated" is appended when a negated match of another code counts
	// for this one ("supports_norm.include.en[0]/negated" for opposed).
	Rule    string
	Pattern string // the pattern's text, for people
	Negated bool   // the match was negated or hedged
	// Sentence is the sentence the evidence starts in, to show it whole.
	Sentence Span
}

// Result is the coding of one statement.
type Result struct {
	// Stance is the ID of the statement's stance toward R2P and StanceRule
	// the stance rule that gave it ("stance_rules[0]").
	Stance, StanceRule string
	// Codes are sorted by Start, then code ID, then End, then Rule.
	Codes []Hit
}

// Code codes one statement, text, with the codebook cb. It is deterministic.
//
// Each include pattern of each code is matched within each unit of the
// code's scope. A match is dropped where an exclude pattern of the same code
// matches words overlapping it in the same unit. A negated match (see
// Negation) then does what the code's OnNegation says. Where several
// patterns of one code match exactly the same words, the first pattern in
// the codebook is the rule reported. The stance is that of the first stance
// rule whose conditions hold over the codes found.
func Code(cb *Codebook, text []byte) Result {
	a := analyse(cb, text)
	var hits []Hit
	seen := map[hitKey]bool{}
	for _, cat := range cb.Categories {
		for _, c := range cat.Codes {
			for _, h := range a.code(cb, c) {
				k := hitKey{h.Code, h.Start, h.End}
				if !seen[k] {
					seen[k] = true
					hits = append(hits, h)
				}
			}
		}
	}
	slices.SortFunc(hits, func(a, b Hit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), strings.Compare(a.Code, b.Code),
			cmp.Compare(a.End, b.End), strings.Compare(a.Rule, b.Rule))
	})
	stance, rule := cb.stance(hits)
	return Result{Stance: stance, StanceRule: rule, Codes: hits}
}

type hitKey struct {
	code       string
	start, end int
}

// analysis is a statement split into words, sentences, paragraphs and
// clauses, with its negation cues found.
type analysis struct {
	text      []byte
	toks      []token
	index     *tokens // toks with where each word occurs
	sentences []Span
	// Per token: the index of its sentence, paragraph and clause.
	sentence, paragraph, clause []int
	// cueEnd maps the last token of each negation cue to the cue.
	cueEnd map[int]tokenRange
	window int
	// unitsOf caches the token ranges of each scope's units.
	unitsOf map[Scope][][2]int
}

func analyse(cb *Codebook, text []byte) *analysis {
	a := &analysis{text: text, toks: tokenize(text), sentences: Sentences(text), window: cb.Negation.Window}
	a.index = newTokens(a.toks)
	a.sentence = unitIndex(a.toks, a.sentences)
	a.paragraph = unitIndex(a.toks, Paragraphs(text))
	a.unitsOf = map[Scope][][2]int{
		ScopeSentence:  unitRanges(a.sentence),
		ScopeParagraph: unitRanges(a.paragraph),
		ScopeStatement: {{0, len(a.toks)}},
	}
	a.clauses(cb.Negation.ClauseBreaks)
	a.cues(cb.Negation)
	return a
}

// unitIndex gives each token the index of the span it lies in. Spans are
// in order and cover every token.
func unitIndex(toks []token, spans []Span) []int {
	idx := make([]int, len(toks))
	u := 0
	for i, t := range toks {
		for u < len(spans)-1 && t.start >= spans[u].End {
			u++
		}
		idx[i] = u
	}
	return idx
}

// units returns the token ranges [from, to) of the units of a scope.
func (a *analysis) units(scope Scope) [][2]int { return a.unitsOf[scope] }

// unitRanges turns each token's unit index into the token ranges [from, to)
// of the units.
func unitRanges(unitOf []int) [][2]int {
	var out [][2]int
	for i := range unitOf {
		if i == 0 || unitOf[i] != unitOf[i-1] {
			out = append(out, [2]int{i, i})
		}
		out[len(out)-1][1] = i + 1
	}
	return out
}

// clauseMarks are the characters that end a clause.
const clauseMarks = ",;:()[]–—.!?"

func (a *analysis) clauses(breaks []Pattern) {
	breakAt := map[int]bool{}
	for _, from := range a.units(ScopeSentence) {
		for _, p := range breaks {
			for _, m := range p.compiled.find(a.index, from[0], from[1]) {
				breakAt[m.first] = true
			}
		}
	}
	a.clause = make([]int, len(a.toks))
	n := 0
	for i, t := range a.toks {
		if i > 0 && (a.sentence[i] != a.sentence[i-1] || breakAt[i] ||
			strings.ContainsAny(string(a.text[a.toks[i-1].end:t.start]), clauseMarks)) {
			n++
		}
		a.clause[i] = n
	}
}

func (a *analysis) cues(neg Negation) {
	a.cueEnd = map[int]tokenRange{}
	ignored := map[int]bool{}
	for _, u := range a.units(ScopeSentence) {
		for _, p := range neg.Ignore {
			for _, m := range p.compiled.find(a.index, u[0], u[1]) {
				for k := m.first; k <= m.last; k++ {
					ignored[k] = true
				}
			}
		}
	}
	for _, u := range a.units(ScopeSentence) {
		for _, p := range neg.Cues {
			for _, m := range p.compiled.find(a.index, u[0], u[1]) {
				if !anyIgnored(ignored, m) {
					a.cueEnd[m.last] = tokenRange{m.first, m.last}
				}
			}
		}
	}
}

func anyIgnored(ignored map[int]bool, m match) bool {
	for k := m.first; k <= m.last; k++ {
		if ignored[k] {
			return true
		}
	}
	return false
}

// negated reports whether a negation cue precedes one of m's terms in its
// clause, within the window, outside m's other terms.
func (a *analysis) negated(m match) bool {
	for _, tr := range m.terms {
		s := tr.first
		for k := s - 1; k >= 0 && k >= s-a.window && a.clause[k] == a.clause[s]; k-- {
			cue, ok := a.cueEnd[k]
			if ok && !slices.ContainsFunc(m.terms, func(other tokenRange) bool { return overlaps(cue, other) }) {
				return true
			}
		}
	}
	return false
}

func overlaps(a, b tokenRange) bool { return a.first <= b.last && b.first <= a.last }

// code returns the hits of one code, in codebook order of its patterns.
func (a *analysis) code(cb *Codebook, c *CodeDef) []Hit {
	var hits []Hit
	for _, u := range a.units(c.Scope) {
		var excluded []tokenRange
		for _, p := range c.Exclude {
			for _, m := range p.compiled.find(a.index, u[0], u[1]) {
				excluded = append(excluded, tokenRange{m.first, m.last})
			}
		}
		for _, p := range c.Include {
			for _, m := range p.compiled.find(a.index, u[0], u[1]) {
				if slices.ContainsFunc(excluded, func(x tokenRange) bool {
					return overlaps(x,
						tokenRange{m.first, m.last})
				}) {
					continue
				}
				if h, ok := a.hit(cb, c, p, m); ok {
					hits = append(hits, h)
				}
			}
		}
	}
	return hits
}

// hit makes the hit of a match, applying the code's negation handling.
func (a *analysis) hit(cb *Codebook, c *CodeDef, p Pattern, m match) (Hit, bool) {
	h := Hit{Category: c.Category, Code: c.ID, Start: a.toks[m.first].start, End: a.toks[m.last].end,
		Rule: p.Rule, Pattern: p.Text, Sentence: a.sentences[a.sentence[m.first]]}
	if !a.negated(m) {
		return h, true
	}
	h.Negated = true
	switch c.OnNegation {
	case NegationDrop:
		return Hit{}, false
	case NegationKeep:
		return h, true
	}
	target := cb.codes[c.OnNegation]
	h.Category, h.Code, h.Rule = target.Category, target.ID, p.Rule+"/negated"
	return h, true
}

// stance applies the stance rules to the codes found.
func (cb *Codebook) stance(hits []Hit) (stance, rule string) {
	present := map[string]bool{}
	for _, h := range hits {
		present[h.Code], present[h.Category] = true, true
	}
	for _, r := range cb.StanceRules {
		if holds(r, present) {
			return r.Stance, r.ID
		}
	}
	return "", "" // Load ensures that the last rule always holds
}

func holds(r StanceRule, present map[string]bool) bool {
	has := func(id string) bool { return present[id] }
	return !slices.ContainsFunc(r.All, func(id string) bool { return !present[id] }) &&
		(len(r.Any) == 0 || slices.ContainsFunc(r.Any, has)) &&
		!slices.ContainsFunc(r.None, has)
}
