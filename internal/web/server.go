// Package web serves r2p over HTTP: the public pages, the staff area under
// /admin, and the JSON API under /api/v1. Every route, with the role it
// needs, is in routes.go.
package web

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Options configures a Server.
type Options struct {
	// BaseURL is the public address of the server, for links in e-mail and
	// in the log, without a trailing slash.
	BaseURL string
	// SecureCookies marks cookies Secure: HTTPS only (browsers also send
	// them to http://localhost).
	SecureCookies bool
	// SMTP says that mail leaves through an SMTP server; when false it is
	// written to the log, and the dashboard says so.
	SMTP bool
	// SignOnPerIP and SignOnPerAddress bound the sign-on submissions one
	// client (an IPv6 one by its /64), and one contact mailbox, may make per hour;
	// 0 turns the limit off (for a load test).
	SignOnPerIP, SignOnPerAddress int
	// WakeMailer nudges the outbox worker after a message is queued.
	WakeMailer func()
	// WakeCoder nudges the background coder of statements after a new
	// version of the codebook is saved.
	WakeCoder func()
	Now       func() time.Time
	Logger    *slog.Logger

	// ReplyMailboxes are the mailboxes whose plus-addresses carry the
	// letters' tags, for the mail uploaded on the replies page; none:
	// uploads are attached by the Message-IDs they refer to only.
	ReplyMailboxes []triage.Mailbox
	// MailFrom is the sender of outgoing mail (--mail-from), whose domain
	// ends the Message-IDs of letters to missions; default r2p@localhost.
	MailFrom string
	// ReplyMailbox takes the missions' replies and bounces
	// (--reply-mailbox); empty: MailFrom.
	ReplyMailbox string
	// Coalition is the name that heads letters to governments while
	// /admin/settings holds none (--coalition).
	Coalition string
	// Passwords hashes and checks passwords; nil: argon2id with
	// account.DefaultArgon2, as many at a time as passwordMemory allows.
	Passwords PasswordHasher
}

// PasswordHasher makes and checks password hashes; *account.Hasher is the
// real one. Either method may answer account.ErrBusy.
type PasswordHasher interface {
	Hash(ctx context.Context, password string) (string, error)
	Matches(ctx context.Context, hash, password string) (bool, error)
}

// Server holds the handlers' dependencies.
type Server struct {
	store   *store.Store
	coder   *recode.Coder
	states  *states.Table
	opts    Options
	log     *slog.Logger
	catalog i18n.Catalog
	pages   map[string]*template.Template
	assets  *assets
	routes  []route
	handler http.Handler

	logins        *account.LoginLimiter
	passwords     PasswordHasher
	signByIP      *account.Limiter       // nil when off
	signByAddress *account.Limiter       // nil when off
	signOnKey     atomic.Pointer[[]byte] // the key of the sign-on form's start time, once read

	registry      registryIndex // the duplicate finder's index, while the registry is unchanged
	versions      sync.Map      // [campaign id, version number] -> cachedVersion, of public campaigns
	campaignCache sync.Map      // slug -> cachedCampaign
	signedPages   sync.Map      // signedKey -> the rendered "check your e-mail" page
}

// loginLimits are the failed sign-ins allowed in 15 minutes: 5 at one
// account from one address, 20 from one address, and 25 at one account
// from all the addresses it has not signed in from in 90 days, which keeps
// an account under 100 guesses an hour (OWASP ASVS 2.2.1).
var loginLimits = account.LoginLimits{PerAccountAddress: 5, PerAddress: 20, PerAccount: 25,
	Window: 15 * time.Minute, Remember: 90 * 24 * time.Hour}

// passwordMemory is the memory that password hashes may hold at once:
// four of 64 MiB, fewer when there are fewer CPUs. A sign-in that finds
// them all taken waits up to passwordWait, then is answered 429.
const (
	passwordMemory = 256 << 20
	passwordWait   = 3 * time.Second
)

// dummyHash is compared against when an address has no password, so that
// the time a login takes does not tell whether the account exists. It is
// the hash, with the default costs, of a random string nobody kept.
const dummyHash = "$argon2id$v=19$m=65536,t=3,p=2$38hYL18q47plcapZ6Mqk1Q$zX+xB2INX6N0CF5q/7miracEXNXSzgqkAutz57brKDU"

// New parses the templates and builds the routes.
func New(st *store.Store, table *states.Table, opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.WakeMailer == nil {
		opts.WakeMailer = func() {}
	}
	if opts.WakeCoder == nil {
		opts.WakeCoder = func() {}
	}
	if opts.MailFrom == "" {
		opts.MailFrom = "r2p@localhost"
	}
	if opts.Passwords == nil {
		opts.Passwords = account.NewHasher(account.DefaultArgon2,
			account.HashSlots(passwordMemory, account.DefaultArgon2), passwordWait)
	}
	s := &Server{
		store: st, coder: recode.New(st, opts.Logger), states: table, opts: opts, log: opts.Logger,
		catalog: i18n.Default(), logins: account.NewLoginLimiter(loginLimits, opts.Now), passwords: opts.Passwords,
	}
	if opts.SignOnPerIP > 0 {
		s.signByIP = account.NewLimiter(opts.SignOnPerIP, time.Hour, opts.Now)
	}
	if opts.SignOnPerAddress > 0 {
		s.signByAddress = account.NewLimiter(opts.SignOnPerAddress, time.Hour, opts.Now)
	}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.pages, err = parsePages(s.assets); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	s.handler = s.buildRoutes()
	return s, nil
}

// ServeHTTP serves the whole application.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }
