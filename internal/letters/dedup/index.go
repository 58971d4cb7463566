package dedup

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// Index holds the registry in the shapes that lookups need: names and
// aliases by their normalised form, acronyms, website hosts and domains,
// and an inverted index of words with their weights and their near
// spellings. Build it once with NewIndex; it is safe for concurrent use.
type Index struct {
	records  []Record
	info     []recordInfo // parallel to records
	forms    []form       // every name and alias of every record
	byName   map[string][]int32
	acronyms map[string][]acronymEntry
	hosts    map[string][]int32 // host → records
	domains  map[string][]int32 // registrable domain → records

	words      map[string]int32   // content word → word id
	spelling   []string           // word id → word
	weights    []float64          // word id → weight
	counts     []int              // word id → records that use it
	signatures []uint64           // word id → letterSignature
	lengths    []int              // word id → letters
	neighbours [][]wordMatch      // word id → its near spellings in the index
	postings   [][]int32          // word id → forms
	near       map[string][]int32 // a word and its deletions → word ids (fuzzy.go)
	unknown    float64            // the weight of a word the registry does not have

	scratch sync.Pool
}

type recordInfo struct {
	name        string   // normalised
	acronyms    []string // keys of the acronyms the record gives: its Acronym, its Name when that is an acronym
	initials    []string
	acronymOnly bool // the name is an acronym and nothing more
	host        string
	domain      string
	countries   []string
	forms       []int32
}

// form is a name or an alias of a record.
type form struct {
	rec    int32
	alias  bool
	text   string  // as written
	norm   string  // normalised
	words  []int32 // content words, sorted
	weight float64 // sum of the words' weights
}

type acronymEntry struct {
	rec      int32
	explicit bool // an acronym the record gives, not the initials of its name
}

// NewIndex builds an index over registry, which it keeps: do not change
// the records afterwards. Word weights are inverse document frequencies
// over the registry: a word that few organizations use tells more than
// "network" or "rights".
func NewIndex(registry []Record) *Index {
	ix := &Index{
		records:  registry,
		info:     make([]recordInfo, len(registry)),
		byName:   make(map[string][]int32, len(registry)),
		acronyms: make(map[string][]acronymEntry),
		hosts:    make(map[string][]int32),
		domains:  make(map[string][]int32),
		words:    make(map[string]int32),
	}
	formWords := ix.collectForms()
	ix.indexNearSpellings()
	ix.reweighMisspellings()
	ix.postings = make([][]int32, len(ix.spelling))
	for f := range ix.forms {
		fm := &ix.forms[f]
		for _, w := range formWords[f] {
			id := ix.words[w]
			fm.words = append(fm.words, id)
			fm.weight += ix.weights[id]
			ix.postings[id] = append(ix.postings[id], int32(f))
		}
		slices.Sort(fm.words)
	}
	ix.scratch.New = func() any { return newScratch(len(ix.forms), len(ix.records)) }
	return ix
}

// collectForms fills records' info, forms and the exact-lookup maps, and
// counts the records each content word appears in. It returns each form's
// content words.
func (ix *Index) collectForms() [][]string {
	var formWords [][]string
	df := make(map[string]int)
	for i, r := range ix.records {
		rec := int32(i)
		in := describe(r)
		ix.info[i] = in
		seen := make(map[string]bool)
		addForm := func(text, n string, alias bool) {
			if n == "" {
				return
			}
			f := int32(len(ix.forms))
			ix.forms = append(ix.forms, form{rec: rec, alias: alias, text: text, norm: n})
			ix.info[i].forms = append(ix.info[i].forms, f)
			ix.byName[n] = append(ix.byName[n], f)
			ws := contentWords(n)
			formWords = append(formWords, ws)
			for _, w := range ws {
				if !seen[w] {
					seen[w] = true
					df[w]++
				}
			}
		}
		addForm(r.Name, in.name, false)
		for _, a := range r.Aliases {
			addForm(a, Normalize(a), true)
		}
		for _, k := range in.acronyms {
			ix.acronyms[k] = appendEntry(ix.acronyms[k], acronymEntry{rec, true})
		}
		for _, k := range in.initials {
			ix.acronyms[k] = appendEntry(ix.acronyms[k], acronymEntry{rec, false})
		}
		if in.host != "" {
			ix.hosts[in.host] = append(ix.hosts[in.host], rec)
		}
		if in.domain != "" {
			ix.domains[in.domain] = append(ix.domains[in.domain], rec)
		}
	}
	ix.spelling = make([]string, 0, len(df))
	for w := range df {
		ix.spelling = append(ix.spelling, w)
	}
	slices.Sort(ix.spelling)
	n := float64(max(len(ix.records), 1))
	ix.weights = make([]float64, len(ix.spelling))
	ix.counts = make([]int, len(ix.spelling))
	ix.signatures = make([]uint64, len(ix.spelling))
	ix.lengths = make([]int, len(ix.spelling))
	for id, w := range ix.spelling {
		ix.signatures[id] = letterSignature(w)
		ix.lengths[id] = utf8.RuneCountInString(w)
		ix.words[w] = int32(id)
		ix.counts[id] = df[w]
		ix.weights[id] = math.Log(1 + n/float64(df[w]))
	}
	ix.unknown = math.Log(1 + n)
	return formWords
}

// appendEntry adds e unless the record is already there, keeping the
// explicit entry when a record has both.
func appendEntry(list []acronymEntry, e acronymEntry) []acronymEntry {
	for i, x := range list {
		if x.rec == e.rec {
			list[i].explicit = x.explicit || e.explicit
			return list
		}
	}
	return append(list, e)
}

// describe computes what comparisons need of a record besides its forms.
func describe(r Record) recordInfo {
	in := recordInfo{name: Normalize(r.Name), acronymOnly: isAcronymName(r.Name)}
	if k := acronymKey(r.Acronym); len(k) >= 2 {
		in.acronyms = append(in.acronyms, k)
	}
	if in.acronymOnly {
		if k := acronymKey(r.Name); len(k) >= 2 && !slices.Contains(in.acronyms, k) {
			in.acronyms = append(in.acronyms, k)
		}
	} else {
		in.initials = initials(in.name)
	}
	in.host, in.domain = websiteKeys(r.Website)
	for _, c := range r.Countries {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(in.countries, c) {
			in.countries = append(in.countries, c)
		}
	}
	return in
}

// indexNearSpellings indexes every word long enough to be misspelled under
// its deletions (see fuzzy.go).
func (ix *Index) indexNearSpellings() {
	ix.near = make(map[string][]int32)
	var buf []byte
	for id, w := range ix.spelling {
		n := utf8.RuneCountInString(w)
		if n < minFuzzyLen {
			continue
		}
		depth := 1
		if n >= minFuzzy2Len {
			depth = 2
		}
		ix.near[w] = append(ix.near[w], int32(id))
		buf = deletions(w, depth, buf, func(d []byte) {
			ids := ix.near[string(d)]
			if len(ids) == 0 || ids[len(ids)-1] != int32(id) {
				ix.near[string(d)] = append(ids, int32(id))
			}
		})
	}
}

// reweighMisspellings finds the near spellings of every word. A word that
// at most rareCount records use and that is a near spelling of a word
// rareFactor times as common is most likely that word misspelled: it gets
// that word's weight, where as a rare word it would weigh most of all. A
// short rare word one edit from a stop word is that stop word misspelled
// ("fro").
func (ix *Index) reweighMisspellings() {
	var buf []byte
	ix.neighbours = make([][]wordMatch, len(ix.spelling))
	for id, w := range ix.spelling {
		ix.neighbours[id], buf = ix.nearWords(w, nil, buf)
	}
	for id, w := range ix.spelling {
		if ix.counts[id] > rareCount {
			continue
		}
		if utf8.RuneCountInString(w) <= maxStopTypoLen && nearStopWord(w) {
			ix.weights[id] = stopWordWeight
			continue
		}
		best := -1
		for _, m := range ix.neighbours[id] {
			if ix.counts[m.id] >= rareFactor*ix.counts[id] && (best < 0 || ix.counts[m.id] > ix.counts[best]) {
				best = int(m.id)
			}
		}
		if best >= 0 {
			ix.weights[id] = ix.weights[best]
		}
	}
}

// Len returns the number of records in the index.
func (ix *Index) Len() int { return len(ix.records) }

// Candidates returns the records of the index that may be the same
// organization as r, with a score of at least minScore, best first (ties
// in registry order).
func (ix *Index) Candidates(r Record, minScore float64) []Match {
	s := ix.scratch.Get().(*scratch)
	defer ix.scratch.Put(s)
	return ix.toMatches(r, ix.candidates(ix.prepare(r), minScore, -1, s))
}

// CandidatesAll is Candidates for every record of list, on all processors;
// the result is in list order.
func (ix *Index) CandidatesAll(list []Record, minScore float64) [][]Match {
	hits := ix.matchAll(list, minScore, false)
	out := make([][]Match, len(list))
	for i, hs := range hits {
		out[i] = ix.toMatches(list[i], hs)
	}
	return out
}

func (ix *Index) toMatches(r Record, hits []hit) []Match {
	if len(hits) == 0 {
		return nil
	}
	out := make([]Match, len(hits))
	for i, h := range hits {
		out[i] = Match{A: r, B: ix.records[h.rec], Score: h.score, Reasons: h.reasons}
	}
	return out
}

// matchAll looks up every record of list, in parallel. With self, list is
// the indexed registry and a record does not match itself.
func (ix *Index) matchAll(list []Record, minScore float64, self bool) [][]hit {
	out := make([][]hit, len(list))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			s := ix.scratch.Get().(*scratch)
			defer ix.scratch.Put(s)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(list) {
					return
				}
				skip := int32(-1)
				if self {
					skip = int32(i)
				}
				out[i] = ix.candidates(ix.prepare(list[i]), minScore, skip, s)
			}
		})
	}
	wg.Wait()
	return out
}

// hit is a candidate record with its score.
type hit struct {
	rec     int32
	score   float64
	reasons []Reason
}

// scratch is the per-lookup working memory, reused through a pool.
type scratch struct {
	acc     []float64 // per form: an upper bound of its shared weight
	touched []int32
	slot    []int32 // per record: its index in ev, or -1
	ev      []evidence
}

func newScratch(forms, records int) *scratch {
	s := &scratch{acc: make([]float64, forms), slot: make([]int32, records)}
	for i := range s.slot {
		s.slot[i] = -1
	}
	return s
}

func (s *scratch) evidenceFor(rec int32) *evidence {
	if i := s.slot[rec]; i >= 0 {
		return &s.ev[i]
	}
	s.slot[rec] = int32(len(s.ev))
	s.ev = append(s.ev, evidence{rec: rec, aliasQ: -1, aliasForm: -1, qForm: -1, form: -1})
	return &s.ev[len(s.ev)-1]
}

func (s *scratch) reset() {
	for _, e := range s.ev {
		s.slot[e.rec] = -1
	}
	s.ev = s.ev[:0]
}

// candidates gathers the evidence for every record that any lookup finds,
// scores it and keeps what reaches minScore.
func (ix *Index) candidates(q *query, minScore float64, self int32, s *scratch) []hit {
	defer s.reset()
	ix.findByName(q, s)
	ix.findByWebsite(q, s)
	ix.findByAcronym(q, s)
	for qf := range q.forms {
		ix.findBySimilarWords(q, qf, s)
	}
	var hits []hit
	for i := range s.ev {
		e := &s.ev[i]
		if e.rec == self {
			continue
		}
		if e.form < 0 {
			ix.bestSimilarity(q, e)
		}
		score, reasons := ix.score(q, e)
		if reasons != nil && score >= minScore {
			hits = append(hits, hit{e.rec, score, reasons})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.rec, b.rec))
	})
	markAmbiguous(hits)
	return hits
}

func (ix *Index) findByName(q *query, s *scratch) {
	for qi, qf := range q.forms {
		for _, f := range ix.byName[qf.norm] {
			e := s.evidenceFor(ix.forms[f].rec)
			if !qf.alias && !ix.forms[f].alias {
				e.sameName = true
			} else if !e.sameName && e.aliasForm < 0 {
				e.aliasQ, e.aliasForm = int32(qi), f
			}
		}
	}
}

func (ix *Index) findByWebsite(q *query, s *scratch) {
	if q.info.host != "" {
		for _, rec := range ix.hosts[q.info.host] {
			s.evidenceFor(rec).website = websiteHost
		}
	}
	if q.info.domain != "" {
		for _, rec := range ix.domains[q.info.domain] {
			if e := s.evidenceFor(rec); e.website == websiteNone {
				e.website = websiteDomain
			}
		}
	}
}

// findByAcronym looks up acronyms. A name that is only an acronym is
// looked up among the acronyms and initials of the registry; an acronym
// given beside a full name among the acronyms others give; the initials of
// a full name among the names that are only an acronym.
//
// It counts the rivals of each record found: the records without a
// country against them that fit the acronym as well. A record that gives
// the acronym as its own has as rivals only others that give it; a record
// whose initials happen to spell it has all the others. An acronym with
// rivals is weak evidence.
func (ix *Index) findByAcronym(q *query, s *scratch) {
	look := func(key string, fits func(acronymEntry) bool) {
		entries := ix.acronyms[key]
		giving, spelling := 0, 0
		for _, en := range entries {
			if fits(en) && countryRelation(q.info.countries, ix.info[en.rec].countries) != countryConflicting {
				if en.explicit {
					giving++
				} else {
					spelling++
				}
			}
		}
		for _, en := range entries {
			if !fits(en) {
				continue
			}
			rivals := giving + spelling - 1
			if en.explicit {
				rivals = giving - 1
			}
			e := s.evidenceFor(en.rec)
			if e.acronym == "" || rivals < e.acronymRivals {
				e.acronym, e.acronymRivals = key, rivals
			}
		}
	}
	everyEntry := func(acronymEntry) bool { return true }
	explicit := func(en acronymEntry) bool { return en.explicit }
	acronymOnly := func(en acronymEntry) bool { return ix.info[en.rec].acronymOnly }
	for _, k := range q.info.acronyms {
		if q.info.acronymOnly {
			look(k, everyEntry)
		} else {
			look(k, explicit)
		}
	}
	for _, k := range q.info.initials {
		look(k, acronymOnly)
	}
}

// findBySimilarWords finds the forms whose words are similar to those of
// query form qi. A form reaching minSimilarity must share (or nearly
// spell) at least one of the query's heaviest words that together carry
// prefixShare of its weight, so only those words' postings are read; the
// other words bound what a form can still reach, and only forms within
// reach are compared in full. (Words that only the loose pairing of
// compareWords pairs are not in the bound: a form that needs them to
// reach minSimilarity is missed.)
func (ix *Index) findBySimilarWords(q *query, qi int, s *scratch) {
	qf := &q.forms[qi]
	if len(qf.words) == 0 {
		return
	}
	order := qf.byWeight
	rest := qf.weight
	s.touched = s.touched[:0]
	for _, wi := range order {
		if rest < (1-prefixShare)*qf.weight {
			break
		}
		qw := &qf.words[wi]
		rest -= qw.weight
		for _, m := range qw.matches {
			add := m.sim * (qw.weight + ix.weights[m.id])
			for _, f := range ix.postings[m.id] {
				if s.acc[f] == 0 {
					s.touched = append(s.touched, f)
				}
				s.acc[f] += add
			}
		}
	}
	for _, f := range s.touched {
		bound := s.acc[f] + 2*rest
		s.acc[f] = 0
		fm := &ix.forms[f]
		if bound < minSimilarity*(qf.weight+fm.weight) {
			continue
		}
		sim := ix.similarity(qf, fm)
		if sim < minSimilarity {
			continue
		}
		e := s.evidenceFor(fm.rec)
		if sim > e.similarity {
			e.similarity, e.qForm, e.form = sim, int32(qi), f
		}
	}
}

// bestSimilarity compares every form of the query with every form of a
// record found by other evidence.
func (ix *Index) bestSimilarity(q *query, e *evidence) {
	for qi := range q.forms {
		for _, f := range ix.info[e.rec].forms {
			if sim := ix.similarity(&q.forms[qi], &ix.forms[f]); sim > e.similarity || e.form < 0 {
				e.similarity, e.qForm, e.form = sim, int32(qi), f
			}
		}
	}
}
