package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" database/sql driver
)

func openPostgres(ctx context.Context, opts Options) (*Store, error) {
	db, err := sql.Open("pgx", opts.URL)
	if err != nil {
		return nil, fmt.Errorf("store.Open(%s): %w", Redact(opts.URL), err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store.Open(%s): %w", Redact(opts.URL), err)
	}
	return &Store{dialect: Postgres, opts: opts, read: newReadPool(db, false), write: db}, nil
}

// transactPostgres runs fn in a SERIALIZABLE transaction — the isolation
// SQLite's single writer gives — and runs it again on a serialization
// failure or a deadlock.
func (s *Store) transactPostgres(ctx context.Context, fn func(*Tx) error) error {
	for attempt := 1; ; attempt++ {
		err := s.attemptPostgres(ctx, fn)
		if err == nil || !isRetryable(err) || attempt >= s.opts.MaxAttempts {
			return err
		}
		s.stats.retries.Add(1)
		s.opts.Logger.Debug("transaction conflicted; retrying", "attempt", attempt, "err", err)
		if err := sleep(ctx, backoff(attempt)); err != nil {
			return err
		}
	}
}

func (s *Store) attemptPostgres(ctx context.Context, fn func(*Tx) error) (err error) {
	tx, err := s.write.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable})
	if err != nil {
		return fmt.Errorf("store.Transact: begin: %w", err)
	}
	committed := false
	defer func() {
		if !committed {
			tx.Rollback()
		}
	}()
	t := &Tx{tx: tx, s: s}
	if err := fn(t); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store.Transact: commit: %w", err)
	}
	committed = true
	if t.campaignsChanged {
		s.campaignGeneration.Add(1)
	}
	s.stats.commits.Add(1)
	s.stats.transactions.Add(1)
	return nil
}

func isPostgresRetryable(err error) bool {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return false
	}
	const serializationFailure, deadlockDetected = "40001", "40P01"
	return e.Code == serializationFailure || e.Code == deadlockDetected
}
