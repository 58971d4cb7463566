package web

import (
	"context"
	"net/http"
	"time"
)

// healthz answers 200 when the database answers, else 503, for load
// balancers and monitors.
func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.Warn("health check: database does not answer", "err", err)
		return errorf(http.StatusServiceUnavailable, "unavailable", "the database does not answer")
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	return nil
}
