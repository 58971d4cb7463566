package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

var ctx = context.Background()

func fixedClock(t time.Time) storetest.Option {
	return func(o *store.Options) { o.Now = func() time.Time { return t } }
}

func record(t testing.TB, s *store.Store, e audit.Event) int64 {
	t.Helper()
	var id int64
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.RecordAudit(ctx, e)
		return err
	})
	if err != nil {
		t.Fatalf("record %s: %v", e.Action, err)
	}
	return id
}

func TestMigrateIsIdempotent(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		applied, err := s.Migrate(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(applied) != 0 {
			t.Errorf("second Migrate applied %v, want nothing", applied)
		}
		current, latest, err := s.SchemaVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if current != latest || latest < 1 {
			t.Errorf("schema version %d, latest %d: want equal and >= 1", current, latest)
		}
	})
}

func TestAuditRoundTrip(t *testing.T) {
	at := time.Date(2009, 7, 20, 9, 30, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		first := record(t, s, audit.Event{Actor: "cli", Action: "schema.migrate", Subject: "schema", After: json.RawMessage(`{"version":1}`)})
		second := record(t, s, audit.Event{Actor: "user:7", Action: "organization.update", Subject: "organization:42",
			Before: json.RawMessage(`{"name":"Oxfam"}`), After: json.RawMessage(`{"name":"Oxfam International"}`)})

		got, err := s.AuditEvents(ctx, store.AuditFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].ID != second || got[1].ID != first {
			t.Fatalf("AuditEvents = %+v, want ids %d then %d", got, second, first)
		}
		e := got[0]
		if !e.At.Equal(at) || e.Actor != "user:7" || e.Action != "organization.update" || e.Subject != "organization:42" {
			t.Errorf("event = %+v", e)
		}
		assertJSON(t, e.Before, `{"name":"Oxfam"}`)
		assertJSON(t, e.After, `{"name":"Oxfam International"}`)
		if got[1].Before != nil {
			t.Errorf("empty Before came back as %q, want nil", got[1].Before)
		}

		for _, tc := range []struct {
			f    store.AuditFilter
			want []int64
		}{
			{store.AuditFilter{Actor: "cli"}, []int64{first}},
			{store.AuditFilter{Action: "organization.update"}, []int64{second}},
			{store.AuditFilter{BeforeID: second}, []int64{first}},
			{store.AuditFilter{Limit: 1}, []int64{second}},
			{store.AuditFilter{Actor: "nobody"}, nil},
		} {
			events, err := s.AuditEvents(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if ids := eventIDs(events); fmt.Sprint(ids) != fmt.Sprint(tc.want) {
				t.Errorf("AuditEvents(%+v) = %v, want %v", tc.f, ids, tc.want)
			}
		}
		if n, err := s.CountAudit(ctx); err != nil || n != 2 {
			t.Errorf("CountAudit = %d, %v; want 2", n, err)
		}
	}, fixedClock(at))
}

func TestRecordAuditRejectsInvalidJSON(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		err := s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.RecordAudit(ctx, audit.Event{Actor: "cli", Action: "x.y", Subject: "s:1", After: json.RawMessage(`{"broken"`)})
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "after is not valid JSON") {
			t.Fatalf("err = %v, want one naming the after field", err)
		}
		if n, _ := s.CountAudit(ctx); n != 0 {
			t.Errorf("%d events stored after a rejected write, want 0", n)
		}
	})
}

func TestTransactKeepsNothingOnError(t *testing.T) {
	errStop := errors.New("stop")
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		err := s.Transact(ctx, func(tx *store.Tx) error {
			if _, err := tx.RecordAudit(ctx, audit.Event{Actor: "cli", Action: "a.b"}); err != nil {
				return err
			}
			return fmt.Errorf("after the write: %w", errStop)
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Transact = %v, want the function's error", err)
		}
		if n, _ := s.CountAudit(ctx); n != 0 {
			t.Errorf("%d events kept from a failed transaction, want 0", n)
		}
	})
}

// TestSerializationConflictIsRetried provokes a write skew: two
// transactions each read the count and then insert. Under SERIALIZABLE one
// of them must fail and be run again by Transact.
func TestSerializationConflictIsRetried(t *testing.T) {
	s := storetest.Postgres(t)
	var bothRead sync.WaitGroup
	bothRead.Add(2)
	var errs [2]error
	var wg sync.WaitGroup
	for i := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			first := true
			errs[i] = s.Transact(ctx, func(tx *store.Tx) error {
				n, err := tx.CountAuditAction(ctx, "skew")
				if err != nil {
					return err
				}
				if first {
					first = false
					bothRead.Done()
					bothRead.Wait()
				}
				_, err = tx.RecordAudit(ctx, audit.Event{Actor: "cli", Action: "skew", Subject: fmt.Sprint(n)})
				return err
			})
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("transaction %d: %v", i, err)
		}
	}
	if st := s.Stats(); st.Retries < 1 || st.Transactions != 2 {
		t.Errorf("stats = %+v, want at least one retry and 2 transactions", st)
	}
	events, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "skew"})
	if subjects := []string{events[1].Subject, events[0].Subject}; fmt.Sprint(subjects) != "[0 1]" {
		t.Errorf("the two transactions saw counts %v, want [0 1]: the retry must see the first commit", subjects)
	}
}

func TestOpenErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "no-such-dir", "r2p.db")
	for _, tc := range []struct {
		name string
		opts store.Options
		want string
	}{
		{"missing directory", store.Options{Path: missing}, "no-such-dir does not exist"},
		{"both", store.Options{Path: "x.db", URL: "postgres://h/db"}, "choose one"},
		{"neither", store.Options{}, "no database"},
		{"bad password is not shown", store.Options{URL: "postgres://u:secret@127.0.0.1:1/db?connect_timeout=1"}, "u:xxxxx@127.0.0.1:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := store.Open(ctx, tc.opts)
			if err == nil {
				s.Close()
				t.Fatal("Open succeeded")
			}
			if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "secret") {
				t.Errorf("err = %v, want it to contain %q and no password", err, tc.want)
			}
		})
	}
}

func TestTransactAfterClose(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		err := s.Transact(ctx, func(tx *store.Tx) error { return nil })
		if err == nil {
			t.Fatal("Transact after Close succeeded")
		}
	})
}

func eventIDs(events []audit.Event) []int64 {
	var ids []int64
	for _, e := range events {
		ids = append(ids, e.ID)
	}
	return ids
}

func assertJSON(t *testing.T, got json.RawMessage, want string) {
	t.Helper()
	var g, w any
	if err := json.Unmarshal(got, &g); err != nil {
		t.Fatalf("stored JSON %q: %v", got, err)
	}
	json.Unmarshal([]byte(want), &w)
	if fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("JSON = %s, want %s", got, want)
	}
}
