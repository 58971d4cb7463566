package dedup

import (
	"slices"
	"strings"
	"testing"
)

// seedIndex is the seed's 42 signatories, with IDs 1..42, and a few
// organizations the examples need.
func seedIndex() ([]Record, *Index) {
	registry := slices.Clone(seedRegistry)
	registry = append(registry,
		Record{Name: "Amnesty International", Aliases: []string{"Amnistie internationale", "Amnistía Internacional"}, Website: "amnesty.org"},
		Record{Name: "Red Cross", Countries: []string{"KEN"}},
		Record{Name: "Human Rights Network", Countries: []string{"KEN"}},
	)
	for i := range registry {
		registry[i].ID = int64(i + 1)
	}
	return registry, NewIndex(registry)
}

func TestCandidatesOnSeedNames(t *testing.T) {
	registry, ix := seedIndex()
	for _, c := range []struct {
		query Record
		want  string  // the best candidate's name; "" for none at ReviewScore
		kind  string  // a reason the best candidate must have
		score float64 // the least score it must have
		auto  bool    // whether it may merge without a person
	}{
		{Record{Name: "human rights watch"}, "Human Rights Watch", KindSameName, 0.95, false},
		{Record{Name: "Human Rights Watch", Countries: []string{"USA"}}, "Human Rights Watch", KindSameName, 0.95, false},
		{Record{Name: "HRW", Countries: []string{"USA"}}, "Human Rights Watch", KindAcronym, 0.88, false},
		{Record{Name: "Humna Rigths Watch"}, "Human Rights Watch", KindSimilarName, 0.8, false},
		{Record{Name: "Watch, Human Rights"}, "Human Rights Watch", KindSimilarName, 0.9, false},
		{Record{Name: "HumanRights Watch"}, "Human Rights Watch", KindSimilarName, 0.9, false},
		{Record{Name: "Some Other Name", Website: "https://www.hrw.org/fr"}, "Human Rights Watch", KindWebsite, 0.9, false},
		{Record{Name: "Human Right Watch", Website: "hrw.org"}, "Human Rights Watch", KindWebsite, AutoMergeScore, true},
		{Record{Name: "Oxfam Australia", Countries: []string{"AUS"}}, "Oxfam-Australia", KindSameName, AutoMergeScore, true},
		{Record{Name: "Reseau de developpement et de communications de la femme africaine", Countries: []string{"MLI"}}, "Réseau de Développement et de Communications de la Femme Africaine", KindSameName, AutoMergeScore, true},
		{Record{Name: "FEMNET", Countries: []string{"MLI"}}, "Réseau de Développement et de Communications de la Femme Africaine", KindAcronym, 0.88, false},
		{Record{Name: "African Women's Development and Communication Network", Countries: []string{"MLI"}}, "Réseau de Développement et de Communications de la Femme Africaine", KindAlias, AutoMergeScore, true},
		{Record{Name: "Amnistie Internationale"}, "Amnesty International", KindAlias, 0.95, false},
		{Record{Name: "Fédération mondiale des associations pour les Nations unies"}, "World Federation of United Nations Associations", KindAlias, 0.95, false},
		{Record{Name: "CUPPADL", Countries: []string{"LBR"}}, "Citizens United to Promote Peace and Democracy in Liberia", KindAcronym, 0.88, false},
		{Record{Name: "Citizens United to Promote Peace & Democracy in Liberia", Countries: []string{"LBR"}}, "Citizens United to Promote Peace and Democracy in Liberia", KindSameName, AutoMergeScore, true},
		{Record{Name: "The Lutheran Development Service", Acronym: "LDS", Countries: []string{"SWZ"}}, "Lutheran Development Service", KindSameName, AutoMergeScore, true},
		{Record{Name: "Human Rights Network - Uganda", Countries: []string{"UGA"}}, "HURINET", KindAlias, AutoMergeScore, true},
		{Record{Name: "Global Centre for the Responsability to Protect"}, "Global Centre for the Responsibility to Protect", KindSimilarName, 0.9, false},
		{Record{Name: "Genocide Alert", Countries: []string{"USA"}}, "", KindCountryConflict, 0, false},
		{Record{Name: "Red Cross", Countries: []string{"UGA"}}, "", KindCountryConflict, 0, false},
		{Record{Name: "West Africa Civil Society Forum", Countries: []string{"GHA"}}, "", "", 0, false},
		{Record{Name: "Oxfam International Kenya", Countries: []string{"KEN"}}, "", "", 0, false},
		{Record{Name: "International Action Network on Small Arms", Acronym: "IANSA"}, "", "", 0, false},
	} {
		got := ix.Candidates(c.query, ReviewScore)
		if c.want == "" {
			if len(got) > 0 {
				t.Errorf("Candidates(%q) = %q (%.3f, %v), want none", c.query.Name, got[0].B.Name, got[0].Score, got[0].Reasons)
			}
			if c.kind != "" {
				low := ix.Candidates(c.query, 0)
				if len(low) == 0 || !hasReason(low[0], c.kind) {
					t.Errorf("Candidates(%q, 0) = %v, want a %s", c.query.Name, low, c.kind)
				}
			}
			continue
		}
		if len(got) == 0 {
			t.Errorf("Candidates(%q) = none, want %q", c.query.Name, c.want)
			continue
		}
		best := got[0]
		if best.B.Name != c.want || !hasReason(best, c.kind) || best.Score < c.score || (best.Score >= AutoMergeScore) != c.auto {
			t.Errorf("Candidates(%q) best = %q %.3f %v, want %q, a %s, score ≥ %.2f, auto-merge %v",
				c.query.Name, best.B.Name, best.Score, best.Reasons, c.want, c.kind, c.score, c.auto)
		}
		if best.A.Name != c.query.Name || best.B.ID != registry[slices.IndexFunc(registry, func(r Record) bool { return r.Name == c.want })].ID {
			t.Errorf("Candidates(%q): A and B are %q and %d", c.query.Name, best.A.Name, best.B.ID)
		}
	}
}

func hasReason(m Match, kind string) bool {
	return slices.ContainsFunc(m.Reasons, func(r Reason) bool { return r.Kind == kind })
}

func TestOxfamAustraliaIsNotOxfamInternational(t *testing.T) {
	_, ix := seedIndex()
	for _, m := range ix.Candidates(Record{Name: "Oxfam-Australia", Countries: []string{"AUS"}}, 0.5) {
		if m.B.Name == "Oxfam International" && m.Score >= ReviewScore {
			t.Errorf("Oxfam-Australia matches Oxfam International at %.3f: %v", m.Score, m.Reasons)
		}
	}
	for _, m := range ix.Candidates(Record{Name: "Oxfam International"}, 0.5) {
		if m.B.Name == "Oxfam-Australia" && m.Score >= ReviewScore {
			t.Errorf("Oxfam International matches Oxfam-Australia at %.3f: %v", m.Score, m.Reasons)
		}
	}
}

func TestNationalChapter(t *testing.T) {
	ix := NewIndex([]Record{
		{ID: 1, Name: "Amani Peace Network"},
		{ID: 2, Name: "Umoja Women's Forum", Countries: []string{"UGA"}},
	})
	chapter := ix.Candidates(Record{Name: "Amani Peace Network Ghana", Countries: []string{"GHA"}}, 0)
	if len(chapter) == 0 || chapter[0].Score >= ReviewScore || !hasReason(chapter[0], KindCountryConflict) {
		t.Errorf("a national chapter: %v, want a country conflict below ReviewScore", chapter)
	}
	home := ix.Candidates(Record{Name: "Umoja Women's Forum Uganda", Countries: []string{"UGA"}}, ReviewScore)
	if len(home) == 0 || hasReason(home[0], KindCountryConflict) {
		t.Errorf("a name with its own country added: %v, want a match", home)
	}
}

func TestAmbiguousRecordsNeverMergeAlone(t *testing.T) {
	ix := NewIndex([]Record{
		{ID: 1, Name: "Peace Network", Countries: []string{"KEN"}},
		{ID: 2, Name: "Peace Network", Countries: []string{"KEN"}},
		{ID: 3, Name: "Peace Network", Countries: []string{"UGA"}},
	})
	got := ix.Candidates(Record{Name: "The Peace Network", Countries: []string{"KEN"}}, ReviewScore)
	if len(got) != 2 {
		t.Fatalf("got %d candidates, want the two in Kenya: %v", len(got), got)
	}
	for _, m := range got {
		if m.Score >= AutoMergeScore || !hasReason(m, KindAmbiguous) {
			t.Errorf("candidate %d: %.3f %v, want below AutoMergeScore, ambiguous", m.B.ID, m.Score, m.Reasons)
		}
	}
}

func TestCandidatesBestFirst(t *testing.T) {
	s := generate(7, 3000, 300)
	ix := NewIndex(s.registry)
	for _, ms := range ix.CandidatesAll(s.list, 0.5) {
		for i, m := range ms {
			if m.Score < 0.5 || m.Score > 1 {
				t.Errorf("score %.3f out of range", m.Score)
			}
			if i > 0 && ms[i-1].Score < m.Score {
				t.Errorf("candidates not best first: %.3f before %.3f", ms[i-1].Score, m.Score)
			}
			if len(m.Reasons) == 0 {
				t.Errorf("%q and %q: no reason", m.A.Name, m.B.Name)
			}
			for _, r := range m.Reasons {
				if r.Kind == "" || r.Detail == "" {
					t.Errorf("%q and %q: empty reason %+v", m.A.Name, m.B.Name, r)
				}
			}
		}
	}
}

// TestAutoMergeNeedsStrongEvidence checks the promise of AutoMergeScore on
// the planted set: a pair merged without a person has the same name or a
// registered alias in the same country, or two independent pieces of
// evidence among its name, an acronym both give and its website, and
// nothing against it.
func TestAutoMergeNeedsStrongEvidence(t *testing.T) {
	s := generate(11, 5000, 1000)
	ix := NewIndex(s.registry)
	for _, ms := range ix.CandidatesAll(s.list, AutoMergeScore) {
		for _, m := range ms {
			name := hasReason(m, KindSameName) || hasReason(m, KindAlias)
			independent := 0
			for _, has := range []bool{name || hasReason(m, KindSimilarName), hasReason(m, KindAcronym), hasReason(m, KindWebsite)} {
				if has {
					independent++
				}
			}
			strong := name && hasReason(m, KindSameCountry) || independent >= 2
			against := hasReason(m, KindCountryConflict) || hasReason(m, KindAcronymConflict) || hasReason(m, KindAmbiguous)
			if !strong || against {
				t.Errorf("%q and %q merge alone (%.3f): %v", m.A.Name, m.B.Name, m.Score, m.Reasons)
			}
		}
	}
}

func TestWithin(t *testing.T) {
	list := []Record{
		{ID: 1, Name: "Human Rights Watch"},
		{ID: 2, Name: "Genocide Alert", Countries: []string{"DEU"}},
		{ID: 3, Name: "HUMAN RIGHTS WATCH"},
		{ID: 4, Name: "Genocide Alert", Countries: []string{"USA"}},
		{ID: 5, Name: "Kofi Annan International Peacekeeping Training Centre", Acronym: "KAIPTC", Countries: []string{"GHA"}},
		{ID: 6, Name: "KAIPTC", Countries: []string{"GHA"}},
		{ID: 7, Name: "Citizens for Global Solutions", Website: "https://globalsolutions.org"},
		{ID: 8, Name: "Global Solutions", Website: "www.globalsolutions.org/about"},
		{ID: 9, Name: "Refugees International", Countries: []string{"USA"}},
	}
	var got []string
	for _, m := range Within(list, ReviewScore) {
		if m.A.ID >= m.B.ID {
			t.Errorf("pair %d, %d: A must come first in the list", m.A.ID, m.B.ID)
		}
		got = append(got, strings.Join([]string{m.A.Name, m.B.Name}, " = "))
	}
	slices.Sort(got)
	want := []string{
		"Citizens for Global Solutions = Global Solutions",
		"Human Rights Watch = HUMAN RIGHTS WATCH",
		"Kofi Annan International Peacekeeping Training Centre = KAIPTC",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Within = %q, want %q", got, want)
	}
}

func TestExact(t *testing.T) {
	registry := []Record{{ID: 1, Name: "Human Rights Watch"}, {ID: 2, Name: "Oxfam-Australia"}, {ID: 3, Name: "Oxfam Australia"}}
	list := []Record{{ID: 1, Name: "The Human Rights Watch"}, {ID: 2, Name: "OXFAM AUSTRALIA"}, {ID: 3, Name: "HRW"}}
	var got [][2]int64
	for _, m := range Exact(list, registry) {
		got = append(got, [2]int64{m.A.ID, m.B.ID})
		if m.Score != 1 || !hasReason(m, KindSameName) {
			t.Errorf("Exact pair %d, %d: %.2f %v", m.A.ID, m.B.ID, m.Score, m.Reasons)
		}
	}
	if want := [][2]int64{{1, 1}, {2, 2}, {2, 3}}; !slices.Equal(got, want) {
		t.Errorf("Exact = %v, want %v", got, want)
	}
}

func TestSpellsAcronym(t *testing.T) {
	for _, c := range []struct {
		acronym, name string
		want          bool
	}{
		{"hrw", "Human Rights Watch", true},
		{"hurinet", "Human Rights Network", true},
		{"cuppadl", "Citizens United to Promote Peace and Democracy in Liberia", true},
		{"adecop", "Action des jeunes pour le Développement Communautaire et la Paix", false},
		{"femnet", "Réseau de Développement et de Communications de la Femme Africaine", false},
		{"kaiptc", "Kofi Annan International Peacekeeping Training Centre", true},
		{"hrw", "Human Rights Working Group", false},
		{"x", "X Y", false},
	} {
		if got := spellsAcronym(c.acronym, Normalize(c.name)); got != c.want {
			t.Errorf("spellsAcronym(%q, %q) = %v, want %v", c.acronym, c.name, got, c.want)
		}
	}
}

func TestEmptyAndOddRecords(t *testing.T) {
	ix := NewIndex([]Record{{ID: 1}, {ID: 2, Name: "—"}, {ID: 3, Name: "The"}, {ID: 4, Name: "Peace", Aliases: []string{""}}})
	for _, r := range []Record{{}, {Name: "—"}, {Name: "The"}, {Name: "Peace"}, {Name: "P"}, {Website: "x"}} {
		for _, m := range ix.Candidates(r, 0) {
			if len(m.Reasons) == 0 {
				t.Errorf("Candidates(%q): %v without a reason", r.Name, m)
			}
		}
	}
	if got := Within(nil, 0); len(got) != 0 {
		t.Errorf("Within(nil) = %v", got)
	}
	if got := NewIndex(nil).Candidates(Record{Name: "Peace"}, 0); len(got) != 0 {
		t.Errorf("empty index gave %v", got)
	}
}
