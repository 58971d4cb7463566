package verbatim

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// heading is a speaker heading, such as "Mr. Valero Briceño (Bolivarian
// Republic of Venezuela) (spoke in Spanish):".
type heading struct {
	speaker, affiliation, role, language string
	// office is true for "The President", "The Secretary-General" and
	// the like; presiding is true for the offices that run the meeting.
	office, presiding bool
}

const (
	// office is a heading that names an office rather than a person.
	officeRE = `The (?:(?:Acting|Temporary|Deputy) )?(?:President|PRESIDENT|Chair|CHAIR|Chairman|CHAIRMAN|Chairperson|Co-Chair|Vice-President|Secretary-General|SECRETARY-GENERAL)`
	// title is what a person's heading starts with.
	titleRE = `(?:Mr|Mrs|Ms|Miss|Mme|Dr|Msgr)\.|(?:Sir|Dame|Lord|Lady|Baroness|Baron|Archbishop|Monsignor|Cardinal|Bishop|Father|Sister|Prince|Princess|Crown Prince|Sheikh|Sheikha|Emir|King|Queen|Judge|Professor|President|Prime Minister|Vice-President|Ambassador)`
	// nameWord is a word of a name: capitalized (Ja’afari, Al-Kidwa,
	// O’Neill, J.) or a particle (al, de, van, bin).
	nameWordRE = `(?:\p{Lu}[\p{L}\p{M}’'.\-]*|(?:al|el|bin|ben|de|da|das|del|della|di|do|dos|du|la|le|van|von|der|den|y|e|ibn|af|zu|ter|ten)(?:-\p{Lu}[\p{L}\p{M}’'\-]*)?)`
	// parens are parenthesized groups, one level of nesting allowed:
	// "(Bolivia (Plurinational State of))".
	parensRE = `(?:\s*\((?:[^()]|\([^()]*\))*\))`
)

var (
	// headingPattern matches a heading with its colon; the groups are the
	// speaker, the parentheses after the name, the role and the
	// parentheses after the role.
	headingPattern = regexp.MustCompile(`^(` + officeRE + `|(?:` + titleRE + `)(?: ` + nameWordRE + `){1,6})(` + parensRE + `*)(?:,\s*(\p{Lu}[^:().]{2,120}?)(` + parensRE + `*))?\s*:\s*`)
	// oldHeadingPattern matches the older heading without a colon, the
	// surname in capitals and the speech starting on the next line:
	// "Mr. TROYANOVSKY (Union of Soviet Socialist Republics)".
	oldHeadingPattern = regexp.MustCompile(`^((?:Mr|Mrs|Ms|Miss|Sir|Dame)\.? (?:` + nameWordRE + ` )*\p{Lu}[\p{Lu}’'\-]+)(` + parensRE + `+)$`)
	groupPattern      = regexp.MustCompile(`\((?:[^()]|\([^()]*\))*\)`)
	languagePattern   = regexp.MustCompile(`(?i)^(?:spoke in|interpretation from|interpreted from|spoke in the) (\p{L}+)(?: language)?$`)
	presidingPattern  = regexp.MustCompile(`(?i)^The (?:(?:Acting|Temporary) )?(?:President|Chair|Chairman|Chairperson|Co-Chair|Vice-President)$`)
	notAName          = regexp.MustCompile(`^(?:Mr|Mrs|Ms|Madam)\.? (?:President|Secretary-General|Chair|Chairman|Chairperson)$`)
)

// A heading is wrapped over at most maxHeadingLines lines and is at most
// maxHeadingBytes long; longer lines are cut before matching, which keeps
// the patterns fast on any input.
const (
	maxHeadingLines = 3
	maxHeadingBytes = 400
)

// headingAt tells whether a speaker heading starts at lines[i]. It
// returns the heading, the index of the line it ends on and the rest of
// that line, where the speech starts.
func headingAt(lines []line, i int) (h heading, last int, rest string, ok bool) {
	if !startsLikeHeading(lines[i].text) {
		return heading{}, i, "", false
	}
	window, starts := lines[i].text, []int{0}
	for j := i + 1; j < len(lines) && j < i+maxHeadingLines && !lines[j].para; j++ {
		starts = append(starts, len(window)+1)
		window += " " + lines[j].text
	}
	if m := headingPattern.FindStringSubmatch(truncate(window, maxHeadingBytes)); m != nil {
		h, ok = newHeading(m[1], m[2]+" "+m[4], m[3])
		if ok {
			end := len(m[0])
			last = i
			for k, s := range starts {
				if s <= end {
					last = i + k
				}
			}
			if lineEnd := starts[last-i] + len(lines[last].text); end < lineEnd {
				rest = strings.TrimSpace(window[end:lineEnd])
			}
			return h, last, rest, true
		}
	}
	for k := len(starts) - 1; k >= 0; k-- { // the longest heading, with its language
		candidate := window[:starts[k]+len(lines[i+k].text)]
		if len(candidate) > maxHeadingBytes {
			continue
		}
		if m := oldHeadingPattern.FindStringSubmatch(candidate); m != nil {
			if h, ok := newHeading(m[1], m[2], ""); ok {
				return h, i + k, "", true
			}
		}
	}
	return heading{}, i, "", false
}

// truncate cuts s to at most n bytes, at a rune boundary.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// startsLikeHeading is a quick test before the patterns: a heading starts
// with a capital letter.
func startsLikeHeading(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// newHeading reads a heading's parts. It refuses a person's heading that
// is a form of address ("Mr. President:").
func newHeading(speaker, parens, role string) (heading, bool) {
	speaker = strings.Join(strings.Fields(speaker), " ")
	h := heading{speaker: speaker, role: strings.Join(strings.Fields(role), " "), language: "English"}
	if strings.HasPrefix(speaker, "The ") {
		h.office = true
		h.speaker = officeName(speaker)
		h.presiding = presidingPattern.MatchString(h.speaker)
	} else if notAName.MatchString(speaker) {
		return heading{}, false
	}
	for _, g := range groupPattern.FindAllString(parens, -1) {
		inner := strings.Join(strings.Fields(g[1:len(g)-1]), " ")
		if m := languagePattern.FindStringSubmatch(inner); m != nil {
			h.language = capitalize(m[1])
			continue
		}
		if h.affiliation == "" {
			h.affiliation = inner
		}
	}
	return h, true
}

// officeName writes an office in title case: "The PRESIDENT" becomes
// "The President".
func officeName(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		parts := strings.Split(w, "-")
		for j, p := range parts {
			parts[j] = capitalize(p)
		}
		words[i] = strings.Join(parts, "-")
	}
	return strings.Join(words, " ")
}

// capitalize writes a word with a capital and the rest in lower case.
func capitalize(w string) string {
	r, n := utf8.DecodeRuneInString(w)
	return string(unicode.ToUpper(r)) + strings.ToLower(w[n:])
}

// languageMarker matches a change of language within a turn, on its own
// line or wrapped over two: "(spoke in English)", "(interpretation from
// French)".
var languageMarker = regexp.MustCompile(`^\((?:spoke in|interpretation from) \p{L}+\)$`)
