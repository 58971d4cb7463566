package dedup

import (
	"cmp"
	"slices"
	"unicode/utf8"
)

// query is a record prepared for lookups in one index: its words are
// resolved against the index's vocabulary, misspellings included.
type query struct {
	rec   Record
	info  recordInfo
	forms []queryForm
}

type queryForm struct {
	text     string
	norm     string
	alias    bool
	words    []queryWord
	byWeight []int       // positions in words, heaviest first
	byID     []wordMatch // the matches of every word, by word id
	weight   float64
}

// queryWord is a content word of a query with the index's words it may
// be: itself, near spellings, or the one word it is written apart or
// together ("peace building", "humanrights").
type queryWord struct {
	text    string
	sig     uint64  // letterSignature(text)
	length  int     // in letters
	rare    bool    // the index has it in rareCount records or fewer
	weight  float64 // the weight of its closest match, or of an unknown word
	matches []wordMatch
}

type wordMatch struct {
	id   int32
	word int // the query word's position, in byID
	sim  float64
}

func (ix *Index) prepare(r Record) *query {
	q := &query{rec: r, info: describe(r)}
	var buf []byte
	add := func(text, n string, alias bool) {
		if n == "" {
			return
		}
		qf := queryForm{text: text, norm: n, alias: alias}
		qf.words, buf = ix.resolveWords(contentWords(n), buf)
		for _, w := range qf.words {
			qf.weight += w.weight
		}
		qf.byWeight = make([]int, len(qf.words))
		for i := range qf.byWeight {
			qf.byWeight[i] = i
		}
		slices.SortStableFunc(qf.byWeight, func(a, b int) int {
			return cmp.Compare(qf.words[b].weight,
				qf.words[a].weight)
		})
		for i, w := range qf.words {
			for _, m := range w.matches {
				m.word = i
				qf.byID = append(qf.byID, m)
			}
		}
		slices.SortFunc(qf.byID, func(a, b wordMatch) int { return cmp.Compare(a.id, b.id) })
		q.forms = append(q.forms, qf)
	}
	add(r.Name, q.info.name, false)
	for _, a := range r.Aliases {
		add(a, Normalize(a), true)
	}
	return q
}

// resolveWords finds each word in the vocabulary. A word the index does
// not have is tried as two of its words run together, then with the next
// word as one of its words written apart.
func (ix *Index) resolveWords(words []string, buf []byte) ([]queryWord, []byte) {
	out := make([]queryWord, 0, len(words))
	for i := 0; i < len(words); i++ {
		w := words[i]
		_, known := ix.words[w]
		if !known && i+1 < len(words) {
			if id, ok := ix.words[w+words[i+1]]; ok {
				out = append(out,
					queryWord{text: w + " " + words[i+1], weight: ix.weights[id],
						matches: []wordMatch{{id: id, sim: 1}}})
				i++
				continue
			}
		}
		var qw queryWord
		qw, buf = ix.resolveWord(w, buf)
		if len(qw.matches) == 0 {
			if a, b, ok := ix.split(w); ok {
				out = append(out, a, b)
				continue
			}
		}
		out = append(out, qw)
	}
	for i := range out {
		out[i].length = utf8.RuneCountInString(out[i].text)
		out[i].sig = letterSignature(out[i].text)
	}
	return out, buf
}

// resolveWord returns the word with its near spellings in the index.
func (ix *Index) resolveWord(w string, buf []byte) (queryWord, []byte) {
	qw := queryWord{text: w}
	if id, ok := ix.words[w]; ok {
		qw.matches = append(append(make([]wordMatch, 0, 1+len(ix.neighbours[id])), wordMatch{id: id, sim: 1}),
			ix.neighbours[id]...)
		qw.weight = ix.weights[id]
		qw.rare = ix.counts[id] <= rareCount
		return qw, buf
	}
	qw.rare = true
	qw.matches, buf = ix.nearWords(w, qw.matches, buf)
	if utf8.RuneCountInString(w) <= maxStopTypoLen && nearStopWord(w) {
		qw.weight = stopWordWeight
		return qw, buf
	}
	best := 0.0
	for _, m := range qw.matches {
		if m.sim > best {
			best, qw.weight = m.sim, ix.weights[m.id]
		}
	}
	if qw.weight == 0 {
		qw.weight = ix.unknownWeight(w)
	}
	return qw, buf
}

// nearWords appends to matches the index's words a few edits from w (see
// fuzzy.go), but not w itself.
func (ix *Index) nearWords(w string, matches []wordMatch, buf []byte) ([]wordMatch, []byte) {
	n := utf8.RuneCountInString(w)
	if n < minFuzzyLen {
		return matches, buf
	}
	depth := 1
	if n >= minFuzzy2Len {
		depth = 2
	}
	try := func(ids []int32) {
		for _, id := range ids {
			cand := ix.spelling[id]
			if cand == w || slices.ContainsFunc(matches, func(m wordMatch) bool { return m.id == id }) {
				continue
			}
			nc := utf8.RuneCountInString(cand)
			limit := maxEdits(n, nc)
			if limit == 0 {
				continue
			}
			if d := editDistance(w, cand, limit); d <= limit {
				matches = append(matches, wordMatch{id: id, sim: wordSimilarity(d, n, nc)})
			}
		}
	}
	try(ix.near[w])
	buf = deletions(w, depth, buf, func(d []byte) { try(ix.near[string(d)]) })
	return matches, buf
}

// unknownWeight is the weight of a word that the index does not have, nor
// any near spelling of it. Such a word is as telling as the rarest word,
// except a short fragment.
func (ix *Index) unknownWeight(w string) float64 {
	if utf8.RuneCountInString(w) < minFuzzyLen {
		return shortWordWeight
	}
	return ix.unknown
}

// split tries w as two words of the index run together.
func (ix *Index) split(w string) (a, b queryWord, ok bool) {
	for i := range w {
		if i < 2 || len(w)-i < 2 {
			continue
		}
		ida, oka := ix.words[w[:i]]
		idb, okb := ix.words[w[i:]]
		if oka && okb {
			return queryWord{text: w[:i], weight: ix.weights[ida], matches: []wordMatch{{id: ida, sim: 1}}},
				queryWord{text: w[i:], weight: ix.weights[idb], matches: []wordMatch{{id: idb, sim: 1}}}, true
		}
	}
	return queryWord{}, queryWord{}, false
}
