package web_test

import (
	"net/url"
	"testing"
	"time"
)

// TestSessionsEndWhenIdleAndAfterTwelveHours: a session lasts 30 minutes
// after its last request and 12 hours after sign-in however busy (OWASP
// ASVS 3.3.2, level 2). The clock is the harness's.
func TestSessionsEndWhenIdleAndAfterTwelveHours(t *testing.T) {
	h := newHarness(t)
	signIn := func() string {
		t.Helper()
		res := h.do(request{method: "POST", target: "/login",
			form: url.Values{"email": {"editor@coalition.org"}, "password": {"a long enough password"}}})
		c := cookie(res, "r2p_session")
		if res.StatusCode != 303 || c == nil {
			t.Fatalf("sign-in: %s", res)
		}
		return c.Value
	}
	signedIn := func(session string) bool {
		t.Helper()
		return h.do(request{target: "/admin", session: session}).StatusCode == 200
	}

	// Used every 29 minutes, a session lives on to 12 hours after sign-in.
	busy := signIn()
	start := h.now
	for h.now.Sub(start) < 12*time.Hour-29*time.Minute {
		h.now = h.now.Add(29 * time.Minute)
		if !signedIn(busy) {
			t.Fatalf("a session used every 29 minutes ended after %v", h.now.Sub(start))
		}
	}
	h.now = start.Add(12*time.Hour + time.Second)
	if signedIn(busy) {
		t.Errorf("a session still works 12 hours after sign-in")
	}

	// Left alone for 31 minutes, a session has ended; at 29 it had not.
	idle := signIn()
	h.now = h.now.Add(29 * time.Minute)
	if !signedIn(idle) {
		t.Fatalf("a session ended after 29 idle minutes")
	}
	h.now = h.now.Add(31 * time.Minute)
	if signedIn(idle) {
		t.Errorf("a session still works after 31 idle minutes")
	}
}
