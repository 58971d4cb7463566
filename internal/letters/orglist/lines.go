package orglist

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// lineKind says what a line of the text is.
type lineKind int

const (
	kindBlank     lineKind = iota
	kindCandidate          // one or more entries
	kindMarker             // closes a letter or announces a list: the list may follow
	kindHeading            // another heading ("Press release:"): cuts the text
	kindNoise              // a date, URL, phone number ...: skipped
	kindAddress            // a postal address: name-like lines next to it are a letterhead
	kindProse              // a sentence: cuts the text
)

// line is one line of the text and what it was found to be.
type line struct {
	no       int    // 1-based line number
	text     string // cleaned: trimmed, spaces collapsed
	kind     lineKind
	items    []item // the entries, for kindCandidate
	soft     bool   // a short sentence: an entry only between other entries
	joined   bool   // the next line was joined to this one
	absorbed bool   // this line was joined to the one before
}

// item is one entry found on a line, before it is parsed.
type item struct {
	text     string
	run      bool     // one of several parts of a line
	commaRun bool     // split from a comma run: a guess
	andSplit bool     // split at "and": a guess
	cells    []string // the cells of a table row; text is then ""
	cols     *columns // the table header in force, if any
}

// cleanLine trims a line (spaces of every kind, zero-width characters and
// byte-order marks included) and collapses inner spaces.
func cleanLine(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
			return -1
		case '\t':
			return '\t'
		}
		if unicode.IsSpace(r) {
			return ' '
		}
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s)
	if strings.Contains(s, "\t") {
		cells := strings.Split(s, "\t")
		for i, c := range cells {
			cells[i] = collapseSpaces(c)
		}
		for len(cells) > 0 && cells[len(cells)-1] == "" {
			cells = cells[:len(cells)-1]
		}
		return strings.Join(cells, "\t")
	}
	return collapseSpaces(s)
}

func collapseSpaces(s string) string { return strings.Join(strings.Fields(s), " ") }

// connectors are words a name does not end with: a line ending in one
// continues on the next.
var connectors = map[string]bool{
	"of": true, "for": true, "the": true, "and": true, "on": true, "in": true, "to": true, "&": true,
	"de": true, "la": true, "le": true, "du": true, "des": true, "pour": true, "et": true,
	"del": true, "los": true, "las": true, "el": true, "para": true, "y": true, "por": true,
}

// joinContinuations joins lines that a layout broke: one ending in a
// connecting word or a hyphen, or one followed by a line that is only
// parenthesised parts ("(FEMNET) (Mali)"). The lines joined to another
// are left empty and marked absorbed.
func joinContinuations(ls []*line) {
	for i, cur := range ls {
		for j := i + 1; j < len(ls); j++ {
			joined, ok := joinLines(cur.text, ls[j].text)
			if !ok {
				break
			}
			cur.text, cur.joined = joined, true
			ls[j].text, ls[j].absorbed = "", true
		}
	}
}

// maxJoined is the longest line that another is joined to: longer, it is
// not a name.
const maxJoined = 300

// joinLines joins next to cur when cur does not end a name.
func joinLines(cur, next string) (string, bool) {
	if cur == "" || next == "" || len(cur) > maxJoined || strings.Contains(cur, "\t") || strings.Contains(next, "\t") {
		return "", false
	}
	words := strings.Fields(cur)
	last := words[len(words)-1] // "Generation Y" does not continue
	if strings.HasSuffix(cur, ",") || strings.HasSuffix(cur, ";") || strings.HasSuffix(cur,
		":") || strings.HasSuffix(cur, ".") {
		return "", false
	}
	switch {
	case len(words) > 1 && strings.HasSuffix(cur, "-") && !strings.HasSuffix(cur, " -") && startsLower(next):
		return strings.TrimSuffix(cur, "-") + next, true
	case len(words) > 1 && connectors[last] && len(strings.Fields(next)) < 15 && !onlyParens(cur):
		return cur + " " + next, true
	case onlyParens(next) && !onlyParens(cur):
		return cur + " " + next, true
	}
	return "", false
}

var onlyParensRE = regexp.MustCompile(`^(\([^()]*\)\s*)+$`)

func onlyParens(s string) bool { return onlyParensRE.MatchString(s) }

func startsLower(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLower(r)
}

func startsUpperOrDigit(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r) || unicode.Is(unicode.Lo, r)
}

func hasLetter(s string) bool { return strings.IndexFunc(s, unicode.IsLetter) >= 0 }

// classify decides what l is and, for candidates, splits it into items.
// cols is the table header in force; classify returns the one for the
// next line.
func classify(l *line, cols *columns) *columns {
	switch {
	case l.absorbed:
		l.kind = kindNoise
		return cols
	case l.text == "":
		l.kind = kindBlank
		return cols
	}
	if strings.Contains(l.text, "\t") {
		cells := strings.Split(l.text, "\t")
		if len(cells) > maxCells {
			cells = cells[:maxCells]
		}
		if h := readHeader(cells); h != nil {
			l.kind = kindMarker
			return h
		}
		if nonEmpty(cells) > 1 {
			l.kind = kindCandidate
			l.items = []item{{cells: cells, cols: cols}}
			return cols
		}
		l.text = collapseSpaces(strings.ReplaceAll(l.text, "\t", " "))
	}
	body := stripBullet(stripEmphasis(dropLinks(l.text)))
	switch {
	case body == "":
		l.kind = kindNoise
	case isClosing(body):
		l.kind = kindMarker
	case isNoise(body):
		l.kind = kindNoise
	case isAddress(body):
		l.kind = kindAddress
	default:
		if items := introRun(body); items != nil {
			l.kind, l.items = kindCandidate, items
		} else if endsIntro(body) {
			l.kind = kindHeading
			if listy(body) {
				l.kind = kindMarker
			}
		} else if items := splitRun(body); items != nil {
			l.kind, l.items = kindCandidate, items
		} else if isProse(body) {
			l.kind = kindProse
			if softProse(body) {
				l.kind, l.items, l.soft = kindCandidate, []item{{text: body}}, true
			}
		} else {
			l.kind, l.items = kindCandidate, []item{{text: body}}
		}
	}
	return cols
}

// maxCells is the most cells of a table row that are read.
const maxCells = 64

func nonEmpty(cells []string) int {
	n := 0
	for _, c := range cells {
		if c != "" {
			n++
		}
	}
	return n
}

var (
	bulletRE   = regexp.MustCompile(`^(?:[•·▪■□◦●○►▶➢➤✓✔→*+>–—-]+\s+|\(?\d{1,4}[.):]\)?\s+|#\d{1,4}\s+|\(?[a-z][.)]\s+|\(?[A-Z]\)\s+|\(?(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)[.)]\s+)`)
	emphasisRE = regexp.MustCompile(`^[*_]{2,}\s*|\s*[*_]{2,}$`)
)

// stripBullet drops list bullets and numbering.
func stripBullet(s string) string {
	for i := 0; i < 2; i++ {
		t := bulletRE.ReplaceAllString(s, "")
		if t == s {
			break
		}
		s = strings.TrimSpace(t)
	}
	return s
}

func stripEmphasis(s string) string {
	if !strings.Contains(s, "**") && !strings.Contains(s, "__") {
		return s
	}
	return strings.TrimSpace(emphasisRE.ReplaceAllString(s, ""))
}

// normalizeMarker lowercases s and drops the punctuation around it.
func normalizeMarker(s string) string {
	s = strings.ToLower(strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsPunct(r) || unicode.IsSpace(r)
	}))
	return collapseSpaces(s)
}

// closings are lines that close a letter or head its list of signatories.
var closings = map[string]bool{
	"sincerely": true, "yours sincerely": true, "sincerely yours": true, "yours faithfully": true,
	"faithfully": true, "yours truly": true, "truly yours": true, "very truly yours": true,
	"respectfully": true, "respectfully yours": true, "yours respectfully": true,
	"respectfully submitted": true, "regards": true, "best regards": true, "kind regards": true,
	"warm regards": true, "with regards": true, "with best regards": true, "with kind regards": true,
	"best wishes": true, "in solidarity": true, "with respect": true, "thank you": true, "thanks": true,
	"signed": true, "signed by": true, "signatories": true, "the signatories": true,
	"signatory organizations": true, "signatory organisations": true, "list of signatories": true,
	"signatures": true, "endorsed by": true, "endorsements": true, "endorsing organizations": true,
	"endorsing organisations": true, "supported by": true, "supporting organizations": true,
	"supporting organisations": true, "co-signed by": true, "cosigned by": true,
	"co-signatories": true, "the undersigned": true, "undersigned": true,
	"undersigned organizations": true, "undersigned organisations": true,
	"cordialement": true, "bien cordialement": true, "salutations": true,
	"sincères salutations": true, "signataires": true, "les signataires": true,
	"liste des signataires": true, "organisations signataires": true,
	"atentamente": true, "cordialmente": true, "saludos": true, "saludos cordiales": true,
	"firmantes": true, "organizaciones firmantes": true, "firman": true, "suscriben": true,
	"mit freundlichen grüßen": true, "unterzeichner": true, "unterzeichnende organisationen": true,
}

// signWords start a heading of signatories ("Signatories (as of 20 July)").
var signWords = map[string]bool{
	"signatories": true, "signataires": true, "firmantes": true, "endorsements": true,
	"signed": true, "endorsed": true, "co-signed": true, "signatory": true,
}

func isClosing(s string) bool {
	n := normalizeMarker(s)
	if closings[n] {
		return true
	}
	words := strings.Fields(n)
	return len(words) > 0 && len(words) <= 8 && signWords[strings.Trim(words[0], ",:;")]
}

// introVerbs end a line that introduces a list without a colon.
var introVerbs = map[string]bool{
	"are": true, "include": true, "includes": true, "including": true, "were": true,
	"comprise": true, "comprises": true, "follow": true, "follows": true, "by": true,
	"sont": true, "son": true,
}

// endsIntro reports whether s ends like the line before a list: with a
// colon, or with "are", "include" ...
func endsIntro(s string) bool {
	if strings.HasSuffix(s, ":") {
		return true
	}
	words := strings.Fields(strings.ToLower(s))
	return len(words) >= 3 && introVerbs[words[len(words)-1]]
}

// listyWords, found in a heading, say that a list of signatories follows.
var listyWords = []string{
	"signat", "signed", "sign-on", "sign on", "endors", "undersigned", "organi", "member",
	"following", "support", "partner", "list", "compris", "includ", "ngos", "firma", "suscri",
	"adhes", "adhés", "groups",
}

func listy(s string) bool {
	s = strings.ToLower(s)
	for _, w := range listyWords {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

var (
	urlRE        = regexp.MustCompile(`(?i)\bhttps?://|\bwww\.[a-z0-9-]+\.`)
	emailRE      = regexp.MustCompile(`\S+@\S+\.[A-Za-z]{2,}`)
	phoneRE      = regexp.MustCompile(`(?i)^(tel|tél|phone|telephone|téléphone|teléfono|fax|mobile|cell)\b`)
	pageRE       = regexp.MustCompile(`(?i)^(page|p\.)\s*\d+(\s*(of|/|de|sur)\s*\d+)?$`)
	salutationRE = regexp.MustCompile(`(?i)^(dear\b|to whom it may concern|your excellenc|excellenc|your majesty|mr\.? president|madam president|monsieur|madame|estimad|señor|distinguished|honou?rable)`)
	headerRE     = regexp.MustCompile(`(?i)^(to|cc|bcc|from|re|subject|date|objet|asunto|para|attn|attention|ref|our ref)\s*:`)
	dateWordRE   = regexp.MustCompile(`(?i)\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|monday|tuesday|wednesday|thursday|friday|saturday|sunday|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miércoles|jueves|viernes|sábado|domingo|de|of|the|le|el)\b|\b\d{1,4}(st|nd|rd|th|er|º)?\b|[,.:/-]`)
	numericDate  = regexp.MustCompile(`^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}$`)
	addressRE    = regexp.MustCompile(`(?i)^(c/o\b|p\.?\s?o\.?\s+box\b|b\.?\s?p\.?\s+\d|postfach\b|apartado\b|po box\b)|^\d+[a-z]?,?\s+.*\b(street|st\.|avenue|ave\.?|road|rd\.?|suite|floor|boulevard|blvd|lane|drive|square|strasse|straße|rue|calle|avenida|via|plaza)\b|\b[A-Z]{2}\s+\d{5}(-\d{4})?\b`)
)

// isNoise reports lines that are neither entries nor prose: dates, URLs,
// e-mail addresses, phone numbers, page numbers, salutations and letter
// headers.
func isNoise(s string) bool {
	switch {
	case !hasLetter(s),
		urlRE.MatchString(s), emailRE.MatchString(s), phoneRE.MatchString(s),
		pageRE.MatchString(s), salutationRE.MatchString(s), headerRE.MatchString(s),
		numericDate.MatchString(s):
		return true
	}
	digits, letters := 0, 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			digits++
		} else if unicode.IsLetter(r) {
			letters++
		}
	}
	if digits >= 7 && letters <= 4 {
		return true
	}
	// A date: nothing is left once its words are gone.
	return digits > 0 && len(strings.Fields(s)) <= 8 && strings.TrimSpace(dateWordRE.ReplaceAllString(s, "")) == ""
}

var (
	linkRE       = regexp.MustCompile(`(?i)\s*[(<]?\b(?:https?://|www\.)[^\s()<>]+[)>]?|\s*[(<]?[^\s()<>]+@[^\s()<>]+\.[a-z]{2,}[)>]?`)
	emptyParenRE = regexp.MustCompile(`\(\s*\)`)
)

// dropLinks removes web and e-mail addresses from a line that has other
// text ("Human Rights Watch (www.hrw.org)"); a line that is only
// addresses stays, to be skipped as noise.
func dropLinks(s string) string {
	if !strings.Contains(s, "@") && !strings.Contains(s, "www.") && !strings.Contains(s, "://") {
		return s
	}
	t := collapseSpaces(emptyParenRE.ReplaceAllString(linkRE.ReplaceAllString(s, ""), ""))
	if strings.HasSuffix(t, ":") { // "Contact: info@example.org"
		return s
	}
	t = strings.Trim(t, " ,;-–")
	if !hasLetter(t) || phoneRE.MatchString(t) {
		return s
	}
	return t
}

func isAddress(s string) bool {
	return strings.IndexFunc(s, unicode.IsDigit) >= 0 && addressRE.MatchString(s) ||
		strings.HasPrefix(strings.ToLower(s), "c/o")
}

// functionWords are lowercase words that names contain too; the other
// lowercase words tell a sentence from a name.
var functionWords = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "for": true, "and": true, "or": true, "to": true,
	"in": true, "on": true, "at": true, "by": true, "with": true, "from": true, "into": true,
	"against": true, "about": true, "between": true, "among": true, "without": true, "within": true,
	"de": true, "du": true, "des": true, "la": true, "le": true, "les": true, "et": true, "pour": true,
	"en": true, "au": true, "aux": true, "sur": true, "y": true, "e": true, "del": true, "el": true,
	"los": true, "las": true, "para": true, "por": true, "con": true, "da": true, "do": true,
	"dos": true, "das": true, "und": true, "für": true, "der": true, "die": true, "van": true,
	"von": true, "den": true, "het": true, "voor": true, "di": true, "per": true, "al": true,
	"contre": true, "contra": true, "sin": true, "sans": true,
}

// wordStats counts the words of s that have letters, and the lowercase
// ones among them that are not function words.
func wordStats(s string) (words, lower int) {
	for _, w := range strings.Fields(s) {
		w = strings.TrimFunc(w, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if !hasLetter(w) {
			continue
		}
		words++
		lw := strings.ToLower(w)
		if startsLower(w) && !functionWords[lw] && !strings.Contains(w, ".") &&
			!strings.HasPrefix(lw, "d'") && !strings.HasPrefix(lw, "l'") &&
			!strings.HasPrefix(lw, "d’") && !strings.HasPrefix(lw, "l’") {
			lower++
		}
	}
	return words, lower
}

var sentenceBreakRE = regexp.MustCompile(`\p{L}{4,}[.!?]["”’)]?\s+["“‘(]?\p{Lu}`)

// isProse reports whether s is a sentence rather than a name.
func isProse(s string) bool {
	words, lower := wordStats(s)
	end := strings.TrimRight(s, `"”’)]'`)
	sentenceEnd := strings.HasSuffix(end, ".") || strings.HasSuffix(end, "!") || strings.HasSuffix(end, "?")
	switch {
	case words >= 30:
		return true
	case sentenceEnd && lower >= 1 && lower*3 >= words:
		return true
	case lower >= 6 && lower*2 >= words:
		return true
	case lower >= 3 && sentenceBreakRE.MatchString(s):
		return true
	}
	return false
}

// softProse reports a sentence short enough to be a badly written entry
// when it stands between entries ("Several groups in North Kivu that
// asked not to be named").
func softProse(s string) bool {
	words, _ := wordStats(s)
	return words < 20 && !strings.HasSuffix(s, ":")
}

// proseLike reports a name that reads a little like a sentence.
func proseLike(s string) bool {
	words, lower := wordStats(s)
	return lower >= 3 && lower*4 >= words
}
