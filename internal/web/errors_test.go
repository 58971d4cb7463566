package web

import (
	"bytes"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// adapterServer is a server without a database, for the adapters alone,
// whose log goes to the buffer it returns, without timestamps.
func adapterServer(t *testing.T) (*Server, *bytes.Buffer) {
	t.Helper()
	var log bytes.Buffer
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	s, err := New(nil, states.Default(), Options{Logger: slog.New(slog.NewTextHandler(&log, &slog.HandlerOptions{ReplaceAttr: noTime}))})
	if err != nil {
		t.Fatal(err)
	}
	return s, &log
}

// answer is what an adapter makes of the error h returns for GET /x/7.
func answer(adapter func(handlerFunc) http.Handler, handlerErr error) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	adapter(func(http.ResponseWriter, *http.Request) error { return handlerErr }).
		ServeHTTP(rec, httptest.NewRequest("GET", "/x/7", nil))
	return rec
}

func envelopeOf(code, message string) string {
	return fmt.Sprintf("{\n  \"error\": {\n    \"code\": %q,\n    \"message\": %q\n  }\n}\n", code, message)
}

// TestTheCauseGoesToTheLogOnly: the client reads an error's message; the
// log has its cause, with the request, for a 5xx.
func TestTheCauseGoesToTheLogOnly(t *testing.T) {
	cause := errors.New("dial tcp 10.0.0.5:5432: connection refused")
	for _, tc := range []struct {
		name    string
		err     error
		status  int
		code    string
		message string
		log     string
	}{
		{"an *Error with a cause", wrapf(cause, http.StatusServiceUnavailable, "unavailable", "the database does not answer"),
			503, "unavailable", "the database does not answer",
			`level=ERROR msg="request failed" method=GET path=/x/7 err="dial tcp 10.0.0.5:5432: connection refused"` + "\n"},
		{"any other error", fmt.Errorf("store.Campaign(7): %w", cause),
			500, "internal", "the server could not answer; the error is in its log",
			`level=ERROR msg="request failed" method=GET path=/x/7 err="store.Campaign(7): dial tcp 10.0.0.5:5432: connection refused"` + "\n"},
		{"a client's mistake with a cause", wrapf(cause, http.StatusBadRequest, "invalid_parameter", "id 7: no such thing"),
			400, "invalid_parameter", "id 7: no such thing", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, log := adapterServer(t)
			res := answer(func(h handlerFunc) http.Handler { return s.api(public, h) }, tc.err)
			if res.Code != tc.status || res.Body.String() != envelopeOf(tc.code, tc.message) {
				t.Errorf("API: %d\n%s\nwant %d\n%s", res.Code, res.Body, tc.status, envelopeOf(tc.code, tc.message))
			}
			if log.String() != tc.log {
				t.Errorf("API: log\n%s\nwant\n%s", log, tc.log)
			}
			log.Reset()
			res = answer(func(h handlerFunc) http.Handler { return s.page(public, maxBody, h) }, tc.err)
			if res.Code != tc.status || strings.Contains(res.Body.String(), "10.0.0.5") {
				t.Errorf("page: %d, want %d without the cause:\n%s", res.Code, tc.status, res.Body)
			}
			if log.String() != tc.log {
				t.Errorf("page: log\n%s\nwant\n%s", log, tc.log)
			}
		})
	}
}

// TestErrNotFoundIsA404: a handler returns the store's ErrNotFound, named
// or not, and both adapters answer 404 as for an address that is no page
// or endpoint, logging nothing.
func TestErrNotFoundIsA404(t *testing.T) {
	s, log := adapterServer(t)
	lookup := fmt.Errorf("store.Campaign(7): %w", store.ErrNotFound)
	noPage := answer(func(h handlerFunc) http.Handler { return s.page(public, maxBody, h) }, s.pageNotFound(nil, httptest.NewRequest("GET", "/x/7", nil)))
	if !strings.Contains(noPage.Body.String(), "<h1>Page not found</h1>") ||
		!strings.Contains(noPage.Body.String(), "<p>There is no page at this address.</p>") {
		t.Fatalf("the 404 page:\n%s", noPage.Body)
	}
	for _, tc := range []struct {
		err     error
		message string
	}{
		{notFound(lookup, "campaign %d", 7), "no campaign 7"},
		{fmt.Errorf("loading the delivery page: %w", notFound(lookup, "campaign %d", 7)), "no campaign 7"},
		{lookup, "not found"},
	} {
		res := answer(func(h handlerFunc) http.Handler { return s.api(public, h) }, tc.err)
		if res.Code != 404 || res.Body.String() != envelopeOf("not_found", tc.message) {
			t.Errorf("API, %v: %d\n%s\nwant 404\n%s", tc.err, res.Code, res.Body, envelopeOf("not_found", tc.message))
		}
		res = answer(func(h handlerFunc) http.Handler { return s.page(public, maxBody, h) }, tc.err)
		if res.Code != 404 || res.Body.String() != noPage.Body.String() {
			t.Errorf("page, %v: %d\n%s\nwant 404\n%s", tc.err, res.Code, res.Body, noPage.Body)
		}
	}
	if log.Len() > 0 {
		t.Errorf("a 404 was logged:\n%s", log)
	}
}

// TestNotFoundKeepsOtherErrors: naming what was looked up does not turn
// a failed lookup into a 404, nor a nil error into one.
func TestNotFoundKeepsOtherErrors(t *testing.T) {
	if err := notFound(nil, "campaign %d", 7); err != nil {
		t.Errorf("notFound(nil) = %v", err)
	}
	cause := errors.New("connection refused")
	err := notFound(cause, "campaign %d", 7)
	if e := classify(err); e.Status != 500 || !errors.Is(e, cause) {
		t.Errorf("classify(%v) = %v, want a 500 caused by it", err, e)
	}
	if got, want := err.Error(), "campaign 7: connection refused"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
