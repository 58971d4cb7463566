package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
)

// settingsSubject names the coalition's settings in the audit log.
const settingsSubject = "settings:coalition"

// Coalition returns the coalition's letterhead as /admin/settings stored
// it, or ErrNotFound when none is stored yet.
func (s *Store) Coalition(ctx context.Context) (mailmerge.Coalition, error) {
	return scanCoalition(s.read.QueryRowContext(ctx, coalitionQuery))
}

const coalitionQuery = `SELECT name, place, signature, logo FROM coalition_settings WHERE id = 1`

func scanCoalition(row scanner) (mailmerge.Coalition, error) {
	var c mailmerge.Coalition
	err := row.Scan(&c.Name, &c.Place, &c.Signature, &c.Logo)
	return c, notFound(err, "store.Coalition")
}

// SaveCoalition stores the coalition's letterhead, which the caller has
// checked (a name; a logo that mailmerge.ValidateLogo accepts, or none), and
// audits the change as actor: the texts before and after, the logo by
// its size and SHA-256.
func (tx *Tx) SaveCoalition(ctx context.Context, actor string, c mailmerge.Coalition) error {
	before, err := scanCoalition(tx.queryRow(ctx, coalitionQuery))
	had := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	var logo any // NULL for no logo
	if len(c.Logo) > 0 {
		logo = c.Logo
	}
	_, err = tx.exec(ctx, `
		INSERT INTO coalition_settings (id, name, place, signature, logo, updated_at) VALUES (1, $1, $2, $3, $4, $5)
		ON CONFLICT (id) DO UPDATE SET name = excluded.name, place = excluded.place, signature = excluded.signature,
			logo = excluded.logo, updated_at = excluded.updated_at`,
		c.Name, c.Place, c.Signature, logo, tx.s.opts.Now().UTC())
	if err != nil {
		return fmt.Errorf("store.SaveCoalition: %w", err)
	}
	e := audit.Event{Actor: actor, Action: "settings.update", Subject: settingsSubject, After: coalitionRecord(c)}
	if had {
		e.Before = coalitionRecord(before)
	}
	_, err = tx.RecordAudit(ctx, e)
	return err
}

// coalitionRecord is the settings as the audit log keeps them: the logo
// by its size and hash, not its bytes.
func coalitionRecord(c mailmerge.Coalition) json.RawMessage {
	record := map[string]any{"name": c.Name, "place": c.Place, "signature": c.Signature}
	if len(c.Logo) > 0 {
		sum := sha256.Sum256(c.Logo)
		record["logo"] = map[string]any{"bytes": len(c.Logo), "sha256": hex.EncodeToString(sum[:])}
	}
	b, _ := json.Marshal(record)
	return b
}
