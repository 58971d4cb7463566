package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/mail/inbox"
	"github.com/r2p-coalition/r2p/internal/mail/sender"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
	"golang.org/x/sync/errgroup"
)

func serveCommand() command {
	return command{
		name:    "serve",
		summary: "run the web application and JSON API",
		detail: `
Opens the database (SQLite by default; PostgreSQL with --database-url),
applies pending migrations, and serves HTTP until SIGINT or SIGTERM. Then it
stops accepting connections, lets in-flight requests finish (up to
--shutdown-timeout), stops background work and closes the database.

At the first start it creates the administrator (--admin-email) and writes a
one-time link to the log to set their password; there is no default
password. A background worker sends the outbox's e-mail through
--smtp-url; when no SMTP server is set it writes each message's recipient,
redacted, and subject to the log, and the whole message only with --demo or
--log-level debug. With
--imap-url, another reads the reply mailbox every --imap-interval and takes
in its unread bounces and replies (see 'r2p mail ingest').

Pages: / and /login for everyone, the staff area under /admin. JSON API under
/api/v1 (see /api/v1/openapi.json); health check at /healthz.`,
		flags: func(cfg *config.Config, getenv func(string) string) {
			cfg.ServerFlags(getenv)
			cfg.MailFlags(getenv)
			cfg.IMAPFlags(getenv)
			cfg.LetterFlags(getenv)
			dataFlags(cfg, getenv)
		},
		run: runServe,
	}
}

func runServe(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) > 0 {
		return &usageError{fmt.Sprintf("unexpected arguments %q", args)}
	}
	log := newLogger(cfg, env.Stderr)
	level, _ := cfg.Level() // Validate has checked it
	mailCfg := sender.Config{SMTPURL: cfg.SMTPURL, From: cfg.MailFrom, Rate: cfg.SMTPRate, RetryFor: cfg.MailRetryFor,
		LogBodies: cfg.Demo || level <= slog.LevelDebug}
	if err := mailCfg.Validate(); err != nil {
		return &usageError{err.Error()}
	}
	mailer, err := sender.NewMailer(mailCfg, log)
	if err != nil {
		return err
	}
	boxes, boxErr := replyMailboxes(cfg)
	var imapURL inbox.IMAPURL
	if cfg.IMAPURL != "" {
		if imapURL, err = inbox.ParseIMAPURL(cfg.IMAPURL); err != nil {
			return &usageError{"--imap-url: " + err.Error()}
		}
	}
	s, applied, err := openMigrated(ctx, cfg, log, "system")
	if err != nil {
		return err
	}
	for _, m := range applied {
		log.Info("applied migration", "source", m.Source, "duration", m.Duration)
	}
	if cfg.Demo {
		loaded, err := demo.Load(ctx, s)
		if err != nil {
			s.Close()
			return fmt.Errorf("loading the demo campaign: %w", err)
		}
		if loaded {
			log.Info("loaded the demo campaign: the open letter of 20 July 2009 and its 42 signatories", "path",
				"/c/"+demo.Slug)
		}
	}
	defer func() {
		if err := s.Close(); err != nil {
			log.Error("closing the database", "err", err)
		}
		log.Info("database closed")
	}()

	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + ln.Addr().String()
	}
	worker := sender.NewWorker(s, mailer, mailCfg, log, sender.WithLease(cfg.MailLease))
	statementCoder := recode.New(s, log)
	app, err := web.New(s, states.Default(), web.Options{
		BaseURL: cfg.BaseURL, SecureCookies: secureCookies(cfg.BaseURL, log),
		SMTP: !mailCfg.LogOnly(), WakeMailer: worker.Wake, WakeCoder: statementCoder.Wake, Logger: log,
		SignOnPerIP: cfg.SignOnPerIP, SignOnPerAddress: cfg.SignOnPerEmail,
		ReplyMailboxes: boxes,
		MailFrom:       cfg.MailFrom, ReplyMailbox: cfg.ReplyMailbox, Coalition: cfg.Coalition,
	})
	if err != nil {
		ln.Close()
		return err
	}
	if _, err := app.EnsureAdmin(ctx, cfg.AdminEmail); err != nil {
		ln.Close()
		return fmt.Errorf("setting up the administrator: %w", err)
	}

	jobs := []job{
		func(ctx context.Context) error {
			if err := worker.Run(ctx); err != nil {
				return fmt.Errorf("mail worker: %w", err)
			}
			return nil
		},
		func(ctx context.Context) error {
			eraseExpiredContacts(ctx, s, cfg.ContactRetention, time.Hour, log)
			return nil
		},
		func(ctx context.Context) error { statementCoder.Run(ctx, time.Hour); return nil },
	}
	if boxErr != nil {
		log.Info(boxErr.Error())
	}
	if cfg.IMAPURL != "" {
		poller := inbox.NewPoller(inbox.New(s, boxes...), imapURL, nil, log)
		jobs = append(jobs, func(ctx context.Context) error { poller.Run(ctx, cfg.IMAPInterval); return nil })
	}
	switch {
	case mailCfg.LogOnly() && mailCfg.LogBodies:
		log.Warn("no SMTP server (R2P_SMTP_URL): e-mail is written to this log, whole, instead of being sent")
	case mailCfg.LogOnly():
		log.Warn("no SMTP server (R2P_SMTP_URL): e-mail is not sent; this log gets each message's redacted recipient and subject (its text with --demo or --log-level debug)")
	default:
		log.Info("mail goes out through SMTP", "server", mailCfg.RedactedURL(), "from", cfg.MailFrom,
			"per_minute", cfg.SMTPRate)
	}
	srv := newHTTPServer(app, log)
	log.Info("r2p is serving", "url", "http://"+ln.Addr().String(), "database", cfg.Database(), "version",
		versionString())
	return serveWithJobs(ctx, srv, ln, cfg.ShutdownTimeout, log, jobs...)
}

// newHTTPServer is the server that r2p serve runs app with. Each timeout
// bounds what one client can hold: a connection that has not sent its
// request's headers after 10 s is closed, however slowly it keeps sending
// them (slowloris); the whole request, body included, is read within
// 60 s, the answer written within 120 s, and an idle connection kept for
// 120 s.
func newHTTPServer(app http.Handler, log *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           app,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
}

// job is background work that runs beside the HTTP server until its
// context ends; an error it returns stops the server.
type job func(ctx context.Context) error

// serveWithJobs serves on ln and runs the jobs, all under one errgroup: the
// first to fail stops the others and the server, and is returned. When ctx
// ends the server shuts down first (see serveUntilDone), so that requests
// still in flight can hand work to the jobs; then the jobs' context ends,
// and serveWithJobs waits for them.
func serveWithJobs(ctx context.Context, srv *http.Server, ln net.Listener, timeout time.Duration, log *slog.Logger,
	jobs ...job) error {
	g, serveCtx := errgroup.WithContext(ctx)
	jobCtx, stopJobs := context.WithCancel(context.WithoutCancel(ctx))
	for _, run := range jobs {
		g.Go(func() error { return run(jobCtx) })
	}
	g.Go(func() error {
		defer stopJobs()
		return serveUntilDone(serveCtx, srv, ln, timeout, log)
	})
	return g.Wait()
}

// eraseExpiredContacts erases, every interval until ctx ends, the contact
// details of signatures whose campaign closed more than retention ago.
func eraseExpiredContacts(ctx context.Context, s *store.Store, retention, interval time.Duration, log *slog.Logger) {
	for {
		if _, err := eraseExpiredContactsOnce(ctx, s, retention, log); err != nil && ctx.Err() == nil {
			log.Error("erasing expired contact data", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// eraseExpiredContactsOnce is one round of eraseExpiredContacts, by the
// store's clock; it logs how many signatures lost their contact, never
// whose.
func eraseExpiredContactsOnce(ctx context.Context, s *store.Store, retention time.Duration,
	log *slog.Logger) (int64, error) {
	var n int64
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.EraseExpiredContacts(ctx, retention)
		return err
	})
	if err == nil && n > 0 {
		log.Info("erased the contact data of signers of closed campaigns", "signatures", n, "retention", retention)
	}
	return n, err
}

// secureCookies says whether cookies can carry the Secure flag: over
// HTTPS, and on loopback addresses, which browsers treat as secure.
func secureCookies(baseURL string, log *slog.Logger) bool {
	u, err := url.Parse(baseURL)
	if err != nil {
		return true
	}
	if u.Scheme == "https" {
		return true
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return true
	}
	log.Warn("the base URL is plain http on a public address: cookies are sent unencrypted; serve r2p behind HTTPS and set --base-url https://...", "base_url", baseURL)
	return false
}

// serveUntilDone serves on ln until ctx ends, then shuts down gracefully:
// no new connections, in-flight requests get up to timeout to finish.
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, timeout time.Duration,
	log *slog.Logger) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down: finishing in-flight requests", "timeout", timeout)
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		srv.Close()
		return fmt.Errorf("shutdown: requests still running after %s: %w", timeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("http server stopped")
	return nil
}
