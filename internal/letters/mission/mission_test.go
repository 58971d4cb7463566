package mission

import (
	"slices"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/states"
)

func TestNormalize(t *testing.T) {
	m := Mission{State: " fra ", Station: "  geneva ", Emails: []string{" Info <Contact@FRA.Example.ORG>", "", "contact@fra.example.org", "press@fra.example.org "},
		HeadName: " Amélie   Exemple ", PostalAddress: "1 Rue Fictive\r\n1200 Genève\r\n", Language: " FR "}
	m.Normalize()
	want := Mission{State: "FRA", Station: "Geneva", Emails: []string{"Contact@fra.example.org", "contact@fra.example.org", "press@fra.example.org"},
		HeadName: "Amélie Exemple", PostalAddress: "1 Rue Fictive\n1200 Genève", Language: "fr"}
	if !m.SameContact(want) {
		t.Errorf("Normalize = %+v\nwant %+v", m, want)
	}
	empty := Mission{State: "GHA"}
	empty.Normalize()
	if empty.Station != DefaultStation || empty.Emails == nil || len(empty.Emails) != 0 || empty.Lang() != "en" {
		t.Errorf("an empty record normalizes to %+v, language %s", empty, empty.Lang())
	}
	if (Mission{State: "FRA", Station: "Geneva"}).Subject() != "mission:FRA/Geneva" {
		t.Error("Subject")
	}
}

func TestValidate(t *testing.T) {
	long := strings.Repeat("x", 101)
	for _, tc := range []struct {
		m    Mission
		want string // "" is valid
	}{
		{Mission{State: "GHA", Emails: []string{"mission@gha.example.org"}, Language: "en"}, ""},
		{Mission{State: "VAT"}, ""},
		{Mission{State: "PSE", Station: "Vienna", Language: "ar"}, ""},
		{Mission{State: ""}, "iso3: required"},
		{Mission{State: "XYZ"}, `iso3: "XYZ" is not the ISO 3166 alpha-3 code of a UN member or observer state`},
		{Mission{State: "GH"}, `iso3: "GH" is not the ISO 3166 alpha-3 code of a UN member or observer state`},
		{Mission{State: "SUN"}, "iso3: SUN (USSR) is not a UN member or observer state"},
		{Mission{State: "EUU"}, "iso3: EUU (European Union) is not a UN member or observer state"},
		{Mission{State: "GHA", Station: long}, "station: 101 characters; at most 100"},
		{Mission{State: "GHA", Emails: []string{"not an address"}}, `email: "not an address" is not an e-mail address (separate several with ";")`},
		{Mission{State: "GHA", Emails: []string{"a@b.org, c@d.org"}}, `email: "a@b.org, c@d.org" is not an e-mail address (separate several with ";")`},
		{Mission{State: "GHA", Emails: []string{"mission@localhost"}}, `email: "mission@localhost" has no domain such as example.org after the @`},
		{Mission{State: "GHA", Emails: strings.Split("a@b.org b@b.org c@b.org d@b.org e@b.org f@b.org g@b.org h@b.org i@b.org j@b.org k@b.org", " ")}, "email: 11 addresses; at most 10"},
		{Mission{State: "GHA", Language: "de"}, `language: "de" is not a UN language: want ar, zh, en, fr, ru or es, or nothing for English`},
		{Mission{State: "GHA", HeadName: "Kwame\x00Placeholder"}, "head_name: control character U+0000 at character 6"},
		{Mission{State: "GHA", PostalAddress: "1 Fictive Road\nAccra"}, ""},
		{Mission{State: "GHA", Salutation: strings.Repeat("é", 201)}, "salutation: 201 characters; at most 200"},
	} {
		tc.m.Normalize()
		err := tc.m.Validate(states.Default())
		got := ""
		if err != nil {
			got = err.Error()
		}
		if got != tc.want {
			t.Errorf("Validate(%+v) = %q, want %q", tc.m, got, tc.want)
		}
	}
}

func TestStatesAreTheMembersAndObservers(t *testing.T) {
	list := States(states.Default())
	if len(list) != 195 || list[0].Code != "AFG" || list[len(list)-1].Code != "ZWE" {
		t.Fatalf("States: %d, from %s to %s", len(list), list[0].Code, list[len(list)-1].Code)
	}
	for _, code := range []string{"VAT", "PSE"} {
		if !slices.ContainsFunc(list, func(s states.State) bool { return s.Code == code }) {
			t.Errorf("the observer %s is missing", code)
		}
	}
}
