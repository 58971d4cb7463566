package store_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func saveCoalition(t *testing.T, s *store.Store, c mailmerge.Coalition) {
	t.Helper()
	if err := s.Transact(ctx, func(tx *store.Tx) error { return tx.SaveCoalition(ctx, "user:1", c) }); err != nil {
		t.Fatal(err)
	}
}

// compactJSON is a JSON document without spaces, keys sorted, as
// PostgreSQL's jsonb and SQLite's text both read back the same way.
func compactJSON(t *testing.T, doc []byte) string {
	t.Helper()
	var v any
	if err := json.Unmarshal(doc, &v); err != nil {
		t.Fatalf("%s: %v", doc, err)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestCoalitionSettings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if _, err := s.Coalition(ctx); !errors.Is(err, store.ErrNotFound) {
			t.Fatalf("Coalition before any is stored: %v, want ErrNotFound", err)
		}
		logo := []byte("\x89PNG\r\n\x1a\nnot checked by the store")
		first := mailmerge.Coalition{Name: "Civil Society Coalition on R2P", Place: "New York", Signature: "The Secretariat", Logo: logo}
		saveCoalition(t, s, first)
		got, err := s.Coalition(ctx)
		if err != nil || got.Name != first.Name || got.Place != first.Place || got.Signature != first.Signature || !bytes.Equal(got.Logo, logo) {
			t.Fatalf("Coalition = %+v, %v; want %+v", got, err, first)
		}

		// Without a logo, the logo is gone; the one row is replaced.
		saveCoalition(t, s, mailmerge.Coalition{Name: "Coalition for R2P"})
		got, err = s.Coalition(ctx)
		if err != nil || got.Name != "Coalition for R2P" || got.Place != "" || got.Logo != nil {
			t.Fatalf("Coalition after the second save = %+v, %v", got, err)
		}

		events, err := s.AuditEvents(ctx, store.AuditFilter{Action: "settings.update"})
		if err != nil || len(events) != 2 {
			t.Fatalf("audit: %d events, %v", len(events), err)
		}
		const firstRecord = `{"logo":{"bytes":32,"sha256":"606a2c80f149918476ff2787e220b5dd42ff34fc07327a4b379770126bf21677"},"name":"Civil Society Coalition on R2P","place":"New York","signature":"The Secretariat"}`
		second, earlier := events[0], events[1]
		if earlier.Before != nil || compactJSON(t, earlier.After) != firstRecord || earlier.Subject != "settings:coalition" || earlier.Actor != "user:1" {
			t.Errorf("first event %+v, after %s", earlier, earlier.After)
		}
		if compactJSON(t, second.After) != `{"name":"Coalition for R2P","place":"","signature":""}` || compactJSON(t, second.Before) != firstRecord {
			t.Errorf("second event: before %s, after %s", second.Before, second.After)
		}
	})
}
