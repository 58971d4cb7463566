package publish_test

import (
	"math/rand/v2"
	"slices"
	"testing"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

func named(names ...string) []orglist.Entry {
	entries := make([]orglist.Entry, len(names))
	for i, n := range names {
		entries[i] = orglist.Entry{Name: n}
	}
	return entries
}

func lines(entries []orglist.Entry, lang language.Tag) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = publish.Line(e, lang)
	}
	return out
}

func TestSort(t *testing.T) {
	tests := []struct {
		name string
		lang language.Tag
		want []orglist.Entry // in order
	}{
		{"accents ignored: Réseau files under R", language.English,
			named("Refugees International", "Réseau de Développement", "West Africa Civil Society Forum")},
		{"accents ignored inside words", language.English, named("Arms Control Association", "Ärzte ohne Grenzen", "Asia Forum")},
		{"ligature as two letters", language.English, named("Odyssey", "Œuvre d'Orient", "Ohio Peace")},
		{"case ignored, word by word", language.English, named("Act for Peace", "action des jeunes")},
		{"a space before any letter", language.English, named("Act Now", "Action", "West Africa", "Western Sahara")},
		{"hyphen between words like a space", language.English, named("Oxfam-Australia", "Oxfam International", "Oxfam Novib")},
		{"dashes between words like a space", language.English, named("World Federalist Movement – Canada", "World Federalist Movement Europe")},
		{"apostrophes ignored", language.English, named("Women's Link Worldwide", "Womens Refugee Commission")},
		{"leading punctuation ignored", language.English, named("Amnesty", "“Never Again” Network", "Nonviolent Peaceforce")},
		{"numbers by value", language.English, named("Group of 8", "Group of 20", "Group of 77")},
		{"zero is a number too", language.English, named("Forum 0 Peace", "Forum 000 Peace", "Forum 1", "Forum 007", "Forum 039 Peace", "Forum 2000", "Forum Peace")},
		{"articles filed as written", language.English, named("Elders Forum", "The Elders", "Tostan")},
		{"lower case first when names differ only in case", language.English, named("zeta", "Zeta")},
		{"unaccented first when names differ only in accents", language.English, named("Oeuvre", "Œuvre", "Resume", "Résumé")},
		{"Latin before Cyrillic", language.English, named("Zeta", "Мемориал", "Правозащитный центр")},
		{"English: ñ is an n", language.English, named("Ñandutí", "Nube")},
		{"Spanish: ñ after n", language.Spanish, named("Nube", "Ñandutí", "Oasis")},
		{"same name: by the rest of the line", language.English, []orglist.Entry{
			{Name: "Peace Forum"},
			{Name: "Peace Forum", Countries: []string{"GHA"}},
			{Name: "Peace Forum", Countries: []string{"NGA"}},
			{Name: "Peace Forum", Acronym: "PF"},
			{Name: "Peace Forum Network"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.want)
			slices.Reverse(in)
			publish.Sort(in, tt.lang)
			if got, want := lines(in, tt.lang), lines(tt.want, tt.lang); !slices.Equal(got, want) {
				t.Errorf("Sort gave\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func TestSortDoesNotDependOnInputOrder(t *testing.T) {
	entries := append(seedEntries(t), memorial)
	entries = append(entries, named("zeta", "Zeta", "ZETA", "Zéta", "Oeuvre", "Œuvre", "Peace Forum", "Peace Forum")...)
	want := lines(publish.Sorted(entries, language.English), language.English)
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		r.Shuffle(len(entries), func(i, j int) { entries[i], entries[j] = entries[j], entries[i] })
		if got := lines(publish.Sorted(entries, language.English), language.English); !slices.Equal(got, want) {
			t.Fatalf("Sorted of a shuffled list gave\n%q\nwant\n%q", got, want)
		}
	}
}

func TestSortedLeavesItsInputAlone(t *testing.T) {
	in := named("b", "a")
	out := publish.Sorted(in, language.English)
	if in[0].Name != "b" || out[0].Name != "a" {
		t.Errorf("Sorted: input %v, output %v", in, out)
	}
}
