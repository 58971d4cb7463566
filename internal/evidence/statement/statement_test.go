package statement_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
)

var table = states.Default()

func debate() statement.Event {
	e := statement.Event{ID: 1, Body: statement.GAPlenary, Title: "Debate on the responsibility to protect", Start: "2009-07-23", End: "2009-07-28"}
	e.Normalize()
	return e
}

func prepared(t *testing.T, list ...statement.Statement) []statement.Statement {
	t.Helper()
	for i := range list {
		list[i].ID = int64(i + 1)
		if err := list[i].Prepare(table, debate()); err != nil {
			t.Fatalf("statement %d: %v", i+1, err)
		}
	}
	return list
}

func row(t statement.Tally, code string) statement.StateCount {
	for _, r := range t.States {
		if r.State == code {
			return r
		}
	}
	return statement.StateCount{State: code}
}

func TestCountJointStatements(t *testing.T) {
	list := prepared(t,
		statement.Statement{Speaker: "EUU", OnBehalfOf: "EU", Date: "2009-07-23", Text: "On behalf of the European Union and its member States."},
		statement.Statement{Speaker: "SWE", Date: "2009-07-23", Text: "Sweden, in its national capacity."},
		statement.Statement{Kind: statement.Official, SpeakerName: "The President", Procedural: true, Text: "I give the floor."},
	)
	tally, err := statement.Count(table, nil, list)
	if err != nil {
		t.Fatal(err)
	}
	swe := row(tally, "SWE")
	if swe.National != 1 || swe.Represented != 1 || swe.Delivered != 0 || swe.Total != 2 || !slices.Equal(swe.Groups, []string{"European Union"}) {
		t.Errorf("Sweden: %+v, want 1 national, 1 represented", swe)
	}
	fra := row(tally, "FRA")
	if fra.National != 0 || fra.Represented != 1 || fra.Total != 1 {
		t.Errorf("France: %+v", fra)
	}
	if hrv := row(tally, "HRV"); hrv.Represented != 0 {
		t.Errorf("Croatia joined the EU in 2013, yet: %+v", hrv)
	}
	// 27 EU members in July 2009; the EU itself is not a state.
	if tally.Statements != 2 || tally.Speakers != 2 || tally.Joint != 1 || tally.StatesSpeaking != 1 ||
		tally.StatesRepresented != 27 || tally.GroupMembers["European Union"] != 27 {
		t.Errorf("tally %+v", tally)
	}
}

func TestCountAStateDeliveringForItsGroup(t *testing.T) {
	lists := map[int64]statement.AdHocGroup{7: {ID: 7, Name: "Friends", Members: []string{"ARG", "CHL"}, AsOf: "2009-07-23"}}
	list := prepared(t,
		statement.Statement{Speaker: "SWE", OnBehalfOf: "Nordic countries", Text: "On behalf of the Nordic countries."},
		statement.Statement{Speaker: "SWE", Text: "And for Sweden."},
		statement.Statement{Speaker: "CHL", OnBehalfOf: "list:7", Text: "On behalf of a group of friends."},
	)
	tally, err := statement.Count(table, lists, list)
	if err != nil {
		t.Fatal(err)
	}
	if swe := row(tally, "SWE"); swe.National != 1 || swe.Delivered != 1 || swe.Represented != 1 || swe.Total != 2 {
		t.Errorf("Sweden: %+v, want 1 national, 1 delivered, 1 represented, 2 in all", swe)
	}
	if nor := row(tally, "NOR"); nor.Represented != 1 || nor.Total != 1 {
		t.Errorf("Norway: %+v", nor)
	}
	if arg := row(tally, "ARG"); arg.Represented != 1 || !slices.Equal(arg.Groups, []string{"list:7"}) {
		t.Errorf("Argentina: %+v", arg)
	}
	if tally.StatesSpeaking != 2 || tally.StatesRepresented != 7 || tally.GroupMembers["list:7"] != 2 {
		t.Errorf("tally %+v", tally)
	}
	if _, err := statement.Count(table, nil, list); err == nil {
		t.Error("an unknown ad hoc list was counted")
	}
}

func TestPrepareErrors(t *testing.T) {
	for _, c := range []struct {
		st    statement.Statement
		field string
	}{
		{statement.Statement{Text: "x"}, "speaker"},
		{statement.Statement{Speaker: "XYZ", Text: "x"}, "speaker"},
		{statement.Statement{Speaker: "FRA", Kind: statement.Official, Text: "x"}, "speaker_kind"},
		{statement.Statement{Speaker: "FRA", OnBehalfOf: "The Avengers", Text: "x"}, "on_behalf_of"},
		{statement.Statement{Speaker: "FRA", Language: "Klingon", Text: "x"}, "language"},
		{statement.Statement{Speaker: "FRA", Date: "23/07/2009", Text: "x"}, "date"},
		{statement.Statement{Speaker: "FRA", Date: "2009-08-01", Text: "x"}, "date"},
		{statement.Statement{Speaker: "FRA", SourceURL: "ftp://un.org/x", Text: "x"}, "source"},
		{statement.Statement{Speaker: "FRA", Text: " \r\n\t "}, "text"},
	} {
		err := c.st.Prepare(table, debate())
		var fe *statement.FieldError
		if !errors.As(err, &fe) || fe.Field != c.field {
			t.Errorf("%+v: %v, want an error in %s", c.st, err, c.field)
		}
	}
	noDate := statement.Event{ID: 2, Body: statement.GAPlenary, Title: "General Debate", Year: 1990}
	st := statement.Statement{Speaker: "FRA", OnBehalfOf: "EU", Text: "x"}
	if err := st.Prepare(table, noDate); err == nil {
		t.Error("a joint statement without a date was accepted")
	}
}

func TestPrepareResolves(t *testing.T) {
	st := statement.Statement{Speaker: "SG", OnBehalfOf: "nam", Language: "French", Text: "x", Date: "2009-07-24"}
	if err := st.Prepare(table, debate()); err != nil {
		t.Fatal(err)
	}
	if st.Kind != statement.Official || st.SpeakerTitle != "Secretary-General" || st.OnBehalfOf != "Non-Aligned Movement" || st.Language != "fr" || st.Year != 2009 {
		t.Errorf("prepared %+v", st)
	}
	eu := statement.Statement{Speaker: "EUU", Text: "x"}
	if err := eu.Prepare(table, debate()); err != nil || eu.Kind != statement.Organization || eu.Date != "2009-07-23" {
		t.Errorf("EU: %+v, %v", eu, err)
	}
	for name, want := range map[string]string{"France": "FRA", "fra": "FRA", "the African Union": "AU", "Secretary-General": "SG", "USSR": "SUN", "European Union": "EUU"} {
		if _, code, err := statement.ResolveSpeaker(table, name); err != nil || code != want {
			t.Errorf("ResolveSpeaker(%q) = %q, %v; want %s", name, code, err, want)
		}
	}
}

func TestDedupKey(t *testing.T) {
	turn := statement.Statement{Speaker: "FRA", SourceSymbol: "A/63/PV.97", Order: 12, Hash: "abc"}
	file := statement.Statement{Speaker: "FRA", Hash: "abc"}
	anonymous := statement.Statement{Kind: statement.Organization, SpeakerName: "Global Centre", Hash: "abc"}
	for st, want := range map[*statement.Statement]string{&turn: "turn:A/63/PV.97#12", &file: "text:FRA:abc", &anonymous: "text:organization:global centre:abc"} {
		if got := st.DedupKey(); got != want {
			t.Errorf("DedupKey = %q, want %q", got, want)
		}
	}
}

func TestEventValidate(t *testing.T) {
	e := statement.Event{Body: "plenary", Title: "x", Start: "2009-07-23"}
	e.Normalize()
	var fe *statement.FieldError
	if err := e.Validate(); !errors.As(err, &fe) || fe.Field != "body" {
		t.Errorf("body: %v", err)
	}
	e = statement.Event{Body: statement.GAPlenary, Title: "x", Start: "2009-07-23", End: "2009-07-22"}
	e.Normalize()
	if err := e.Validate(); !errors.As(err, &fe) || fe.Field != "end" {
		t.Errorf("end: %v", err)
	}
	e = statement.Event{Body: statement.GAPlenary, Title: "x", Symbols: []string{"A/63/PV.97", "not a symbol"}, Year: 2009}
	e.Normalize()
	if err := e.Validate(); !errors.As(err, &fe) || fe.Field != "symbols" {
		t.Errorf("symbols: %v", err)
	}
	e = statement.Event{Body: statement.GAPlenary, Title: "x"}
	if err := e.Validate(); !errors.As(err, &fe) || fe.Field != "year" {
		t.Errorf("no date nor year: %v", err)
	}
}

func TestOrdinal(t *testing.T) {
	for n, want := range map[int]string{1: "1st", 2: "2nd", 3: "3rd", 4: "4th", 11: "11th", 12: "12th", 13: "13th", 21: "21st", 64: "64th", 101: "101st", 111: "111th"} {
		if got := statement.Ordinal(n); got != want {
			t.Errorf("Ordinal(%d) = %s, want %s", n, got, want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"\uFEFF\n\n  Hello,  \r\n\r\n\r\n\rworld\x00.\t\n\n": "  Hello,\n\nworld.",
		"Cafe\u0301":     "Caf\u00e9",
		"a\u00a0\nb":     "a\nb",
		"bad \xff byte":  "bad \uFFFD byte",
		"keep\ttabs\tin": "keep\ttabs\tin",
	} {
		if got := statement.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"Hello\r\nworld", "\uFEFF a \u0301\n\n\n", "x\u00a0\u0301 \n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		once := statement.Normalize(s)
		if twice := statement.Normalize(once); twice != once {
			t.Errorf("Normalize is not idempotent on %q: %q then %q", s, once, twice)
		}
	})
}

func TestDetectOnBehalfOf(t *testing.T) {
	for text, want := range map[string]string{
		"I have the honour to speak on behalf of the European Union. The candidate countries align themselves.": "European Union",
		"Mr. President, I speak on behalf of the Non-Aligned Movement, which welcomes the debate.":              "Non-Aligned Movement",
		"J'ai l'honneur de prendre la parole au nom du Groupe des États d'Afrique.":                             "African",
		"Hablo en nombre del Movimiento de Países No Alineados.":                                                "Non-Aligned Movement",
		"I speak on behalf of my Government.":                                                                   "",
		"On behalf of the Nordic countries — Denmark, Finland, Iceland, Norway and Sweden — I thank you.":       "Nordic countries",
	} {
		if got := statement.DetectOnBehalfOf(table, text); got != want {
			t.Errorf("DetectOnBehalfOf(%q) = %q, want %q", text, got, want)
		}
	}
}

// TestDisplayNameOfAnOfficial: "SG" is the Secretary-General's code and
// Singapore's ISO 3166 alpha-2 code; an official is never looked up among
// the states.
func TestDisplayNameOfAnOfficial(t *testing.T) {
	sg := statement.Statement{Kind: statement.Official, Speaker: "SG", SpeakerTitle: "Secretary-General"}
	if got := sg.DisplayName(states.Default()); got == "Singapore" || got == "" {
		t.Errorf("the Secretary-General is shown as %q", got)
	}
	if _, ok := sg.ReferenceEntry(states.Default()); ok {
		t.Error("the Secretary-General has an entry among the states")
	}
	gha := statement.Statement{Kind: statement.State, Speaker: "GHA"}
	if got := gha.DisplayName(states.Default()); got != "Ghana" {
		t.Errorf("Ghana is shown as %q", got)
	}
}
