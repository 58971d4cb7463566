package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/web"
)

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "run the web application and JSON API",
		detail: `
Opens the database (SQLite by default; PostgreSQL with --database-url),
applies pending migrations, and serves HTTP until SIGINT or SIGTERM. Then it
stops accepting connections, lets in-flight requests finish (up to
--shutdown-timeout), stops background work and closes the database.

Routes: GET /healthz, GET /api/v1/states, GET /api/v1/states/{code}.`,
		flags: func(cfg *config.Config, getenv func(string) string) {
			cfg.ServerFlags(getenv)
			dataFlags(cfg, getenv)
		},
		run: runServe,
	}
}

func runServe(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) > 0 {
		return &usageError{fmt.Sprintf("unexpected arguments %q", args)}
	}
	log := newLogger(cfg, env.Stderr)
	s, applied, err := openMigrated(ctx, cfg, log, "system")
	if err != nil {
		return err
	}
	for _, m := range applied {
		log.Info("applied migration", "source", m.Source, "duration", m.Duration)
	}
	defer func() {
		if err := s.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
		log.Info("database closed")
	}()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	srv := &http.Server{
		Handler:           web.New(s, states.Default(), log),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("r2p is serving", "url", "http://"+ln.Addr().String(), "database", cfg.Database(), "version", versionString())
	return serveUntilDone(ctx, srv, ln, cfg.ShutdownTimeout, log)
}

// serveUntilDone serves on ln until ctx ends, then shuts down gracefully:
// no new connections, in-flight requests get up to timeout to finish.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, timeout time.Duration, log *slog.Logger) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "timeout", timeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s: %w", timeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("http server stopped")
	return nil
}
