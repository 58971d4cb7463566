// Package namekey turns a state name as people write it into the key that
// package states compares: "Côte d’Ivoire", "COTE D'IVOIRE" and
// "cote d ivoire" all give "cote d ivoire". The generator and the parser
// share it, so a key written into the data file is the key looked up.
// Accents and case are package fold's; what is left here is how state
// names are written: dots, "&", "the" and "St.".
package namekey

import (
	"strings"
	"unicode"

	"github.com/r2p-coalition/r2p/internal/fold"
)

// Key returns the comparison key of name:
//   - letters are lower-cased and stripped of accents (fold.String), and
//     those that do not decompose are spelled out (fold.SpellOut);
//   - dots are dropped, so "U.S.A." equals "USA";
//   - "&" reads as "and";
//   - every other character that is not a letter or a digit (apostrophes of
//     any kind, hyphens and dashes, commas, brackets) separates words;
//   - runs of spaces collapse, leading "the"s are dropped (unless "the" is
//     all there is) and the word "st" reads as "saint".
//
// Key returns "" when name has no letter or digit.
func Key(name string) string {
	folded := fold.String(name)
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
			if s, ok := fold.SpellOut(r); ok {
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
