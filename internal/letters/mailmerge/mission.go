package mailmerge

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/states"
)

// stateName is the state's name in a letter in lang: the UN short name in
// English, French or Spanish from the reference table, and the English
// one for Arabic, Chinese and Russian, which the table does not hold.
func stateName(s states.State, lang string) string {
	return publish.StateName(s.Code, language.Make(lang))
}

// missionName is the name of the state's permanent mission to the United
// Nations in lang, such as "Permanent Mission of the Netherlands to the
// United Nations", "Mission permanente du Ghana auprès de l’Organisation
// des Nations Unies" or "Misión Permanente del Reino Unido ante las
// Naciones Unidas". name is the state's name in lang; known says that it
// is the reference table's name for code, whose grammar (the article,
// French gender) the tables below describe. For a name the caller gave,
// English and Spanish write it as given after "of" and "de", French after
// "de" or "d’".
func missionName(lang, code, name string, known bool) string {
	w, _ := wordsIn(lang)
	switch lang {
	case "en":
		if known {
			name = englishArticle(code, name)
		}
	case "fr":
		name = frenchOf(code, name, known)
	case "es":
		name = spanishOf(name)
	}
	return w.mission(name)
}

// englishThe are the states whose English name takes "the" in UN usage.
var englishThe = setOf("ARE", "BHS", "CAF", "COD", "COG", "COM", "DOM", "GBR", "GMB", "KOR", "LAO", "MDA",
	"MHL", "NER", "NLD", "PHL", "PRK", "PSE", "RUS", "SDN", "SYR", "TZA", "USA", "VAT")

// inverted matches the UN's inverted short names, "Bolivia (Plurinational
// State of)".
var inverted = regexp.MustCompile(`^(.+) \((.+ of)\)$`)

// englishArticle writes a reference name as it reads after "of": "the
// Gambia", "the Islamic Republic of Iran", "Ghana".
func englishArticle(code, name string) string {
	if m := inverted.FindStringSubmatch(name); m != nil {
		return "the " + m[2] + " " + m[1]
	}
	if englishThe[code] {
		return "the " + name
	}
	return name
}

// The grammar of the French reference names: which are plural, which take
// no article (most island states and city states), and which go against
// the rule that a name whose first word ends in "e" is feminine.
var (
	frenchPlural    = setOf("ARE", "BHS", "COM", "FJI", "FSM", "MDV", "MHL", "NLD", "PHL", "SLB", "SYC", "USA")
	frenchNoArticle = setOf("AND", "ATG", "BHR", "BRN", "CUB", "CYP", "DJI", "HTI", "ISR", "KIR", "KNA", "LCA",
		"LKA", "MCO", "MDG", "MLT", "MUS", "NRU", "OMN", "PLW", "SGP", "SMR", "STP", "TON", "TTO", "TUV", "VCT",
		"VUT", "WSM")
	frenchMasculineE = setOf("BLZ", "GBR", "KHM", "MEX", "MOZ", "SUR", "ZWE")
	frenchFeminine   = setOf("SLE")
	// frenchMuteH are the names that begin with a mute h, which elides.
	frenchMuteH = setOf("HTI")
)

// frenchOf writes "de" and the article before a state's French name: "du
// Ghana", "de la France", "de l’Inde", "des États-Unis", "de Cuba",
// "d’Israël".
func frenchOf(code, name string, known bool) string {
	vowel := startsWithVowel(name) || frenchMuteH[code]
	switch {
	case !known || frenchNoArticle[code]:
		if vowel {
			return "d’" + name
		}
		return "de " + name
	case frenchPlural[code]:
		return "des " + name
	case vowel:
		return "de l’" + name
	case frenchFeminine[code] || (!frenchMasculineE[code] && strings.HasSuffix(firstWord(name), "e")):
		return "de la " + name
	}
	return "du " + name
}

// spanishOf writes "de" and the article that Spanish names built on a
// common noun take: "de la República Centroafricana", "del Reino Unido",
// "de los Estados Unidos", "de las Islas Marshall", "de Ghana".
func spanishOf(name string) string {
	for _, a := range []struct{ prefix, of string }{
		{"República ", "de la "}, {"Santa Sede", "de la "}, {"Reino ", "del "}, {"Estado ", "del "},
		{"Estados ", "de los "}, {"Emiratos ", "de los "}, {"Países ", "de los "}, {"Islas ", "de las "},
	} {
		if strings.HasPrefix(name, a.prefix) {
			return a.of + name
		}
	}
	return "de " + name
}

func startsWithVowel(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return strings.ContainsRune("AEIOUÀÂÉÈÊÎÏÔÛ", unicode.ToUpper(r))
}

// firstWord is the name up to its first space or hyphen.
func firstWord(s string) string {
	if i := strings.IndexAny(s, " -"); i >= 0 {
		return s[:i]
	}
	return s
}

func setOf(codes ...string) map[string]bool {
	set := make(map[string]bool, len(codes))
	for _, c := range codes {
		set[c] = true
	}
	return set
}
