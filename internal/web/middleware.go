package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"net"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Cookie names. The session and CSRF cookies are named by hostCookie.
const (
	sessionCookie = "r2p_session"
	csrfCookie    = "r2p_csrf"
	langCookie    = "r2p_lang"
)

// hostCookie is the name a security cookie goes by: with the prefix
// "__Host-" where cookies are Secure (HTTPS, or loopback, which browsers
// treat as secure), so that no subdomain and no plain-http page can plant
// or overwrite it; browsers refuse a __Host- cookie that is not Secure, so
// a plain-http server uses the bare name.
func (s *Server) hostCookie(name string) string {
	if s.opts.SecureCookies {
		return "__Host-" + name
	}
	return name
}

// visitor is who is asking, as the middleware found out.
type visitor struct {
	user          *account.User     // from the session cookie
	token         *account.APIToken // from an Authorization: Bearer header
	sessionHash   []byte
	sessionSecret string // the session cookie's value, for sessionCSRF
	csrf          string
	printer       *i18n.Printer
}

type visitorKey struct{}

func visitorFrom(r *http.Request) *visitor {
	if v, ok := r.Context().Value(visitorKey{}).(*visitor); ok {
		return v
	}
	return &visitor{printer: i18n.Default().Printer(i18n.English)}
}

// actor names whoever makes a change, for the audit log.
func (v *visitor) actor() string {
	switch {
	case v.user != nil:
		return v.user.Actor()
	case v.token != nil:
		return v.token.Actor()
	}
	return "anonymous"
}

// securityHeaders go on every response. The pages need no script at all,
// so the policy allows none. Every response is no-store unless its handler
// says otherwise (only the static files do): public pages carry personal
// data too (the "check your e-mail" page, confirm and withdraw pages, the
// signatory list), and a shared computer's cache must not keep them. Over
// HTTPS, browsers are told to use nothing else for two years.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	hsts := strings.HasPrefix(s.opts.BaseURL, "https://")
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy",
			"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("Referrer-Policy", "no-referrer") // setup links carry their secret in the path
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		if hsts {
			h.Set("Strict-Transport-Security", "max-age=63072000")
		}
		next.ServeHTTP(w, r)
	})
}

// crossOrigin refuses a state-changing request that a browser says came
// from another site (Sec-Fetch-Site, else an Origin that is not this
// host): the first of two CSRF defences, before the token of checkCSRF.
// Requests without either header (curl, API clients) pass to the token
// and bearer checks.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	p := http.NewCrossOriginProtection()
	p.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e := errorf(http.StatusForbidden, "csrf", "cross-origin request refused: %s %s came from another site",
			r.Method, r.URL.Path)
		if strings.HasPrefix(r.URL.Path, "/api/") {
			writeAPIError(w, e)
			return
		}
		s.errorPage(w, r, e)
	}))
	return p.Handler(next)
}

// identify finds the visitor's language, session and CSRF token and puts
// them in the request's context.
func (s *Server) identify(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := &visitor{printer: s.catalog.Printer(s.language(r))}
		if c, err := r.Cookie(s.hostCookie(sessionCookie)); err == nil && c.Value != "" {
			hash := account.HashSecret(c.Value)
			sess, err := s.store.Session(r.Context(), hash)
			switch {
			case err == nil:
				v.user, v.sessionHash, v.sessionSecret = &sess.User, hash, c.Value
				s.renewSession(r.Context(), sess, hash)
			case !errors.Is(err, store.ErrNotFound):
				s.log.Error("reading the session", "err", err)
			}
		}
		want := ""
		if v.user != nil {
			want = sessionCSRF(v.sessionSecret)
		}
		if c, err := r.Cookie(s.hostCookie(csrfCookie)); err == nil && len(c.Value) >= 32 &&
			(want == "" || c.Value == want) {
			v.csrf = c.Value
		} else {
			v.csrf = want
			if v.csrf == "" {
				v.csrf = newCSRFToken()
			}
			http.SetCookie(w, s.cookie(s.hostCookie(csrfCookie), v.csrf, 0))
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), visitorKey{}, v)))
	})
}

// renewSession keeps a session in use alive (account.Session.Renewal). A
// failure is logged, not shown: the visitor is signed in for this request
// either way.
func (s *Server) renewSession(ctx context.Context, sess account.Session, hash []byte) {
	until, ok := sess.Renewal(s.opts.Now())
	if !ok {
		return
	}
	err := s.store.Transact(ctx, func(tx *store.Tx) error { return tx.ExtendSession(ctx, hash, until) })
	if err != nil {
		s.log.Error("renewing the session", "err", err)
	}
}

// language is the one the switcher chose (a cookie), else the best match
// for Accept-Language.
func (s *Server) language(r *http.Request) i18n.Lang {
	if c, err := r.Cookie(langCookie); err == nil {
		if l, ok := i18n.Parse(c.Value); ok {
			return l
		}
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// checkCSRF: a state-changing form must send back the token of the
// visitor's CSRF cookie (double submit). A cross-site page can make the
// browser send the cookie, but cannot read it to put it in the form. A
// signed-in visitor's token is derived from the session (sessionCSRF), so
// a token planted before login is worthless after it.
//
// The form is read first, whole: a body over the route's limit is a 413
// that says so, not a missing token.
func checkCSRF(r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	v := visitorFrom(r)
	sent := r.PostFormValue("csrf")
	if sent == "" || subtle.ConstantTimeCompare([]byte(sent), []byte(v.csrf)) != 1 {
		return errorf(http.StatusForbidden, "csrf",
			"this form has expired or did not come from this site; go back, reload the page and send it again")
	}
	return nil
}

// parseForm reads a POST's form, multipart or not. The body is already
// bounded by http.MaxBytesReader.
func parseForm(r *http.Request) error {
	var err error
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		err = r.ParseMultipartForm(multipartMemory)
	} else {
		err = r.ParseForm()
	}
	if tooLarge, ok := errors.AsType[*http.MaxBytesError](err); ok {
		return wrapf(tooLarge, http.StatusRequestEntityTooLarge, "too_large", "the request is larger than %d MiB",
			tooLarge.Limit>>20)
	}
	if err != nil {
		return errorf(http.StatusBadRequest, "bad_form", "the form could not be read: %v", err)
	}
	return nil
}

// multipartMemory is how much of an upload is held in memory; the rest of
// its files wait in temporary files.
const multipartMemory = 10 << 20

// sessionCSRF is the CSRF token of a session: an HMAC of the session's
// secret, so it is the same on every page of the session, unknown to
// anyone without the session cookie, and changes when the session does.
func sessionCSRF(sessionSecret string) string {
	m := hmac.New(sha256.New, []byte(sessionSecret))
	m.Write([]byte("r2p csrf token"))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

func newCSRFToken() string {
	var b [32]byte
	rand.Read(b[:])
	return base64.RawURLEncoding.EncodeToString(b[:])
}

// cookie makes an HTTP-only, SameSite=Lax cookie for the whole site;
// maxAge 0 makes it last the browser session, < 0 deletes it.
func (s *Server) cookie(name, value string, maxAge int) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: s.opts.SecureCookies, SameSite: http.SameSiteLaxMode,
	}
}

// clientIP is the address the request came from. r2p does not trust
// X-Forwarded-For: behind a proxy, every client shares the proxy's limit.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// localPath returns next if it is a path on this site, else fallback; it
// keeps redirects from leading off the site. Browsers forgive a lot in a
// Location: they drop tabs and newlines ("/\t/evil.example" is
// "//evil.example"), read a backslash as a slash, and take "//host" as
// another site. So next must be a relative reference that parses with no
// scheme, host or user, begins with exactly one "/", and holds only
// printable characters, no space and no backslash (a link of ours escapes
// them).
func localPath(next, fallback string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsRune(next, '\\') {
		return fallback
	}
	for _, r := range next {
		if r == ' ' || !unicode.IsPrint(r) || r == utf8.RuneError {
			return fallback
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		strings.HasPrefix(u.Path, "//") {
		return fallback
	}
	return next
}
