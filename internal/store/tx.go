package store

import (
	"context"
	"database/sql"
)

// Tx is a transaction handed to the function given to Transact. Its methods
// are the store's write operations.
type Tx struct {
	tx *sql.Tx
	s  *Store

	// prepared holds SQLite statements prepared in this transaction. On
	// SQLite one Tx serves a whole group of writes, and parsing the same
	// INSERT for each of them was the largest cost before the fsync.
	// PostgreSQL's driver caches statements by itself.
	prepared map[string]*sql.Stmt

	// campaignsChanged says a campaign was written: after the commit the
	// store's campaign generation moves on, so that caches drop it.
	campaignsChanged bool

	// erased says a contact was erased: after the commit, SQLite's
	// write-ahead log, which still holds the pages as they were, is emptied.
	erased bool
}

func (tx *Tx) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if stmt := tx.stmt(ctx, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return tx.tx.QueryRowContext(ctx, query, args...)
}

func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if stmt := tx.stmt(ctx, query); stmt != nil {
		return stmt.ExecContext(ctx, args...)
	}
	return tx.tx.ExecContext(ctx, query, args...)
}

// stmt returns query prepared in this transaction, or nil on PostgreSQL or
// when preparing fails (running the query unprepared then reports the
// error).
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	if tx.s.dialect != SQLite {
		return nil
	}
	if stmt, ok := tx.prepared[query]; ok {
		return stmt
	}
	stmt, err := tx.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	if tx.prepared == nil {
		tx.prepared = make(map[string]*sql.Stmt)
	}
	tx.prepared[query] = stmt
	return stmt
}
