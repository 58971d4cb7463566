package dedup

import (
	"fmt"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states"
)

// The weights of the evidence. A pair's score starts from its name
// evidence: the strongest of the same name, a registered alias, similar
// words (0.94 times their similarity) and a name that is only an acronym.
// An acronym that both organizations give raises similar names halfway to
// 1, or stands alone at 0.60. A shared website is independent evidence:
// the chances that each is wrong multiply. The same country adds 0.02;
// different countries, or a name that adds a country the other is not in
// (a national chapter), multiply by 0.6; different acronyms by 0.85.
//
// The values make the thresholds mean what they say. AutoMergeScore
// (0.97) needs two things that agree, with nothing against:
//
//   - the same name (0.96) or a registered alias (0.95) in the same
//     country (+0.02);
//   - the same website host (0.90) and similar words of at least 0.75:
//     1 - (1-0.94×0.75)(1-0.90) = 0.97, or the same name, an alias or an
//     acronym both give ((1-0.60)(1-0.90) = 0.96, 0.98 in the same
//     country);
//   - an acronym both give and names at least 0.96 similar in the same
//     country (0.94×0.96 = 0.90, halfway to 1: 0.95, +0.02).
//
// Similar words alone never reach it (0.96 at most), nor does a name that
// is only an acronym (0.90). ReviewScore (0.80) asks for similar words of
// at least 0.85 (0.83 in the same country): about one word in seven
// missing, or a misspelling in every third word; a name that is only an
// acronym that one organization gives (0.88; initials that happen to spell
// it give 0.75, an acronym several organizations fit 0.65); or a website.
// No pair in different countries reaches it: 1 × 0.6 = 0.6.
const (
	sameNameScore         = 0.96
	aliasScore            = 0.95
	similarScale          = 0.94 // times the word similarity
	minSimilarity         = 0.75 // below: the names are not similar
	prefixShare           = 0.45 // see findBySimilarWords
	acronymNameScore      = 0.88 // a name that is only an acronym, that one organization gives
	acronymSpelledScore   = 0.75 // ... that the initials of one organization's name spell
	acronymWeakScore      = 0.65 // ... that several organizations fit
	acronymAloneScore     = 0.60 // the same acronym, names not similar
	hostScore             = 0.90
	domainScore           = 0.75
	sameCountryBonus      = 0.02
	countryConflictFactor = 0.6
	acronymConflictFactor = 0.85
)

type websiteEvidence uint8

const (
	websiteNone websiteEvidence = iota
	websiteDomain
	websiteHost
)

// evidence is what the lookups found about one record.
type evidence struct {
	rec           int32
	sameName      bool
	aliasQ        int32 // the query form and record form that are the same, one an alias
	aliasForm     int32
	similarity    float64
	qForm, form   int32 // the most similar pair of forms; form < 0 when not compared yet
	website       websiteEvidence
	acronym       string // the acronym key found, "" when none
	acronymRivals int    // how many other records fit that acronym as well (see findByAcronym)
}

type relation int

const (
	countryUnknown relation = iota
	countrySame
	countryConflicting
)

func countryRelation(a, b []string) relation {
	if len(a) == 0 || len(b) == 0 {
		return countryUnknown
	}
	for _, x := range a {
		if slices.Contains(b, x) {
			return countrySame
		}
	}
	return countryConflicting
}

// score weighs the evidence about a record and says why; no reasons when
// there is no evidence for the pair.
func (ix *Index) score(q *query, e *evidence) (float64, []Reason) {
	rec := ix.records[e.rec]
	in := &ix.info[e.rec]
	var reasons []Reason

	name := 0.0
	switch {
	case e.sameName:
		name = sameNameScore
		reasons = append(reasons, sameNameReason(q.rec.Name, rec.Name, in.name))
	case e.aliasForm >= 0:
		name = aliasScore
		reasons = append(reasons, ix.aliasReason(q, e.aliasQ, e.aliasForm))
	case e.similarity >= minSimilarity:
		name = similarScale * e.similarity
		reasons = append(reasons, ix.similarReason(q, e))
	}
	chapter := ix.nationalChapter(q, e)

	acronym, acronymDetail := ix.acronymEvidence(q, e)
	if acronym != "" {
		oneIsAcronym := q.info.acronymOnly || in.acronymOnly
		// Whether the organization with the full name gives the acronym
		// itself, or its initials only happen to spell it.
		given := q.info.acronymOnly && slices.Contains(in.acronyms,
			acronym) || in.acronymOnly && slices.Contains(q.info.acronyms, acronym)
		switch {
		case oneIsAcronym && e.acronymRivals <= 0 && given:
			name = max(name, acronymNameScore)
		case oneIsAcronym && e.acronymRivals <= 0:
			name = max(name, acronymSpelledScore)
		case oneIsAcronym:
			name = max(name, acronymWeakScore)
			acronymDetail += fmt.Sprintf("; %d other organizations fit it as well", e.acronymRivals)
		case name > 0:
			name += (1 - name) / 2
		default:
			name = acronymAloneScore
		}
		reasons = append(reasons, Reason{KindAcronym, acronymDetail})
	}

	if name == 0 && e.website == websiteNone {
		return 0, nil // found by a lookup, but nothing holds
	}
	score := name
	switch e.website {
	case websiteHost:
		score = 1 - (1-score)*(1-hostScore)
		reasons = append(reasons, Reason{KindWebsite, fmt.Sprintf("both have the website %s", q.info.host)})
	case websiteDomain:
		score = 1 - (1-score)*(1-domainScore)
		why := fmt.Sprintf("both have websites under %s (%s and %s)", q.info.domain, q.info.host, in.host)
		reasons = append(reasons, Reason{KindWebsite, why})
	}

	switch countryRelation(q.info.countries, in.countries) {
	case countrySame:
		score = min(score+sameCountryBonus, 1)
		reasons = append(reasons,
			Reason{KindSameCountry, "both in " + strings.Join(common(q.info.countries, in.countries), ", ")})
	case countryConflicting:
		score *= countryConflictFactor
		reasons = append(reasons, Reason{KindCountryConflict, fmt.Sprintf("different countries: %s and %s",
			strings.Join(q.info.countries, ", "), strings.Join(in.countries, ", "))})
	}
	if chapter != "" {
		score *= countryConflictFactor
		reasons = append(reasons, Reason{KindCountryConflict, chapter})
	}
	if acronym == "" && hasExplicit(q.info) && hasExplicit(*in) {
		score *= acronymConflictFactor
		reasons = append(reasons, Reason{KindAcronymConflict, fmt.Sprintf("different acronyms: %s and %s",
			q.rec.Acronym, explicitText(rec))})
	}
	return score, reasons
}

// nationalChapter says, when the names are similar and one of them ends
// (or begins) with the name of a country that the other organization is
// not in, that the first is likely a national chapter of the second
// ("Oxfam Australia", "Oxfam International"); "" otherwise. A name that
// adds the country the other is in ("Human Rights Network Uganda",
// "Human Rights Network" in UGA) is no chapter.
func (ix *Index) nationalChapter(q *query, e *evidence) string {
	if e.sameName || e.aliasForm >= 0 || e.similarity < minSimilarity {
		return ""
	}
	qf, fm := &q.forms[e.qForm], &ix.forms[e.form]
	_, p := ix.compareWords(qf, fm, true)
	check := func(norm string, extra []string, text, otherText string, other []string) string {
		phrase := countryPhrase(norm, extra)
		if phrase == "" {
			return ""
		}
		st, err := states.Resolve(phrase)
		if err != nil || slices.Contains(other, st.Code) {
			return ""
		}
		return fmt.Sprintf("%s names a country, %s, that %s is not in: a national chapter?", quote(text),
			st.Name, quote(otherText))
	}
	if why := check(qf.norm, p.onlyQuery, qf.text, fm.text, ix.info[e.rec].countries); why != "" {
		return why
	}
	return check(fm.norm, p.onlyForm, fm.text, qf.text, q.info.countries)
}

// countryPhrase returns the words at the end, or else at the start, of a
// normalised name that are all among extra (or stop words inside them):
// the candidates for a country's name. "" when there are none.
func countryPhrase(norm string, extra []string) string {
	if len(extra) == 0 {
		return ""
	}
	words := strings.Fields(norm)
	run := func(ws []string) []string {
		n := 0
		for n < len(ws) && (slices.Contains(extra, ws[n]) || stopWords[ws[n]] && n > 0) {
			n++
		}
		for n > 0 && stopWords[ws[n-1]] {
			n--
		}
		return ws[:n]
	}
	reversed := slices.Clone(words)
	slices.Reverse(reversed)
	if end := run(reversed); len(end) > 0 {
		slices.Reverse(end)
		return strings.Join(end, " ")
	}
	return strings.Join(run(words), " ")
}

// hasExplicit reports whether a record gives an acronym of its own beside
// a full name: two such records whose acronyms differ are likely two
// organizations.
func hasExplicit(in recordInfo) bool {
	return len(in.acronyms) > 0 && !in.acronymOnly
}

// acronymEvidence returns the acronym that links the pair, if any, and
// says how. When neither name is only an acronym, the acronym must be one
// that both give: initials spelled from a name say nothing that the name
// does not. When one is ("HURINET"), it may be the other's acronym, its
// initials, or an acronym its name spells ("Human Rights Network").
func (ix *Index) acronymEvidence(q *query, e *evidence) (string, string) {
	rec := ix.records[e.rec]
	in := &ix.info[e.rec]
	switch {
	case q.info.acronymOnly:
		if k := linkingAcronym(q.info.acronyms, in, e.acronym); k != "" {
			return k, fmt.Sprintf("%s is the acronym of %s", quote(q.rec.Name), quote(rec.Name))
		}
	case in.acronymOnly:
		if k := linkingAcronym(in.acronyms, &q.info, e.acronym); k != "" {
			return k, fmt.Sprintf("%s is the acronym of %s", quote(rec.Name), quote(q.rec.Name))
		}
	default:
		for _, k := range q.info.acronyms {
			if slices.Contains(in.acronyms, k) {
				return k, fmt.Sprintf("both use the acronym %s", strings.ToUpper(k))
			}
		}
	}
	return "", ""
}

// linkingAcronym returns the acronym of keys that the index found (found)
// or that other's name spells.
func linkingAcronym(keys []string, other *recordInfo, found string) string {
	if found != "" && slices.Contains(keys, found) {
		return found
	}
	for _, k := range keys {
		if slices.Contains(other.acronyms, k) || spellsAcronym(k, other.name) {
			return k
		}
	}
	return ""
}

// explicitText is the acronym a record gives, as written.
func explicitText(r Record) string {
	if r.Acronym != "" {
		return r.Acronym
	}
	return r.Name
}

func common(a, b []string) []string {
	var out []string
	for _, x := range a {
		if slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

func (ix *Index) aliasReason(q *query, qi, f int32) Reason {
	qf, fm := &q.forms[qi], &ix.forms[f]
	rec := ix.records[fm.rec]
	switch {
	case fm.alias && !qf.alias:
		return Reason{KindAlias, fmt.Sprintf("%s is a registered name of %s", quote(qf.text), quote(rec.Name))}
	case qf.alias && !fm.alias:
		return Reason{KindAlias, fmt.Sprintf("%s is a registered name of %s", quote(rec.Name), quote(q.rec.Name))}
	}
	return Reason{KindAlias,
		fmt.Sprintf("%s and %s share the name %s", quote(q.rec.Name), quote(rec.Name), quote(fm.text))}
}

// markAmbiguous keeps a person in the loop when several records reach
// AutoMergeScore for one lookup: none of them may be merged alone.
func markAmbiguous(hits []hit) {
	if len(hits) < 2 || hits[1].score < AutoMergeScore {
		return
	}
	n := 0
	for _, h := range hits {
		if h.score >= AutoMergeScore {
			n++
		}
	}
	for i := range n {
		hits[i].score = AutoMergeScore - 0.005
		hits[i].reasons = append(hits[i].reasons, Reason{KindAmbiguous, fmt.Sprintf("%d records fit equally well", n)})
	}
}
