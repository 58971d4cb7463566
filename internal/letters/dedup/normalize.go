package dedup

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/r2p-coalition/r2p/internal/fold"
)

// Normalize returns the form of an organization name that comparisons use.
// Two names that differ only in the following are the same after it:
//
//   - accents and compatibility forms: the name is decomposed (NFKD) and its
//     combining accents dropped, so "Réseau" is "reseau" and "ﬁ" is "fi";
//     letters that do not decompose are spelled out (fold.SpellOut):
//     ß ss, æ ae, œ oe, ø o, ł l, đ d, ð d, þ th, ı i, ħ h, ŧ t;
//   - case: everything is lower case;
//   - "&", which is "and" ("Peace & Justice" is "peace and justice");
//   - dotted abbreviations, closed up: "U.N.A." is "una", "e.V." is "ev";
//   - apostrophes: an elided article or preposition is a word of its own
//     ("L'Association" is "l association", "d'Action" is "d action"), any
//     other apostrophe disappears ("Women's" is "womens");
//   - punctuation and symbols, each a word break ("Oxfam-Australia" is
//     "oxfam australia"), and runs of white space, one space;
//   - a leading article, dropped while another word follows: the, la, le,
//     les, l, el, los, las, il, lo, gli, der, die, das ("The Carter
//     Center" is "carter center", "L'Observatoire" is "observatoire").
//
// Letters of every script are kept. Normalize is idempotent:
// Normalize(Normalize(s)) == Normalize(s).
func Normalize(name string) string {
	words := normalizedWords(name)
	for len(words) > 1 && leadingArticles[words[0]] {
		words = words[1:]
	}
	return strings.Join(words, " ")
}

// normalizedWords does everything Normalize does except dropping the
// leading article, and returns the words.
func normalizedWords(name string) []string {
	s := name
	if !isASCII(s) {
		s = norm.NFKD.String(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	// segment counts the letters since the last space or closed-up dot: a
	// dot after a one-letter segment followed by a letter is an
	// abbreviation's, and an apostrophe after a one-letter word elides.
	segment, word := 0, 0
	space := func() {
		b.WriteByte(' ')
		segment, word = 0, 0
	}
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteByte(byte(r))
			segment++
			word++
		case r >= 'A' && r <= 'Z':
			b.WriteByte(byte(r) + 'a' - 'A')
			segment++
			word++
		case r == '&':
			b.WriteString(" and ")
			segment, word = 0, 0
		case r == '.':
			if next, _ := utf8.DecodeRuneInString(s[i+1:]); segment == 1 && unicode.IsLetter(next) {
				segment = 0
			} else {
				space()
			}
		case isApostrophe(r):
			if word == 1 {
				space()
			}
		case r < utf8.RuneSelf:
			space()
		case unicode.Is(unicode.Mn, r):
			// A combining accent, after decomposition.
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
			if spelled, ok := fold.SpellOut(unicode.ToLower(r)); ok {
				b.WriteString(spelled)
			} else {
				b.WriteRune(unicode.ToLower(r))
			}
			segment++
			word++
		default:
			space()
		}
	}
	return strings.Fields(b.String())
}

func isApostrophe(r rune) bool {
	switch r {
	case '\'', '’', 'ʼ', '‘', '`', 'ʻ':
		return true
	}
	return false
}

// leadingArticles are the articles Normalize drops at the start of a name.
var leadingArticles = setOf("the", "la", "le", "les", "l", "el", "los", "las",
	"il", "lo", "gli", "der", "die", "das")

// stopWords carry no identity: they are skipped in the word-based
// similarity and when spelling initials, in English, French, Spanish,
// Portuguese and German, with the legal forms that organizations add or
// drop (e.V., Inc., asbl).
var stopWords = setOf(
	"a", "an", "the", "of", "for", "and", "or", "in", "on", "to", "at", "by", "with", "from",
	"de", "du", "des", "la", "le", "les", "l", "d", "pour", "et", "ou", "en", "au", "aux", "sur", "par",
	"el", "los", "las", "del", "por", "para", "y", "e", "con", "al",
	"da", "do", "das", "dos", "o", "os", "as", "em", "no", "na", "pela", "pelo",
	"und", "der", "die", "fur", "fuer", "von", "zu", "im",
	"inc", "ltd", "llc", "ev", "asbl", "gmbh", "plc",
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// contentWords returns the words of a normalized name that are not stop
// words, each once, in order.
func contentWords(normalized string) []string {
	var out []string
	for w := range strings.FieldsSeq(normalized) {
		if stopWords[w] || slices.Contains(out, w) {
			continue
		}
		out = append(out, w)
	}
	return out
}

// isAcronymName reports whether a name as written is an acronym only: one
// word of 2 to 12 letters, all capitals ("HRW", "HURINET", "U.N.A.").
func isAcronymName(name string) bool {
	name = strings.TrimSpace(name)
	letters := 0
	for _, r := range name {
		switch {
		case unicode.IsSpace(r):
			return false
		case unicode.IsLetter(r):
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2 && letters <= 12
}

// acronymKey is the form in which acronyms are compared: normalized, without
// spaces ("U.N.A." and "UNA" are "una", "WFM-IGP" is "wfmigp").
func acronymKey(s string) string {
	return strings.ReplaceAll(Normalize(s), " ", "")
}

// initials returns the acronyms a name most often gives: the first letters
// of its content words, and of all its words. Names of fewer than two
// words give none.
func initials(normalized string) []string {
	words := strings.Fields(normalized)
	if len(words) < 2 {
		return nil
	}
	var content, all []rune
	for _, w := range words {
		r := []rune(w)[0]
		all = append(all, r)
		if !stopWords[w] {
			content = append(content, r)
		}
	}
	var out []string
	if len(content) >= 2 {
		out = append(out, string(content))
	}
	if len(all) != len(content) {
		out = append(out, string(all))
	}
	return out
}

// spellsAcronym reports whether acronym (a key) can be read off name (a
// normalized name) the way organizations build acronyms: each content
// word gives the first one to four of its letters, in order; a stop word
// gives its first letters or nothing. "cuppadl" is read off "citizens
// united to promote peace and democracy in liberia", "hurinet" off
// "human rights network"; "femnet" is not read off "reseau de
// developpement et de communications de la femme africaine".
func spellsAcronym(acronym, normalized string) bool {
	a := []rune(acronym)
	words := strings.Fields(normalized)
	if len(a) < 2 || len(words) < 2 || len(words) > 24 {
		return false
	}
	w := make([][]rune, len(words))
	for i, s := range words {
		w[i] = []rune(s)
	}
	failed := make(map[[2]int]bool) // (letters used, words used) that cannot finish
	var from func(i, j int) bool
	from = func(i, j int) bool {
		if j == len(w) {
			return i == len(a)
		}
		if failed[[2]int{i, j}] {
			return false
		}
		if stopWords[words[j]] && from(i, j+1) {
			return true
		}
		for k := 1; k <= 4 && k <= len(w[j]) && i+k <= len(a); k++ {
			if a[i+k-1] != w[j][k-1] {
				break
			}
			if from(i+k, j+1) {
				return true
			}
		}
		failed[[2]int{i, j}] = true
		return false
	}
	return from(0, 0)
}
