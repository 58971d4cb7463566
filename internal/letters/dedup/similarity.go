package dedup

import (
	"fmt"
	"math/bits"
	"slices"
	"strings"
)

const maxLooseEdits = 3

// similarity is the weighted Dice coefficient of the content words of two
// forms, word order ignored: twice the weight the names share over the
// weight of both. Words are paired in three ways: the same word; a near
// spelling found through the index (it shares its weight times the
// words' similarity); and, among the words still unpaired, words a third
// of their letters apart ("cnxseil", "conseil") when one of them is rare
// or unknown in the index, as misspelled words are.
//
// When words remain unpaired on both sides, the names disagree rather than
// one being a shorter form of the other ("Women's Network" and "Youth
// Network", against "Network" and "Women's Network"): those words count
// twice in the denominator.
func (ix *Index) similarity(qf *queryForm, f *form) float64 {
	sim, _ := ix.compareWords(qf, f, false)
	return sim
}

// wordPairing is how compareWords paired the words, for a person.
type wordPairing struct {
	same, near          []string
	onlyQuery, onlyForm []string // content words, unquoted
	disagree            bool
}

func (ix *Index) compareWords(qf *queryForm, f *form, explain bool) (float64, *wordPairing) {
	total := qf.weight + f.weight
	if total == 0 {
		return 0, nil
	}
	var p *wordPairing
	if explain {
		p = &wordPairing{}
	}
	shared := 0.0
	var usedQ, usedF uint64 // paired words, by position (names of more than 64 words pair less)
	// The pairs of a query word and a word of f that it may be: a merge of
	// two lists sorted by word id.
	var buf [32]wordPair
	pairs := buf[:0]
	for a, b := 0, 0; a < len(qf.byID) && b < len(f.words); {
		switch m, id := qf.byID[a], f.words[b]; {
		case m.id < id:
			a++
		case m.id > id:
			b++
		default:
			pairs = append(pairs, wordPair{m.word, b, m.sim})
			a++
		}
	}
	for i := range qf.words {
		qw := &qf.words[i]
		best, bestPos, bestSim := 0.0, -1, 0.0
		for _, pr := range pairs {
			if pr.word != i || usedF&bit(pr.pos) != 0 {
				continue
			}
			if v := pr.sim * (qw.weight + ix.weights[f.words[pr.pos]]); v > best {
				best, bestPos, bestSim = v, pr.pos, pr.sim
			}
		}
		if bestPos < 0 {
			continue
		}
		shared += best
		usedQ |= bit(i)
		usedF |= bit(bestPos)
		if explain {
			if w := ix.spelling[f.words[bestPos]]; bestSim == 1 && w == qw.text {
				p.same = append(p.same, w)
			} else {
				p.near = append(p.near, quote(qw.text)+" ≈ "+quote(w))
			}
		}
	}
	leftQ, leftF := 0.0, 0.0
	for i := range qf.words {
		if usedQ&bit(i) == 0 {
			leftQ += qf.words[i].weight
		}
	}
	for j, id := range f.words {
		if usedF&bit(j) == 0 {
			leftF += ix.weights[id]
		}
	}
	if leftQ > 0 && leftF > 0 {
		for i := range qf.words {
			if usedQ&bit(i) != 0 {
				continue
			}
			qw := &qf.words[i]
			for j, id := range f.words {
				if usedF&bit(j) != 0 {
					continue
				}
				// A misspelling is a word the index lacks or has rarely;
				// two common words are two words.
				if !qw.rare && ix.counts[id] > rareCount {
					continue
				}
				if sim := looseSimilarity(qw, ix.spelling[id], ix.lengths[id], ix.signatures[id]); sim > 0 {
					shared += sim * (qw.weight + ix.weights[id])
					leftQ -= qw.weight
					leftF -= ix.weights[id]
					usedQ |= bit(i)
					usedF |= bit(j)
					if explain {
						p.near = append(p.near, quote(qw.text)+" ≈ "+quote(ix.spelling[id]))
					}
					break
				}
			}
		}
	}
	if leftQ > 1e-9 && leftF > 1e-9 {
		total += leftQ + leftF
		if explain {
			p.disagree = true
		}
	}
	if explain {
		for i := range qf.words {
			if usedQ&bit(i) == 0 {
				p.onlyQuery = append(p.onlyQuery, qf.words[i].text)
			}
		}
		for j, id := range f.words {
			if usedF&bit(j) == 0 {
				p.onlyForm = append(p.onlyForm, ix.spelling[id])
			}
		}
	}
	return min(shared/total, 1), p
}

func bit(i int) uint64 {
	if i >= 64 {
		return 0
	}
	return 1 << i
}

// looseSimilarity pairs words that are up to a third of their letters
// (and at most maxLooseEdits) apart, for words the index's near spellings
// did not pair; 0 when they are further apart.
func looseSimilarity(qw *queryWord, w string, n int, sig uint64) float64 {
	limit := min(qw.length/3, n/3, maxLooseEdits)
	if limit == 0 || qw.length-n > limit || n-qw.length > limit || bits.OnesCount64(qw.sig^sig) > 2*limit {
		return 0
	}
	d := editDistance(qw.text, w, limit)
	if d > limit {
		return 0
	}
	return wordSimilarity(d, qw.length, n)
}

// wordPair is a query word (by position) that may be a word of a form (by
// position), with their similarity.
type wordPair struct {
	word, pos int
	sim       float64
}

// similarReason says which words the most similar forms share, which are
// near spellings and which are missing.
func (ix *Index) similarReason(q *query, e *evidence) Reason {
	qf, fm := &q.forms[e.qForm], &ix.forms[e.form]
	_, p := ix.compareWords(qf, fm, true)
	var b strings.Builder
	fmt.Fprintf(&b, "%s and %s have similar words (%.2f, order ignored)", quote(qf.text), quote(fm.text), e.similarity)
	if fm.alias || qf.alias {
		b.WriteString(", one a registered name")
	}
	if len(p.same) > 0 {
		fmt.Fprintf(&b, "; same: %s", strings.Join(p.same, " "))
	}
	if len(p.near) > 0 {
		fmt.Fprintf(&b, "; near spellings: %s", strings.Join(p.near, ", "))
	}
	if len(p.onlyQuery)+len(p.onlyForm) > 0 {
		var only []string
		for _, w := range append(slices.Clip(p.onlyQuery), p.onlyForm...) {
			only = append(only, quote(w))
		}
		fmt.Fprintf(&b, "; only in one: %s", strings.Join(only, ", "))
	}
	if p.disagree {
		b.WriteString(" (words on both sides that the other lacks count twice)")
	}
	return Reason{KindSimilarName, b.String()}
}
