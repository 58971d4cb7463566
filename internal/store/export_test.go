package store

import (
	"context"
	"database/sql"
)

// WriteDB exposes the write pool so that tests can read its settings.
func (s *Store) WriteDB() *sql.DB { return s.write }

// CountAuditAction reads inside the transaction, which the serialization
// tests need to provoke a conflict.
func (tx *Tx) CountAuditAction(ctx context.Context, action string) (int, error) {
	var n int
	err := tx.tx.QueryRowContext(ctx, `SELECT count(*) FROM audit_log WHERE action = $1`, action).Scan(&n)
	return n, err
}

// ExecForTest runs a statement inside the transaction, for the tests
// that prove what the schema refuses.
func ExecForTest(ctx context.Context, tx *Tx, query string, args ...any) error {
	_, err := tx.exec(ctx, query, args...)
	return err
}

// MigrateTo brings the schema up to version, for the tests of what a
// migration does to the rows it finds.
func (s *Store) MigrateTo(ctx context.Context, version int64) error {
	p, unlock, err := s.migrationProvider(ctx)
	if err != nil {
		return err
	}
	defer unlock()
	_, err = p.UpTo(ctx, version)
	return err
}
