package store_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// Migration 00017 links the confirmations already in the outbox to their
// signatures, and empties those of contacts erased before it; letters to
// missions and other mail stay as they were.
func TestMigration17LinksAndErasesOldConfirmations(t *testing.T) {
	for dialect, opts := range map[string]func(t *testing.T) store.Options{
		"sqlite":   func(t *testing.T) store.Options { return store.Options{Path: filepath.Join(t.TempDir(), "r2p.db")} },
		"postgres": func(t *testing.T) store.Options { return store.Options{URL: storetest.PostgresURL(t)} },
	} {
		t.Run(dialect, func(t *testing.T) {
			s, err := store.Open(ctx, opts(t))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.MigrateTo(ctx, 16); err != nil {
				t.Fatal(err)
			}
			// Fresh tables number their rows from 1, on both databases.
			at := time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)
			err = s.Transact(ctx, func(tx *store.Tx) error {
				for _, q := range []string{
					`INSERT INTO campaigns (slug, status, event_name, time_zone, created_at, updated_at) VALUES ('ga-2009', 'open', 'GA debate', 'UTC', $1, $1)`,
					`INSERT INTO signatures (campaign_id, version, name, name_key, type, contact_name, contact_email, display, lang, status, created_at)
						VALUES (1, 1, 'Genocide Alert', 'genocide alert', 'ngo', 'Alice Ndiaye', 'alice@example.org', 'named', 'en', 'confirmed', $1)`,
					`INSERT INTO signatures (campaign_id, version, name, name_key, type, contact_name, contact_email, display, lang, status, created_at, contact_erased_at)
						VALUES (1, 1, 'Asia Pacific Centre', 'asia pacific centre', 'ngo', '', 'erased:2', 'named', 'en', 'confirmed', $1, $1)`,
					`INSERT INTO outbox (message_id, recipient, subject, text_body, status, next_attempt_at, created_at) VALUES
						('<1@r2p>', 'alice@example.org', 'Confirm', 'Hello Alice Ndiaye, https://r2p.example.org/c/ga-2009/confirm/abc', 'sent', $1, $1),
						('<2@r2p>', 'bob@example.org', 'Confirm', 'Hello Bob, https://r2p.example.org/c/ga-2009/confirm/def', 'queued', $1, $1),
						('<3@r2p>', 'staff@example.org', 'Invitation', 'Hello, https://r2p.example.org/setup/ghi', 'sent', $1, $1),
						('<4@r2p>', 'pm@gha.example.org', 'Open letter', 'Excellency, see https://r2p.example.org/c/ga-2009/confirm/ in the annex', 'sent', $1, $1)`,
					`INSERT INTO deliveries (campaign_id, recipients, station, actor, created_at) VALUES (1, 'states:GHA', 'New York', 'cli', $1)`,
					`INSERT INTO delivery_recipients (delivery_id, campaign_id, state, station, address, lang, tag, outbox_id)
						VALUES (1, 1, 'GHA', 'New York', 'pm@gha.example.org', 'en', 'k7q2', 4)`,
				} {
					var args []any
					if strings.Contains(q, "$1") {
						args = append(args, at)
					}
					if err := store.ExecForTest(ctx, tx, q, args...); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Migrate(ctx); err != nil {
				t.Fatal(err)
			}
			for id, want := range map[int64]struct{ to, status, text string }{
				1: {"alice@example.org", "sent", "Hello Alice Ndiaye, https://r2p.example.org/c/ga-2009/confirm/abc"},
				2: {"erased", "failed", ""},
				3: {"staff@example.org", "sent", "Hello, https://r2p.example.org/setup/ghi"},
				4: {"pm@gha.example.org", "sent", "Excellency, see https://r2p.example.org/c/ga-2009/confirm/ in the annex"},
			} {
				m, err := s.OutboxMessage(ctx, id)
				if err != nil || m.To != want.to || string(m.Status) != want.status || m.Text != want.text {
					t.Errorf("message %d after 00017 = %q %s %q, %v; want %q %s %q", id, m.To, m.Status, m.Text, err, want.to, want.status, want.text)
				}
			}
			// The link is what erasing Alice's contact now follows.
			err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.EraseContact(ctx, 1, "alice@example.org"); return err })
			if m, _ := s.OutboxMessage(ctx, 1); err != nil || m.To != "erased" || m.Text != "" {
				t.Errorf("after erasing Alice, her old confirmation = %+v, %v", m, err)
			}
		})
	}
}
