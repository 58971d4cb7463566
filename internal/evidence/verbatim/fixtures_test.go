package verbatim_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/verbatim"
)

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestConventions splits a made-up record that uses each convention once.
func TestConventions(t *testing.T) {
	rec, err := verbatim.Parse(readFixture(t, "conventions.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if rec.Symbol != "A/99/PV.7" || !rec.Date.Equal(time.Date(2026, 9, 8, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("symbol %q, date %v; want A/99/PV.7, 2026-09-08", rec.Symbol, rec.Date)
	}
	want := []verbatim.Turn{
		{Order: 1, Speaker: "The President", Language: "English", Procedural: true,
			Text: "I give the floor to the representative of the Syrian Arab Republic."},
		{Order: 2, Speaker: "Mr. Ja’afari", Affiliation: "Syrian Arab Republic", State: "SYR", Language: "English",
			Text: "We reject the international pressure and the so-called principle of non-intervention as others read it. The international community must act.\n\nOur second point is brief."},
		{Order: 3, Speaker: "Sir Emyr Jones Parry", Affiliation: "United Kingdom of Great Britain and Northern Ireland", State: "GBR", Language: "English",
			Text: "The United Kingdom supports the report of the Secretary-General."},
		{Order: 4, Speaker: "Mr. Delattre", Affiliation: "France", State: "FRA", Language: "French",
			Text: "France welcomes the report.\n\nWe will act."},
		{Order: 5, Speaker: "The Acting President", Language: "Spanish", Procedural: true,
			Text: "I now give the floor to the observer of the European Union."},
		{Order: 6, Speaker: "Mr. Serrano", Affiliation: "European Union", State: "EUU", Language: "English",
			Text: "The European Union aligns itself with the report."},
		{Order: 7, Speaker: "Archbishop Caccia", Affiliation: "Holy See", State: "VAT", Language: "Italian",
			Text: "The Holy See prays for peace.\n\n(interpretation from English)\n\nWe thank the President."},
		{Order: 8, Speaker: "Mr. Okio", Affiliation: "Congo", State: "COG", Language: "English", Text: "The Congo agrees."},
		{Order: 9, Speaker: "Mr. Lacroix", Language: "English", Text: "I thank the Council for this opportunity."},
		{Order: 10, Speaker: "Mr. Hilale", Affiliation: "Morocco", State: "MAR", Language: "French", Text: "Morocco agrees."},
		{Order: 11, Speaker: "Mr. Garayev", Affiliation: "Azerbaijan", Role: "Rapporteur of the Third Committee", Language: "English",
			Text: "I introduce the report."},
		{Order: 12, Speaker: "The Secretary-General", Language: "English", Text: "The Assembly has my report."},
		{Order: 13, Speaker: "The President", Affiliation: "Norway", State: "NOR", Language: "French",
			Text: "I shall now make a statement in my capacity as the representative of Norway.\n\nNorway supports the report."},
		{Order: 14, Speaker: "The President", Language: "French", Procedural: true,
			Text: "I now resume my functions as President of the General Assembly."},
	}
	compareTurns(t, rec.Turns, want)
}

// TestOldRecord reads headings of the 1980s, and resolves states as of the
// meeting: Yemen in 1985 is the Yemen Arab Republic.
func TestOldRecord(t *testing.T) {
	turns, err := verbatim.Split(readFixture(t, "old_1985.txt"))
	if err != nil {
		t.Fatal(err)
	}
	want := []verbatim.Turn{
		{Order: 1, Speaker: "The President", Language: "English", Procedural: true, Text: "The first speaker is the representative of Yemen."},
		{Order: 2, Speaker: "Mr. AL-ASHTAL", Affiliation: "Yemen", State: "YAR", Language: "English", Text: "Thank you, Sir."},
		{Order: 3, Speaker: "Mr. TROYANOVSKY", Affiliation: "Union of Soviet Socialist Republics", State: "SUN", Language: "Russian",
			Text: "The Soviet delegation speaks."},
		{Order: 4, Speaker: "The President", Language: "English", Procedural: true, Text: "I thank him."},
	}
	compareTurns(t, turns, want)
}

func TestNoTurns(t *testing.T) {
	for _, text := range []string{"", "Dear friends,\n\nThe President of the Assembly spoke at length.\n", "\f\f\n"} {
		if _, err := verbatim.Split(text); !errors.Is(err, verbatim.ErrNoTurns) {
			t.Errorf("Split(%q): err = %v, want ErrNoTurns", text, err)
		}
	}
}

func TestNotHeadings(t *testing.T) {
	text := "The President: We begin.\n" +
		"Mr. President: you are most kind.\n" +
		"Mr. Volker Türk will properly address everything.\n" +
		"At the invitation of the President, Mr. Peleg (Israel)\n" +
		"took a seat at the Council table; Mr. Al-Khalifa\n" +
		"(Qatar) took the seat reserved for him.\n" +
		"Draft resolution I was adopted by the Third Committee without objection.\n"
	turns, err := verbatim.Split(text)
	if err != nil {
		t.Fatal(err)
	}
	want := []verbatim.Turn{{Order: 1, Speaker: "The President", Language: "English", Procedural: true,
		Text: "We begin. Mr. President: you are most kind. Mr. Volker Türk will properly address everything. Draft resolution I was adopted by the Third Committee without objection."}}
	compareTurns(t, turns, want)
}

func compareTurns(t *testing.T, got, want []verbatim.Turn) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		switch {
		case i >= len(got):
			t.Errorf("turn %d missing, want %+v", i+1, want[i])
		case i >= len(want):
			t.Errorf("extra turn %d: %+v", i+1, got[i])
		case got[i] != want[i]:
			t.Errorf("turn %d:\n got %+v\nwant %+v", i+1, got[i], want[i])
		}
	}
}
