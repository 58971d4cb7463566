// Package dedup finds organizations that are the same under different
// spellings: in an endorsement list against the coalition's registry, and
// inside one list. It proposes pairs with a score and the reasons for it;
// merging them is for the store and the people who review them. Nothing
// here reads a database or the network.
//
// A pair is found through any of:
//
//   - the same name after Normalize (case, accents, punctuation, a leading
//     article, "&" and "and", white space);
//   - an alias: a name of one organization, typically in another language,
//     that is the same after Normalize as a name of the other;
//   - similar names: words compared without regard to their order, each
//     word weighted by how rare it is in the registry, misspelled words
//     counting for part of their weight;
//   - an acronym: a name that is only an acronym ("HRW") and the other's
//     acronym or the initials of its name; two organizations with the same
//     acronym support similar names;
//   - the same website host, or less, the same registrable domain.
//
// Different countries (both given, none in common) count strongly
// against, and so does a name that adds a country the other organization
// is not in ("Oxfam Australia" is a national chapter of "Oxfam
// International", not a spelling of it); a missing country counts for
// nothing.
//
// Scores are between 0 and 1. At AutoMergeScore and above a pair may be
// merged without a person: two things agree (the same name or a registered
// alias and the same country; the same website and a similar name; an
// acronym both give and a nearly identical name in the same country) and
// nothing is against. Below it a person decides; pairs under ReviewScore
// are not worth their time. score.go gives the weights and why.
package dedup

import (
	"cmp"
	"slices"
	"strings"
)

// Record is one organization: an entry of the registry or a row of a list.
type Record struct {
	ID        int64    // the registry id, or the row number in a list
	Name      string   // as written
	Acronym   string   // "" when none
	Website   string   // an address in any common form; "" when none
	Aliases   []string // other names, names in other languages among them
	Countries []string // ISO 3166-1 alpha-3 codes; none when unknown
}

// Reason is one piece of evidence for or against a pair.
type Reason struct {
	Kind   string // one of the Kind constants
	Detail string // for a person, e.g. `"HRW" is the acronym of "Human Rights Watch"`
}

// The kinds of Reason: the first five are evidence for a pair, the last
// four qualify it.
const (
	KindSameName        = "same-name"
	KindAlias           = "alias"
	KindSimilarName     = "similar-name"
	KindAcronym         = "acronym"
	KindWebsite         = "website"
	KindSameCountry     = "same-country"
	KindCountryConflict = "country-conflict"
	KindAcronymConflict = "acronym-conflict"
	KindAmbiguous       = "ambiguous"
)

// Match is a pair of records that may be the same organization. A is the
// record looked up (or the earlier one, within a list), B the one found.
type Match struct {
	A, B    Record
	Score   float64  // 0..1
	Reasons []Reason // strongest first
}

// AutoMergeScore and ReviewScore divide the pairs. Their values, and the
// weights behind them, are explained in score.go and measured in
// BENCHMARKS.md.
const (
	// AutoMergeScore: at or above, the pair may be merged without a person.
	AutoMergeScore = 0.97
	// ReviewScore: at or above, the pair is shown to a person as a likely
	// duplicate. It is the usual minimum for Candidates and Within.
	ReviewScore = 0.80
)

// Exact is the baseline that every other method is measured against: it
// pairs each row of list with every registry record of the same name
// after Normalize, with score 1 and nothing else considered. Matches are
// in list order, then registry order.
func Exact(list, registry []Record) []Match {
	byName := make(map[string][]int, len(registry))
	for i, r := range registry {
		if key := Normalize(r.Name); key != "" {
			byName[key] = append(byName[key], i)
		}
	}
	var out []Match
	for _, a := range list {
		key := Normalize(a.Name)
		if key == "" {
			continue
		}
		for _, j := range byName[key] {
			out = append(out,
				Match{A: a, B: registry[j], Score: 1, Reasons: []Reason{sameNameReason(a.Name, registry[j].Name, key)}})
		}
	}
	return out
}

// Within finds the pairs of records inside one list that may be the same
// organization, with a score of at least minScore, best first. Word
// weights come from the list itself.
func Within(list []Record, minScore float64) []Match {
	ix := NewIndex(list)
	hits := ix.matchAll(list, minScore, true)
	type pair struct{ a, b int32 }
	best := make(map[pair]hit)
	for i, hs := range hits {
		for _, h := range hs {
			p := pair{int32(i), h.rec}
			if p.a > p.b {
				p.a, p.b = p.b, p.a
			}
			if old, ok := best[p]; !ok || h.score > old.score {
				best[p] = h
			}
		}
	}
	out := make([]Match, 0, len(best))
	for p, h := range best {
		out = append(out, Match{A: list[p.a], B: list[p.b], Score: h.score, Reasons: h.reasons})
	}
	slices.SortFunc(out, func(x, y Match) int {
		return cmp.Or(cmp.Compare(y.Score, x.Score), cmp.Compare(x.A.ID, y.A.ID), cmp.Compare(x.B.ID, y.B.ID))
	})
	return out
}

func sameNameReason(a, b, normalized string) Reason {
	if a == b {
		return Reason{KindSameName, quote(a) + " is written the same"}
	}
	return Reason{KindSameName,
		quote(a) + " and " + quote(b) + " are the same after normalisation (" + quote(normalized) + ")"}
}

func quote(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `'`) + `"`
}
