package store

import (
	"context"
	"crypto/rand"
	"fmt"
)

// ServerKey returns the server's secret for a purpose (such as
// "signon-started"), made at random the first time it is asked for and the
// same from then on, in every process that shares the database: a value
// one instance signs, another can check, across restarts.
func (s *Store) ServerKey(ctx context.Context, name string) ([]byte, error) {
	var secret []byte
	err := s.Transact(ctx, func(tx *Tx) error {
		fresh := make([]byte, 32)
		rand.Read(fresh)
		if _, err := tx.exec(ctx,
			`INSERT INTO server_keys (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`,
			name, fresh, tx.s.opts.Now().UTC()); err != nil {
			return err
		}
		return tx.queryRow(ctx, `SELECT secret FROM server_keys WHERE name = $1`, name).Scan(&secret)
	})
	if err != nil {
		return nil, fmt.Errorf("store.ServerKey(%q): %w", name, err)
	}
	return secret, nil
}
