package recode_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"reflect"
	"slices"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

var ctx = context.Background()

var texts = []string{
	"We reaffirm our commitment to the responsibility to protect as agreed in 2005.",
	"The prevention of genocide requires early warning.",
	"We thank the Secretary-General.",
}

func debate(t *testing.T, s *store.Store) statement.Event {
	t.Helper()
	e := statement.Event{Body: statement.GAPlenary, Title: "Debate on the responsibility to protect", Start: "2009-07-23", Session: "63"}
	e.Normalize()
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		if e, err = tx.CreateEvent(ctx, "test", e); err != nil {
			return err
		}
		list := make([]statement.Statement, len(texts))
		for i, text := range texts {
			list[i] = statement.Statement{Speaker: []string{"SWE", "FRA", "GHA"}[i], Order: i + 1, Text: text}
			if err := list[i].Prepare(states.Default(), e); err != nil {
				return err
			}
		}
		_, err = tx.AddStatements(ctx, "test", "test", list)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCodeStaleThenRecodeOnNewVersion(t *testing.T) {
	s := storetest.SQLite(t)
	ev := debate(t, s)
	c := recode.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	n, err := c.CodeStale(ctx, ev.ID)
	if err != nil || n != 3 {
		t.Fatalf("CodeStale = %d, %v; want 3", n, err)
	}
	if n, _ := c.CodeStale(ctx, 0); n != 0 {
		t.Errorf("CodeStale again = %d, want 0", n)
	}
	units, err := s.CodingUnits(ctx, ev.ID)
	if err != nil {
		t.Fatal(err)
	}
	def := codebook.Default()
	for _, u := range units {
		want := coding.FromResult(u.Statement.ID, def.Stamp(), codebook.Code(def, []byte(u.Statement.Text)))
		u.Auto.CodedAt = want.CodedAt
		if !slices.Equal(u.Auto.Codes, want.Codes) || u.Auto.Stamp != want.Stamp || u.Auto.Stance != want.Stance {
			t.Errorf("statement %d: stored %+v, want %+v", u.Statement.ID, u.Auto, want)
		}
	}
	if got := units[1].Auto.Present(); !reflect.DeepEqual(got, []string{"early_warning", "genocide"}) {
		t.Errorf("the French statement's codes: %v", got)
	}

	source := bytes.Replace(codebook.DefaultSource(), []byte(`version: "2009.1"`), []byte(`version: "2009.2"`), 1)
	v, _, err := coding.NewCodebookVersion("edited.yaml", source, "user:1")
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SaveCodebook(ctx, "user:1", v); return err }); err != nil {
		t.Fatal(err)
	}
	var seen []int64
	n, err = c.Code(ctx, store.CodeFilter{Stale: v.Stamp()}, func(x recode.Coded) error {
		seen = append(seen, x.Auto.StatementID)
		if x.Auto.Stamp != v.Stamp() {
			t.Errorf("statement %d coded with %s, want %s", x.Auto.StatementID, x.Auto.Stamp, v.Stamp())
		}
		return nil
	})
	if err != nil || n != 3 || len(seen) != 3 {
		t.Fatalf("recoding after a new version: %d (%v), %v", n, seen, err)
	}
	stale, _ := s.StatementsToCode(ctx, store.CodeFilter{Stale: v.Stamp()})
	if len(stale) != 0 {
		t.Errorf("%d statements still stale", len(stale))
	}
}
