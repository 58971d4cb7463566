package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Error is an error with the HTTP status and machine-readable code it
// should be answered with. The client sees the message; the cause, if any,
// is for the log. Any other error a handler returns is a 500, and
// store.ErrNotFound a 404, whose details go to the log, not to the client.
type Error struct {
	Status  int
	Code    string // e.g. "not_found", "invalid_parameter"
	Message string // for people: says which field or value is wrong
	cause   error
}

// Error says all, cause included, for the log; clients read only Message.
func (e *Error) Error() string {
	if e.cause == nil {
		return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
	}
	return fmt.Sprintf("%d %s: %s: %v", e.Status, e.Code, e.Message, e.cause)
}

// Unwrap lets errors.Is and errors.As see the cause.
func (e *Error) Unwrap() error { return e.cause }

func errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// wrapf is errorf keeping the cause, which the log shows and the client
// does not.
func wrapf(cause error, status int, code, format string, args ...any) *Error {
	e := errorf(status, code, format, args...)
	e.cause = cause
	return e
}

// missing says what a handler looked up, so that the adapters can answer a
// store.ErrNotFound with "no " + what.
type missing struct {
	what string
	err  error
}

func (m *missing) Error() string { return m.what + ": " + m.err.Error() }
func (m *missing) Unwrap() error { return m.err }

// notFound names what err is about, as in notFound(err, "campaign %d",
// id): if err is store.ErrNotFound, the answer is 404 "no campaign 7";
// any other error stays what it was. A nil err stays nil.
func notFound(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return &missing{what: fmt.Sprintf(format, args...), err: err}
}

// asError turns any error into an *Error: store.ErrNotFound into a 404,
// an error that is no *Error into a 500. It logs the cause of a 5xx, with
// the request it failed.
func (s *Server) asError(r *http.Request, err error) *Error {
	e := classify(err)
	if e.Status >= 500 && e.cause != nil {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "err", e.cause)
	}
	return e
}

func classify(err error) *Error {
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	if errors.Is(err, store.ErrNotFound) {
		message := "not found"
		if m, ok := errors.AsType[*missing](err); ok {
			message = "no " + m.what
		}
		return wrapf(err, http.StatusNotFound, "not_found", "%s", message)
	}
	return wrapf(err, http.StatusInternalServerError, "internal",
		"the server could not answer; the error is in its log")
}

// envelope is the one shape of every API error:
// {"error":{"code":"...","message":"..."}}.
type envelope struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// api adapts a JSON handler: it checks the bearer token against the role
// the route needs, and turns errors into the envelope.
func (s *Server) api(role account.Role, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := s.authorizeToken(r, role)
		if err == nil {
			err = h(w, r)
		}
		if err == nil {
			return
		}
		writeAPIError(w, s.asError(r, err))
	})
}

// writeAPIError answers with e in the JSON envelope.
func writeAPIError(w http.ResponseWriter, e *Error) {
	if e.Status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="r2p"`)
	}
	var body envelope
	body.Error.Code, body.Error.Message = e.Code, e.Message
	writeJSON(w, e.Status, body)
}

// page adapts an HTML handler: it sends visitors without a session to the
// login page, refuses those whose role is too low, bounds the body of
// every POST to maxBody and checks its CSRF token, and renders errors as a
// page.
func (s *Server) page(role account.Role, maxBody int64, h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := visitorFrom(r)
		if role != public && v.user == nil {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
			return
		}
		var err error
		switch {
		case role != public && !v.user.Role.Allows(role):
			err = errorf(http.StatusForbidden, "forbidden", "forbidden")
		case r.Method == http.MethodPost:
			r.Body = http.MaxBytesReader(w, r.Body, maxBody)
			err = checkCSRF(r)
		}
		if err == nil {
			err = h(w, r)
		}
		if err != nil {
			s.errorPage(w, r, s.asError(r, err))
		}
	})
}

type errorData struct{ Title, Message string }

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, e *Error) {
	L := visitorFrom(r).printer
	data := errorData{Title: L.T("error.title"), Message: L.T("error.internal")}
	switch e.Status {
	case http.StatusNotFound:
		data = errorData{L.T("error.not_found_title"), L.T("error.not_found")}
	case http.StatusForbidden:
		data = errorData{L.T("error.forbidden_title"), L.T("error.forbidden")}
		if e.Code == "csrf" {
			data.Message = L.T("error.csrf")
		}
	case http.StatusRequestEntityTooLarge:
		limit := int64(maxBody)
		if tooLarge, ok := errors.AsType[*http.MaxBytesError](e); ok {
			limit = tooLarge.Limit
		}
		data = errorData{L.T("error.too_large_title"), L.T("error.too_large", limit>>20)}
	default:
		if e.Status/100 == 4 { // the client's mistake, which the message explains
			data.Message = e.Message
		}
	}
	if err := s.render(w, r, e.Status, "error", data); err != nil {
		s.log.Error("rendering the error page", "err", err)
		http.Error(w, data.Message, e.Status)
	}
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
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.Encode(v)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) error {
	return errorf(http.StatusNotFound, "not_found", "no API endpoint %s %s", r.Method, r.URL.Path)
}

func (s *Server) pageNotFound(w http.ResponseWriter, r *http.Request) error {
	return errorf(http.StatusNotFound, "not_found", "no page %s", r.URL.Path)
}

func methodNotAllowed(allowed string) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Allow", allowed)
		return errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s %s: only %s is allowed", r.Method,
			r.URL.Path, allowed)
	}
}
