package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/web"
)

// concrete fills a route pattern's wildcards with plausible values.
func concrete(pattern string) string {
	return strings.NewReplacer("{$}", "", "{token}", "no-such-token", "{id}", "1", "{lang}", "fr", "{file}", "app.0000000000.css", "{code}", "FRA", "{slug}", "ga-2009").Replace(pattern)
}

// TestEveryRouteEnforcesItsRole walks every registered route with no
// session and with each role, and checks the answer.
func TestEveryRouteEnforcesItsRole(t *testing.T) {
	h := newHarness(t)
	identities := append([]account.Role{""}, account.Roles...)
	for _, rt := range h.srv.Routes() {
		for _, who := range identities {
			req := request{method: rt.Method, target: concrete(rt.Pattern)}
			if who != "" {
				if rt.API {
					req.bearer = h.token(who)
				} else {
					req.session = h.session(who)
				}
			}
			res := h.do(req)
			name := rt.Method + " " + rt.Pattern + " as " + string(who)
			if who == "" {
				name += "nobody"
			}
			switch {
			case rt.Role == "":
				// POST /login answers 401 to the empty form the walk sends.
				if res.StatusCode == 403 || (res.StatusCode == 401 && rt.Pattern != "/login") {
					t.Errorf("%s (public): %s", name, res)
				}
			case who == "" && rt.API:
				if res.StatusCode != 401 {
					t.Errorf("%s: %s, want 401", name, res)
				}
			case who == "":
				if res.StatusCode != 303 || !strings.HasPrefix(res.Header.Get("Location"), "/login?next=") {
					t.Errorf("%s: %s, want 303 to /login", name, res)
				}
			case !who.Allows(rt.Role):
				if res.StatusCode != 403 {
					t.Errorf("%s (needs %s): %s, want 403", name, rt.Role, res)
				}
			default:
				if res.StatusCode == 401 || res.StatusCode == 403 || res.StatusCode >= 500 {
					t.Errorf("%s (needs %s): %s", name, rt.Role, res)
				}
			}
		}
	}
}

// TestEveryFormNeedsCSRF posts to every POST route, as an admin, without
// the token: every one must answer 403 and change nothing.
func TestEveryFormNeedsCSRF(t *testing.T) {
	h := newHarness(t)
	posts := 0
	for _, rt := range h.srv.Routes() {
		if rt.Method != "POST" || rt.API { // the API takes bearer tokens, not cookies: no CSRF
			continue
		}
		posts++
		before, _ := h.store.CountAudit(ctx)
		res := h.do(request{method: "POST", target: concrete(rt.Pattern), session: h.session(account.Admin), noCSRF: true,
			form: url.Values{"email": {"x@coalition.org"}, "name": {"x"}, "role": {"viewer"}}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s without a CSRF token: %s, want 403", rt.Pattern, res)
		}
		if after, _ := h.store.CountAudit(ctx); after != before {
			t.Errorf("POST %s without a CSRF token changed something", rt.Pattern)
		}
	}
	if posts < 8 {
		t.Errorf("only %d POST routes found", posts)
	}
}

func TestSecurityHeadersOnEveryRoute(t *testing.T) {
	h := newHarness(t)
	h.demo()
	for _, rt := range h.srv.Routes() {
		req := request{method: rt.Method, target: concrete(rt.Pattern), session: h.session(account.Admin)}
		if rt.API {
			req.session, req.bearer = "", h.token(account.Admin)
		}
		if rt.Pattern == "/static/{file}" {
			req.target = h.srv.AssetURL("app.css")
		}
		res := h.do(req)
		// Personal data is on public pages too (the signatory list, the
		// confirm and withdraw pages): no cache keeps any answer but the
		// static files, whose names change with their content.
		cache := res.Header.Get("Cache-Control")
		if want := "no-store"; rt.Pattern == "/static/{file}" {
			if cache != "public, max-age=31536000, immutable" {
				t.Errorf("%s %s: %s, Cache-Control %q", rt.Method, rt.Pattern, res, cache)
			}
		} else if cache != want {
			t.Errorf("%s %s: %s, Cache-Control %q, want %q", rt.Method, rt.Pattern, res, cache, want)
		}
		csp := res.Header.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "default-src 'none'") {
			t.Errorf("%s %s: Content-Security-Policy %q", rt.Method, rt.Pattern, csp)
		}
		if res.Header.Get("Referrer-Policy") != "no-referrer" || res.Header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: headers %v", rt.Method, rt.Pattern, res.Header)
		}
	}
}

// TestEveryPageIsRendered visits every GET route as an admin, then the
// pages only reached by a form, and checks that each page template was
// used: a template nobody renders is dead.
func TestEveryPageIsRendered(t *testing.T) {
	h := newHarness(t)
	h.organization("Global Centre for the Responsibility to Protect", "USA") // id 1
	h.demo()
	h.debate()
	h.now = h.now.Add(time.Minute)
	h.do(request{method: "POST", target: "/c/ga-2009", form: signOnForm(h, "Pages Test Network")})
	editor := h.session(account.Editor)
	edit := h.do(request{target: "/admin/campaigns/1/edit", session: editor})
	changed := browserForm(t, edit.body, "/admin/campaigns/1", "")
	changed.Set("title_en", "A new title") // campaign_version asks to confirm it
	h.do(request{method: "POST", target: "/admin/campaigns/1", session: editor, form: changed})
	for _, rt := range h.srv.Routes() {
		if rt.Method == "GET" && !rt.API {
			h.do(request{target: concrete(rt.Pattern), session: h.session(account.Admin)})
			h.do(request{target: concrete(rt.Pattern)})
		}
	}
	for _, page := range web.PageNames {
		if !h.srv.Rendered(page) {
			t.Errorf("page %q was never rendered", page)
		}
	}
}

// TestNoPageMissesATranslation renders every page in every language and
// looks for the mark of a missing catalogue key.
func TestNoPageMissesATranslation(t *testing.T) {
	h := newHarness(t)
	h.debate()
	for _, lang := range []string{"en", "fr", "es"} {
		for _, rt := range h.srv.Routes() {
			if rt.API || rt.Method != "GET" {
				continue
			}
			for _, session := range []string{"", h.session(account.Admin)} {
				res := h.do(request{target: concrete(rt.Pattern), session: session, header: http.Header{"Cookie": {"r2p_lang=" + lang}}})
				if i := strings.Index(res.body, "[["); i >= 0 {
					t.Errorf("%s %s in %s: missing translation %s", rt.Method, rt.Pattern, lang, res.body[i:min(i+60, len(res.body))])
				}
			}
		}
	}
}
