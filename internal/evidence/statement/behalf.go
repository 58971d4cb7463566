package statement

import (
	"regexp"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states"
)

// behalfPattern finds "on behalf of the ..." and its French and Spanish
// forms ("au nom de", "en nombre de").
var behalfPattern = regexp.MustCompile(`(?i)\b(?:on behalf of|au nom d(?:es|e|u)|en nombre del?)\s+(?:the\s+|la\s+|l['’]\s*|los\s+|las\s+|du\s+|des\s+|el\s+)?`)

// openingBytes is how far into a text DetectOnBehalfOf looks: a joint
// statement says whom it speaks for in its first sentences.
const openingBytes = 600

// DetectOnBehalfOf returns the group of the states table that a
// statement's opening says it is made on behalf of ("I have the honour to
// speak on behalf of the European Union"), or "" when it names none.
func DetectOnBehalfOf(table *states.Table, text string) string {
	opening := text[:min(len(text), openingBytes)]
	for _, loc := range behalfPattern.FindAllStringIndex(opening, -1) {
		words := strings.FieldsFunc(opening[loc[1]:], func(r rune) bool {
			return r == ' ' || r == '\n' || r == '\t' || r == ',' || r == '.' || r == ';' || r == ':' || r == '('
		})
		words = words[:min(len(words), 8)]
		for n := len(words); n > 0; n-- {
			if g, ok := table.ResolveGroup(strings.Join(words[:n], " ")); ok && g != states.GroupUnitedNations {
				return g
			}
		}
	}
	return ""
}
