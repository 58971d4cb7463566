package store_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func transact(t *testing.T, s *store.Store, fn func(tx *store.Tx) error) {
	t.Helper()
	if err := s.Transact(ctx, fn); err != nil {
		t.Fatal(err)
	}
}

func TestCodebookVersions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := s.ActiveCodebook(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("ActiveCodebook on a new database: %v, want ErrNotFound", err)
		}
		def := coding.DefaultVersion()
		var first, again coding.CodebookVersion
		transact(t, s, func(tx *store.Tx) (err error) { first, err = tx.EnsureCodebook(ctx, def); return err })
		transact(t, s, func(tx *store.Tx) (err error) { again, err = tx.EnsureCodebook(ctx, def); return err })
		if first.ID != 1 || !first.Active || first.Stamp() != def.Stamp() || again.ID != 1 {
			t.Fatalf("EnsureCodebook: %+v then %+v", first, again)
		}
		next := def
		next.Version, next.Hash = "2009.2", "ab"+def.Hash[2:]
		transact(t, s, func(tx *store.Tx) (err error) { _, err = tx.SaveCodebook(ctx, "user:1", next); return err })
		active, err := s.ActiveCodebook(ctx)
		if err != nil || active.ID != 2 || active.Version != "2009.2" || active.CreatedBy != "user:1" || active.Source != def.Source {
			t.Fatalf("active after a save: %+v, %v", active, err)
		}
		list, err := s.Codebooks(ctx)
		if err != nil || len(list) != 2 || list[0].ID != 2 || list[1].Active {
			t.Fatalf("Codebooks: %+v, %v", list, err)
		}
	})
}

// TestCountStatementsToCode counts what StatementsToCode returns, but for
// the limit: by event, by stamp and after an id.
func TestCountStatementsToCode(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ev := createEvent(t, s, ga2009())
		other := ga2009()
		other.Title, other.Symbols = "Another debate", nil
		other = createEvent(t, s, other)
		addStatements(t, s, ev,
			statement.Statement{Speaker: "SWE", Order: 1, Text: "Sweden supports early warning."},
			statement.Statement{Speaker: "FRA", Order: 2, Text: "La France soutient la responsabilité de protéger."})
		addStatements(t, s, other, statement.Statement{Speaker: "GHA", Order: 1, Text: "Ghana speaks."})
		first, err := s.StatementsToCode(ctx, store.CodeFilter{Limit: 1})
		if err != nil || len(first) != 1 {
			t.Fatalf("StatementsToCode limit 1: %v, %v", first, err)
		}
		auto := coding.Auto{StatementID: first[0].ID, Stamp: "1@x", Stance: "mention", StanceRule: "stance_rules[1]"}
		transact(t, s, func(tx *store.Tx) error { return tx.SaveAutoCoding(ctx, auto) })
		for _, c := range []struct {
			f    store.CodeFilter
			want int
		}{
			{store.CodeFilter{}, 3},
			{store.CodeFilter{Limit: 1}, 3},
			{store.CodeFilter{Event: ev.ID}, 2},
			{store.CodeFilter{Event: other.ID}, 1},
			{store.CodeFilter{Event: other.ID + 1}, 0},
			{store.CodeFilter{Stale: "1@x"}, 2},
			{store.CodeFilter{Stale: "2@y"}, 3},
			{store.CodeFilter{Event: ev.ID, Stale: "1@x"}, 1},
			{store.CodeFilter{After: first[0].ID}, 2},
		} {
			if n, err := s.CountStatementsToCode(ctx, c.f); err != nil || n != c.want {
				t.Errorf("CountStatementsToCode(%+v) = %d, %v; want %d", c.f, n, err, c.want)
			}
		}
	})
}

func TestAutoCodesDecisionsAndSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ev := createEvent(t, s, ga2009())
		addStatements(t, s, ev,
			statement.Statement{Speaker: "SWE", Order: 2, Text: "Sweden supports early warning."},
			statement.Statement{Speaker: "FRA", Order: 1, Text: "La France soutient la responsabilité de protéger."},
			statement.Statement{Kind: statement.Official, SpeakerName: "The President", Procedural: true, Order: 3, Text: "I give the floor."})
		stale, err := s.StatementsToCode(ctx, store.CodeFilter{Event: ev.ID, Stale: "1@x"})
		if err != nil || len(stale) != 3 {
			t.Fatalf("StatementsToCode before coding: %v, %v", stale, err)
		}
		swe := stale[0].ID
		auto := coding.Auto{StatementID: swe, Stamp: "1@x", Stance: "mention", StanceRule: "stance_rules[1]",
			Codes: []coding.Code{{Category: "proposals", Code: "early_warning", Start: 16, End: 29, Rule: "early_warning.include.en[0]"}}}
		transact(t, s, func(tx *store.Tx) error { return tx.SaveAutoCoding(ctx, auto) })
		auto.Stance = "supports"
		transact(t, s, func(tx *store.Tx) error { return tx.SaveAutoCoding(ctx, auto) }) // replaces, no duplicate codes
		stale, _ = s.StatementsToCode(ctx, store.CodeFilter{Event: ev.ID, Stale: "1@x"})
		if len(stale) != 2 || stale[0].ID == swe {
			t.Fatalf("StatementsToCode after coding one: %v", stale)
		}
		if all, _ := s.StatementsToCode(ctx, store.CodeFilter{After: swe, Limit: 1}); len(all) != 1 || all[0].ID != swe+1 {
			t.Fatalf("StatementsToCode after %d limit 1: %v", swe, all)
		}
		transact(t, s, func(tx *store.Tx) error {
			if _, err := tx.AddDecision(ctx, coding.Decision{StatementID: swe, Coder: "user:1", Code: "early_warning", Verdict: coding.Reject}); err != nil {
				return err
			}
			if _, err := tx.AddDecision(ctx, coding.Decision{StatementID: swe, Coder: "user:2", Code: "pillar2", Verdict: coding.Add, Start: 0, End: 6, Blind: true}); err != nil {
				return err
			}
			_, err := tx.SaveSession(ctx, coding.Session{StatementID: swe, Coder: "user:2", Blind: true, Stance: "supports"})
			return err
		})
		err = s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.AddDecision(ctx, coding.Decision{StatementID: swe, Coder: "user:1", Code: "x", Verdict: coding.Reject, Start: 0, End: 3})
			return err
		})
		if err == nil {
			t.Error("a reject with evidence was stored")
		}
		u, err := s.CodingUnit(ctx, swe)
		if err != nil {
			t.Fatal(err)
		}
		if u.Auto.Stance != "supports" || !reflect.DeepEqual(u.Auto.Codes, auto.Codes) {
			t.Errorf("CodingUnit auto = %+v", u.Auto)
		}
		if len(u.Decisions) != 2 || u.Decisions[0].Verdict != coding.Reject || u.Decisions[0].End != 0 ||
			u.Decisions[1].Start != 0 || u.Decisions[1].End != 6 || !u.Decisions[1].Blind {
			t.Errorf("CodingUnit decisions = %+v", u.Decisions)
		}
		if len(u.Sessions) != 1 || u.Sessions[0].Stance != "supports" {
			t.Errorf("CodingUnit sessions = %+v", u.Sessions)
		}
		units, err := s.CodingUnits(ctx, ev.ID)
		if err != nil || len(units) != 2 || units[0].Statement.Speaker != "FRA" || units[1].Statement.ID != swe ||
			!reflect.DeepEqual(units[1].Decisions, u.Decisions) || units[0].Auto.Stamp != "" {
			t.Fatalf("CodingUnits = %+v, %v", units, err)
		}
		p, err := s.NextToCode(ctx, ev.ID, "user:2", true)
		if err != nil || p != (store.CodingProgress{Total: 2, Done: 1, Next: units[0].Statement.ID}) {
			t.Errorf("NextToCode(user:2, blind) = %+v, %v", p, err)
		}
		p, _ = s.NextToCode(ctx, ev.ID, "user:2", false)
		if p != (store.CodingProgress{Total: 2, Done: 0, Next: units[0].Statement.ID}) {
			t.Errorf("NextToCode(user:2, not blind) = %+v", p)
		}
	})
}
