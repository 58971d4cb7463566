// Package namekey turns a state name as people write it into the key that
// package states compares: "Côte d’Ivoire", "COTE D'IVOIRE" and
// "cote d ivoire" all give "cote d ivoire". The generator and the parser
// share it, so a key written into the data file is the key looked up.
package namekey

import (
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// Key returns the comparison key of name:
//   - letters are lower-cased and stripped of accents (ß, æ, œ, ø, ł, đ and ı
//     are spelled out, since they do not decompose);
//   - dots are dropped, so "U.S.A." equals "USA";
//   - "&" reads as "and";
//   - every other character that is not a letter or a digit (apostrophes of
//     any kind, hyphens and dashes, commas, brackets) separates words;
//   - runs of spaces collapse, leading "the"s are dropped (unless "the" is
//     all there is) and the word "st" reads as "saint".
//
// Key returns "" when name has no letter or digit.
func Key(name string) string {
	folded := foldAccents(strings.ToLower(name))
	var b strings.Builder
	for _, r := range folded {
		switch {
		case r == '.':
			// Dropped rather than spaced, so that abbreviations join up.
		case r == '&':
			b.WriteString(" and ")
		case unicode.Is(unicode.Lm, r):
			b.WriteByte(' ') // modifier letters such as ʼ act as apostrophes
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if s, ok := spelledOut[r]; ok {
				b.WriteString(s)
			} else {
				b.WriteRune(r)
			}
		default:
			b.WriteByte(' ')
		}
	}
	return joinWords(strings.Fields(b.String()))
}

// spelledOut holds letters that Unicode does not decompose into a base
// letter and a combining mark.
var spelledOut = map[rune]string{
	'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ł': "l", 'đ': "d", 'ı': "i", 'ð': "d", 'þ': "th",
}

// foldAccents removes combining marks after canonical decomposition.
// A new transformer is built for each call because transform chains keep
// state and are not safe for concurrent use.
func foldAccents(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(t, s)
	if err != nil {
		return s
	}
	return out
}

func joinWords(words []string) string {
	for len(words) > 1 && words[0] == "the" {
		words = words[1:]
	}
	for i, w := range words {
		if w == "st" {
			words[i] = "saint"
		}
	}
	return strings.Join(words, " ")
}
