package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
	"github.com/r2p-coalition/r2p/internal/web"
)

var ctx = context.Background()

// testCSRF is the CSRF token the harness's requests carry in cookie and form.
const testCSRF = "test-csrf-token-0123456789abcdefghijklmnopqrstuvwxyz"

// cheap hashing keeps the tests fast; the server verifies any costs.
var cheap = account.Argon2Params{Time: 1, Memory: 64, Threads: 1}

type harness struct {
	t     *testing.T
	store *store.Store
	srv   *web.Server
	now   time.Time
	users map[account.Role]account.User
}

// newHarness is a server on a fresh database with one active user per role.
func newHarness(t *testing.T, options ...func(*web.Options)) *harness {
	t.Helper()
	h := newBareHarness(t, options...)
	for _, role := range account.Roles {
		h.users[role] = h.user(role, string(role)+"@coalition.org", "a long enough password")
	}
	return h
}

// newBareHarness is a server on a fresh database without users.
func newBareHarness(t *testing.T, options ...func(*web.Options)) *harness {
	t.Helper()
	h := &harness{t: t, now: time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC), users: map[account.Role]account.User{}}
	clock := func() time.Time { return h.now }
	h.store = storetest.SQLite(t, func(o *store.Options) { o.Now = clock })
	opts := web.Options{BaseURL: "http://r2p.test", Now: clock, Passwords: account.NewHasher(cheap, 4, time.Minute)}
	for _, o := range options {
		o(&opts)
	}
	srv, err := web.New(h.store, states.Default(), opts)
	if err != nil {
		t.Fatal(err)
	}
	srv.TrackRendering()
	h.srv = srv
	return h
}

// user creates an active user directly in the store.
func (h *harness) user(role account.Role, email, password string) account.User {
	h.t.Helper()
	hash := account.HashPasswordWith(password, cheap)
	var u account.User
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		var err error
		if u, err = tx.CreateUser(ctx, email, "Staff "+string(role), role); err != nil {
			return err
		}
		return tx.SetPassword(ctx, u.ID, hash)
	})
	if err != nil {
		h.t.Fatal(err)
	}
	u.Active = true
	return u
}

// session signs a user in and returns the session cookie's value.
func (h *harness) session(role account.Role) string {
	h.t.Helper()
	secret, hash := account.NewSecret("")
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		return tx.CreateSession(ctx, hash, h.users[role].ID, h.now.Add(time.Hour))
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return secret
}

// token creates an API token with the role and returns its secret.
func (h *harness) token(role account.Role) string {
	h.t.Helper()
	secret, hash := account.NewSecret("r2p_")
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateAPIToken(ctx, "test "+string(role), role, hash, h.users[account.Admin].ID)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return secret
}

type request struct {
	method, target string
	form           url.Values
	session        string // session cookie value
	bearer         string
	noCSRF         bool
	header         http.Header
	rawBody        *string // sent as is instead of the form
	remote         string  // the client's address; default 192.0.2.10
}

type response struct {
	*http.Response
	body string
}

// doBody sends a raw body, for the JSON API.
func (h *harness) doBody(req request, body string) response {
	h.t.Helper()
	req.rawBody = &body
	return h.do(req)
}

func (h *harness) do(req request) response {
	h.t.Helper()
	var body io.Reader
	if req.method == "" {
		req.method = "GET"
	}
	form := url.Values{}
	for k, v := range req.form {
		form[k] = v
	}
	if req.method == "POST" && !req.noCSRF {
		form.Set("csrf", csrfOf(req.session))
	}
	if req.method == "POST" {
		body = strings.NewReader(form.Encode())
	}
	if req.rawBody != nil {
		body = strings.NewReader(*req.rawBody)
	}
	r := httptest.NewRequest(req.method, req.target, body)
	r.RemoteAddr = "192.0.2.10:5555"
	if req.remote != "" {
		r.RemoteAddr = net.JoinHostPort(req.remote, "5555")
	}
	if req.method == "POST" && req.rawBody == nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range req.header {
		r.Header[k] = v
	}
	r.AddCookie(&http.Cookie{Name: "r2p_csrf", Value: csrfOf(req.session)})
	if req.session != "" {
		r.AddCookie(&http.Cookie{Name: "r2p_session", Value: req.session})
	}
	if req.bearer != "" {
		r.Header.Set("Authorization", "Bearer "+req.bearer)
	}
	rec := httptest.NewRecorder()
	h.srv.ServeHTTP(rec, r)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return response{res, string(b)}
}

// upload is a file of a multipart form.
type upload struct {
	field, name string
	data        []byte
}

// postMultipart posts fields and files as multipart/form-data, with the
// CSRF token.
func (h *harness) postMultipart(session, target string, fields url.Values, files ...upload) response {
	h.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrfOf(session))
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile(f.field, f.name)
		fw.Write(f.data)
	}
	mw.Close()
	return h.doBody(request{method: "POST", target: target, session: session,
		header: http.Header{"Content-Type": {mw.FormDataContentType()}}}, body.String())
}

// csrfOf is the CSRF token a form carries: a session's own, else
// testCSRF, which is also the cookie's.
func csrfOf(session string) string {
	if session != "" {
		return web.SessionCSRF(session)
	}
	return testCSRF
}

func (r response) String() string {
	return fmt.Sprintf("%d %s", r.StatusCode, r.Header.Get("Location"))
}

// organization adds an organization to the registry.
func (h *harness) organization(name string, countries ...string) organization.Organization {
	h.t.Helper()
	o := organization.Organization{Name: name, Countries: countries, Type: organization.NGO}
	o.Normalize()
	var created organization.Organization
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		var err error
		created, err = tx.CreateOrganization(ctx, o)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return created
}

// demo loads the seed campaign ga-2009 with its 42 signatories.
func (h *harness) demo() {
	h.t.Helper()
	if _, err := demo.Load(ctx, h.store); err != nil {
		h.t.Fatal(err)
	}
}

// signOnForm is a complete, valid sign-on form of the demo campaign,
// sent a minute after it was served.
func signOnForm(h *harness, name string) url.Values {
	return url.Values{"name": {name}, "countries": {"GHA", "NGA"}, "type": {"network"}, "contact_name": {"Ama Mensah"},
		"contact_email": {"ama@example.org"}, "display": {"named"}, "consent": {"yes"},
		"started": {h.started(1, h.now.Add(-time.Minute))}}
}

// started is the "started" field the server signs for a form of the
// campaign served at t.
func (h *harness) started(campaignID int64, t time.Time) string {
	h.t.Helper()
	token, err := web.SignOnStarted(ctx, h.store, campaignID, t)
	if err != nil {
		h.t.Fatal(err)
	}
	return token
}
