// Package publish writes what the coalition puts its name to: signatory
// lists, each entry rendered in the coalition's own format, sorted as a
// person would sort them, as plain text, Markdown, HTML, CSV, XLSX or PDF;
// and the PDF of a letter to a mission with its signatory annex
// (LetterPDF), drawn with the same fonts and layout. It serves every kind of
// list — the registry, a parsed list, a campaign's signatories — since all
// of them are slices of orglist.Entry.
//
// The format is the one of the coalition's open letters:
//
//	Action des jeunes pour le Développement Communautaire et la Paix - ADECOP (DR Congo)
//	International Refugee Rights Initiative (Uganda and USA)
//	Charter of Human Responsibilities (South Asia)
//	Human Rights Watch
//
// Every export sorts its copy of the list with Sort and writes the entries
// in that order.
package publish

import (
	"strings"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/unicode/norm"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/states"
)

// Options are the settings every export shares; the zero value is an
// untitled English list.
type Options struct {
	// Lang is the language of the list. It chooses the word that joins the
	// last two countries ("and", "et", "y"), the names of countries that an
	// entry gives without a label, and the collation. language.Und means
	// English.
	Lang language.Tag
	// Title heads the HTML document and the PDF, and is the XLSX document's
	// title; "" for none.
	Title string
	// Letter, when set, is printed by PDF before the list, one paragraph an
	// item; the list then starts on a new page as the signatory annex,
	// headed AnnexTitle.
	Letter     []string
	AnnexTitle string
	// ExcelBOM starts CSV output with a UTF-8 byte order mark: without one,
	// Excel reads a CSV file in the computer's legacy code page and garbles
	// every accent.
	ExcelBOM bool
}

// Line renders one entry in the coalition's format:
//
//	Name - ACRONYM (Country)
//
// " - ACRONYM" only when there is an acronym, the brackets only when there
// is a country or a place. A country is shown as its label when the entry
// has one ("USA", "DR Congo") and otherwise by its UN short name in lang
// (English, French or Spanish), or by its code when the table does not know
// it. Two countries read "(Uganda and USA)", three or more "(Ghana, Nigeria
// and Senegal)", with "et" in French and "y" (or "e" before an i sound) in
// Spanish; other languages use English. A place comes before the
// countries: "(South Asia)", "(Geneva, Switzerland)".
//
// Each part is normalized to NFC, and runs of spaces, line breaks and
// control characters become one space, so a line is always one line.
func Line(e orglist.Entry, lang language.Tag) string {
	var parts []string
	if name := clean(e.Name); name != "" {
		parts = append(parts, name)
	}
	if acronym := clean(e.Acronym); acronym != "" {
		if len(parts) > 0 {
			parts = append(parts, "-")
		}
		parts = append(parts, acronym)
	}
	if where := whereabouts(e, lang); where != "" {
		parts = append(parts, "("+where+")")
	}
	return strings.Join(parts, " ")
}

// whereabouts is what Line puts in brackets: the place, then the countries.
func whereabouts(e orglist.Entry, lang language.Tag) string {
	var parts []string
	if place := clean(e.Place); place != "" {
		parts = append(parts, place)
	}
	if countries := joinCountries(countryNames(e, lang), lang); countries != "" {
		parts = append(parts, countries)
	}
	return strings.Join(parts, ", ")
}

// countryNames returns the name shown for each of e's countries; labels
// beyond the last country are ignored, as Entry documents them as parallel.
func countryNames(e orglist.Entry, lang language.Tag) []string {
	var names []string
	for i, code := range e.Countries {
		name := ""
		if i < len(e.CountryLabels) {
			name = clean(e.CountryLabels[i])
		}
		if name == "" {
			name = StateName(clean(code), lang)
		}
		if name != "" {
			names = append(names, name)
		}
	}
	return names
}

// StateName is the UN short name of the state with the given code in
// lang: French, Spanish, or else English; the code itself when the table
// does not know it.
func StateName(code string, lang language.Tag) string {
	s, ok := states.Default().Lookup(code)
	if !ok {
		return code
	}
	switch baseLanguage(lang) {
	case "fr":
		if s.NameFR != "" {
			return s.NameFR
		}
	case "es":
		if s.NameES != "" {
			return s.NameES
		}
	}
	return s.Name
}

// joinCountries writes "A", "A and B" or "A, B and C".
func joinCountries(names []string, lang language.Tag) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	last := names[len(names)-1]
	return strings.Join(names[:len(names)-1], ", ") + " " + conjunction(lang, last) + " " + last
}

// conjunction is the word for "and" in lang before the word next. Spanish
// writes "e" instead of "y" before an i sound (España e Italia), but not
// before a diphthong (agua y hielo).
func conjunction(lang language.Tag, next string) string {
	switch baseLanguage(lang) {
	case "fr":
		return "et"
	case "es":
		if beginsWithISound(next) {
			return "e"
		}
		return "y"
	}
	return "and"
}

func beginsWithISound(word string) bool {
	w := []rune(strings.ToLower(norm.NFC.String(word)))
	if len(w) > 0 && w[0] == 'h' {
		w = w[1:]
	}
	if len(w) == 0 || (w[0] != 'i' && w[0] != 'í') {
		return false
	}
	return len(w) == 1 || !strings.ContainsRune("aeiouáéó", w[1])
}

func baseLanguage(lang language.Tag) string {
	base, _ := lang.Base()
	return base.String()
}

// clean makes s fit on one line: valid UTF-8 in NFC, with every run of
// white space and control characters replaced by one space, trimmed.
func clean(s string) string {
	s = norm.NFC.String(strings.ToValidUTF8(s, "\uFFFD"))
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsControl(r)
	}), " ")
}
