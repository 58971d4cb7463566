package publish_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

func TestLine(t *testing.T) {
	tests := []struct {
		name  string
		entry orglist.Entry
		lang  language.Tag
		want  string
	}{
		{"acronym and label", orglist.Entry{
			Name: "Action des jeunes pour le Développement Communautaire et la Paix", Acronym: "ADECOP",
			Countries: []string{"COD"}, CountryLabels: []string{"DR Congo"},
		}, language.English, "Action des jeunes pour le Développement Communautaire et la Paix - ADECOP (DR Congo)"},
		{"two countries", orglist.Entry{
			Name: "International Refugee Rights Initiative", Countries: []string{"UGA", "USA"}, CountryLabels: []string{"Uganda", "USA"},
		}, language.English, "International Refugee Rights Initiative (Uganda and USA)"},
		{"three countries", orglist.Entry{
			Name: "West Africa Network", Countries: []string{"GHA", "NGA", "SEN"}, CountryLabels: []string{"Ghana", "Nigeria", "Senegal"},
		}, language.English, "West Africa Network (Ghana, Nigeria and Senegal)"},
		{"four countries", orglist.Entry{
			Name: "N", Countries: []string{"GHA", "NGA", "SEN", "MLI"},
		}, language.English, "N (Ghana, Nigeria, Senegal and Mali)"},
		{"nothing but a name", orglist.Entry{Name: "Human Rights Watch"}, language.English, "Human Rights Watch"},
		{"a place, no country", orglist.Entry{Name: "Charter of Human Responsibilities", Place: "South Asia"},
			language.English, "Charter of Human Responsibilities (South Asia)"},
		{"a place and a country", orglist.Entry{Name: "Geneva Centre", Place: "Geneva", Countries: []string{"CHE"}},
			language.English, "Geneva Centre (Geneva, Switzerland)"},
		{"a place and two countries", orglist.Entry{Name: "Lake Forum", Place: "Great Lakes", Countries: []string{"RWA", "BDI"}, CountryLabels: []string{"Rwanda", "Burundi"}},
			language.English, "Lake Forum (Great Lakes, Rwanda and Burundi)"},
		{"acronym, no country", orglist.Entry{Name: "Human Rights Watch", Acronym: "HRW"}, language.English, "Human Rights Watch - HRW"},
		{"acronym alone", orglist.Entry{Acronym: "HRW", Countries: []string{"USA"}, CountryLabels: []string{"USA"}}, language.English, "HRW (USA)"},
		{"no label: the UN short name", orglist.Entry{Name: "Мемориал", Acronym: "MEMO", Countries: []string{"RUS"}},
			language.English, "Мемориал - MEMO (Russian Federation)"},
		{"labels and UN names mixed", orglist.Entry{Name: "N", Countries: []string{"UGA", "USA"}, CountryLabels: []string{"", "USA"}},
			language.English, "N (Uganda and USA)"},
		{"labels beyond the countries are ignored", orglist.Entry{Name: "N", Countries: []string{"UGA"}, CountryLabels: []string{"Uganda", "Kenya"}},
			language.English, "N (Uganda)"},
		{"unknown code, no label", orglist.Entry{Name: "N", Countries: []string{"ZZZ"}}, language.English, "N (ZZZ)"},
		{"undetermined language is English", orglist.Entry{Name: "N", Countries: []string{"UGA", "USA"}}, language.Und,
			"N (Uganda and United States of America)"},
		{"French", orglist.Entry{Name: "N", Countries: []string{"MLI", "NER", "TCD"}, CountryLabels: []string{"Mali", "Niger", "Tchad"}},
			language.French, "N (Mali, Niger et Tchad)"},
		{"French UN short name", orglist.Entry{Name: "N", Countries: []string{"RUS", "CHE"}}, language.French, "N (Russie et Suisse)"},
		{"Spanish", orglist.Entry{Name: "N", Countries: []string{"ARG", "CHL"}}, language.Spanish, "N (Argentina y Chile)"},
		{"Spanish e before i", orglist.Entry{Name: "N", Countries: []string{"ESP", "ITA"}, CountryLabels: []string{"España", "Italia"}},
			language.Spanish, "N (España e Italia)"},
		{"Spanish e before hi", orglist.Entry{Name: "N", Countries: []string{"DOM", "XXX"}, CountryLabels: []string{"República Dominicana", "Hispaniola"}},
			language.Spanish, "N (República Dominicana e Hispaniola)"},
		{"Spanish y before a diphthong", orglist.Entry{Name: "N", Countries: []string{"ARG", "XXX"}, CountryLabels: []string{"Argentina", "Hierro"}},
			language.Spanish, "N (Argentina y Hierro)"},
		{"Spanish e before í", orglist.Entry{Name: "N", Countries: []string{"ARG", "XXX"}, CountryLabels: []string{"Argentina", "Ínsula"}},
			language.Spanish, "N (Argentina e Ínsula)"},
		{"regional variant of a language", orglist.Entry{Name: "N", Countries: []string{"CAN", "HTI"}, CountryLabels: []string{"Canada", "Haïti"}},
			language.CanadianFrench, "N (Canada et Haïti)"},
		{"other languages use English", orglist.Entry{Name: "N", Countries: []string{"DEU", "AUT"}, CountryLabels: []string{"Deutschland", "Österreich"}},
			language.German, "N (Deutschland and Österreich)"},
		{"white space and line breaks", orglist.Entry{
			Name: "  Peace\n and\tJustice\u00a0 Network \r\n", Acronym: " PJN\n", Countries: []string{" gha "}, CountryLabels: []string{""}, Place: "\n",
		}, language.English, "Peace and Justice Network - PJN (Ghana)"},
		{"decomposed accents are composed", orglist.Entry{Name: "Re\u0301seau"}, language.English, "Réseau"},
		{"invalid UTF-8", orglist.Entry{Name: "Bad\xffName"}, language.English, "Bad\uFFFDName"},
		{"empty", orglist.Entry{}, language.English, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := publish.Line(tt.entry, tt.lang); got != tt.want {
				t.Errorf("Line = %q, want %q", got, tt.want)
			}
		})
	}
}

// The seed writes three entries in formats of their own; Line writes them
// in the coalition's format.
func TestLineNormalizesTheSeedsOddEntries(t *testing.T) {
	want := map[string]string{
		"Citizens United to Promote Peace and Democracy in Liberia":          "Citizens United to Promote Peace and Democracy in Liberia - CUPPADL (Liberia)",
		"Lutheran Development Service":                                       "Lutheran Development Service - LDS (Swaziland)",
		"Réseau de Développement et de Communications de la Femme Africaine": "Réseau de Développement et de Communications de la Femme Africaine - FEMNET (Mali)",
	}
	found := 0
	for _, e := range seedEntries(t) {
		if w, ok := want[e.Name]; ok {
			found++
			if got := publish.Line(e, language.English); got != w {
				t.Errorf("Line = %q, want %q", got, w)
			}
		}
	}
	if found != len(want) {
		t.Errorf("found %d of the %d entries in the seed", found, len(want))
	}
}

func FuzzLine(f *testing.F) {
	f.Add("Action des jeunes", "ADECOP", "COD", "DR Congo", "UGA", "", "")
	f.Add("Мемориал", "MEMO", "RUS", "", "", "", "")
	f.Add("Charter", "", "", "", "", "", "South Asia")
	f.Add("a\nb\r\nc\u2028d", "\t", "usa", "U\u0085S", "zz", "\x00", "\xff")
	f.Fuzz(func(t *testing.T, name, acronym, code1, label1, code2, label2, place string) {
		e := orglist.Entry{
			Name: name, Acronym: acronym, Place: place,
			Countries: []string{code1, code2}, CountryLabels: []string{label1, label2},
		}
		for _, lang := range []language.Tag{language.English, language.French, language.Spanish} {
			line := publish.Line(e, lang)
			if strings.ContainsAny(line, "\n\r\u0085\u2028\u2029") {
				t.Fatalf("Line(%#v) = %q has a line break", e, line)
			}
			if !utf8.ValidString(line) {
				t.Fatalf("Line(%#v) = %q is not valid UTF-8", e, line)
			}
			if line != strings.TrimSpace(line) || strings.Contains(line, "  ") {
				t.Fatalf("Line(%#v) = %q has stray spaces", e, line)
			}
		}
	})
}
