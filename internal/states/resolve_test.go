package states_test

import (
	"errors"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/r2p-coalition/r2p/internal/states"
)

func TestResolve(t *testing.T) {
	tests := []struct{ name, want string }{
		// UN short names, formal names, ISO and CLDR names
		{"Germany", "DEU"}, {"Federal Republic of Germany", "DEU"}, {"Yemen", "YEM"}, {"Serbia", "SRB"},
		{"Guinea", "GIN"}, {"Sudan", "SDN"}, {"the Sudan", "SDN"}, {"Niger", "NER"}, {"Dominica", "DMA"},
		{"Republic of Korea", "KOR"}, {"Korea, Republic of", "KOR"}, {"Democratic Republic of the Congo", "COD"},
		{"Congo, The Democratic Republic of the", "COD"}, {"Republic of the Congo", "COG"},
		{"United Kingdom of Great Britain and Northern Ireland", "GBR"}, {"United Kingdom", "GBR"},
		{"Bolivia (Plurinational State of)", "BOL"}, {"Lao People's Democratic Republic", "LAO"},
		{"Holy See", "VAT"}, {"State of Palestine", "PSE"}, {"Türkiye", "TUR"}, {"Eswatini", "SWZ"},
		{"St. Kitts & Nevis", "KNA"}, {"Saint Kitts and Nevis", "KNA"}, {"Antigua & Barbuda", "ATG"},
		{"Guinea Bissau", "GNB"}, {"The Gambia", "GMB"}, {"Kyrgyz Republic", "KGZ"},
		// Case, accents, apostrophes, hyphens, dots, spaces, "the"
		{"Côte d'Ivoire", "CIV"}, {"cote d ivoire", "CIV"}, {"Côte d’Ivoire", "CIV"}, {"COTE D`IVOIRE", "CIV"},
		{"U.S.A.", "USA"}, {"u.s.", "USA"}, {"  United   States ", "USA"}, {"the United States", "USA"},
		{"D.R. Congo", "COD"}, {"Congo-Kinshasa", "COD"}, {"Congo – Kinshasa", "COD"}, {"Congo-Brazzaville", "COG"},
		{"TIMOR LESTE", "TLS"}, {"Sao Tomé and Príncipe", "STP"}, {"Viet Nam", "VNM"}, {"Vietnam", "VNM"},
		// Aliases from the brief
		{"USA", "USA"}, {"US", "USA"}, {"U.S.", "USA"}, {"United States", "USA"},
		{"UK", "GBR"}, {"Britain", "GBR"}, {"Great Britain", "GBR"},
		{"DRC", "COD"}, {"DR Congo", "COD"}, {"Zaire", "COD"},
		{"Burma", "MMR"}, {"Swaziland", "SWZ"}, {"Ivory Coast", "CIV"}, {"Turkey", "TUR"},
		{"Czech Republic", "CZE"}, {"Czechia", "CZE"}, {"Macedonia", "MKD"}, {"FYROM", "MKD"},
		{"The former Yugoslav Republic of Macedonia", "MKD"}, {"Cape Verde", "CPV"}, {"Cabo Verde", "CPV"},
		{"East Timor", "TLS"}, {"Holland", "NLD"}, {"Netherlands (Kingdom of the)", "NLD"},
		{"Kingdom of the Netherlands", "NLD"}, {"Vatican", "VAT"}, {"Vatican City", "VAT"},
		{"Palestine", "PSE"}, {"South Korea", "KOR"}, {"North Korea", "PRK"}, {"DPRK", "PRK"}, {"Laos", "LAO"},
		{"Syria", "SYR"}, {"Iran", "IRN"}, {"Russia", "RUS"}, {"Bolivia", "BOL"}, {"Venezuela", "VEN"},
		{"Tanzania", "TZA"}, {"Moldova", "MDA"}, {"Micronesia", "FSM"}, {"Brunei", "BRN"},
		{"Kirghizia", "KGZ"}, {"Byelorussia", "BLR"}, {"Byelorussian SSR", "BLR"}, {"Upper Volta", "BFA"},
		{"Dahomey", "BEN"}, {"Ceylon", "LKA"}, {"Siam", "THA"}, {"Kampuchea", "KHM"}, {"Zimbabwe", "ZWE"},
		{"Libyan Arab Jamahiriya", "LBY"}, {"West Germany", "DEU"}, {"Tanganyika", "TZA"},
		// Former members that ended resolve to the former entity
		{"Soviet Union", "SUN"}, {"USSR", "SUN"}, {"U.S.S.R.", "SUN"}, {"Union of Soviet Socialist Republics", "SUN"},
		{"Yugoslavia", "YUG"}, {"Socialist Federal Republic of Yugoslavia", "YUG"},
		{"Federal Republic of Yugoslavia", "SCG"}, {"Serbia and Montenegro", "SCG"},
		{"Czechoslovakia", "CSK"}, {"East Germany", "DDR"}, {"GDR", "DDR"}, {"German Democratic Republic", "DDR"},
		{"North Yemen", "YAR"}, {"Yemen Arab Republic", "YAR"}, {"South Yemen", "YMD"}, {"Democratic Yemen", "YMD"},
		{"EU", "EUU"}, {"European Union", "EUU"}, {"European Community", "EUU"},
		// French and Spanish
		{"Allemagne", "DEU"}, {"Estados Unidos", "USA"}, {"États-Unis", "USA"}, {"etats unis", "USA"},
		{"république démocratique du congo", "COD"}, {"República Democrática del Congo", "COD"},
		{"Royaume-Uni", "GBR"}, {"Reino Unido", "GBR"}, {"Pays-Bas", "NLD"}, {"Países Bajos", "NLD"},
		{"Saint-Siège", "VAT"}, {"Santa Sede", "VAT"}, {"État de Palestine", "PSE"}, {"Corée du Sud", "KOR"},
		{"Macédoine du Nord", "MKD"}, {"Union européenne", "EUU"}, {"Unión Europea", "EUU"},
		{"Union soviétique", "SUN"}, {"Yougoslavie", "YUG"}, {"Tchécoslovaquie", "CSK"},
	}
	for _, tt := range tests {
		got, err := states.Resolve(tt.name)
		if err != nil || got.Code != tt.want {
			t.Errorf("Resolve(%q) = %q, %v; want %s", tt.name, got.Code, err, tt.want)
		}
	}
}

func TestResolveAmbiguous(t *testing.T) {
	tests := []struct {
		name    string
		want    []string
		message string
	}{
		{"Korea", []string{"KOR", "PRK"}, `ambiguous state name "Korea": could be KOR (Republic of Korea), PRK (Democratic People's Republic of Korea)`},
		{"Congo", []string{"COD", "COG"}, `ambiguous state name "Congo": could be COD (Democratic Republic of the Congo), COG (Congo)`},
		{"the congo", []string{"COD", "COG"}, `ambiguous state name "the congo": could be COD (Democratic Republic of the Congo), COG (Congo)`},
		{"Corée", []string{"KOR", "PRK"}, `ambiguous state name "Corée": could be KOR (Republic of Korea), PRK (Democratic People's Republic of Korea)`},
	}
	for _, tt := range tests {
		_, err := states.Resolve(tt.name)
		var amb *states.AmbiguousError
		if !errors.As(err, &amb) || !errors.Is(err, states.ErrAmbiguous) {
			t.Errorf("Resolve(%q) error = %v, want an AmbiguousError", tt.name, err)
			continue
		}
		if got := codes(amb.Candidates); !slices.Equal(got, tt.want) || amb.Name != tt.name {
			t.Errorf("Resolve(%q) candidates %v for %q, want %v", tt.name, got, amb.Name, tt.want)
		}
		if err.Error() != tt.message {
			t.Errorf("Resolve(%q) error = %q, want %q", tt.name, err.Error(), tt.message)
		}
		if errors.Is(err, states.ErrUnknown) {
			t.Errorf("Resolve(%q): an ambiguous name is also ErrUnknown", tt.name)
		}
	}
}

func TestResolveUnknown(t *testing.T) {
	tests := []struct{ name, message string }{
		{"South Asia", `unknown state "South Asia"`},
		{"Europe", `unknown state "Europe"`},
		{"Africa", `unknown state "Africa"`},
		{"", `unknown state ""`},
		{"   ", `unknown state "   "`},
		{"Atlantis", `unknown state "Atlantis"`},
		{"America", `unknown state "America"`},
		{"Rhodesia", `unknown state "Rhodesia"`},
		{"Southern Rhodesia", `unknown state "Southern Rhodesia"`},
		{"Taiwan", `unknown state "Taiwan"`},
		{"Kosovo", `unknown state "Kosovo"`},
		{"DEU", `unknown state "DEU"`}, // codes are for Lookup
		{"the", `unknown state "the"`},
	}
	for _, tt := range tests {
		s, err := states.Resolve(tt.name)
		if !errors.Is(err, states.ErrUnknown) || err.Error() != tt.message {
			t.Errorf("Resolve(%q) = %s, %v; want error %q", tt.name, s.Code, err, tt.message)
		}
	}
}

// TestEveryNameOfAStateResolvesToIt guards the data: a state's own names
// must lead back to it, except the UN short name "Congo", ambiguous by
// design.
func TestEveryNameOfAStateResolvesToIt(t *testing.T) {
	for _, s := range states.Default().All() {
		for _, name := range []string{s.Name, s.FormalName, s.NameFR, s.NameES} {
			if name == "Congo" {
				continue
			}
			got, err := states.Resolve(name)
			if err != nil || got.Code != s.Code {
				t.Errorf("Resolve(%q), a name of %s, = %q, %v", name, s.Code, got.Code, err)
			}
		}
	}
}

// seedCountry matches the country in brackets at the end of a signatory line
// of the seed letter: "Act for Peace (Australia)", trailing spaces trimmed.
var seedCountry = regexp.MustCompile(`\(([^()]+)\)$`)

func TestResolveSeedLetterCountries(t *testing.T) {
	data, err := os.ReadFile("testdata/seed_letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	var found []string
	for _, line := range strings.Split(string(data), "\n") {
		// Some lines end in no-break spaces, which \s does not match.
		m := seedCountry.FindStringSubmatch(strings.TrimRightFunc(line, unicode.IsSpace))
		if m == nil {
			continue
		}
		for _, country := range strings.Split(m[1], " and ") {
			if !slices.Contains(found, country) {
				found = append(found, country)
			}
		}
	}
	want := map[string]string{
		"DR Congo": "COD", "Thailand": "THA", "Uganda": "UGA", "Argentina": "ARG", "Canada": "CAN",
		"USA": "USA", "Liberia": "LBR", "Denmark": "DNK", "Tanzania": "TZA", "Burundi": "BDI",
		"Germany": "DEU", "South Africa": "ZAF", "Indonesia": "IDN", "Philippines": "PHL", "Ghana": "GHA",
		"Angola": "AGO", "United Kingdom": "GBR", "Mali": "MLI", "Nigeria": "NGA", "Australia": "AUS",
		"South Asia": "", // a region, not a state
	}
	if len(found) != len(want) {
		t.Errorf("found %d countries in the seed letter, want %d: %q", len(found), len(want), found)
	}
	// "Lutheran Development Service (LDS) Swaziland" names its country
	// without brackets.
	found = append(found, "Swaziland")
	want["Swaziland"] = "SWZ"
	for _, country := range found {
		code, ok := want[country]
		if !ok {
			t.Errorf("unexpected country %q in the seed letter", country)
			continue
		}
		got, err := states.Resolve(country)
		switch {
		case code == "" && !errors.Is(err, states.ErrUnknown):
			t.Errorf("Resolve(%q) = %s, %v; want ErrUnknown", country, got.Code, err)
		case code != "" && (err != nil || got.Code != code):
			t.Errorf("Resolve(%q) = %s, %v; want %s", country, got.Code, err, code)
		}
	}
}

func FuzzResolve(f *testing.F) {
	for _, seed := range []string{"Côte d’Ivoire", "U.S.A.", "the Congo", "Korea", "", "İstanbul", "\xff\xfe", "st. st.", "the the"} {
		f.Add(seed)
	}
	tab := states.Default()
	f.Fuzz(func(t *testing.T, name string) {
		s1, err1 := tab.Resolve(name)
		s2, err2 := tab.Resolve(name)
		if !reflect.DeepEqual(s1, s2) || errorText(err1) != errorText(err2) {
			t.Fatalf("Resolve(%q) is not deterministic: %v/%v, %v/%v", name, s1, s2, err1, err2)
		}
		switch {
		case err1 == nil && s1.Code == "":
			t.Fatalf("Resolve(%q) returned an empty State without error", name)
		case err1 != nil && !errors.Is(err1, states.ErrUnknown) && !errors.Is(err1, states.ErrAmbiguous):
			t.Fatalf("Resolve(%q) error %v is neither ErrUnknown nor ErrAmbiguous", name, err1)
		}
	})
}

func errorText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
