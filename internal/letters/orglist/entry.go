package orglist

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/states"
)

// verdict is how sure the parser is of an entry, and why not more.
type verdict struct {
	conf  Confidence
	notes []string
}

func newVerdict() verdict { return verdict{conf: High} }

// guess records a guess: the entry is at most of medium confidence.
func (v *verdict) guess(format string, args ...any) {
	if v.conf == High {
		v.conf = Medium
	}
	v.note(format, args...)
}

// doubt records a probable mistake: the entry is of low confidence.
func (v *verdict) doubt(format string, args ...any) {
	v.conf = Low
	v.note(format, args...)
}

func (v *verdict) note(format string, args ...any) {
	n := fmt.Sprintf(format, args...)
	for _, old := range v.notes {
		if old == n {
			return
		}
	}
	v.notes = append(v.notes, n)
}

// parseEntry reads one entry: "Name - ACRONYM (Country)" and its
// variants. inRun says that it was one part of a run, whose leading "the"
// or "and" belongs to the sentence.
func parseEntry(text string, inRun bool) (Entry, verdict) {
	v := newVerdict()
	var e Entry
	s := trimEntry(text)
	if inRun {
		s = stripArticle(s)
	}
	name := s
	if parts := splitTop(name, ','); len(parts) >= 2 {
		name = e.takeCommaTail(parts, &v)
	}
	name = e.takeParens(name, &v)
	if e.Acronym == "" {
		name = e.takeDashAcronym(name)
	}
	name = strings.Trim(trimEntry(name), " -–—")
	if inRun {
		name = stripArticle(name)
	}
	e.Name = name
	checkName(&e, s, &v)
	return e, v
}

// checkName doubts names that are missing, unbalanced, too long or
// sentence-like. s is the whole entry, used as the name when none is left.
func checkName(e *Entry, s string, v *verdict) {
	if !hasLetter(e.Name) {
		v.doubt("no name found")
		e.Name = s
		if e.Name == "" {
			e.Name = "?"
		}
		return
	}
	if strings.Count(e.Name, "(") != strings.Count(e.Name, ")") {
		v.doubt("unbalanced parentheses")
	}
	words, _ := wordStats(e.Name)
	switch {
	case proseLike(e.Name):
		v.doubt("reads like a sentence, not a name")
	case words > 18 || utf8.RuneCountInString(e.Name) > 150:
		v.doubt("unusually long for a name")
	}
}

// takeCommaTail reads "Name, Country", "Name, City, Country" and
// "Name, Region"; it returns what is left of the name.
func (e *Entry) takeCommaTail(parts []string, v *verdict) string {
	last := parts[len(parts)-1]
	rest := parts[:len(parts)-1]
	m := matchCountries(last)
	switch {
	case len(m.codes) > 0 && m.restArePlaces():
		e.addCountries(m)
		e.takeUnresolved(m, v)
		if len(rest) >= 2 && acronymStrict(rest[len(rest)-1]) && !isState(rest[len(rest)-1]) {
			e.Acronym = rest[len(rest)-1] // "Name, ACRONYM, Country"
			rest = rest[:len(rest)-1]
		} else if len(rest) >= 2 && placeLike(rest[len(rest)-1]) {
			p := rest[len(rest)-1]
			e.addPlace(p)
			if !isRegion(p) {
				v.guess("“%s” taken as the place", p)
			}
			rest = rest[:len(rest)-1]
		}
	case len(m.ambiguous) > 0 && len(m.codes) == 0 && len(m.rest) == 0:
		e.takeAmbiguous(m, v)
	case isRegion(last):
		e.addPlace(last)
	case acronymStrict(last):
		e.Acronym = last // "Name, ACRONYM"
	case orgWordy(last):
		return strings.Join(parts, ", ")
	case placeLike(last):
		e.addPlace(last)
		v.guess("“%s” is not a state: taken as the place", last)
	default:
		v.guess("kept “%s” in the name", last)
		return strings.Join(parts, ", ")
	}
	return strings.Join(rest, ", ")
}

// takeParens reads the parenthesised parts at the end of name, and a
// country after them ("(LDS) Swaziland"); it returns what is left.
func (e *Entry) takeParens(name string, v *verdict) string {
	var groups []string
	for {
		name = strings.TrimSpace(name)
		if strings.HasSuffix(name, ")") {
			open := matchingOpen(name)
			if open < 0 {
				break
			}
			groups = append([]string{name[open+1 : len(name)-1]}, groups...)
			name = name[:open]
			continue
		}
		if len(groups) > 0 || len(e.Countries) > 0 {
			break
		}
		i := strings.LastIndex(name, ")")
		if i < 0 {
			break
		}
		tail := strings.TrimLeft(name[i+1:], " -–—,:")
		if tail == "" || strings.ContainsAny(tail, "()") {
			break
		}
		m := matchCountries(tail)
		if !m.all() {
			break
		}
		e.addCountries(m)
		v.guess("“%s” after the parentheses taken as the country", tail)
		name = name[:i+1]
	}
	for _, g := range groups {
		if kept := e.takeGroup(strings.TrimSpace(g), v); kept != "" {
			name += " (" + kept + ")"
		}
	}
	return name
}

// matchingOpen returns the index of the "(" that the final ")" of s
// closes, or -1.
func matchingOpen(s string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// takeGroup reads one parenthesised part as countries, an acronym or a
// place; it returns the part when it is none of these, to be kept in the
// name.
func (e *Entry) takeGroup(g string, v *verdict) string {
	if g == "" {
		return ""
	}
	m := matchCountries(g)
	switch {
	case m.all():
		e.addCountries(m)
	case len(m.codes) > 0 && m.restArePlaces():
		e.addCountries(m)
		e.takeUnresolved(m, v)
	case len(m.ambiguous) > 0 && len(m.codes) == 0 && len(m.rest) == 0:
		e.takeAmbiguous(m, v)
	case acronymLike(g):
		if e.Acronym == "" {
			e.Acronym = g
		} else {
			v.doubt("also “%s”, which looks like an acronym", g)
		}
	case isRegion(g):
		e.addPlace(g)
	case placeLike(g):
		e.addPlace(g)
		v.guess("“%s” is not a state: taken as the place", g)
	default:
		v.guess("kept “(%s)” in the name", g)
		return g
	}
	return ""
}

// takeUnresolved makes the parts of a country list that are not states
// the place ("New York and Uganda").
func (e *Entry) takeUnresolved(m countryMatch, v *verdict) {
	for _, r := range m.rest {
		e.addPlace(r)
		if !isRegion(r) {
			v.guess("“%s” is not a state: taken as the place", r)
		}
	}
}

// takeAmbiguous keeps names that fit several states ("Korea") as the
// place, and doubts the entry.
func (e *Entry) takeAmbiguous(m countryMatch, v *verdict) {
	for _, a := range m.ambiguous {
		_, note := resolveState(a)
		v.doubt("%s: no country set", note)
		e.addPlace(a)
	}
}

var dashSeps = []string{" - ", " – ", " — ", " -- ", " ‐ ", " ‑ "}

// takeDashAcronym reads "Name - ACRONYM", "ACRONYM - Name" and
// "Name-ACRONYM"; it returns what is left of the name.
func (e *Entry) takeDashAcronym(name string) string {
	idx, sepLen := -1, 0
	for _, sep := range dashSeps {
		if i := strings.LastIndex(name, sep); i > idx {
			idx, sepLen = i, len(sep)
		}
	}
	if idx >= 0 {
		before, after := strings.TrimSpace(name[:idx]), strings.TrimSpace(name[idx+sepLen:])
		switch {
		case before != "" && acronymStrict(after) && !isState(after):
			e.Acronym = after
			return before
		case acronymLike(before) && !isState(before) && len(strings.Fields(after)) >= 2 && hasLower(after):
			e.Acronym = before
			return after
		}
		return name
	}
	words := strings.Fields(name)
	if len(words) == 0 {
		return name
	}
	last := words[len(words)-1]
	k := strings.LastIndexAny(last, "-–")
	if k <= 0 {
		return name
	}
	_, dashLen := utf8.DecodeRuneInString(last[k:])
	pre, post := last[:k], last[k+dashLen:]
	if acronymStrict(post) && hasLower(pre) && !isState(post) {
		e.Acronym = post
		words[len(words)-1] = pre
		return strings.Join(words, " ")
	}
	return name
}

func hasLower(s string) bool { return strings.IndexFunc(s, unicode.IsLower) >= 0 }

func (e *Entry) addCountries(m countryMatch) {
	for i, c := range m.codes {
		dup := false
		for _, old := range e.Countries {
			dup = dup || old == c
		}
		if !dup {
			e.Countries = append(e.Countries, c)
			e.CountryLabels = append(e.CountryLabels, m.labels[i])
		}
	}
}

func (e *Entry) addPlace(p string) {
	p = strings.TrimSpace(p)
	switch {
	case p == "":
	case e.Place == "":
		e.Place = p
	default:
		e.Place += ", " + p
	}
}

// trimEntry drops the spaces and separators around an entry, and a final
// full stop that does not end an abbreviation ("Inc.", "e.V.").
func trimEntry(s string) string {
	for {
		t := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ",;:·•"))
		if strings.HasSuffix(t, ".") && !endsWithAbbreviation(t) {
			t = strings.TrimSuffix(t, ".")
		}
		if t == s {
			return s
		}
		s = t
	}
}

var abbreviations = map[string]bool{
	"inc.": true, "ltd.": true, "co.": true, "corp.": true, "bros.": true, "assn.": true,
	"no.": true, "st.": true, "jr.": true, "sr.": true, "dr.": true, "int.": true, "intl.": true,
}

func endsWithAbbreviation(s string) bool {
	last := s
	if i := strings.LastIndexAny(s, " "); i >= 0 {
		last = s[i+1:]
	}
	return abbreviations[strings.ToLower(last)] || strings.Count(last, ".") >= 2
}

var articleRE = regexp.MustCompile(`^(?i:(?:and|as well as|&|the)\s+)+`)

// stripArticle drops the "and the" that a run puts before a name.
func stripArticle(s string) string { return strings.TrimSpace(articleRE.ReplaceAllString(s, "")) }

// splitTop splits s at sep outside parentheses and brackets, trimming the
// parts.
func splitTop(s string, sep rune) []string {
	var parts []string
	depth, start := 0, 0
	for i, r := range s {
		switch {
		case r == '(' || r == '[':
			depth++
		case (r == ')' || r == ']') && depth > 0:
			depth--
		case r == sep && depth == 0:
			parts = append(parts, strings.TrimSpace(s[start:i]))
			start = i + utf8.RuneLen(r)
		}
	}
	return append(parts, strings.TrimSpace(s[start:]))
}

// acronymLike reports a parenthesised acronym: one word, 2 to 12
// characters, mostly capitals (ADECOP, FORUM-ASIA, ICRtoP, R2P).
func acronymLike(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 12 {
		return false
	}
	upper, lower := 0, 0
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		case unicode.IsDigit(r):
		case i > 0 && strings.ContainsRune("&-.'’+/", r):
		default:
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	return (unicode.IsUpper(first) || unicode.IsDigit(first)) && upper >= 2 && upper > lower
}

// acronymStrict reports an acronym after a dash: capitals and digits only
// (and "&", inner "-" or "."), 2 to 10 characters.
func acronymStrict(s string) bool {
	n := utf8.RuneCountInString(s)
	if n < 2 || n > 10 {
		return false
	}
	upper := 0
	for i, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsDigit(r):
		case r == '&':
		case i > 0 && i < len(s)-1 && (r == '-' || r == '.'):
		default:
			return false
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(first) && upper >= 2
}

// orgWords are words that make a part of an entry an organization's name
// rather than a place.
var orgWords = map[string]bool{
	"university": true, "universidad": true, "université": true, "universidade": true,
	"institute": true, "institut": true, "instituto": true, "istituto": true,
	"centre": true, "center": true, "centro": true, "academy": true, "académie": true, "academia": true,
	"foundation": true, "fondation": true, "fundación": true, "fundação": true, "stiftung": true,
	"association": true, "asociación": true, "associação": true, "associazione": true, "associations": true,
	"council": true, "conseil": true, "consejo": true, "network": true, "réseau": true, "red": true, "rede": true,
	"committee": true, "comité": true, "comite": true, "society": true, "société": true, "sociedad": true,
	"union": true, "federation": true, "fédération": true, "federación": true,
	"coalition": true, "coalición": true, "forum": true, "foro": true,
	"movement": true, "mouvement": true, "movimiento": true, "group": true, "groupe": true, "grupo": true,
	"alliance": true, "alianza": true, "trust": true, "fund": true, "fonds": true, "fondo": true,
	"programme": true, "program": true, "project": true, "projet": true, "proyecto": true,
	"campaign": true, "campagne": true, "campaña": true,
	"organization": true, "organisation": true, "organización": true, "organizations": true, "organisations": true,
	"league": true, "ligue": true, "liga": true, "office": true, "bureau": true, "agency": true, "agence": true,
	"commission": true, "comisión": true, "initiative": true, "initiatives": true, "iniciativa": true,
	"college": true, "school": true, "école": true, "escuela": true, "church": true, "église": true, "iglesia": true,
	"ministry": true, "department": true, "service": true, "services": true, "international": true,
	"ngo": true, "club": true, "chamber": true, "partnership": true, "platform": true, "plateforme": true,
	"plataforma": true, "observatory": true, "observatoire": true, "observatorio": true,
	"collective": true, "collectif": true, "colectivo": true, "cooperative": true, "coordination": true,
	"coordinadora": true, "secretariat": true, "clinic": true, "hospital": true, "press": true,
	"media": true, "radio": true, "news": true, "action": true, "aid": true, "relief": true,
	"rights": true, "justice": true, "peace": true, "law": true, "lawyers": true, "women": true,
	"youth": true, "watch": true, "studies": true, "research": true, "solidarity": true, "parliamentarians": true,
	"inc": true, "ltd": true, "llc": true, "ev": true, "asbl": true, "gmbh": true, "ngos": true,
	"federalists": true, "friends": true, "amnesty": true, "oxfam": true, "caritas": true,
}

// orgWordy reports whether s holds a word that names an organization.
func orgWordy(s string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && r != '.'
	}) {
		if orgWords[strings.ReplaceAll(w, ".", "")] {
			return true
		}
	}
	return false
}

// placeWords are lowercase words that place names contain.
var placeWords = map[string]bool{"es": true, "au": true, "sur": true, "am": true, "upon": true, "im": true}

// placeLike reports a short run of capitalised words that may name a city,
// a region or a territory: "New York", "Dar es Salaam", "The Hague".
func placeLike(s string) bool {
	words := strings.Fields(s)
	if len(words) == 0 || len(words) > 6 || utf8.RuneCountInString(s) > 40 ||
		strings.ContainsAny(s, "0123456789@()[]:;") {
		return false
	}
	caps := 0
	for _, w := range words {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) })
		lw := strings.ToLower(w)
		switch {
		case w == "":
		case functionWords[lw] || placeWords[lw]:
		case !startsUpperOrDigit(w):
			return false
		default:
			caps++
		}
	}
	return caps >= 1 && caps <= 4 && !orgWordy(s)
}

// countryMatch is what matchCountries found in a list of countries.
type countryMatch struct {
	codes, labels []string // the states and their names as written
	rest          []string // the parts that are not states
	ambiguous     []string // the parts that fit several states ("Congo")
}

// all reports a list made only of states.
func (m countryMatch) all() bool {
	return len(m.codes) > 0 && len(m.rest) == 0 && len(m.ambiguous) == 0
}

// restArePlaces reports whether the parts that are not states may be
// places ("New York and Uganda").
func (m countryMatch) restArePlaces() bool {
	if len(m.ambiguous) > 0 {
		return false
	}
	for _, r := range m.rest {
		if !placeLike(r) && !isRegion(r) {
			return false
		}
	}
	return true
}

var countrySepRE = regexp.MustCompile(`\s*(?:[,;/&+]|\band\b|\bet\b|\by\b|\bund\b)\s*`)

// maxCountryPieces is the most separated pieces one state name spans
// ("Saint Vincent and the Grenadines" is two).
const maxCountryPieces = 3

// matchCountries reads s as a list of states: "Uganda and USA",
// "Trinidad and Tobago", "Nairobi, Kenya".
func matchCountries(s string) countryMatch {
	var m countryMatch
	s = strings.TrimSpace(s)
	if !hasLetter(s) {
		return m
	}
	switch code, amb := resolveState(s); {
	case code != "":
		m.codes, m.labels = []string{code}, []string{s}
		return m
	case amb != "":
		m.ambiguous = []string{s}
		return m
	}
	seps := countrySepRE.FindAllStringIndex(s, -1)
	type piece struct{ start, end int }
	var pieces []piece
	start := 0
	for _, sep := range seps {
		pieces = append(pieces, piece{start, sep[0]})
		start = sep[1]
	}
	pieces = append(pieces, piece{start, len(s)})
	for i := 0; i < len(pieces); {
		found := false
		for j := min(len(pieces), i+maxCountryPieces); j > i; j-- {
			if i == 0 && j == len(pieces) {
				continue // the whole was tried
			}
			label := s[pieces[i].start:pieces[j-1].end]
			if code, _ := resolveState(label); code != "" {
				m.codes, m.labels = append(m.codes, code), append(m.labels, label)
				i, found = j, true
				break
			}
		}
		if found {
			continue
		}
		p := strings.TrimSpace(s[pieces[i].start:pieces[i].end])
		if _, amb := resolveState(p); amb != "" {
			m.ambiguous = append(m.ambiguous, p)
		} else if p != "" {
			m.rest = append(m.rest, p)
		}
		i++
	}
	return m
}

// resolveState returns the code of the state name names, or a note when
// the name fits several states. Organizations (the EU) are not states.
func resolveState(name string) (code, ambiguous string) {
	if !hasLetter(name) || utf8.RuneCountInString(name) > 60 {
		return "", ""
	}
	st, err := states.Resolve(name)
	if err == nil {
		if st.Status == states.Organization {
			return "", ""
		}
		return st.Code, ""
	}
	var ae *states.AmbiguousError
	if errors.As(err, &ae) {
		codes := make([]string, len(ae.Candidates))
		for i, c := range ae.Candidates {
			codes[i] = c.Code
		}
		return "", fmt.Sprintf("“%s” could be %s", name, strings.Join(codes, " or "))
	}
	return "", ""
}

func isState(s string) bool {
	code, amb := resolveState(s)
	return code != "" || amb != ""
}
