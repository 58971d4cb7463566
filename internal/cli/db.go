package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/store"
)

// dataFlags are the flags of every command that touches the database.
func dataFlags(cfg *config.Config, getenv func(string) string) {
	cfg.DatabaseFlags(getenv)
	cfg.LogFlags(getenv)
}

// openMigrated opens the configured database and brings its schema up to
// date, recording what it applied in the audit log as actor.
func openMigrated(ctx context.Context, cfg *config.Config, log *slog.Logger, actor string) (*store.Store,
	[]store.AppliedMigration, error) {
	opts := cfg.StoreOptions()
	opts.Logger = log
	s, err := store.Open(ctx, opts)
	if err != nil {
		return nil, nil, err
	}
	applied, err := s.Migrate(ctx)
	if err == nil && len(applied) > 0 {
		err = recordMigration(ctx, s, actor, applied)
	}
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, applied, nil
}

func recordMigration(ctx context.Context, s *store.Store, actor string, applied []store.AppliedMigration) error {
	var versions []int64
	for _, m := range applied {
		versions = append(versions, m.Version)
	}
	after, err := json.Marshal(map[string]any{"applied": versions})
	if err != nil {
		return err
	}
	return s.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.RecordAudit(ctx,
			audit.Event{Actor: actor, Action: "schema.migrate", Subject: "schema", After: after})
		return err
	})
}

func migrateCommand() command {
	return command{
		name:    "migrate",
		summary: "bring the database schema up to date",
		detail: `
Applies the migrations compiled into this binary that the database lacks,
each in its own transaction, and prints them. 'r2p serve' does the same at
start; running migrate while a server runs on the same database is safe.`,
		flags: dataFlags,
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Sprintf("unexpected arguments %q", args)}
			}
			s, applied, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			for _, m := range applied {
				fmt.Fprintf(env.Stdout, "applied %s (%s)\n", m.Source, m.Duration.Round(1e5))
			}
			current, _, err := s.SchemaVersion(ctx)
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s is at schema version %d\n", cfg.Database(), current)
			return s.Close()
		},
	}
}
