package store

import (
	"context"
	"database/sql"
	"sync"
)

// readPool is the pool queries read from. On SQLite it keeps each query
// prepared: parsing the SQL was half the cost of a small read such as the
// campaign behind a sign-on page. database/sql prepares a statement again
// on each connection that first runs it. PostgreSQL's driver caches
// statements by itself.
type readPool struct {
	*sql.DB
	prepare bool

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// maxPrepared bounds the cache: queries are constants of this package and
// a few filter combinations, so the bound is never reached in practice.
const maxPrepared = 256

func newReadPool(db *sql.DB, prepare bool) *readPool {
	return &readPool{DB: db, prepare: prepare, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared query, or nil when it is not to be prepared or
// preparing fails (running it unprepared then reports the error).
func (p *readPool) stmt(ctx context.Context, query string) *sql.Stmt {
	if !p.prepare {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if stmt, ok := p.stmts[query]; ok {
		return stmt
	}
	if len(p.stmts) >= maxPrepared {
		return nil
	}
	stmt, err := p.DB.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	p.stmts[query] = stmt
	return stmt
}

// QueryRowContext runs a query that returns at most one row.
func (p *readPool) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	if stmt := p.stmt(ctx, query); stmt != nil {
		return stmt.QueryRowContext(ctx, args...)
	}
	return p.DB.QueryRowContext(ctx, query, args...)
}

// QueryContext runs a query that returns rows.
func (p *readPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if stmt := p.stmt(ctx, query); stmt != nil {
		return stmt.QueryContext(ctx, args...)
	}
	return p.DB.QueryContext(ctx, query, args...)
}

// Close closes the prepared statements and the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	for _, stmt := range p.stmts {
		stmt.Close()
	}
	clear(p.stmts)
	p.mu.Unlock()
	return p.DB.Close()
}
