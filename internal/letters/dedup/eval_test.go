package dedup

import (
	"fmt"
	"strings"
	"testing"
)

// The planted-duplicate evaluation: precision and recall of Candidates
// (at ReviewScore, and at AutoMergeScore for what merges without a
// person) and of Within, against plain and normalised exact matching.
// BENCHMARKS.md records its output:
//
//	go test -run TestPlantedDuplicates -v ./internal/dedup/
const (
	evalSeed         = 2009 // the year of the seed letter
	evalRegistrySize = 20000
	evalListSize     = 2000
)

// tally counts predicted pairs that are right (tp) and wrong (fp), and
// true pairs missed (fn).
type tally struct{ tp, fp, fn int }

func (t tally) precision() float64 { return ratio(t.tp, t.tp+t.fp) }
func (t tally) recall() float64    { return ratio(t.tp, t.tp+t.fn) }
func (t tally) f1() float64 {
	p, r := t.precision(), t.recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

func (t *tally) add(o tally) { t.tp += o.tp; t.fp += o.fp; t.fn += o.fn }

// againstRegistry scores predicted (list row index → registry IDs) against
// the set's truth, overall and by kind of row.
func (s *evalSet) againstRegistry(predicted [][]int64) (tally, map[string]tally) {
	var all tally
	byKind := make(map[string]tally)
	for i, ids := range predicted {
		var t tally
		found := false
		for _, id := range ids {
			if id == s.truth[i] {
				t.tp++
				found = true
			} else {
				t.fp++
			}
		}
		if s.truth[i] != 0 && !found {
			t.fn++
		}
		all.add(t)
		k := byKind[s.kinds[i]]
		k.add(t)
		byKind[s.kinds[i]] = k
	}
	return all, byKind
}

func (s *evalSet) withinList(predicted [][2]int64) tally {
	truth := s.withinPairs()
	var t tally
	seen := make(map[[2]int64]bool)
	for _, p := range predicted {
		p = orderedPair(p[0], p[1])
		if seen[p] {
			continue
		}
		seen[p] = true
		if truth[p] {
			t.tp++
		} else {
			t.fp++
		}
	}
	for p := range truth {
		if !seen[p] {
			t.fn++
		}
	}
	return t
}

// method is one way of pairing, evaluated on the set.
type method struct {
	name   string
	byKind map[string]tally
	all    tally
	within tally
}

func registryIDs(list []Record, matches []Match) [][]int64 {
	row := make(map[int64]int, len(list))
	for i, r := range list {
		row[r.ID] = i
	}
	out := make([][]int64, len(list))
	for _, m := range matches {
		i := row[m.A.ID]
		out[i] = append(out[i], m.B.ID)
	}
	return out
}

func listPairs(matches []Match) [][2]int64 {
	var out [][2]int64
	for _, m := range matches {
		if m.A.ID != m.B.ID {
			out = append(out, [2]int64{m.A.ID, m.B.ID})
		}
	}
	return out
}

// plainExact pairs names written exactly the same, spaces aside.
func plainExact(list, registry []Record) []Match {
	byName := make(map[string][]Record)
	for _, r := range registry {
		byName[strings.TrimSpace(r.Name)] = append(byName[strings.TrimSpace(r.Name)], r)
	}
	var out []Match
	for _, a := range list {
		for _, b := range byName[strings.TrimSpace(a.Name)] {
			out = append(out, Match{A: a, B: b, Score: 1})
		}
	}
	return out
}

func evaluate(s *evalSet) []method {
	var methods []method
	add := func(name string, registry []Match, within []Match) {
		m := method{name: name}
		m.all, m.byKind = s.againstRegistry(registryIDs(s.list, registry))
		m.within = s.withinList(listPairs(within))
		methods = append(methods, m)
	}
	add("plain exact (baseline)", plainExact(s.list, s.registry), plainExact(s.list, s.list))
	add("Exact: normalised name (baseline)", Exact(s.list, s.registry), Exact(s.list, s.list))

	ix := NewIndex(s.registry)
	var review, auto []Match
	for _, ms := range ix.CandidatesAll(s.list, ReviewScore) {
		for _, m := range ms {
			review = append(review, m)
			if m.Score >= AutoMergeScore {
				auto = append(auto, m)
			}
		}
	}
	within := Within(s.list, ReviewScore)
	var withinAuto []Match
	for _, m := range within {
		if m.Score >= AutoMergeScore {
			withinAuto = append(withinAuto, m)
		}
	}
	add(fmt.Sprintf("Candidates, score ≥ ReviewScore %.2f", ReviewScore), review, within)
	add(fmt.Sprintf("Candidates, score ≥ AutoMergeScore %.2f", AutoMergeScore), auto, withinAuto)
	return methods
}

func TestPlantedDuplicates(t *testing.T) {
	registrySize, listSize := evalRegistrySize, evalListSize
	if testing.Short() || raceDetector {
		// The figures of BENCHMARKS.md are of the full set; this still
		// checks the thresholds, in a fifth of the time.
		registrySize, listSize = 5000, 1000
	}
	s := generate(evalSeed, registrySize, listSize)
	methods := evaluate(s)
	t.Logf("registry %d organizations, list %d rows (seed %d)\n%s", len(s.registry), len(s.list), evalSeed, report(s, methods))

	review, auto := methods[2], methods[3]
	for _, c := range []struct {
		what string
		got  float64
		want float64
	}{
		{"precision against the registry", review.all.precision(), 0.9},
		{"recall against the registry", review.all.recall(), 0.9},
		{"precision within the list", review.within.precision(), 0.9},
		{"recall within the list", review.within.recall(), 0.9},
		// What merges without a person must be right.
		{"precision of automatic merges", auto.all.precision(), 0.995},
		{"precision of automatic merges within the list", auto.within.precision(), 0.995},
	} {
		if c.got < c.want {
			t.Errorf("%s = %.3f, want ≥ %.3f", c.what, c.got, c.want)
		}
	}
}

// report writes the figures as the Markdown tables of BENCHMARKS.md.
func report(s *evalSet, methods []method) string {
	var b strings.Builder
	b.WriteString("| method | against the registry: P | R | F1 | within the list: P | R | F1 |\n|---|---|---|---|---|---|---|\n")
	for _, m := range methods {
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |\n", m.name,
			m.all.precision(), m.all.recall(), m.all.f1(), m.within.precision(), m.within.recall(), m.within.f1())
	}
	b.WriteString("\nBy kind of row, against the registry: precision · recall · F1 of the pairs proposed for rows of that kind; " +
		"for rows not in the registry, the number of (wrong) pairs proposed.\n\n| kind | rows |")
	for _, m := range methods {
		fmt.Fprintf(&b, " %s |", shortName(m.name))
	}
	b.WriteString("\n|---|---|" + strings.Repeat("---|", len(methods)) + "\n")
	rows := make(map[string]int)
	for _, k := range s.kinds {
		rows[k]++
	}
	kinds := []string{kindExact, kindCase, kindAccents, kindArticle, kindAmpersand, kindWordOrder, kindSpelling,
		kindAcronym, kindLanguage, kindWebsite, kindTwice, kindNew, kindNewTwice, kindOtherCountry, kindOneWord, kindChapter}
	for _, k := range kinds {
		fmt.Fprintf(&b, "| %s | %d |", k, rows[k])
		for _, m := range methods {
			t := m.byKind[k]
			switch {
			case t.tp+t.fn == 0:
				fmt.Fprintf(&b, " %d wrong |", t.fp)
			case t.tp+t.fp == 0:
				b.WriteString(" none found |")
			default:
				fmt.Fprintf(&b, " %.2f · %.2f · %.2f |", t.precision(), t.recall(), t.f1())
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}

func shortName(name string) string {
	switch {
	case strings.HasPrefix(name, "plain"):
		return "plain exact"
	case strings.HasPrefix(name, "Exact"):
		return "Exact"
	case strings.Contains(name, "Review"):
		return "≥ review"
	}
	return "≥ auto-merge"
}
