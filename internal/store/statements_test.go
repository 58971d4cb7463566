package store_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// ga2009 is the General Assembly debate of 23–28 July 2009.
func ga2009() statement.Event {
	e := statement.Event{Body: statement.GAPlenary, Title: "Debate on the responsibility to protect", Start: "2009-07-23", End: "2009-07-28",
		Session: "63", Symbols: []string{"A/63/PV.99", "A/63/PV.97", " A/63/PV.98 "}}
	e.Normalize()
	return e
}

func createEvent(t *testing.T, s *store.Store, e statement.Event) statement.Event {
	t.Helper()
	var created statement.Event
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		created, err = tx.CreateEvent(ctx, "test", e)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return created
}

// addStatements prepares and stores list in ev.
func addStatements(t *testing.T, s *store.Store, ev statement.Event, list ...statement.Statement) store.StatementCounts {
	t.Helper()
	for i := range list {
		if err := list[i].Prepare(states.Default(), ev); err != nil {
			t.Fatalf("statement %d: %v", i, err)
		}
	}
	var n store.StatementCounts
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.AddStatements(ctx, "test", "test.txt", list)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestEvents(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := demo.Load(ctx, s); err != nil {
			t.Fatal(err)
		}
		c, err := s.CampaignBySlug(ctx, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		e := ga2009()
		e.Campaigns = []int64{c.ID}
		created := createEvent(t, s, e)
		if created.ID == 0 || created.Year != 2009 || !slices.Equal(created.Symbols, []string{"A/63/PV.97", "A/63/PV.98", "A/63/PV.99"}) ||
			!slices.Equal(created.Campaigns, []int64{c.ID}) {
			t.Fatalf("created %+v", created)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.CreateEvent(ctx, "test", e); return err })
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("the same event twice: %v, want ErrDuplicate", err)
		}
		bad := ga2009()
		bad.Title, bad.Campaigns = "Another", []int64{c.ID + 99}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.CreateEvent(ctx, "test", bad); return err })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown campaign: %v, want ErrNotFound", err)
		}
		got, err := s.Event(ctx, created.ID)
		if err != nil || got.Title != e.Title || got.Start != "2009-07-23" || got.End != "2009-07-28" || !slices.Equal(got.Campaigns, []int64{c.ID}) {
			t.Errorf("Event = %+v, %v", got, err)
		}
		if _, err := s.Event(ctx, created.ID+1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown event: %v", err)
		}
		ungdc := statement.Event{Body: statement.GAPlenary, Title: statement.GeneralDebateTitle(64), Year: 2009, Session: "64"}
		ungdc.Normalize()
		var first, again statement.Event
		var created1, created2 bool
		err = s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			if first, created1, err = tx.EnsureEvent(ctx, "test", ungdc); err != nil {
				return err
			}
			again, created2, err = tx.EnsureEvent(ctx, "test", ungdc)
			return err
		})
		if err != nil || !created1 || created2 || first.ID != again.ID || first.Title != "General Debate of the 64th session" {
			t.Errorf("EnsureEvent: %+v %v, %+v %v, %v", first, created1, again, created2, err)
		}
		addStatements(t, s, created, statement.Statement{Speaker: "SWE", Text: "Sweden speaks.", Date: "2009-07-24"})
		list, err := s.Events(ctx, store.EventFilter{Year: 2009})
		if err != nil || len(list) != 2 {
			t.Fatalf("Events = %+v, %v", list, err)
		}
		// Same year: the one with a start date first, by start date descending.
		if list[0].ID != created.ID || list[0].Statements != 1 || !slices.Equal(list[0].Campaigns, []int64{c.ID}) || list[1].Statements != 0 {
			t.Errorf("Events = %+v", list)
		}
		byCampaign, err := s.Events(ctx, store.EventFilter{Campaign: c.ID})
		if err != nil || len(byCampaign) != 1 || byCampaign[0].ID != created.ID {
			t.Errorf("Events(campaign) = %+v, %v", byCampaign, err)
		}
		moved := got
		moved.Start, moved.End, moved.Campaigns = "2009-07-25", "2009-07-28", nil
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.UpdateEvent(ctx, "test", moved); return err })
		var fe *statement.FieldError
		if !errors.As(err, &fe) || fe.Field != "start" {
			t.Errorf("moving the dates past a statement: %v", err)
		}
		moved.Start = "2009-07-23"
		var updated statement.Event
		err = s.Transact(ctx, func(tx *store.Tx) error { var err error; updated, err = tx.UpdateEvent(ctx, "test", moved); return err })
		if err != nil || len(updated.Campaigns) != 0 {
			t.Errorf("UpdateEvent = %+v, %v", updated, err)
		}
	})
}

func TestStatementsAreStoredOnceAndNeverChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ev := createEvent(t, s, ga2009())
		text := "\uFEFFMr. President,\r\n\r\n\r\nWe welcome the report A/63/677.  \r\nCafe\u0301 diplomacy.\r\n"
		turns := []statement.Statement{
			{Kind: statement.Official, SpeakerName: "The President", Procedural: true, SourceSymbol: "A/63/PV.97", Order: 1, Text: "I give the floor."},
			{Speaker: "GHA", SpeakerName: "Mr. Tachie-Menson", SourceSymbol: "A/63/PV.97", Order: 2, Language: "English", Text: text},
			{Kind: statement.Official, SpeakerName: "The President", Procedural: true, SourceSymbol: "A/63/PV.97", Order: 3, Text: "I give the floor."},
		}
		if n := addStatements(t, s, ev, turns...); n != (store.StatementCounts{Created: 3}) {
			t.Errorf("first import: %+v", n)
		}
		if n := addStatements(t, s, ev, turns...); n != (store.StatementCounts{Existing: 3}) {
			t.Errorf("second import: %+v", n)
		}
		file := statement.Statement{Speaker: "GHA", Text: text, SourceFile: "ghana.txt"}
		if n := addStatements(t, s, ev, file); n != (store.StatementCounts{Created: 1}) {
			t.Errorf("the text as a file: %+v", n)
		}
		if n := addStatements(t, s, ev, file); n != (store.StatementCounts{Existing: 1}) {
			t.Errorf("the same file again: %+v", n)
		}
		list, err := s.EventStatements(ctx, ev.ID)
		if err != nil || len(list) != 4 {
			t.Fatalf("EventStatements = %d, %v", len(list), err)
		}
		gha := list[1]
		want := "Mr. President,\n\nWe welcome the report A/63/677.\nCaf\u00e9 diplomacy."
		if gha.Text != want || gha.Hash != statement.Hash(want) || gha.Language != "en" || gha.Date != "2009-07-23" || gha.Year != 2009 || gha.Order != 2 {
			t.Errorf("stored %+v", gha)
		}
		if list[3].SourceFile != "ghana.txt" || list[3].Order != 0 {
			t.Errorf("the file's statement is not last: %+v", list[3])
		}
		got, err := s.Statement(ctx, gha.ID)
		if err != nil || got.Text != want {
			t.Errorf("Statement = %+v, %v", got, err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error {
			return store.ExecForTest(ctx, tx, `UPDATE statements SET text = 'changed' WHERE id = $1`, gha.ID)
		})
		if err == nil || !strings.Contains(err.Error(), "immutable") {
			t.Errorf("changing a text: %v, want the trigger's refusal", err)
		}
	})
}

func TestAdHocGroups(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		g := statement.AdHocGroup{Name: " Friends  of the draft ", Members: []string{"Chile", "ARG", "BRA", "chile"}, AsOf: "2009-07-23"}
		if err := g.Prepare(states.Default()); err != nil {
			t.Fatal(err)
		}
		var created statement.AdHocGroup
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			created, err = tx.CreateAdHocGroup(ctx, "test", g)
			return err
		})
		if err != nil || created.Name != "Friends of the draft" || !slices.Equal(created.Members, []string{"ARG", "BRA", "CHL"}) {
			t.Fatalf("created %+v, %v", created, err)
		}
		all, err := s.AdHocGroups(ctx)
		if err != nil || len(all) != 1 || all[created.ID].AsOf != "2009-07-23" {
			t.Errorf("AdHocGroups = %+v, %v", all, err)
		}
		ev := createEvent(t, s, ga2009())
		st := statement.Statement{Speaker: "CHL", OnBehalfOf: "list:99", Text: "On behalf of friends."}
		if err := st.Prepare(states.Default(), ev); err != nil {
			t.Fatal(err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, _, err := tx.AddStatement(ctx, st); return err })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an unknown list: %v", err)
		}
	})
}

func TestSearchStatements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ev := createEvent(t, s, ga2009())
		sc := statement.Event{Body: statement.SCOpenDebate, Title: "Protection of civilians", Start: "2011-05-10"}
		sc.Normalize()
		sc = createEvent(t, s, sc)
		addStatements(t, s, ev,
			statement.Statement{Speaker: "SWE", OnBehalfOf: "EU", Language: "en", Text: "The European Union supports the responsibility to protect and condemns genocide."},
			statement.Statement{Speaker: "SWE", Language: "en", Text: "Sweden adds that early warning matters."},
			statement.Statement{Speaker: "VEN", Language: "es", Text: "Venezuela rechaza la intervención; the responsibility to protect is a pretext."},
			statement.Statement{Kind: statement.Official, SpeakerName: "The President", Procedural: true, Text: "Genocide is on the agenda; I give the floor."},
		)
		addStatements(t, s, sc,
			statement.Statement{Speaker: "FRA", Language: "fr", Text: "La France condamne le genocide et les crimes de guerre."},
			statement.Statement{Speaker: "SWE", Language: "en", Text: "Protection of civilians and genocide prevention."},
		)
		search := func(q store.SearchQuery) []string {
			t.Helper()
			res, err := s.SearchStatements(ctx, q)
			if err != nil {
				t.Fatalf("%+v: %v", q, err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Statement.Speaker)
			}
			if res.Total != len(got) {
				t.Errorf("%+v: total %d, %d hits", q, res.Total, len(got))
			}
			slices.Sort(got)
			return got
		}
		for _, c := range []struct {
			q    store.SearchQuery
			want []string
		}{
			{store.SearchQuery{Query: "genocide"}, []string{"FRA", "SWE", "SWE"}},
			{store.SearchQuery{Query: `"responsibility to protect"`}, []string{"SWE", "VEN"}},
			{store.SearchQuery{Query: `"protect responsibility"`}, nil},
			{store.SearchQuery{Query: "genocide -civilians"}, []string{"FRA", "SWE"}},
			{store.SearchQuery{Query: "pretext OR warning"}, []string{"SWE", "VEN"}},
			{store.SearchQuery{Query: "genocide", State: "FRA"}, []string{"FRA"}},
			{store.SearchQuery{Query: "genocide", Body: statement.SCOpenDebate}, []string{"FRA", "SWE"}},
			{store.SearchQuery{Query: "genocide", YearFrom: 2010}, []string{"FRA", "SWE"}},
			{store.SearchQuery{Query: "genocide", YearTo: 2009}, []string{"SWE"}},
			{store.SearchQuery{Query: "genocide", Language: "fr"}, []string{"FRA"}},
			// The EU: the statement on its behalf, and its members' own (France, Sweden).
			{store.SearchQuery{Query: "genocide OR warning OR pretext", Group: states.GroupEuropeanUnion}, []string{"FRA", "SWE", "SWE", "SWE"}},
			{store.SearchQuery{Query: "genocide OR pretext", Group: states.GroupLatinAmerican}, []string{"VEN"}},
		} {
			if got := search(c.q); !slices.Equal(got, c.want) {
				t.Errorf("%+v: %v, want %v", c.q, got, c.want)
			}
		}
		res, err := s.SearchStatements(ctx, store.SearchQuery{Query: "pretext"})
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("pretext: %+v, %v", res, err)
		}
		h := res.Hits[0]
		if h.EventTitle != ev.Title || h.EventBody != statement.GAPlenary || h.Statement.Text != "" || len(h.Marks) != 1 ||
			h.Snippet[h.Marks[0][0]:h.Marks[0][1]] != "pretext" || !strings.Contains(h.Snippet, "Venezuela") {
			t.Errorf("hit %+v", h)
		}
		page, err := s.SearchStatements(ctx, store.SearchQuery{Query: "genocide", Limit: 2, Offset: 2})
		if err != nil || page.Total != 3 || len(page.Hits) != 1 {
			t.Errorf("second page: %+v, %v", page, err)
		}
		for _, q := range []string{"", "  - ", "-genocide", `""`} {
			if _, err := s.SearchStatements(ctx, store.SearchQuery{Query: q}); !errors.Is(err, store.ErrBadQuery) {
				t.Errorf("%q: %v, want ErrBadQuery", q, err)
			}
		}
		// Syntax that FTS5 would read as operators is searched as words.
		if got := search(store.SearchQuery{Query: `genocide AND NEAR( "crimes`}); got != nil {
			t.Errorf("operators as words: %v", got)
		}
	})
}
