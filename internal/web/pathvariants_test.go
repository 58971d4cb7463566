package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
)

// pathVariants are other spellings of path (which begins with "/" and has
// a first segment): ones a router could read as path, or a filter in front
// of it could fail to.
func pathVariants(path string) map[string]string {
	first, rest, _ := strings.Cut(path[1:], "/")
	if rest != "" {
		rest = "/" + rest
	}
	encoded := fmt.Sprintf("/%%%02x%s%s", first[0], first[1:], rest)
	v := map[string]string{
		"double slash":          "/" + path,
		"dot segment":           "/." + path,
		"encoded dot segment":   "/%2e" + path,
		"encoded first letter":  encoded,
		"dot-dot back":          "/" + first + "/.." + path,
		"trailing slash":        path + "/",
		"upper case":            strings.ToUpper(path),
		"capitalised":           "/" + strings.ToUpper(first[:1]) + first[1:] + rest,
		"semicolon parameter":   "/" + first + ";x=1" + rest,
		"double-encoded letter": "/%25" + encoded[2:],
	}
	if rest != "" {
		v["double slash inside"] = "/" + first + "/" + rest
		v["dot segment inside"] = "/" + first + "/." + rest
		v["encoded slash"] = "/" + first + "%2F" + rest[1:]
	}
	return v
}

// TestPathVariantsEnforceTheRole reaches every route that needs a role
// through other spellings of its path — //admin, /./admin, /%61dmin,
// /admin/../admin, a trailing slash, other cases — with no session and with
// each role too low. None may answer with the route's content: the answer
// is the login page (or 401 from the API), 403, 404, or a redirect to
// another path, which, followed with the same identity, is one of those.
func TestPathVariantsEnforceTheRole(t *testing.T) {
	h := newHarness(t)
	h.demo()
	sessions, tokens := map[account.Role]string{}, map[account.Role]string{}
	for _, role := range account.Roles {
		sessions[role], tokens[role] = h.session(role), h.token(role)
	}
	walked, checked := 0, 0
	for _, rt := range h.srv.Routes() {
		if rt.Role == "" {
			continue
		}
		walked++
		identities := []account.Role{""}
		for _, role := range account.Roles {
			if !role.Allows(rt.Role) {
				identities = append(identities, role)
			}
		}
		for variant, target := range pathVariants(concrete(rt.Pattern)) {
			for _, who := range identities {
				req := request{method: rt.Method, target: target}
				if who != "" && rt.API {
					req.bearer = tokens[who]
				} else if who != "" {
					req.session = sessions[who]
				}
				name := fmt.Sprintf("%s %s (%s, needs %s) as %q", rt.Method, target, variant, rt.Role, who)
				checked++
				if err := refused(h, req, rt.API); err != nil {
					t.Errorf("%s: %v", name, err)
				}
			}
		}
	}
	// 97 routes need a role today, each with 13 variants (10 for a path
	// of one segment) and at least one identity: a walk that silently
	// checks nothing fails here.
	if walked < 97 || checked < walked*10 {
		t.Errorf("%d routes walked with %d requests, want at least 97 routes and 10 requests each", walked, checked)
	}
}

// refused follows up to three redirects within the site and says what is
// wrong if the last answer is not a refusal.
func refused(h *harness, req request, api bool) error {
	var trail []string
	for range 4 {
		res := h.do(req)
		trail = append(trail, res.String())
		loc := res.Header.Get("Location")
		switch res.StatusCode {
		case http.StatusForbidden, http.StatusNotFound:
			return nil
		case http.StatusUnauthorized:
			if req.bearer == "" && req.session == "" {
				return nil
			}
		case http.StatusSeeOther:
			if !api && req.session == "" && strings.HasPrefix(loc, "/login?next=") {
				return nil
			}
		case http.StatusMovedPermanently, http.StatusFound, http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
			u, err := url.Parse(loc)
			if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(loc, "/") {
				return fmt.Errorf("redirect off the site: %s", strings.Join(trail, " → "))
			}
			req.target = loc
			continue
		}
		return fmt.Errorf("answered %s", strings.Join(trail, " → "))
	}
	return fmt.Errorf("too many redirects: %s", strings.Join(trail, " → "))
}

// TestCredentialsOpenOnlyTheirSide: an admin's API token opens no page, and
// an admin's session cookie no API route — which is why the API needs no
// CSRF token: a browser sends the cookie on its own, never the token.
func TestCredentialsOpenOnlyTheirSide(t *testing.T) {
	h := newHarness(t)
	session, token := h.session(account.Admin), h.token(account.Admin)
	walked := 0
	for _, rt := range h.srv.Routes() {
		if rt.Role == "" {
			continue
		}
		walked++
		req := request{method: rt.Method, target: concrete(rt.Pattern), bearer: token}
		if rt.API {
			req = request{method: rt.Method, target: concrete(rt.Pattern), session: session}
		}
		res := h.do(req)
		switch {
		case rt.API && res.StatusCode != http.StatusUnauthorized:
			t.Errorf("%s %s with an admin's session cookie: %s, want 401", rt.Method, rt.Pattern, res)
		case !rt.API && (res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=")):
			t.Errorf("%s %s with an admin's API token: %s, want 303 to /login", rt.Method, rt.Pattern, res)
		}
	}
	if walked < 97 {
		t.Errorf("%d routes walked, want 97", walked)
	}
}
