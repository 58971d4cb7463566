// Package fold turns text as people write it into keys that compare equal
// regardless of accents, case and — where a function says so —
// punctuation: "Côte d’Ivoire" and "COTE D'IVOIRE" fold alike.
//
// Callers fold differently on purpose: the coder folds words it has already
// cut out of a text, table headers and region names are read as words
// whatever punctuation stands between them, and searches keep punctuation
// for the caller to handle. Each way is a function of its own; a key is
// only comparable with keys folded by the same function. Folding a key of
// valid UTF-8 again gives the same key; after an invalid byte,
// normalization may leave the next character whole.
package fold

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// String lower-cases s and removes its accents (combining marks after
// canonical decomposition), recomposing what is left: "Côte d’Ivoire" is
// "cote d’ivoire". Punctuation and spacing are kept, and letters that do not
// decompose (ß, œ) stay as they are. Package organization folds names and
// search queries with it, and the states name key starts from it, each then
// handling punctuation in its own way.
func String(s string) string {
	// A chain keeps state and is not safe for concurrent use: one per call.
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

// Word lowers a word and removes its accents, so that "Réaffirmons" matches
// "reaffirmons" and "Protección" matches "proteccion"; the ligatures œ and æ
// become oe and ae. The coder (package codebook) folds every word of a
// text and of its patterns with it, so it takes the text's bytes and makes
// one string: the result is in decomposed form, less its combining marks.
func Word(word []byte) string {
	if isASCII(word) {
		return lowerASCII(word)
	}
	var b strings.Builder
	b.Grow(len(word))
	for _, r := range norm.NFD.String(string(word)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
		case r == 'æ' || r == 'Æ':
			b.WriteString("ae")
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lowerASCII is Word for ASCII, which has no accents to remove: one
// allocation.
func lowerASCII(word []byte) string {
	var b strings.Builder
	b.Grow(len(word))
	for _, c := range word {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b.WriteByte(c)
	}
	return b.String()
}

// Words returns the words of s — its runs of letters and digits — lower-cased
// and without accents, one space apart: any other character separates words.
// "Nom de l’organisation" is "nom de l organisation" and "E-mail" is
// "e mail". Like Word's, the result is decomposed, less its combining marks.
// Package orglist reads the titles of a table's header with it.
func Words(s string) string {
	return words(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) })
}

// LetterWords is Words with digits separating words too: "Asia-Pacific 2030"
// is "asia pacific". Package orglist folds region names with it: no region's
// name has a digit, and one beside a region's name does not hide it.
func LetterWords(s string) string { return words(s, unicode.IsLetter) }

// words folds s, keeping the runes that keep reports true and putting one
// space for each run of the others.
func words(s string, keep func(rune) bool) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(s)) {
		switch {
		case unicode.Is(unicode.Mn, r):
		case keep(r):
			b.WriteRune(r)
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// SpellOut returns the spelling in plain letters of a lower-case letter that
// carries an accent or is a ligature but does not decompose, so removing
// combining marks leaves it as it is: ß ss, æ ae, œ oe, ø o, ł l, đ d, ð d,
// þ th, ı i, ħ h, ŧ t. ok is false for any other rune. The states name key
// and the duplicate finder (package dedup) spell these out alike.
func SpellOut(r rune) (spelled string, ok bool) {
	switch r {
	case 'ß':
		return "ss", true
	case 'æ':
		return "ae", true
	case 'œ':
		return "oe", true
	case 'ø':
		return "o", true
	case 'ł':
		return "l", true
	case 'đ', 'ð':
		return "d", true
	case 'þ':
		return "th", true
	case 'ı':
		return "i", true
	case 'ħ':
		return "h", true
	case 'ŧ':
		return "t", true
	}
	return "", false
}
