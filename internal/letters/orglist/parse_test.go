package orglist

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// TestEntries checks the layouts and the hard cases of the issue, one
// entry at a time.
func TestEntries(t *testing.T) {
	for _, tc := range []struct {
		in        string
		name, acr string
		countries []string
		labels    []string
		place     string
		conf      Confidence
	}{
		{"Action des jeunes pour le Développement Communautaire et la Paix - ADECOP (DR Congo)",
			"Action des jeunes pour le Développement Communautaire et la Paix", "ADECOP", []string{"COD"}, []string{"DR Congo"}, "", High},
		{"Citizens United to Promote Peace and Democracy in Liberia-CUPPADL (Liberia)",
			"Citizens United to Promote Peace and Democracy in Liberia", "CUPPADL", []string{"LBR"}, []string{"Liberia"}, "", High},
		{"World Federalist Movement – Canada", "World Federalist Movement – Canada", "", nil, nil, "", High},
		{"UNA-Canada", "UNA-Canada", "", nil, nil, "", High},
		{"Oxfam-Australia", "Oxfam-Australia", "", nil, nil, "", High},
		{"Kashmiri-Canadian Council (Canada)", "Kashmiri-Canadian Council", "", []string{"CAN"}, []string{"Canada"}, "", High},
		{"WFM-Institute for Global Policy", "WFM-Institute for Global Policy", "", nil, nil, "", High},
		{"International Refugee Rights Initiative (Uganda and USA)", "International Refugee Rights Initiative", "",
			[]string{"UGA", "USA"}, []string{"Uganda", "USA"}, "", High},
		{"Charter of Human Responsibilities (South Asia)\u00a0 \u00a0 ", "Charter of Human Responsibilities", "", nil, nil, "South Asia", High},
		{"Lutheran Development Service (LDS) Swaziland", "Lutheran Development Service", "LDS", []string{"SWZ"}, []string{"Swaziland"}, "", Medium},
		{"Alternative ASEAN Network on Burma (Burma)", "Alternative ASEAN Network on Burma", "", []string{"MMR"}, []string{"Burma"}, "", High},
		{"Réseau de Développement et de Communications de la Femme Africaine (FEMNET) (Mali)",
			"Réseau de Développement et de Communications de la Femme Africaine", "FEMNET", []string{"MLI"}, []string{"Mali"}, "", High},
		{"Human Rights Watch ", "Human Rights Watch", "", nil, nil, "", High},
		{"HURINET (Uganda)", "HURINET", "", []string{"UGA"}, []string{"Uganda"}, "", High},
		{"Coordinadora Regional de Investigaciones Económicas y Sociales (CRIES), Argentina",
			"Coordinadora Regional de Investigaciones Económicas y Sociales", "CRIES", []string{"ARG"}, []string{"Argentina"}, "", High},
		{"Initiatives for International Dialogue, Mindanao, The Philippines", "Initiatives for International Dialogue", "",
			[]string{"PHL"}, []string{"The Philippines"}, "Mindanao", Medium},
		{"Nairobi Peace Initiative (Nairobi, Kenya)", "Nairobi Peace Initiative", "", []string{"KEN"}, []string{"Kenya"}, "Nairobi", Medium},
		{"Human Rights Institute (Trinidad and Tobago)", "Human Rights Institute", "", []string{"TTO"}, []string{"Trinidad and Tobago"}, "", High},
		{"Asian Forum for Human Rights and Development (FORUM-ASIA)", "Asian Forum for Human Rights and Development", "FORUM-ASIA", nil, nil, "", High},
		{"ICRtoP - International Coalition for the Responsibility to Protect", "International Coalition for the Responsibility to Protect", "ICRtoP", nil, nil, "", High},
		{"Amnesty International - USA", "Amnesty International - USA", "", nil, nil, "", High},
		{"Peninsula Peace Institute (Korea)", "Peninsula Peace Institute", "", nil, nil, "Korea", Low},
		{"Friends of the Earth, Inc.", "Friends of the Earth, Inc.", "", nil, nil, "", High},
		{"Centre for International Law, Korean National Diplomatic Academy", "Centre for International Law, Korean National Diplomatic Academy", "", nil, nil, "", High},
		{"Foo Bar (Kenya", "Foo Bar (Kenya", "", nil, nil, "", Low},
		{"European Policy Forum (EU)", "European Policy Forum", "EU", nil, nil, "", High},
		{"Amnesty International, AI, United Kingdom", "Amnesty International", "AI", []string{"GBR"}, []string{"United Kingdom"}, "", High},
		{"Human Rights Watch (www.hrw.org)", "Human Rights Watch", "", nil, nil, "", High},
		{"Global Justice Center, New York", "Global Justice Center", "", nil, nil, "New York", Medium},
	} {
		rows, err := Parse(tc.in)
		if err != nil || len(rows) != 1 {
			t.Errorf("Parse(%q) = %v, %v; want one row", tc.in, rows, err)
			continue
		}
		r := rows[0]
		want := Entry{Name: tc.name, Acronym: tc.acr, Countries: tc.countries, CountryLabels: tc.labels, Place: tc.place}
		if !reflect.DeepEqual(r.Entry, want) || r.Confidence != tc.conf || r.Line != 1 {
			t.Errorf("Parse(%q):\n got %+v line %d %s (%s)\nwant %+v line 1 %s", tc.in, r.Entry, r.Line, r.Confidence, r.Note, want, tc.conf)
		}
		if r.Confidence != High && r.Note == "" {
			t.Errorf("Parse(%q): confidence %s without a note", tc.in, r.Confidence)
		}
	}
}

// TestLists checks how lines become entries, and which lines are the list.
func TestLists(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // "LINE NAME"
	}{
		{"bullets and numbering",
			"• Alpha Network (Kenya)\n- Beta Forum\n* Gamma Trust\n1. Delta Centre\n2) Epsilon Group\n(3) Zeta Council\na) Eta Union\niv. Theta League\n",
			[]string{"1 Alpha Network", "2 Beta Forum", "3 Gamma Trust", "4 Delta Centre", "5 Epsilon Group", "6 Zeta Council", "7 Eta Union", "8 Theta League"}},
		{"blank lines and trailing separators",
			"Alpha Network;\n\n\nBeta Forum,\nGamma Trust.\n",
			[]string{"1 Alpha Network", "4 Beta Forum", "5 Gamma Trust"}},
		{"semicolon run", "Alpha Network (Kenya); Beta Forum; and the Gamma Trust",
			[]string{"1 Alpha Network", "1 Beta Forum", "1 Gamma Trust"}},
		{"comma run with and", "Alpha Network, the Beta Forum and Gamma Trust",
			[]string{"1 Alpha Network", "1 Beta Forum", "1 Gamma Trust"}},
		{"comma run with a country after an entry", "Alpha Network, Kenya, Beta Forum, Uganda, Gamma Trust",
			[]string{"1 Alpha Network", "1 Beta Forum", "1 Gamma Trust"}},
		{"no split inside a name", "Centre for Peace and Conflict Studies, Human Rights Watch, Institute for Security and Development Policy",
			[]string{"1 Centre for Peace and Conflict Studies", "1 Human Rights Watch", "1 Institute for Security and Development Policy"}},
		{"intro with colon", "This letter is signed by: Alpha Network; Beta Forum; Gamma Trust.",
			[]string{"1 Alpha Network", "1 Beta Forum", "1 Gamma Trust"}},
		{"letter", "Dear Excellency,\n\nWe write to urge your government to support the Responsibility to Protect at the coming debate, and to say so.\n\nSincerely,\n\nAlpha Network (Kenya)\nBeta Forum (Peru)\n",
			[]string{"7 Alpha Network", "8 Beta Forum"}},
		{"heading without letter", "Signatories (as of 20 July 2009)\nAlpha Network\nBeta Forum\n",
			[]string{"2 Alpha Network", "3 Beta Forum"}},
		{"closing after the list is ignored", "Alpha Network\nBeta Forum\nGamma Trust\n\nSincerely,\n",
			[]string{"1 Alpha Network", "2 Beta Forum", "3 Gamma Trust"}},
		{"second list after a heading", "Signatories:\nAlpha Network\nBeta Forum\nGamma Trust\n\nThe coalition thanks everyone who helped to prepare this letter over many months.\n\nLate signatories:\nDelta Centre\n",
			[]string{"2 Alpha Network", "3 Beta Forum", "4 Gamma Trust", "9 Delta Centre"}},
		{"text after the list", "Endorsed by:\nAlpha Network\nBeta Forum\n\nFor more information, please contact the secretariat of the coalition in New York.\nContact: info@example.org\n",
			[]string{"2 Alpha Network", "3 Beta Forum"}},
		{"short sentence between entries", "Signed,\nAlpha Network\nSome local groups that asked not to be named.\nBeta Forum\n",
			[]string{"2 Alpha Network", "3 Some local groups that asked not to be named", "4 Beta Forum"}},
		{"continued lines", "Réseau de Développement et de Communications de la\nFemme Africaine (FEMNET)\n(Mali)\nBeta Forum\n",
			[]string{"1 Réseau de Développement et de Communications de la Femme Africaine", "4 Beta Forum"}},
		{"table with header", "No.\tOrganization\tAcronym\tCountry\n1\tAlpha Network\tAN\tKenya\n2\tBeta Forum\t\tPeru\n",
			[]string{"2 Alpha Network", "3 Beta Forum"}},
		{"addresses", "Signatories:\nAlpha Network <info@alpha.example>\nContact: info@example.org\nwww.example.org\nBeta Forum - https://beta.example\n",
			[]string{"2 Alpha Network", "5 Beta Forum"}},
		{"only prose", "We write to urge your government to support the Responsibility to Protect at the coming debate.\n", nil},
		{"empty", "", nil},
		{"CRLF and CR", "Alpha Network\r\n\r\nBeta Forum\rGamma Trust", []string{"1 Alpha Network", "3 Beta Forum", "4 Gamma Trust"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := Parse(tc.in)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, r := range rows {
				got = append(got, fmt.Sprintf("%d %s", r.Line, r.Name))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

// TestTable reads a pasted spreadsheet with a header.
func TestTable(t *testing.T) {
	rows, err := Parse("Organization\tAcronym\tCountry\tCity\tE-mail\nAlpha Network\tAN\tUganda and USA\tKampala\ta@example.org\nBeta Forum\t\tKorea\t\t\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Entry: Entry{Name: "Alpha Network", Acronym: "AN", Countries: []string{"UGA", "USA"}, CountryLabels: []string{"Uganda", "USA"}, Place: "Kampala"}, Line: 2, Confidence: High},
		{Entry: Entry{Name: "Beta Forum", Place: "Korea"}, Line: 3, Confidence: Low, Note: "“Korea” could be KOR or PRK: no country set"},
	}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("got  %+v\nwant %+v", rows, want)
	}
}

// TestSeedLabels checks what the golden JSON does not show: the country
// labels as the letter writes them.
func TestSeedLabels(t *testing.T) {
	rows, err := Parse(readFixture(t, "testdata/seed_letter.txt"))
	if err != nil {
		t.Fatal(err)
	}
	labels := map[string][]string{}
	for _, r := range rows {
		labels[r.Name] = r.CountryLabels
	}
	for name, want := range map[string][]string{
		"Action des jeunes pour le Développement Communautaire et la Paix": {"DR Congo"},
		"Lutheran Development Service":                                     {"Swaziland"},
		"International Refugee Rights Initiative":                          {"Uganda", "USA"},
		"Citizens for Global Solutions":                                    {"USA"},
		"One World Trust":                                                  {"United Kingdom"},
		"Human Rights Watch":                                               nil,
	} {
		if got := labels[name]; !reflect.DeepEqual(got, want) {
			t.Errorf("%s: labels %q, want %q", name, got, want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		in           string
		line, offset int
	}{
		{"Alpha\nBeta \xff Forum\n", 2, 11},
		{"Alpha\r\nBeta\r\n\x00", 3, 13},
		{"Alpha\rBeta\rGa\xc3", 3, 13},
	} {
		_, err := Parse(tc.in)
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != tc.line || pe.Offset != tc.offset {
			t.Errorf("Parse(%q) = %v; want an error at line %d, byte %d", tc.in, err, tc.line, tc.offset)
		}
	}
	_, err := ParseLines([]string{"Alpha", "Beta \xff"})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Offset != 11 || !strings.Contains(err.Error(), "line 2 (byte 11): invalid UTF-8") {
		t.Errorf("ParseLines: %v", err)
	}
}
