package web_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/web"
)

// TestEveryStateChangeRefusesAnotherSite sends every state-changing route,
// with a valid session, token and bearer, as a browser on another site
// would: marked cross-site by Fetch Metadata, or only by an Origin that is
// not this host (older browsers). Each is refused 403 before its handler
// runs, and nothing changes.
func TestEveryStateChangeRefusesAnotherSite(t *testing.T) {
	h := newHarness(t)
	h.demo()
	headers := map[string]http.Header{
		"Sec-Fetch-Site: cross-site": {"Sec-Fetch-Site": {"cross-site"}, "Origin": {"https://evil.example"}},
		"Origin only":                {"Origin": {"https://evil.example"}},
	}
	changes := 0
	for _, rt := range h.srv.Routes() {
		if rt.Method == "GET" {
			continue
		}
		changes++
		for name, header := range headers {
			req := request{method: rt.Method, target: concrete(rt.Pattern), header: header,
				form: url.Values{"email": {"x@coalition.org"}, "name": {"x"}, "role": {"viewer"}}}
			if rt.API {
				req.bearer = h.token(account.Admin)
				req.rawBody = new(`{"name":"x"}`)
			} else {
				req.session = h.session(account.Admin)
			}
			before, _ := h.store.CountAudit(ctx)
			res := h.do(req)
			if res.StatusCode != http.StatusForbidden {
				t.Errorf("%s %s, %s: %s, want 403", rt.Method, rt.Pattern, name, res)
				continue
			}
			if after, _ := h.store.CountAudit(ctx); after != before {
				t.Errorf("%s %s, %s: the refused request changed something", rt.Method, rt.Pattern, name)
			}
			if rt.API {
				var body struct{ Error struct{ Code string } }
				if err := json.Unmarshal([]byte(res.body), &body); err != nil || body.Error.Code != "csrf" {
					t.Errorf("%s %s, %s: want the API's error envelope with code csrf, got %s", rt.Method, rt.Pattern, name, res.body)
				}
			} else if !strings.Contains(res.body, "did not come from this site") {
				t.Errorf("%s %s, %s: the page does not say why:\n%s", rt.Method, rt.Pattern, name, res.body)
			}
		}
	}
	if changes < 40 {
		t.Errorf("only %d state-changing routes found", changes)
	}
}

// TestSameSiteRequestsPass: the protection must not refuse the site's own
// forms, nor API clients and scripts, which send no Fetch Metadata.
func TestSameSiteRequestsPass(t *testing.T) {
	h := newHarness(t)
	h.demo()
	for name, header := range map[string]http.Header{
		"same-origin":         {"Sec-Fetch-Site": {"same-origin"}, "Origin": {"http://r2p.test"}},
		"typed in, no Origin": {"Sec-Fetch-Site": {"none"}},
		"no browser headers":  nil,
	} {
		res := h.do(request{method: "POST", target: "/admin/organizations", session: h.session(account.Editor),
			header: header, form: url.Values{"name": {"Network " + name}, "countries": {"GHA"}, "type": {"network"}}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: %s\n%s", name, res, res.body)
		}
	}
	res := h.doBody(request{method: "POST", target: "/api/v1/organizations", bearer: h.token(account.Editor)},
		`{"name":"Asia Pacific Centre for R2P","countries":["AUS"],"type":"ngo"}`)
	if res.StatusCode != http.StatusCreated {
		t.Errorf("API client: %s\n%s", res, res.body)
	}
}

// TestSecurityCookiesAreHostOnly: where cookies are Secure, the session
// and CSRF cookies are __Host- cookies (Secure, Path=/, no Domain), which
// no subdomain and no plain-http page can set, and the bare names are
// ignored; where cookies cannot be Secure, browsers would refuse that
// prefix, so the names are bare (OWASP ASVS 3.4.4).
func TestSecurityCookiesAreHostOnly(t *testing.T) {
	for _, secure := range []bool{true, false} {
		h := newHarness(t, func(o *web.Options) { o.SecureCookies = secure })
		prefix := map[bool]string{true: "__Host-", false: ""}[secure]
		rec := httptest.NewRecorder()
		login := httptest.NewRequest("POST", "/login", strings.NewReader(url.Values{"csrf": {testCSRF},
			"email": {"editor@coalition.org"}, "password": {"a long enough password"}}.Encode()))
		login.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		login.AddCookie(&http.Cookie{Name: prefix + "r2p_csrf", Value: testCSRF})
		h.srv.ServeHTTP(rec, login)
		cookies := map[string]*http.Cookie{}
		for _, c := range rec.Result().Cookies() {
			cookies[c.Name] = c
		}
		session := cookies[prefix+"r2p_session"]
		if rec.Code != http.StatusSeeOther || session == nil {
			t.Fatalf("secure=%v: sign-in %d, cookies %v", secure, rec.Code, cookies)
		}
		rec = httptest.NewRecorder()
		h.srv.ServeHTTP(rec, httptest.NewRequest("GET", "/login", nil))
		for _, c := range rec.Result().Cookies() {
			cookies[c.Name] = c
		}
		for _, name := range []string{"r2p_session", "r2p_csrf"} {
			c := cookies[prefix+name]
			switch {
			case c == nil:
				t.Errorf("secure=%v: no %s cookie among %v", secure, prefix+name, cookies)
			case c.Secure != secure || c.Path != "/" || c.Domain != "" || !c.HttpOnly:
				t.Errorf("secure=%v: cookie %s", secure, c)
			}
		}
		for _, c := range []*http.Cookie{{Name: prefix + "r2p_session", Value: session.Value},
			{Name: "r2p_session", Value: session.Value}} {
			r := httptest.NewRequest("GET", "/admin", nil)
			r.AddCookie(c)
			rec = httptest.NewRecorder()
			h.srv.ServeHTTP(rec, r)
			if signedIn := rec.Code == http.StatusOK; signedIn != (c.Name == prefix+"r2p_session") {
				t.Errorf("secure=%v: a session in a cookie named %s: %d", secure, c.Name, rec.Code)
			}
		}
	}
}

// TestCSRFTokenBoundToSession: once signed in, the only token that works
// is the session's own. A token planted before login (or read from
// another visitor) is replaced on the next page and refused on a form.
func TestCSRFTokenBoundToSession(t *testing.T) {
	h := newHarness(t)
	h.demo()
	editor := h.session(account.Editor)
	other := h.session(account.Admin)
	for name, token := range map[string]string{
		"the token from before login": testCSRF,
		"another session's token":     web.SessionCSRF(other),
	} {
		res := h.do(request{method: "POST", target: "/admin/campaigns/1/status", session: editor, noCSRF: true,
			form: url.Values{"to": {"closed"}, "csrf": {token}}})
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %s, want 403", name, res)
		}
	}
	// The page a signed-in editor reads, still carrying the cookie from
	// before login, replaces it with the session's token, and its forms
	// carry that.
	r := httptest.NewRequest("GET", "/admin/campaigns/1", nil)
	r.AddCookie(&http.Cookie{Name: "r2p_session", Value: editor})
	r.AddCookie(&http.Cookie{Name: "r2p_csrf", Value: testCSRF})
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, r)
	want := web.SessionCSRF(editor)
	var set string
	for _, c := range rec.Result().Cookies() {
		if c.Name == "r2p_csrf" {
			set = c.Value
		}
	}
	if set != want || !strings.Contains(rec.Body.String(), `name="csrf" value="`+want+`"`) {
		t.Errorf("cookie %q, want the session's token %q; forms carry it: %v", set, want,
			strings.Contains(rec.Body.String(), want))
	}
	if web.SessionCSRF(editor) == web.SessionCSRF(other) || len(want) < 32 {
		t.Errorf("session tokens %q and %q", want, web.SessionCSRF(other))
	}
	res := h.do(request{method: "POST", target: "/admin/campaigns/1/status", session: editor,
		form: url.Values{"to": {"closed"}}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("with the session's token: %s", res)
	}
}

// TestHSTSOverHTTPS: browsers are told to keep to HTTPS only when r2p is
// served over it; on plain http the header would be ignored, and on a
// development machine harmful.
func TestHSTSOverHTTPS(t *testing.T) {
	for base, want := range map[string]string{
		"https://r2p.example.org": "max-age=63072000",
		"http://127.0.0.1:8080":   "",
	} {
		h := newHarness(t, func(o *web.Options) { o.BaseURL = base })
		for _, target := range []string{"/", "/login", "/api/v1/states", "/no-such-page"} {
			if got := h.do(request{target: target}).Header.Get("Strict-Transport-Security"); got != want {
				t.Errorf("%s%s: Strict-Transport-Security %q, want %q", base, target, got, want)
			}
		}
	}
}

// TestOversizeBodyIs413: a form over the body limit is answered 413 with
// a page that says what the limit is, not 403 because the cut-off form
// lost its token; nothing is stored. The replies page takes the 64 MiB a
// file that it advertises.
func TestOversizeBodyIs413(t *testing.T) {
	h := newHarness(t)
	h.demo()
	before, _ := h.store.CountAudit(ctx)
	form := signOnForm(h, "Oversize Network")
	form.Set("contact_name", strings.Repeat("A", 11<<20))
	res := h.do(request{method: "POST", target: "/c/ga-2009", form: form})
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "at most 10 MiB") {
		t.Errorf("an 11 MiB sign-on: %s\n%.2000s", res, res.body)
	}
	if after, _ := h.store.CountAudit(ctx); after != before {
		t.Errorf("the refused sign-on changed something")
	}
	res = h.postMultipart(h.session(account.Editor), "/admin/organizations/import", nil,
		upload{"file", "huge.csv", []byte(strings.Repeat("Organization,Country\n", 600_000))})
	if res.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(res.body, "at most 10 MiB") {
		t.Errorf("a 12 MiB list: %s\n%.2000s", res, res.body)
	}
	// 20 MiB of mail is over the forms' limit but within the replies
	// page's: it is read, not refused.
	mbox := "From MAILER-DAEMON Mon Jul 20 09:00:00 2009\nSubject: padding\n\n" + strings.Repeat("x\n", 10<<20)
	res = h.uploadMail(h.session(account.Editor), "big.mbox", mbox)
	if res.StatusCode == http.StatusRequestEntityTooLarge || res.StatusCode >= 500 {
		t.Errorf("20 MiB of replies: %s\n%.2000s", res, res.body)
	}
	res = h.uploadMail(h.session(account.Editor), "huge.mbox", mbox+strings.Repeat("x", 64<<20))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a file over 64 MiB: %s", res)
	}
}
