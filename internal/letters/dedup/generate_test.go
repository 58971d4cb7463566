package dedup

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// The evaluation set: a registry of generated organizations (and the
// seed's 42 signatories), and a list in which some rows are registry
// organizations written differently, in known ways, and the others are
// organizations the registry does not have, many of them look-alikes.
// Everything comes from a fixed seed, so figures can be reproduced.

// The kinds of list row. The first ten are duplicates of a registry
// organization; twiceInList is a second row, written differently, for an
// organization already in the list; the last four are not in the
// registry.
const (
	kindExact        = "exact"
	kindCase         = "case and punctuation"
	kindAccents      = "accents"
	kindArticle      = "leading article"
	kindAmpersand    = "& and \"and\""
	kindWordOrder    = "word order"
	kindSpelling     = "spelling (1–2 edits)"
	kindAcronym      = "acronym only"
	kindLanguage     = "other language (alias)"
	kindWebsite      = "website only"
	kindTwice        = "twice in the list"
	kindNewTwice     = "not in registry: new, twice in the list"
	kindNew          = "not in registry: new"
	kindOtherCountry = "not in registry: same name, other country"
	kindOneWord      = "not in registry: one word different"
	kindChapter      = "not in registry: national chapter"
)

// listShares are the kinds' shares of a list, per thousand rows.
var listShares = []struct {
	kind  string
	share int
}{
	{kindExact, 80}, {kindCase, 70}, {kindAccents, 70}, {kindArticle, 60}, {kindAmpersand, 50},
	{kindWordOrder, 70}, {kindSpelling, 120}, {kindAcronym, 60}, {kindLanguage, 60}, {kindWebsite, 50},
	{kindTwice, 80},
	{kindNew, 100}, {kindOtherCountry, 60}, {kindOneWord, 80}, {kindChapter, 30},
}

// concept is a generated organization's name, before it is written in a
// language.
type concept struct {
	tmpl   int
	typ    int
	group  int
	adj    int
	topics []int
	place  int // index in countries
	person int
	brand  string
}

// templateWeights: how often each name pattern occurs (see render).
var templateWeights = []int{10, 14, 8, 8, 10, 14, 6, 5, 8, 12, 5}

func usesPlace(tmpl int) bool { return slices.Contains([]int{2, 3, 4, 8, 10}, tmpl) }

func (c concept) render(lang int) string {
	t := orgTypes[c.typ][lang]
	top := c.topicText(lang, false)
	place := countries[c.place].name[lang]
	g := groups[c.group]
	adj := adjectives[c.adj][lang]
	pFor := map[int]string{en: " for ", fr: " pour ", es: " por "}[lang]
	pOf := map[int]string{en: " of ", fr: " des ", es: " de "}[lang]
	pIn := map[int]string{en: " in ", fr: " en ", es: " en "}[lang]
	group := g[lang+1]
	if lang == en {
		group = g[1]
	}
	switch c.tmpl {
	case 0:
		if lang == en {
			return adj + " " + t + " for " + top
		}
		return t + " " + adj + pFor + top
	case 1:
		if lang == en {
			return g[0] + " " + t + " for " + top
		}
		return t + pOf + group + pFor + top
	case 2, 3, 4:
		if lang != en {
			return t + pFor + top + pIn + place
		}
		switch c.tmpl {
		case 2:
			return c.topicText(en, true) + " " + t + " of " + place
		case 3:
			return place + " " + c.topicText(en, true) + " " + t
		}
		return t + " for " + top + " in " + place
	case 5:
		if lang == en {
			return c.brand + " " + c.topicText(en, true) + " " + t
		}
		return t + " " + c.brand + pFor + top
	case 6:
		return group + pFor + top
	case 7:
		person := people[c.person]
		if c.typ%2 == 0 {
			return map[int]string{en: person + " Foundation", fr: "Fondation " + person, es: "Fundación " + person}[lang]
		}
		centre := map[int]string{en: "Centre", fr: "Centre", es: "Centro"}[lang]
		if lang == en {
			return person + " Centre for " + top
		}
		return centre + " " + person + pFor + top
	case 8:
		return t + pOf + group + pFor + top + pIn + place
	case 9:
		if lang == en {
			return c.brand + " " + t
		}
		return t + " " + c.brand
	default:
		if lang == en {
			return place + " " + g[0] + " " + t
		}
		return t + pOf + group + " de " + place
	}
}

// key identifies the organization a concept names, whatever the language:
// the registry has one organization per concept and country.
func (c concept) key() string {
	tmpl, typ, group, adj, place, person, brand := c.tmpl, c.typ, c.group, c.adj, c.place, c.person, c.brand
	switch c.tmpl {
	case 2, 3, 4: // the same in French and Spanish
		tmpl = 2
	}
	if c.tmpl == 6 || c.tmpl == 7 {
		typ = -1
	}
	if !slices.Contains([]int{1, 6, 8, 10}, c.tmpl) {
		group = -1
	}
	if c.tmpl != 0 {
		adj = -1
	}
	if !usesPlace(c.tmpl) {
		place = -1
	}
	if c.tmpl != 7 {
		person = -1
	} else {
		typ = c.typ % 2
	}
	if c.tmpl != 5 && c.tmpl != 9 {
		brand = ""
	}
	ts := slices.Sorted(slices.Values(c.topics))
	if c.tmpl == 9 || c.tmpl == 10 || c.tmpl == 7 && c.typ%2 == 0 {
		ts = nil
	}
	return fmt.Sprint(tmpl, typ, group, adj, place, person, brand, ts)
}

// topicText joins the concept's topics; attributive drops the English
// article ("Rule of Law Network").
func (c concept) topicText(lang int, attributive bool) string {
	parts := make([]string, len(c.topics))
	for i, t := range c.topics {
		parts[i] = topics[t][lang]
		if attributive {
			parts[i] = strings.TrimPrefix(parts[i], "the ")
		}
	}
	return strings.Join(parts, map[int]string{en: " and ", fr: " et ", es: " y "}[lang])
}

// org is a registry organization with how it was made.
type org struct {
	rec     Record
	concept *concept // nil for the seed's organizations
	lang    int
}

// evalSet is a registry and a list with the truth about the list.
type evalSet struct {
	orgs     []org
	registry []Record
	list     []Record
	kinds    []string // per list row
	truth    []int64  // per list row: the registry ID it duplicates, 0 when none
	group    []int    // per list row: rows of the same organization share a non-zero group
}

type generator struct {
	r         *rand.Rand
	set       *evalSet
	names     map[string][][]string // normalised registry name → the country sets that have it
	concepts  map[string][][]string // concept key → the country sets that have it
	hosts     map[string]bool
	used      map[int]bool // registry organizations already the source of a row
	newGroups int
	nextID    int64
}

// generate makes a registry of registrySize organizations and a list of
// listSize rows.
func generate(seed uint64, registrySize, listSize int) *evalSet {
	g := &generator{
		r:        rand.New(rand.NewPCG(seed, seed^0x5eed)),
		set:      &evalSet{},
		names:    make(map[string][][]string),
		concepts: make(map[string][][]string),
		hosts:    make(map[string]bool),
		used:     make(map[int]bool),
	}
	for _, rec := range seedRegistry {
		g.addOrg(org{rec: rec})
	}
	for len(g.set.orgs) < registrySize {
		g.addGenerated()
	}
	for _, o := range g.set.orgs {
		g.set.registry = append(g.set.registry, o.rec)
	}
	g.makeList(listSize)
	return g.set
}

func (g *generator) addOrg(o org) {
	g.nextID++
	o.rec.ID = g.nextID
	n := Normalize(o.rec.Name)
	g.names[n] = append(g.names[n], o.rec.Countries)
	if h := Host(o.rec.Website); h != "" {
		g.hosts[h] = true
	}
	g.set.orgs = append(g.set.orgs, o)
}

// nameFree reports whether an organization named n in cs would not be
// confused with one the registry has: any organization of that name must
// be in other countries, and both must say which.
func (g *generator) nameFree(n string, cs []string) bool {
	return free(g.names[n], cs)
}

func free(taken [][]string, cs []string) bool {
	for _, other := range taken {
		if len(cs) == 0 || len(other) == 0 || countryRelation(cs, other) != countryConflicting {
			return false
		}
	}
	return true
}

func (g *generator) pick(weights []int) int {
	total := 0
	for _, w := range weights {
		total += w
	}
	x := g.r.IntN(total)
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	return len(weights) - 1
}

func (g *generator) newConcept() concept {
	c := concept{
		tmpl:   g.pick(templateWeights),
		typ:    g.r.IntN(len(orgTypes)),
		group:  g.r.IntN(len(groups)),
		adj:    g.r.IntN(len(adjectives)),
		place:  g.r.IntN(len(countries)),
		person: g.r.IntN(len(people)),
		brand:  g.brand(),
	}
	c.topics = []int{g.r.IntN(len(topics))}
	if g.r.IntN(10) < 3 {
		if t := g.r.IntN(len(topics)); t != c.topics[0] {
			c.topics = append(c.topics, t)
		}
	}
	return c
}

func (g *generator) brand() string {
	if g.r.IntN(10) < 4 {
		return brands[g.r.IntN(len(brands))]
	}
	var b strings.Builder
	for range 2 + g.r.IntN(2) {
		b.WriteString(syllables[g.r.IntN(len(syllables))])
	}
	s := b.String()
	return strings.ToUpper(s[:1]) + s[1:]
}

// languageFor: most organizations write their name in their country's
// language; some in English, a few in the third.
func (g *generator) languageFor(country int) int {
	switch x := g.r.IntN(100); {
	case x < 75:
		return countries[country].lang
	case x < 95:
		return en
	default:
		return []int{fr, es}[g.r.IntN(2)]
	}
}

func (g *generator) countriesFor(c concept) []string {
	home := countries[c.place].iso3
	if usesPlace(c.tmpl) {
		return []string{home}
	}
	switch x := g.r.IntN(100); {
	case x < 85:
		return []string{home}
	case x < 93:
		return nil
	default:
		other := countries[g.r.IntN(len(countries))].iso3
		if other == home {
			return []string{home}
		}
		return []string{home, other}
	}
}

func (g *generator) addGenerated() {
	c := g.newConcept()
	lang := g.languageFor(c.place)
	name := c.render(lang)
	cs := g.countriesFor(c)
	if !g.nameFree(Normalize(name), cs) || !free(g.concepts[c.key()], cs) {
		return
	}
	g.concepts[c.key()] = append(g.concepts[c.key()], cs)
	rec := Record{Name: name, Countries: cs}
	words := contentWords(Normalize(name))
	if len(words) >= 3 && g.r.IntN(100) < 45 {
		rec.Acronym = g.acronymOf(words, c.place)
	}
	if g.r.IntN(100) < 35 {
		rec.Website = g.website(rec, words, c.place)
	}
	if g.r.IntN(100) < 12 {
		other := []int{en, fr, es}[g.r.IntN(3)]
		if other == lang {
			other = (lang + 1) % 3
		}
		if alias := c.render(other); Normalize(alias) != Normalize(name) {
			rec.Aliases = []string{alias}
		}
	}
	g.addOrg(org{rec: rec, concept: &c, lang: lang})
}

func (g *generator) acronymOf(words []string, place int) string {
	var b strings.Builder
	for _, w := range words {
		b.WriteString(strings.ToUpper(w[:1]))
	}
	if g.r.IntN(10) == 0 {
		b.WriteString("-" + strings.ToUpper(countries[place].iso2))
	}
	return b.String()
}

// website makes a unique address in one of the forms people write.
func (g *generator) website(rec Record, words []string, place int) string {
	slug := ""
	switch {
	case rec.Acronym != "" && g.r.IntN(10) < 6:
		slug = strings.ToLower(strings.ReplaceAll(rec.Acronym, "-", ""))
	case len(words) >= 2:
		slug = words[0] + words[1]
	default:
		slug = strings.Join(words, "")
	}
	slug = asciiOnly(slug)
	cc := countries[place].iso2
	tld := []string{".org", ".org", ".org", ".org." + cc, ".org." + cc, "." + cc, "." + cc, ".net", ".ngo"}[g.r.IntN(9)]
	host := slug + tld
	for i := 2; g.hosts[host]; i++ {
		host = fmt.Sprintf("%s%d%s", slug, i, tld)
	}
	g.hosts[host] = true
	return g.writeHost(host)
}

func (g *generator) writeHost(host string) string {
	return []string{"https://www." + host, "http://" + host + "/", "www." + host, host, "https://" + host + "/en/"}[g.r.IntN(5)]
}

func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range Normalize(s) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "org"
	}
	return b.String()
}

// makeList writes the list: rows of each kind in their share, each a
// registry organization not used before (or a new one), then a second row
// for some organizations already in it, all shuffled.
func (g *generator) makeList(size int) {
	var rows []row
	for _, ks := range listShares {
		if ks.kind == kindTwice {
			continue
		}
		for range size * ks.share / 1000 {
			if rw, ok := g.makeRow(ks.kind); ok {
				rows = append(rows, rw)
			}
		}
	}
	twice := size * 80 / 1000
	for i := 0; i < twice && len(rows) > 0; i++ {
		first := rows[g.r.IntN(len(rows))]
		if first.group == 0 || first.twice || first.kind == kindAcronym || first.kind == kindWebsite || first.kind == kindLanguage {
			continue
		}
		if rw, ok := g.secondRow(first); ok {
			rows = append(rows, rw)
		}
	}
	for len(rows) < size {
		if rw, ok := g.newRow(); ok {
			rows = append(rows, rw)
		}
	}
	g.r.Shuffle(len(rows), func(i, j int) { rows[i], rows[j] = rows[j], rows[i] })
	for i, rw := range rows[:size] {
		rw.rec.ID = int64(i + 1)
		g.set.list = append(g.set.list, rw.rec)
		g.set.kinds = append(g.set.kinds, rw.kind)
		g.set.truth = append(g.set.truth, rw.truth)
		g.set.group = append(g.set.group, rw.group)
	}
}

type row struct {
	rec   Record
	kind  string
	truth int64
	group int
	twice bool
	src   int // the registry organization, or -1
	c     *concept
	lang  int
}

// makeRow makes a row of the given kind from a registry organization
// suitable for it, or a new organization.
func (g *generator) makeRow(kind string) (row, bool) {
	switch kind {
	case kindNew:
		return g.newRow()
	case kindOtherCountry, kindOneWord, kindChapter:
		return g.lookAlikeRow(kind)
	}
	for range 200 {
		i := g.r.IntN(len(g.set.orgs))
		if g.used[i] {
			continue
		}
		o := g.set.orgs[i]
		rec, ok := g.variant(kind, o)
		if !ok {
			continue
		}
		g.used[i] = true
		g.fillRow(&rec, o, kind)
		return row{rec: rec, kind: kind, truth: o.rec.ID, group: i + 1, src: i}, true
	}
	return row{}, false
}

// fillRow gives a duplicate row what a signatory list gives: mostly the
// organization's countries, sometimes its acronym.
func (g *generator) fillRow(rec *Record, o org, kind string) {
	if g.r.IntN(100) < 94 {
		rec.Countries = slices.Clone(o.rec.Countries)
	}
	if o.rec.Acronym != "" && kind != kindAcronym && g.r.IntN(100) < 25 {
		rec.Acronym = o.rec.Acronym
	}
}

// secondRow is another row for first's organization, written another way.
func (g *generator) secondRow(first row) (row, bool) {
	o, kind := org{rec: first.rec, concept: first.c, lang: first.lang}, kindNewTwice
	if first.src >= 0 {
		o, kind = g.set.orgs[first.src], kindTwice
	}
	for range 20 {
		how := []string{kindExact, kindCase, kindAccents, kindSpelling, kindArticle, kindWordOrder}[g.r.IntN(6)]
		rec, ok := g.variant(how, o)
		if !ok || rec.Name == first.rec.Name {
			continue
		}
		g.fillRow(&rec, o, how)
		return row{rec: rec, kind: kind, truth: first.truth, group: first.group, twice: true, src: first.src}, true
	}
	return row{}, false
}

// variant writes o's name in the way kind says; false when o does not
// lend itself to it.
func (g *generator) variant(kind string, o org) (Record, bool) {
	name := o.rec.Name
	var rec Record
	switch kind {
	case kindExact:
		rec.Name = name
	case kindCase:
		rec.Name = g.caseAndPunctuation(name)
	case kindAccents:
		rec.Name = g.accents(name)
	case kindArticle:
		rec.Name = g.article(name, o.lang)
	case kindAmpersand:
		rec.Name = ampersand(name)
	case kindWordOrder:
		rec.Name = g.wordOrder(name)
	case kindSpelling:
		rec.Name = g.misspell(name, 1+g.r.IntN(2))
	case kindAcronym:
		if !isAcronymName(o.rec.Acronym) {
			return rec, false
		}
		rec.Name = o.rec.Acronym
	case kindLanguage:
		if len(o.rec.Aliases) == 0 {
			return rec, false
		}
		rec.Name = o.rec.Aliases[g.r.IntN(len(o.rec.Aliases))]
		if g.r.IntN(4) == 0 {
			rec.Name = g.misspell(rec.Name, 1)
		}
	case kindWebsite:
		if o.rec.Website == "" || o.concept == nil || len(o.rec.Aliases) > 0 {
			return rec, false
		}
		// The name in another language, not registered as an alias: only
		// the website links it.
		rec.Name = o.concept.render((o.lang + 1 + g.r.IntN(2)) % 3)
		rec.Website = g.writeHost(Host(o.rec.Website))
	}
	if rec.Name == "" || kind != kindExact && rec.Name == name {
		return rec, false
	}
	return rec, true
}

func (g *generator) caseAndPunctuation(name string) string {
	ops := []func(string) string{
		strings.ToUpper,
		strings.ToLower,
		func(s string) string { return strings.Replace(s, " ", "-", 1+g.r.IntN(2)) },
		func(s string) string { return s + "." },
		func(s string) string { return strings.NewReplacer("'", "", "-", " ", "’", "").Replace(s) },
		func(s string) string { return strings.Replace(s, " ", ", ", 1) },
		func(s string) string { return strings.ReplaceAll(s, " ", "  ") },
	}
	for range 1 + g.r.IntN(2) {
		name = ops[g.r.IntN(len(ops))](name)
	}
	return name
}

var stripAccents = transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)

// accents removes the accents a name has, or adds one it has not.
func (g *generator) accents(name string) string {
	if stripped, _, _ := transform.String(stripAccents, name); stripped != name {
		return stripped
	}
	r := []rune(name)
	var vowels []int
	for i, c := range r {
		if strings.ContainsRune("aeiou", c) {
			vowels = append(vowels, i)
		}
	}
	if len(vowels) == 0 {
		return name
	}
	i := vowels[g.r.IntN(len(vowels))]
	r[i] = map[rune]rune{'a': 'á', 'e': 'é', 'i': 'í', 'o': 'ó', 'u': 'ú'}[r[i]]
	return string(r)
}

// article removes a leading article or adds one in the name's language.
func (g *generator) article(name string, lang int) string {
	for _, as := range articles {
		for _, a := range as {
			if strings.HasPrefix(strings.ToLower(name), strings.ToLower(a)) && len(name) > len(a) {
				return name[len(a):]
			}
		}
	}
	first := strings.ToLower(strings.Fields(name)[0])
	feminine := strings.HasSuffix(first, "a") || strings.HasSuffix(first, "e") || strings.HasSuffix(first, "ión") || strings.HasSuffix(first, "dad")
	switch {
	case lang == fr && strings.ContainsRune("AEIOUÉaeioué", []rune(name)[0]):
		return "L'" + name
	case lang == fr && feminine:
		return "La " + name
	case lang == fr:
		return "Le " + name
	case lang == es && feminine:
		return "La " + name
	case lang == es:
		return "El " + name
	}
	return "The " + name
}

func ampersand(name string) string {
	for _, and := range []string{" and ", " et ", " y "} {
		if strings.Contains(name, and) {
			return strings.Replace(name, and, " & ", 1)
		}
	}
	if strings.Contains(name, "&") {
		return strings.Replace(name, "&", "and", 1)
	}
	return ""
}

// wordOrder turns "Network for Peace" into "Peace Network" and "Human
// Rights Institute of Kenya" into "Kenya Human Rights Institute", or else
// swaps two neighbouring words.
func (g *generator) wordOrder(name string) string {
	for _, sep := range []string{" for ", " of ", " pour ", " por "} {
		if before, after, ok := strings.Cut(name, sep); ok && !strings.Contains(after, " in ") && !strings.Contains(after, " en ") {
			return after + " " + before
		}
	}
	w := strings.Fields(name)
	if len(w) < 2 {
		return ""
	}
	i := g.r.IntN(len(w) - 1)
	w[i], w[i+1] = w[i+1], w[i]
	return strings.Join(w, " ")
}

// misspell makes n edits of one letter: a substitution, a deletion, an
// insertion or a swap of neighbours.
func (g *generator) misspell(name string, n int) string {
	r := []rune(name)
	for range n {
		var letters []int
		for i, c := range r {
			if unicode.IsLetter(c) {
				letters = append(letters, i)
			}
		}
		if len(letters) == 0 {
			return name
		}
		i := letters[g.r.IntN(len(letters))]
		c := rune('a' + g.r.IntN(26))
		switch g.r.IntN(4) {
		case 0:
			r[i] = c
		case 1:
			r = slices.Delete(r, i, i+1)
		case 2:
			r = slices.Insert(r, i, c)
		default:
			if i+1 < len(r) && unicode.IsLetter(r[i+1]) {
				r[i], r[i+1] = r[i+1], r[i]
			} else {
				r[i] = c
			}
		}
	}
	return string(r)
}

// newRow is an organization the registry does not have; some sign twice,
// the second time written differently.
func (g *generator) newRow() (row, bool) {
	for range 100 {
		c := g.newConcept()
		lang := g.languageFor(c.place)
		name := c.render(lang)
		if len(g.names[Normalize(name)]) > 0 || len(g.concepts[c.key()]) > 0 {
			continue
		}
		g.concepts[c.key()] = append(g.concepts[c.key()], nil)
		rec := Record{Name: name, Countries: g.countriesFor(c)}
		g.names[Normalize(name)] = append(g.names[Normalize(name)], rec.Countries)
		g.newGroups++
		return row{rec: rec, kind: kindNew, group: -g.newGroups, src: -1, c: &c, lang: lang}, true
	}
	return row{}, false
}

// lookAlikeRow is an organization the registry does not have that looks
// like one it has: the same name in another country, the name with one
// word changed, or a national chapter of an international organization.
func (g *generator) lookAlikeRow(kind string) (row, bool) {
	for range 200 {
		i := g.r.IntN(len(g.set.orgs))
		o := g.set.orgs[i]
		var rec Record
		switch kind {
		case kindOtherCountry:
			if len(o.rec.Countries) == 0 {
				continue
			}
			rec = Record{Name: o.rec.Name, Countries: []string{countries[g.r.IntN(len(countries))].iso3}}
		case kindOneWord:
			if o.concept == nil {
				continue
			}
			c := g.changeOneWord(*o.concept)
			if len(g.concepts[c.key()]) > 0 {
				continue
			}
			rec = Record{Name: c.render(o.lang), Countries: o.rec.Countries}
			if g.r.IntN(10) < 3 {
				rec.Countries = []string{countries[c.place].iso3}
			}
		case kindChapter:
			if o.concept == nil || usesPlace(o.concept.tmpl) || len(o.rec.Countries) > 0 && g.r.IntN(10) < 7 {
				continue
			}
			p := g.r.IntN(len(countries))
			rec = Record{Name: o.rec.Name + " " + countries[p].name[o.lang], Countries: []string{countries[p].iso3}}
		}
		n := Normalize(rec.Name)
		if !g.nameFree(n, rec.Countries) {
			continue
		}
		g.names[n] = append(g.names[n], rec.Countries)
		return row{rec: rec, kind: kind, src: -1}, true
	}
	return row{}, false
}

// changeOneWord changes one of the words the concept's pattern uses.
func (g *generator) changeOneWord(c concept) concept {
	c.topics = slices.Clone(c.topics)
	for {
		switch g.r.IntN(6) {
		case 0:
			if c.tmpl == 6 || c.tmpl == 7 {
				continue
			}
			c.typ = (c.typ + 1 + g.r.IntN(len(orgTypes)-1)) % len(orgTypes)
		case 1:
			if c.tmpl == 9 || c.tmpl == 10 || c.tmpl == 7 && c.typ%2 == 0 {
				continue
			}
			c.topics[0] = (c.topics[0] + 1 + g.r.IntN(len(topics)-1)) % len(topics)
		case 2:
			if !slices.Contains([]int{1, 6, 8, 10}, c.tmpl) {
				continue
			}
			c.group = (c.group + 1 + g.r.IntN(len(groups)-1)) % len(groups)
		case 3:
			if c.tmpl != 0 {
				continue
			}
			c.adj = (c.adj + 1 + g.r.IntN(len(adjectives)-1)) % len(adjectives)
		case 4:
			if !usesPlace(c.tmpl) {
				continue
			}
			c.place = (c.place + 1 + g.r.IntN(len(countries)-1)) % len(countries)
		default:
			switch c.tmpl {
			case 5, 9:
				c.brand = g.brand()
			case 7:
				c.person = (c.person + 1 + g.r.IntN(len(people)-1)) % len(people)
			default:
				continue
			}
		}
		return c
	}
}

// withinPairs are the pairs of list rows that are the same organization.
func (s *evalSet) withinPairs() map[[2]int64]bool {
	byGroup := make(map[int][]int64)
	for i, gr := range s.group {
		if gr != 0 {
			byGroup[gr] = append(byGroup[gr], s.list[i].ID)
		}
	}
	out := make(map[[2]int64]bool)
	for _, ids := range byGroup {
		for i := range ids {
			for j := i + 1; j < len(ids); j++ {
				out[orderedPair(ids[i], ids[j])] = true
			}
		}
	}
	return out
}

func orderedPair(a, b int64) [2]int64 {
	if a > b {
		a, b = b, a
	}
	return [2]int64{a, b}
}

// text writes the list as a signatory list: "Name - ACRONYM (Country)".
func (s *evalSet) text() string {
	var b strings.Builder
	for _, r := range s.list {
		b.WriteString(r.Name)
		if r.Acronym != "" {
			b.WriteString(" - " + r.Acronym)
		}
		if len(r.Countries) > 0 {
			names := make([]string, len(r.Countries))
			for i, c := range r.Countries {
				names[i] = countryName(c)
			}
			b.WriteString(" (" + strings.Join(names, " and ") + ")")
		}
		b.WriteByte('\n')
	}
	return b.String()
}

func countryName(iso3 string) string {
	for _, c := range countries {
		if c.iso3 == iso3 {
			return c.name[en]
		}
	}
	return map[string]string{"AGO": "Angola", "SWZ": "Swaziland"}[iso3]
}
