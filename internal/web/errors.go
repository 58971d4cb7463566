package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Error is an error with the HTTP status and machine-readable code it
// should be answered with. Any other error a handler returns is a 500 whose
// details go to the log, not to the client.
type Error struct {
	Status  int
	Code    string // e.g. "not_found", "invalid_parameter"
	Message string // for people: says which field or value is wrong
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message) }

func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// envelope is the one shape of every API error:
// {"error":{"code":"...","message":"..."}}.
type envelope struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// api adapts a handler that returns an error: the error becomes a JSON
// envelope with its status, in this one place.
func (s *Server) api(h func(w http.ResponseWriter, r *http.Request) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *Error
		if !errors.As(err, &e) {
			s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			e = errorf(http.StatusInternalServerError, "internal", "the server could not answer; the error is in its log")
		}
		var body envelope
		body.Error.Code, body.Error.Message = e.Code, e.Message
		writeJSON(w, e.Status, body)
	})
}

// recoverPanics turns a panicking handler into a 500 and keeps the server
// up.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if p := recover(); p != nil {
				if p == http.ErrAbortHandler {
					panic(p)
				}
				s.log.Error("handler panicked", "method", r.Method, "path", r.URL.Path, "panic", p)
				http.Error(w, "internal server error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// writeJSON answers with v as indented JSON. Once the status is sent
// nothing better can be done about a failed write (usually a client that
// went away), so it is not reported.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return errorf(http.StatusNotFound, "not_found", "no API endpoint %s %s", r.Method, r.URL.Path)
}

func methodNotAllowed(allowed string) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Allow", allowed)
		return errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s %s: only %s is allowed", r.Method, r.URL.Path, allowed)
	}
}
