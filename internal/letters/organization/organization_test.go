package organization

import (
	"errors"
	"slices"
	"testing"
)

func TestNormalizeAndValidate(t *testing.T) {
	o := Organization{Name: "  Human   Rights Watch ", Countries: []string{" usa"}, CountryLabels: []string{"USA", "extra"},
		Aliases: []string{"HRW", "", "HRW", "Human Rights Watch"}, Website: " hrw.org "}
	o.Normalize()
	if o.Name != "Human Rights Watch" || !slices.Equal(o.Countries, []string{"USA"}) || !slices.Equal(o.CountryLabels, []string{"USA"}) ||
		!slices.Equal(o.Aliases, []string{"HRW"}) || o.Website != "hrw.org" || o.Type != Other {
		t.Fatalf("Normalize = %+v", o)
	}
	if err := o.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		change func(*Organization)
		field  string
	}{
		{func(o *Organization) { o.Name = "" }, "name"},
		{func(o *Organization) { o.Type = "club" }, "type"},
		{func(o *Organization) { o.Countries = []string{"XYZ"} }, "countries"},
		{func(o *Organization) { o.Website = "not a site" }, "website"},
	} {
		c := o
		tc.change(&c)
		var fe *FieldError
		if err := c.Validate(); !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: %v, want an error naming %s", c, err, tc.field)
		}
	}
}

func TestNamesOf(t *testing.T) {
	target := Organization{Name: "Human Rights Watch", Acronym: "HRW", Aliases: []string{"Human Rights Watch (New York)"}}
	source := Organization{Name: "Human Rights-Watch", Acronym: "HRW", Aliases: []string{"Human Rights Watch (New York)", "Observatoire des droits humains"}}
	if got := NamesOf(source, target); !slices.Equal(got, []string{"Human Rights-Watch", "Observatoire des droits humains"}) {
		t.Errorf("NamesOf = %q", got)
	}
}

func TestFoldAndSearchText(t *testing.T) {
	if got := Fold("Réseau de Développement"); got != "reseau de developpement" {
		t.Errorf("Fold = %q", got)
	}
	o := Organization{Name: "Réseau", Acronym: "FEMNET", Place: "Nairobi", Aliases: []string{"African Women's Network"}, CountryLabels: []string{"Kenya"}}
	if got := SearchText(o); got != "reseau\nfemnet\nnairobi\n\nafrican women's network\nkenya" {
		t.Errorf("SearchText = %q", got)
	}
	if WebsiteURL("hrw.org") != "https://hrw.org" || WebsiteURL("http://x.org") != "http://x.org" || WebsiteURL("") != "" {
		t.Error("WebsiteURL")
	}
}
