package web_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

func cookie(res response, name string) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == name {
			return c
		}
	}
	return nil
}

func TestLogin(t *testing.T) {
	h := newHarness(t)
	res := h.do(request{method: "POST", target: "/login", form: url.Values{"email": {"editor@coalition.org"}, "password": {"wrong password!"}}})
	if res.StatusCode != 401 || !strings.Contains(res.body, "do not match an account") || !strings.Contains(res.body, `value="editor@coalition.org"`) {
		t.Errorf("wrong password: %s, want 401 with the message and the address kept", res)
	}
	res = h.do(request{method: "POST", target: "/login", form: url.Values{"email": {"Editor@Coalition.org"}, "password": {"a long enough password"}, "next": {"/admin/account"}}})
	c := cookie(res, "r2p_session")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/account" || c == nil {
		t.Fatalf("right password: %s, cookie %v", res, c)
	}
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" {
		t.Errorf("session cookie %+v: want HttpOnly, SameSite=Lax, Path=/", c)
	}
	if res := h.do(request{target: "/admin", session: c.Value}); res.StatusCode != 200 || !strings.Contains(res.body, "Dashboard") {
		t.Errorf("dashboard with the new session: %s", res)
	}
	for _, next := range []string{"//evil.example/", "/\t/evil.example", "/\\evil.example"} {
		res = h.do(request{method: "POST", target: "/login", form: url.Values{"email": {"editor@coalition.org"},
			"password": {"a long enough password"}, "next": {next}}})
		if res.Header.Get("Location") != "/admin" {
			t.Errorf("next=%q redirected to %q, want /admin", next, res.Header.Get("Location"))
		}
	}

	// Logging out ends the session.
	h.do(request{method: "POST", target: "/logout", session: c.Value})
	if res := h.do(request{target: "/admin", session: c.Value}); res.StatusCode != 303 {
		t.Errorf("after logout: %s, want 303 to the login page", res)
	}
}

func TestLoginIsRateLimited(t *testing.T) {
	h := newHarness(t)
	login := func(email, password, from string) response {
		return h.do(request{method: "POST", target: "/login", remote: from,
			form: url.Values{"email": {email}, "password": {password}}})
	}
	for range 5 {
		login("viewer@coalition.org", "guess guess guess", "192.0.2.10")
	}
	res := login("viewer@coalition.org", "a long enough password", "192.0.2.10")
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "900" || !strings.Contains(res.body, "Try again in 15 minutes") {
		t.Errorf("after 5 failures on one account from one address: %s Retry-After=%q, want 429", res, res.Header.Get("Retry-After"))
	}
	if res := login("editor@coalition.org", "a long enough password", "192.0.2.10"); res.StatusCode != 303 {
		t.Errorf("another account from the same address: %s, want 303", res)
	}
	for i := range 15 { // 5 + 15 = 20 failures from this address
		login("nobody"+string(rune('a'+i))+"@coalition.org", "guess guess guess", "192.0.2.10")
	}
	if res := login("admin@coalition.org", "a long enough password", "192.0.2.10"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after 20 failures from one address, an account never signed in from it: %s, want 429", res)
	}
	if res := login("editor@coalition.org", "a long enough password", "192.0.2.10"); res.StatusCode != 303 {
		t.Errorf("after 20 failures from one address, an account that signed in from it: %s, want 303", res)
	}
	h.now = h.now.Add(16 * time.Minute)
	if res := login("viewer@coalition.org", "a long enough password", "192.0.2.10"); res.StatusCode != 303 {
		t.Errorf("16 minutes later: %s, want 303", res)
	}
}

// TestLockoutSparesTheOwner: failures from an attacker's address do not
// lock the owner out at theirs; once the account has 25 failures from all
// over, an address it signed in from before still gets in, a new one waits.
func TestLockoutSparesTheOwner(t *testing.T) {
	h := newHarness(t)
	login := func(password, from string) response {
		return h.do(request{method: "POST", target: "/login", remote: from,
			form: url.Values{"email": {"editor@coalition.org"}, "password": {password}}})
	}
	for range 6 {
		login("guess guess guess", "203.0.113.1")
	}
	if res := login("a long enough password", "198.51.100.7"); res.StatusCode != 303 {
		t.Fatalf("the owner at another address after 5 failures from the attacker's: %s, want 303", res)
	}
	for i := range 4 { // 5 addresses × 5 failures
		for range 5 {
			login("guess guess guess", fmt.Sprintf("203.0.113.%d", 2+i))
		}
	}
	if res := login("a long enough password", "198.51.100.7"); res.StatusCode != 303 {
		t.Errorf("the owner at the address they signed in from, after 25 failures from elsewhere: %s, want 303", res)
	}
	if res := login("a long enough password", "192.0.2.99"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a new address after 25 failures on the account: %s, want 429", res)
	}
	if res := login("a long enough password", "2001:db8::1"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a new IPv6 address after 25 failures on the account: %s, want 429", res)
	}
}

// countingHasher counts the passwords checked.
type countingHasher struct {
	web.PasswordHasher
	checked atomic.Int64
}

func (c *countingHasher) Matches(ctx context.Context, hash, pw string) (bool, error) {
	c.checked.Add(1)
	return c.PasswordHasher.Matches(ctx, hash, pw)
}

// TestParallelLoginsHashAtMostFive: 100 simultaneous wrong passwords for
// one account from one address get 5 passwords checked and 95 answers
// 429, since each attempt is counted before its password is hashed.
func TestParallelLoginsHashAtMostFive(t *testing.T) {
	hasher := &countingHasher{PasswordHasher: account.NewHasher(cheap, 2, time.Minute)}
	h := newHarness(t, func(o *web.Options) { o.Passwords = hasher })
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 100 {
		wg.Go(func() {
			<-start
			res := h.do(request{method: "POST", target: "/login",
				form: url.Values{"email": {"editor@coalition.org"}, "password": {"guess guess guess"}}})
			mu.Lock()
			defer mu.Unlock()
			statuses[res.StatusCode]++
			if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") != "900" {
				t.Errorf("429 with Retry-After %q, want 900", res.Header.Get("Retry-After"))
			}
		})
	}
	close(start)
	wg.Wait()
	if n := hasher.checked.Load(); n != 5 {
		t.Errorf("%d passwords hashed, want 5", n)
	}
	if statuses[401] != 5 || statuses[429] != 95 {
		t.Errorf("answers %v, want 5 × 401 and 95 × 429", statuses)
	}
}

// TestBusyHasherAnswers429: when no password can be hashed in time, the
// answer is 429 with Retry-After, and the attempt does not count.
func TestBusyHasherAnswers429(t *testing.T) {
	hasher := &switchableHasher{real: account.NewHasher(cheap, 1, time.Minute)}
	h := newHarness(t, func(o *web.Options) { o.Passwords = hasher })
	hasher.busy.Store(true)
	for range 10 {
		res := h.do(request{method: "POST", target: "/login",
			form: url.Values{"email": {"editor@coalition.org"}, "password": {"a long enough password"}}})
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "5" || !strings.Contains(res.body, "Try again in a few seconds") {
			t.Fatalf("login while busy: %s Retry-After=%q", res, res.Header.Get("Retry-After"))
		}
	}
	editor := h.session(account.Editor)
	res := h.do(request{method: "POST", target: "/admin/account/password", session: editor,
		form: url.Values{"current": {"a long enough password"}, "password": {"a brand new password"}}})
	if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "5" {
		t.Errorf("password change while busy: %s", res)
	}
	hasher.busy.Store(false)
	res = h.do(request{method: "POST", target: "/login",
		form: url.Values{"email": {"editor@coalition.org"}, "password": {"a long enough password"}}})
	if res.StatusCode != 303 {
		t.Errorf("login once not busy, after 10 busy answers: %s, want 303 (busy answers are no failures)", res)
	}
}

// switchableHasher is busy while busy is set.
type switchableHasher struct {
	real web.PasswordHasher
	busy atomic.Bool
}

func (s *switchableHasher) Hash(ctx context.Context, pw string) (string, error) {
	if s.busy.Load() {
		return "", account.ErrBusy
	}
	return s.real.Hash(ctx, pw)
}

func (s *switchableHasher) Matches(ctx context.Context, hash, pw string) (bool, error) {
	if s.busy.Load() {
		return false, account.ErrBusy
	}
	return s.real.Matches(ctx, hash, pw)
}

var setupLink = regexp.MustCompile(`http://r2p\.test(/setup/[A-Za-z0-9_-]+)`)

func TestFirstStartSetupLink(t *testing.T) {
	h := newBareHarness(t)
	link, err := h.srv.EnsureAdmin(ctx, "Secretariat@Coalition.org")
	if err != nil || !setupLink.MatchString(link) {
		t.Fatalf("EnsureAdmin = %q, %v", link, err)
	}
	path := setupLink.FindStringSubmatch(link)[1]
	if res := h.do(request{target: path}); res.StatusCode != 200 || !strings.Contains(res.body, "secretariat@coalition.org") {
		t.Fatalf("GET %s: %s", path, res)
	}
	res := h.do(request{method: "POST", target: path, form: url.Values{"name": {"Sam Secretariat"}, "password": {"short"}}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "at least 12 characters") || !strings.Contains(res.body, `value="Sam Secretariat"`) {
		t.Errorf("short password: %s, want 422 naming the rule and keeping the name", res)
	}
	res = h.do(request{method: "POST", target: path, form: url.Values{"name": {"Sam Secretariat"}, "password": {"a long enough password"}}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin" || cookie(res, "r2p_session") == nil {
		t.Fatalf("setting the password: %s", res)
	}
	if res := h.do(request{target: path}); res.StatusCode != 404 || !strings.Contains(res.body, "has been used or has expired") {
		t.Errorf("the used link: %s, want 404", res)
	}
	if link, err := h.srv.EnsureAdmin(ctx, "secretariat@coalition.org"); link != "" || err != nil {
		t.Errorf("EnsureAdmin after setup = %q, %v; want nothing", link, err)
	}
	users, _ := h.store.Users(ctx)
	if len(users) != 1 || users[0].Role != account.Admin || users[0].Name != "Sam Secretariat" || !users[0].Active {
		t.Errorf("users = %+v", users)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{})
	if len(events) != 2 || events[0].Action != "user.activate" || events[1].Action != "user.create" {
		t.Errorf("audit = %+v", events)
	}
}

// TestStaleSetupLinks: each start prints a new setup link; the earlier ones
// die with it, and none opens the account once its password is set (the
// oldest link used to set a new password and open an admin session).
func TestStaleSetupLinks(t *testing.T) {
	h := newBareHarness(t)
	var paths []string
	for range 3 {
		link, err := h.srv.EnsureAdmin(ctx, "secretariat@coalition.org")
		if err != nil || !setupLink.MatchString(link) {
			t.Fatalf("EnsureAdmin = %q, %v", link, err)
		}
		paths = append(paths, setupLink.FindStringSubmatch(link)[1])
	}
	form := url.Values{"name": {"Sam"}, "password": {"a long enough password"}}
	for _, old := range paths[:2] {
		if res := h.do(request{target: old}); res.StatusCode != 404 {
			t.Errorf("GET %s replaced by a newer link: %s, want 404", old, res)
		}
	}
	res := h.do(request{method: "POST", target: paths[2], form: form})
	first := cookie(res, "r2p_session")
	if res.StatusCode != 303 || first == nil {
		t.Fatalf("setting the password with the newest link: %s", res)
	}
	stolen := url.Values{"name": {"Mallory"}, "password": {"the attacker's own password"}}
	for _, old := range paths {
		res := h.do(request{method: "POST", target: old, form: stolen})
		if res.StatusCode != 404 || cookie(res, "r2p_session") != nil {
			t.Errorf("POST %s after the setup: %s, want 404 and no session", old, res)
		}
	}
	if res := h.do(request{target: "/admin", session: first.Value}); res.StatusCode != 200 {
		t.Errorf("the administrator's session after the attempts: %s", res)
	}
	_, hash, err := h.store.UserCredentials(ctx, "secretariat@coalition.org")
	if ok, perr := account.PasswordMatches(hash, "a long enough password"); err != nil || perr != nil || !ok {
		t.Errorf("the administrator's password changed (%v, %v)", err, perr)
	}
}

func TestInviteQueuesMailWithTheChange(t *testing.T) {
	h := newHarness(t)
	admin := h.session(account.Admin)
	res := h.do(request{method: "POST", target: "/admin/users", session: admin,
		form: url.Values{"email": {"New.Member@Coalition.org"}, "name": {"New Member"}, "role": {"editor"}}})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/users?invited=new.member%40coalition.org" {
		t.Fatalf("invite: %s", res)
	}
	msgs, err := h.store.OutboxMessages(ctx, store.OutboxFilter{})
	if err != nil || len(msgs) != 1 {
		t.Fatalf("outbox = %+v, %v", msgs, err)
	}
	m := msgs[0]
	if m.To != "new.member@coalition.org" || m.Status != outbox.Queued || m.Subject != "You are invited to r2p" || !setupLink.MatchString(m.Text) {
		t.Errorf("queued message = %+v", m)
	}
	// The link in the mail works.
	if res := h.do(request{target: setupLink.FindStringSubmatch(m.Text)[1]}); res.StatusCode != 200 {
		t.Errorf("invitation link: %s", res)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "user.invite"})
	if len(events) != 1 || events[0].Actor != h.users[account.Admin].Actor() || !strings.Contains(string(events[0].After), `"role":"editor"`) {
		t.Errorf("audit = %+v", events)
	}

	// A second invitation to the same address fails whole: no mail, no audit.
	res = h.do(request{method: "POST", target: "/admin/users", session: admin,
		form: url.Values{"email": {"new.member@coalition.org"}, "name": {"Again"}, "role": {"viewer"}}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "new.member@coalition.org already has an account") || !strings.Contains(res.body, `value="Again"`) {
		t.Errorf("duplicate invite: %s", res)
	}
	if counts, _ := h.store.OutboxCounts(ctx); counts.Queued != 1 {
		t.Errorf("outbox after a failed invite: %+v, want 1 queued", counts)
	}
	res = h.do(request{method: "POST", target: "/admin/users", session: admin, form: url.Values{"email": {"not an address"}, "role": {"viewer"}}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "E-mail address: “not an address” is not an e-mail address.") {
		t.Errorf("bad address: %s", res)
	}
}

func TestChangesAreAudited(t *testing.T) {
	h := newHarness(t)
	admin := h.session(account.Admin)
	viewer := h.users[account.Viewer]
	h.do(request{method: "POST", target: "/admin/users/" + itoa(viewer.ID) + "/role", session: admin, form: url.Values{"role": {"editor"}}})
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "user.role"})
	if len(events) != 1 || string(events[0].Before) != `{"role":"viewer"}` || string(events[0].After) != `{"role":"editor"}` || events[0].Subject != viewer.Actor() {
		t.Errorf("role change audit = %+v", events)
	}
	if res := h.do(request{method: "POST", target: "/admin/users/" + itoa(h.users[account.Admin].ID) + "/role", session: admin, form: url.Values{"role": {"viewer"}}}); res.StatusCode != 400 {
		t.Errorf("an admin demoting themselves: %s, want 400", res)
	}

	res := h.do(request{method: "POST", target: "/admin/tokens", session: admin, form: url.Values{"name": {"nightly export"}, "role": {"viewer"}}})
	secret := regexp.MustCompile(`r2p_[A-Za-z0-9_-]{43}`).FindString(res.body)
	if res.StatusCode != 201 || secret == "" {
		t.Fatalf("create token: %s", res)
	}
	me := h.do(request{target: "/api/v1/me", bearer: secret})
	var got struct{ Token account.APIToken }
	json.Unmarshal([]byte(me.body), &got)
	if me.StatusCode != 200 || got.Token.Name != "nightly export" || got.Token.Role != account.Viewer {
		t.Errorf("GET /api/v1/me = %s %s", me, me.body)
	}
	if res := h.do(request{target: "/api/v1/audit", bearer: secret}); res.StatusCode != 403 {
		t.Errorf("a viewer token on the admin API: %s, want 403", res)
	}
	h.do(request{method: "POST", target: "/admin/tokens/" + itoa(got.Token.ID) + "/revoke", session: admin})
	if res := h.do(request{target: "/api/v1/me", bearer: secret}); res.StatusCode != 401 {
		t.Errorf("revoked token: %s, want 401", res)
	}
	var actions []string
	events, _ = h.store.AuditEvents(ctx, store.AuditFilter{})
	for _, e := range events {
		actions = append(actions, e.Action)
	}
	if !slices.Equal(actions, []string{"token.revoke", "token.create", "user.role"}) {
		t.Errorf("audit actions = %v", actions)
	}

	// Admins browse and filter the log, on the page and through the API.
	page := h.do(request{target: "/admin/audit?action=token.create", session: admin})
	if !strings.Contains(page.body, "token.create") || strings.Contains(page.body, "token.revoke") {
		t.Errorf("filtered audit page:\n%s", page.body)
	}
	api := h.do(request{target: "/api/v1/audit?action=user.role", bearer: h.token(account.Admin)})
	if !strings.Contains(api.body, `"action": "user.role"`) || strings.Contains(api.body, "token.create") {
		t.Errorf("filtered audit API: %s", api.body)
	}
}

func TestPasswordChange(t *testing.T) {
	h := newHarness(t)
	mine, other := h.session(account.Editor), h.session(account.Editor)
	res := h.do(request{method: "POST", target: "/admin/account/password", session: mine, form: url.Values{"current": {"wrong"}, "password": {"a brand new password"}}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "The current password is not right.") {
		t.Errorf("wrong current password: %s", res)
	}
	res = h.do(request{method: "POST", target: "/admin/account/password", session: mine, form: url.Values{"current": {"a long enough password"}, "password": {"a brand new password"}}})
	if res.StatusCode != 200 || !strings.Contains(res.body, "Your password has been changed") {
		t.Fatalf("change: %s", res)
	}
	if res := h.do(request{target: "/admin", session: other}); res.StatusCode != 303 {
		t.Errorf("the other session after a password change: %s, want signed out", res)
	}
	msgs, err := h.store.OutboxMessages(ctx, store.OutboxFilter{})
	if err != nil || len(msgs) != 1 || msgs[0].To != "editor@coalition.org" || msgs[0].Subject != "Your r2p password was changed" ||
		!strings.Contains(msgs[0].Text, "was changed on 20 July 2009 at 09:00 UTC, from the address 192.0.2.10") {
		t.Errorf("the owner is not told of the change: %+v, %v", msgs, err)
	}
	if res := h.do(request{target: "/admin", session: mine}); res.StatusCode != 200 {
		t.Errorf("the current session after a password change: %s", res)
	}
	res = h.do(request{method: "POST", target: "/login", form: url.Values{"email": {"editor@coalition.org"}, "password": {"a brand new password"}}})
	if res.StatusCode != 303 {
		t.Errorf("login with the new password: %s", res)
	}
}

func TestLanguage(t *testing.T) {
	h := newHarness(t)
	fr := http.Header{"Accept-Language": {"fr-CH, fr;q=0.9, en;q=0.8"}}
	if res := h.do(request{target: "/login", header: fr}); !strings.Contains(res.body, `<html lang="fr">`) || !strings.Contains(res.body, "Se connecter") {
		t.Errorf("Accept-Language fr: the page is not in French")
	}
	res := h.do(request{target: "/lang/es?next=/login", header: fr})
	c := cookie(res, "r2p_lang")
	if res.StatusCode != 303 || res.Header.Get("Location") != "/login" || c == nil || c.Value != "es" || c.MaxAge != 365*24*3600 {
		t.Fatalf("switch to Spanish: %s, cookie %+v", res, c)
	}
	r := h.do(request{target: "/login", header: http.Header{"Accept-Language": {"fr"}, "Cookie": {"r2p_lang=es"}}})
	if !strings.Contains(r.body, `<html lang="es">`) || !strings.Contains(r.body, "Iniciar sesión") {
		t.Errorf("the switcher's cookie must win over Accept-Language")
	}
	if res := h.do(request{target: "/lang/de"}); res.StatusCode != 404 {
		t.Errorf("unsupported language: %s", res)
	}
	for _, next := range []string{"https://evil.example/", "/%09/evil.example", "/%5C/evil.example", "/%0A/evil.example"} {
		if res := h.do(request{target: "/lang/fr?next=" + next}); res.Header.Get("Location") != "/" {
			t.Errorf("switcher followed the off-site next %s: %s", next, res)
		}
	}
	// Dates and numbers follow the language.
	h.do(request{method: "POST", target: "/admin/tokens", session: h.session(account.Admin), form: url.Values{"name": {"x"}, "role": {"viewer"}}})
	page := h.do(request{target: "/admin/tokens", session: h.session(account.Admin), header: http.Header{"Cookie": {"r2p_lang=es"}}})
	if !strings.Contains(page.body, "20 de julio de 2009") {
		t.Errorf("Spanish token page shows no Spanish date:\n%s", page.body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestNewPasswordsRefused: setting a password through a link and changing
// one refuse a common password and the user's own e-mail address or name,
// saying which, in the reader's language.
func TestNewPasswordsRefused(t *testing.T) {
	h := newBareHarness(t)
	link, err := h.srv.EnsureAdmin(ctx, "sam.secretariat@coalition.org")
	if err != nil {
		t.Fatal(err)
	}
	path := setupLink.FindStringSubmatch(link)[1]
	fr := http.Header{"Accept-Language": {"fr"}}
	es := http.Header{"Accept-Language": {"es"}}
	for _, tc := range []struct {
		password string
		header   http.Header
		want     string
	}{
		{"qwerty123456", nil, "one of the 10,000 most common passwords"},
		{"QWERTY123456", fr, "des 10 000 mots de passe les plus courants"},
		{"Sam.Secretariat@coalition.org", nil, "must not contain your e-mail address"},
		{"secretariat rocks", es, "no debe contener su dirección de correo"},
		{"Ngozi Okonjo 2009", nil, "must not contain your name"},
		{"okonjo is my name", fr, "ni votre nom"},
	} {
		res := h.do(request{method: "POST", target: path, header: tc.header,
			form: url.Values{"name": {"Ngozi Okonjo"}, "password": {tc.password}}})
		if res.StatusCode != 422 || !strings.Contains(res.body, tc.want) {
			t.Errorf("setup with %q: %s, want 422 saying %q", tc.password, res, tc.want)
		}
	}
	res := h.do(request{method: "POST", target: path,
		form: url.Values{"name": {"Ngozi Okonjo"}, "password": {"correct horse battery staple"}}})
	if res.StatusCode != 303 {
		t.Fatalf("setup with a good password: %s", res)
	}
	session := cookie(res, "r2p_session").Value
	for _, pw := range []string{"qwertyqwerty", "ngozi okonjo!", "sam.secretariat"} {
		res := h.do(request{method: "POST", target: "/admin/account/password", session: session,
			form: url.Values{"current": {"correct horse battery staple"}, "password": {pw}}})
		if res.StatusCode != 422 || !strings.Contains(res.body, "Password: ") {
			t.Errorf("changing to %q: %s, want 422", pw, res)
		}
	}
}

// TestTokensFollowTheirCreator: an API token may do no more than the user
// who created it may do now. Demoting the user lowers the token's rights at
// its next request; deactivating the user stops the token, their sessions
// and their sign-in; reactivating brings back what the role allows.
func TestTokensFollowTheirCreator(t *testing.T) {
	h := newHarness(t)
	admin := h.session(account.Admin)
	second := h.user(account.Admin, "second@coalition.org", "a long enough password")
	secondSession := func() string {
		res := h.do(request{method: "POST", target: "/login",
			form: url.Values{"email": {"second@coalition.org"}, "password": {"a long enough password"}}})
		if c := cookie(res, "r2p_session"); res.StatusCode == 303 && c != nil {
			return c.Value
		}
		return ""
	}
	session := secondSession()
	secret, hash := account.NewSecret("r2p_")
	err := h.store.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.CreateAPIToken(ctx, "second's export", account.Admin, hash, second.ID)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if res := h.do(request{target: "/api/v1/audit", bearer: secret}); res.StatusCode != 200 {
		t.Fatalf("an admin's admin token on an admin route: %s", res)
	}

	res := h.do(request{method: "POST", target: fmt.Sprintf("/admin/users/%d/role", second.ID), session: admin,
		form: url.Values{"role": {"viewer"}}})
	if res.StatusCode != 303 {
		t.Fatalf("demoting: %s", res)
	}
	res = h.do(request{target: "/api/v1/audit", bearer: secret})
	if res.StatusCode != 403 || !strings.Contains(res.body, "is limited to viewer, the role of the user who created it") {
		t.Errorf("the token after its creator became a viewer, on an admin route: %s %s", res, res.body)
	}
	res = h.do(request{method: "POST", target: "/api/v1/organizations", bearer: secret})
	if res.StatusCode != 403 {
		t.Errorf("the token after its creator became a viewer, on an editor route: %s", res)
	}
	res = h.do(request{target: "/api/v1/me", bearer: secret})
	if res.StatusCode != 200 || !strings.Contains(res.body, `"role": "admin"`) || !strings.Contains(res.body, `"rights": "viewer"`) {
		t.Errorf("/api/v1/me of the lowered token: %s %s", res, res.body)
	}
	if page := h.do(request{target: "/admin/tokens", session: admin}); !strings.Contains(page.body, "limited to Viewer, the role of the user who created it") {
		t.Errorf("the tokens page does not say the token is limited:\n%s", page.body)
	}

	res = h.do(request{method: "POST", target: fmt.Sprintf("/admin/users/%d/deactivate", second.ID), session: admin})
	if res.StatusCode != 303 {
		t.Fatalf("deactivating: %s", res)
	}
	res = h.do(request{target: "/api/v1/me", bearer: secret})
	if res.StatusCode != 401 || !strings.Contains(res.body, "creator has been deactivated") {
		t.Errorf("the token of a deactivated user: %s %s, want 401", res, res.body)
	}
	if res := h.do(request{target: "/admin", session: session}); res.StatusCode != 303 {
		t.Errorf("the session of a deactivated user: %s, want signed out", res)
	}
	if s := secondSession(); s != "" {
		t.Error("a deactivated user signed in with the right password")
	}
	if page := h.do(request{target: "/admin/users", session: admin}); !strings.Contains(page.body, "Deactivated: cannot sign in") ||
		!strings.Contains(page.body, fmt.Sprintf(`action="/admin/users/%d/reactivate"`, second.ID)) {
		t.Errorf("the users page does not show the deactivation:\n%s", page.body)
	}
	if res := h.do(request{method: "POST", target: fmt.Sprintf("/admin/users/%d/deactivate", h.users[account.Admin].ID), session: admin}); res.StatusCode != 400 {
		t.Errorf("an admin deactivating themselves: %s, want 400", res)
	}

	res = h.do(request{method: "POST", target: fmt.Sprintf("/admin/users/%d/reactivate", second.ID), session: admin})
	if res.StatusCode != 303 {
		t.Fatalf("reactivating: %s", res)
	}
	if res := h.do(request{target: "/api/v1/me", bearer: secret}); res.StatusCode != 200 || !strings.Contains(res.body, `"rights": "viewer"`) {
		t.Errorf("the token of a reactivated viewer: %s %s", res, res.body)
	}
	if s := secondSession(); s == "" {
		t.Error("a reactivated user cannot sign in")
	}
	var actions []string
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "user.deactivate"})
	for _, e := range events {
		actions = append(actions, e.Action+" "+string(e.Before)+" "+string(e.After))
	}
	if !slices.Equal(actions, []string{`user.deactivate {"deactivated":false} {"deactivated":true}`}) {
		t.Errorf("audit = %v", actions)
	}
}
