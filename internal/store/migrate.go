package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
)

//go:embed migrations
var migrations embed.FS

// AppliedMigration is one migration that Migrate ran.
type AppliedMigration struct {
	Version  int64
	Source   string // file name
	Duration time.Duration
}

// Migrate brings the schema up to date and returns what it applied. It is
// safe to run from several processes at once: on PostgreSQL they take turns
// through an advisory lock, on SQLite through a lock on a file beside the
// database. Each migration runs in its own transaction, so a crash leaves the
// schema at the last whole migration.
func (s *Store) Migrate(ctx context.Context) ([]AppliedMigration, error) {
	p, unlock, err := s.migrationProvider(ctx)
	if err != nil {
		return nil, err
	}
	defer unlock()
	results, err := p.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("store.Migrate: %w", err)
	}
	applied := make([]AppliedMigration, 0, len(results))
	for _, r := range results {
		applied = append(applied,
			AppliedMigration{Version: r.Source.Version, Source: r.Source.Path, Duration: r.Duration})
	}
	return applied, nil
}

// SchemaVersion returns the version the database is at and the newest one
// this binary knows.
func (s *Store) SchemaVersion(ctx context.Context) (current, latest int64, err error) {
	p, unlock, err := s.migrationProvider(ctx)
	if err != nil {
		return 0, 0, err
	}
	defer unlock()
	if current, err = p.GetDBVersion(ctx); err != nil {
		return 0, 0, fmt.Errorf("store.SchemaVersion: %w", err)
	}
	sources := p.ListSources()
	if len(sources) > 0 {
		latest = sources[len(sources)-1].Version
	}
	return current, latest, nil
}

func (s *Store) migrationProvider(ctx context.Context) (*goose.Provider, func(), error) {
	fsys, err := fs.Sub(migrations, "migrations/"+string(s.dialect))
	if err != nil {
		return nil, nil, fmt.Errorf("store: migrations for %s: %w", s.dialect, err)
	}
	dialect := goose.DialectSQLite3
	var options []goose.ProviderOption
	unlock := func() {}
	if s.dialect == Postgres {
		dialect = goose.DialectPostgres
		// Poll the advisory lock every second, for up to five minutes.
		locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
		if err != nil {
			return nil, nil, fmt.Errorf("store: migration lock: %w", err)
		}
		options = append(options, goose.WithSessionLocker(locker))
	} else {
		if unlock, err = lockFile(ctx, s.opts.Path+".migrate-lock"); err != nil {
			return nil, nil, fmt.Errorf("store: migration lock: %w", err)
		}
	}
	p, err := goose.NewProvider(dialect, s.write, fsys, options...)
	if err != nil {
		unlock()
		return nil, nil, fmt.Errorf("store: migrations: %w", err)
	}
	return p, unlock, nil
}
