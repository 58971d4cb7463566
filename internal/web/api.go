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
// needs, and records the token as the visitor. A token may do no more than
// the user who created it may do now (account.APIToken.EffectiveRole): it is
// checked against that user at every request, so a demotion or a
// deactivation takes effect on the next one.
func (s *Server) authorizeToken(r *http.Request, role account.Role) error {
	if role == public {
		return nil
	}
	secret, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	if !ok || secret == "" {
		return errorf(http.StatusUnauthorized, "unauthorized",
			"send an API token as Authorization: Bearer TOKEN; an admin creates tokens at /admin/tokens")
	}
	t, creator, err := s.store.APITokenByHash(r.Context(), account.HashSecret(strings.TrimSpace(secret)))
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusUnauthorized, "unauthorized", "the API token is unknown or revoked")
	}
	if err != nil {
		return err
	}
	t.Rights = t.EffectiveRole(creator)
	switch {
	case t.Rights == "":
		return errorf(http.StatusUnauthorized, "unauthorized",
			"the API token's creator has been deactivated, and their tokens with them")
	case !t.Rights.Allows(role) && t.Rights != t.Role:
		return errorf(http.StatusForbidden, "forbidden",
			"this token's role (%s) is limited to %s, the role of the user who created it, which may not use %s %s; it needs %s",
			t.Role, t.Rights, r.Method, r.URL.Path, role)
	case !t.Rights.Allows(role):
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
