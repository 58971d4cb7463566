package publish

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// Sort puts entries in the order a person would file them, in lang's
// collation (golang.org/x/text/collate; language.Und is the Unicode root
// order):
//
//   - Case and accents are ignored: "Réseau" files under R, after
//     "Refugees International"; "Ärzte" under A; "Œuvre" as "Oeuvre".
//   - Word by word: a space comes before any letter, so "West Africa"
//     comes before "Western Sahara" and "Act for Peace" before "Action".
//   - Hyphens, dashes, slashes and other punctuation separate words like
//     a space ("Oxfam-Australia" before "Oxfam International");
//     apostrophes are ignored.
//   - Numbers by value: "Group of 8" before "Group of 77", "Forum 0"
//     before "Forum 1"; leading zeros count for nothing.
//   - A leading article ("The", "La", "El") counts like any other word,
//     as in the coalition's lists: names are filed as written, and an
//     article is often part of the name (La Strada, El Salvador).
//
// Entries whose names compare equal are ordered by their whole lines,
// filed the same way ("Peace Forum (Ghana)" before "Peace Forum - PF"),
// then by case and accents ("zeta" before "Zeta"), so the order never
// depends on the order of the input.
func Sort(entries []orglist.Entry, lang language.Tag) {
	keys := sortKeys(entries, lang)
	order := make([]int, len(entries))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return keys[a].compare(keys[b]) })
	sorted := make([]orglist.Entry, len(entries))
	for i, j := range order {
		sorted[i] = entries[j]
	}
	copy(entries, sorted)
}

// Sorted returns a sorted copy of entries and leaves entries as they are.
func Sorted(entries []orglist.Entry, lang language.Tag) []orglist.Entry {
	out := slices.Clone(entries)
	Sort(out, lang)
	return out
}

// sortKey holds an entry's collation keys, most significant first.
type sortKey struct {
	name, line, exact []byte
	text              string
}

func (k sortKey) compare(o sortKey) int {
	if c := bytes.Compare(k.name, o.name); c != 0 {
		return c
	}
	if c := bytes.Compare(k.line, o.line); c != 0 {
		return c
	}
	if c := bytes.Compare(k.exact, o.exact); c != 0 {
		return c
	}
	return strings.Compare(k.text, o.text)
}

func sortKeys(entries []orglist.Entry, lang language.Tag) []sortKey {
	loose := collate.New(lang, collate.IgnoreCase, collate.IgnoreDiacritics)
	exact := collate.New(lang)
	var buf collate.Buffer
	keys := make([]sortKey, len(entries))
	for i, e := range entries {
		line := Line(e, lang)
		keys[i] = sortKey{
			name:  slices.Clone(loose.KeyFromString(&buf, filingForm(clean(e.Name)))),
			line:  slices.Clone(loose.KeyFromString(&buf, filingForm(line))),
			exact: slices.Clone(exact.KeyFromString(&buf, line)),
			text:  line,
		}
		buf.Reset()
	}
	return keys
}

// filingForm is s as it is filed: letters, digits and marks, with
// apostrophes dropped and every other run of characters made one space,
// and numbers padded with zeros so that they sort by value. (The
// collate.Numeric option would do that, but it files a number made only of
// zeros after every other: golang/go#25554.)
func filingForm(s string) string {
	var b, number strings.Builder
	space := false
	for _, r := range s + " " {
		filed := unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r)
		if number.Len() > 0 && !unicode.IsDigit(r) {
			b.WriteString(padNumber(number.String()))
			number.Reset()
		}
		switch {
		case filed:
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			if unicode.IsDigit(r) {
				number.WriteRune(r)
			} else {
				b.WriteRune(r)
			}
		case r == '\'' || r == '’' || r == 'ʼ':
		default:
			space = true
		}
	}
	return b.String()
}

// numberWidth is the number of digits to which filingForm pads a number:
// numbers of up to 12 digits (no organization's name has a longer one) file
// by value.
const numberWidth = 12

// padNumber pads a run of decimal digits with zeros to numberWidth digits:
// "77" files as "000000000077". Leading zeros count for nothing, so "007"
// files with "7".
func padNumber(digits string) string {
	digits = strings.TrimLeft(digits, "0")
	if n := utf8.RuneCountInString(digits); n < numberWidth {
		return strings.Repeat("0", numberWidth-n) + digits
	}
	return digits
}
