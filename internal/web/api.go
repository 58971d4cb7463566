package web

import (
	_ "embed"
	"errors"
	"net/http"
	"strings"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/store"
)

// authorizeToken checks the request's bearer token against the role a route
// needs, and records the token as the visitor.
func (s *Server) authorizeToken(r *http.Request, role account.Role) error {
	if role == public {
		return nil
	}
	secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || secret == "" {
		return errorf(http.StatusUnauthorized, "unauthorized",
			"send an API token as Authorization: Bearer TOKEN; an admin creates tokens at /admin/tokens")
	}
	t, err := s.store.APITokenByHash(r.Context(), account.HashSecret(strings.TrimSpace(secret)))
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusUnauthorized, "unauthorized", "the API token is unknown or revoked")
	}
	if err != nil {
		return err
	}
	if !t.Role.Allows(role) {
		return errorf(http.StatusForbidden, "forbidden",
			"this token's role (%s) may not use %s %s; it needs %s", t.Role, r.Method, r.URL.Path, role)
	}
	visitorFrom(r).token = &t
	return nil
}

// me tells a program which token it is using.
func (s *Server) me(w http.ResponseWriter, r *http.Request) error {
	writeJSON(w, http.StatusOK, map[string]any{"token": visitorFrom(r).token})
	return nil
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	events, err := s.store.AuditEvents(r.Context(), f)
	if err != nil {
		return err
	}
	if events == nil {
		events = []audit.Event{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": events})
	return nil
}

//go:embed openapi.json
var openAPIDocument []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPIDocument)
	return nil
}
