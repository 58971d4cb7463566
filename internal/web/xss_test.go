package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
)

var payloads = []string{`<script>alert(1)</script>`, `"><img src=x onerror=alert(1)>`}

// TestUserInputIsEscaped stores the payloads in every text field a person
// can reach — a user's name, a token's name, the login and filter fields
// that are echoed back — and checks that no page renders them live.
func TestUserInputIsEscaped(t *testing.T) {
	h := newHarness(t)
	admin := h.session(account.Admin)
	live := func(where, body string) {
		t.Helper()
		for _, bad := range []string{"<script>alert", "<img src=x"} {
			if strings.Contains(body, bad) {
				t.Errorf("%s renders %q live", where, bad)
			}
		}
	}
	for i, p := range payloads {
		email := "xss" + string(rune('a'+i)) + "@coalition.org"
		h.do(request{method: "POST", target: "/admin/users", session: admin, form: url.Values{"email": {email}, "name": {p}, "role": {"viewer"}}})
		res := h.do(request{method: "POST", target: "/admin/tokens", session: admin, form: url.Values{"name": {p}, "role": {"viewer"}}})
		live("the token page after creation", res.body)
		res = h.do(request{method: "POST", target: "/admin/users", session: admin, form: url.Values{"email": {p}, "name": {p}, "role": {"viewer"}}})
		live("the invite form's error", res.body)
		res = h.do(request{method: "POST", target: "/login", form: url.Values{"email": {p}, "password": {"x"}, "next": {p}}})
		live("the login form's error", res.body)
		live("the audit filter", h.do(request{target: "/admin/audit?actor=" + url.QueryEscape(p) + "&action=" + url.QueryEscape(p), session: admin}).body)
		live("the login page's next", h.do(request{target: "/login?next=" + url.QueryEscape(p)}).body)
		live("the invited flash", h.do(request{target: "/admin/users?invited=" + url.QueryEscape(p), session: admin}).body)
	}
	// The stored payloads on every page that shows them.
	for _, target := range []string{"/admin", "/admin/users", "/admin/tokens", "/admin/audit", "/admin/account"} {
		res := h.do(request{target: target, session: admin})
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s: %s", target, res)
		}
		live(target, res.body)
	}
	if users := h.do(request{target: "/admin/users", session: admin}); !strings.Contains(users.body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Error("the stored name is not on the users page at all; the test would prove nothing")
	}
}
