// Package web serves r2p over HTTP: the health check and the JSON API
// under /api/v1. Every route is in routes.go.
package web

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/r2p-coalition/r2p/internal/states"
)

// Database is what the handlers need of the store.
type Database interface {
	Ping(ctx context.Context) error
}

// Server holds the handlers' dependencies.
type Server struct {
	db     Database
	states *states.Table
	log    *slog.Logger
}

// New returns the HTTP handler of the whole application.
func New(db Database, table *states.Table, log *slog.Logger) http.Handler {
	s := &Server{db: db, states: table, log: log}
	return s.routes()
}
