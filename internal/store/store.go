// Package store holds every SQL statement r2p runs, for both of its databases:
// embedded SQLite (the default) and PostgreSQL.
//
// Writes go through Transact. On SQLite one writer goroutine owns the only
// write connection and commits concurrent transactions together (group
// commit), so that each acknowledged write is on disk — synchronous=FULL, one
// fsync per group — without paying one fsync per write. On PostgreSQL each
// Transact is its own SERIALIZABLE transaction, retried on serialization
// failures and deadlocks; the server already shares WAL flushes between
// concurrent commits.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"
)

// Sentinel errors; check them with errors.Is.
var (
	ErrNotFound = errors.New("not found")
	ErrClosed   = errors.New("store is closed")
)

// Dialect names the database behind a Store.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// Options says which database to open and how. Exactly one of Path and URL is
// set.
type Options struct {
	Path string // SQLite file, created if missing
	URL  string // postgres://... URL

	// MaxBatch is the most SQLite transactions committed together. 1 turns
	// group commit off: one transaction, one fsync per write. Default 256.
	MaxBatch int
	// BusyTimeout is how long SQLite waits for another process's write lock
	// before a Transact attempt fails and is retried. Default 5s.
	BusyTimeout time.Duration
	// MaxAttempts bounds the tries of one Transact on a busy or
	// serialization error. Default 8.
	MaxAttempts int
	// ReadConns is the size of the SQLite read pool. Default 4.
	ReadConns int

	Now    func() time.Time // the clock; default time.Now
	Logger *slog.Logger     // default: discards
}

func (o *Options) setDefaults() {
	if o.MaxBatch <= 0 {
		o.MaxBatch = 256
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5 * time.Second
	}
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 8
	}
	if o.ReadConns <= 0 {
		o.ReadConns = 4
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
}

// Store is r2p's database. It is safe for concurrent use.
type Store struct {
	dialect            Dialect
	opts               Options
	campaignGeneration atomic.Uint64 // see CampaignGeneration
	read               *readPool     // SQLite: a query_only pool; PostgreSQL: the one pool
	write              *sql.DB       // SQLite: a single connection; PostgreSQL: same as read
	writer             *groupWriter
	stats              counters
}

type counters struct {
	transactions atomic.Int64 // Transact calls that committed
	commits      atomic.Int64 // database commits (fsyncs on SQLite)
	retries      atomic.Int64 // attempts repeated after busy or serialization errors
}

// Stats counts the work done since Open.
type Stats struct {
	Transactions int64 // Transact calls that committed
	Commits      int64 // database commits; fewer than Transactions when grouped
	Retries      int64 // attempts repeated after a busy or serialization error
}

// Open connects to the database that opts names. It does not migrate: call
// Migrate.
func Open(ctx context.Context, opts Options) (*Store, error) {
	opts.setDefaults()
	switch {
	case opts.Path != "" && opts.URL != "":
		return nil, errors.New("store.Open: both a SQLite path and a PostgreSQL URL are set; choose one")
	case opts.URL != "":
		return openPostgres(ctx, opts)
	case opts.Path != "":
		return openSQLite(ctx, opts)
	default:
		return nil, errors.New("store.Open: no database: set a SQLite path or a PostgreSQL URL")
	}
}

// Dialect says which database the store uses.
func (s *Store) Dialect() Dialect { return s.dialect }

// Stats returns the counters since Open.
func (s *Store) Stats() Stats {
	return Stats{
		Transactions: s.stats.transactions.Load(),
		Commits:      s.stats.commits.Load(),
		Retries:      s.stats.retries.Load(),
	}
}

// Ping checks that the database answers on both the read and write paths.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.read.PingContext(ctx); err != nil {
		return fmt.Errorf("store.Ping: read: %w", err)
	}
	if err := s.write.PingContext(ctx); err != nil {
		return fmt.Errorf("store.Ping: write: %w", err)
	}
	return nil
}

// Close finishes the transactions already handed to Transact, then closes
// the database. Transact calls after Close fail with ErrClosed.
func (s *Store) Close() error {
	if s.writer != nil {
		s.writer.close()
	}
	err := s.read.Close()
	if s.write != s.read.DB {
		err = errors.Join(err, s.write.Close())
	}
	if err != nil {
		return fmt.Errorf("store.Close: %w", err)
	}
	return nil
}

// Transact runs fn in a transaction and commits it; if fn returns an error,
// nothing fn wrote is kept and that error is returned. When Transact returns
// nil the write is durable.
//
// fn may run more than once — when the database is busy or a serializable
// transaction conflicts — so it must have no effects outside tx. It must not
// call Transact itself. On SQLite fn runs on the writer goroutine, grouped
// with other callers' functions behind savepoints; keep it short.
func (s *Store) Transact(ctx context.Context, fn func(*Tx) error) error {
	if s.writer != nil {
		return s.writer.transact(ctx, fn)
	}
	return s.transactPostgres(ctx, fn)
}
