// Package config is r2p's configuration: one struct filled from command-line
// flags, whose defaults come from R2P_* environment variables.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/store"
)

// Config is everything an r2p command can be told. Each command registers
// the flags it uses.
type Config struct {
	Addr             string        // --addr, R2P_ADDR
	DBPath           string        // --db, R2P_DB
	DatabaseURL      string        // --database-url, R2P_DATABASE_URL
	LogLevel         string        // --log-level, R2P_LOG_LEVEL
	LogFormat        string        // --log-format, R2P_LOG_FORMAT
	ShutdownTimeout  time.Duration // --shutdown-timeout, R2P_SHUTDOWN_TIMEOUT
	BaseURL          string        // --base-url, R2P_BASE_URL
	AdminEmail       string        // --admin-email, R2P_ADMIN_EMAIL
	Demo             bool          // --demo, R2P_DEMO
	SignOnPerIP      int           // --signon-ip-limit, R2P_SIGNON_IP_LIMIT
	SignOnPerEmail   int           // --signon-email-limit, R2P_SIGNON_EMAIL_LIMIT
	ContactRetention time.Duration // --contact-retention, R2P_CONTACT_RETENTION

	SMTPURL      string        // R2P_SMTP_URL
	MailFrom     string        // R2P_MAIL_FROM
	SMTPRate     int           // R2P_SMTP_RATE, messages per minute, 0 = unthrottled
	MailRetryFor time.Duration // R2P_MAIL_RETRY_FOR
	MailLease    time.Duration // R2P_MAIL_LEASE

	Coalition    string // --coalition, R2P_COALITION: the name at the head of letters to governments when /admin/settings holds none
	ReplyMailbox string // --reply-mailbox, R2P_REPLY_MAILBOX

	IMAPURL      string        // --imap-url, R2P_IMAP_URL: the reply mailbox, read for bounces and replies
	IMAPInterval time.Duration // --imap-interval, R2P_IMAP_INTERVAL

	dbSet bool    // --db or R2P_DB was given, not defaulted
	errs  []error // environment values that could not be read
	fs    *flag.FlagSet
}

// Defaults.
const (
	DefaultAddr   = "127.0.0.1:8080"
	DefaultDBPath = "r2p.db"
)

// New returns a Config whose flags will be registered on fs, reading
// environment defaults through getenv.
func New(fs *flag.FlagSet) *Config { return &Config{fs: fs} }

// DatabaseFlags registers --db and --database-url.
func (c *Config) DatabaseFlags(getenv func(string) string) {
	c.dbSet = getenv("R2P_DB") != ""
	c.fs.StringVar(&c.DBPath, "db", or(getenv("R2P_DB"), DefaultDBPath),
		"SQLite database `file`, created if missing (env R2P_DB)")
	c.fs.StringVar(&c.DatabaseURL, "database-url", getenv("R2P_DATABASE_URL"),
		"PostgreSQL `URL` (postgres://user:pass@host/db); when set, PostgreSQL is used instead of SQLite (env R2P_DATABASE_URL)")
}

// ServerFlags registers --addr and --shutdown-timeout.
func (c *Config) ServerFlags(getenv func(string) string) {
	c.fs.StringVar(&c.Addr, "addr", or(getenv("R2P_ADDR"), DefaultAddr),
		"`host:port` to listen on (env R2P_ADDR)")
	c.ShutdownTimeout = c.durationEnv(getenv, "R2P_SHUTDOWN_TIMEOUT", 30*time.Second)
	c.fs.DurationVar(&c.ShutdownTimeout, "shutdown-timeout", c.ShutdownTimeout,
		"how long in-flight requests may take to finish after SIGINT or SIGTERM (env R2P_SHUTDOWN_TIMEOUT)")
	c.fs.StringVar(&c.BaseURL, "base-url", getenv("R2P_BASE_URL"),
		"public `URL` of this server, for links in e-mail and the log (env R2P_BASE_URL; default http:// and the address it listens on)")
	c.fs.BoolVar(&c.Demo, "demo", getenv("R2P_DEMO") == "1" || getenv("R2P_DEMO") == "true",
		"load the seed open letter of 20 July 2009 and its 42 signatories as campaign ga-2009, once (env R2P_DEMO=1)")
	c.SignOnPerIP = c.intEnv(getenv, "R2P_SIGNON_IP_LIMIT", 20)
	c.fs.IntVar(&c.SignOnPerIP, "signon-ip-limit", c.SignOnPerIP,
		"most sign-on submissions per hour from one client address, an IPv6 client counted by its /64; 0 = no limit (env R2P_SIGNON_IP_LIMIT)")
	c.SignOnPerEmail = c.intEnv(getenv, "R2P_SIGNON_EMAIL_LIMIT", 5)
	c.fs.IntVar(&c.SignOnPerEmail, "signon-email-limit", c.SignOnPerEmail,
		"most sign-on submissions per hour for one contact mailbox (plus-tags, and dots at Gmail, are one mailbox); 0 = no limit (env R2P_SIGNON_EMAIL_LIMIT)")
	c.ContactRetention = c.durationEnv(getenv, "R2P_CONTACT_RETENTION", 180*24*time.Hour)
	c.fs.DurationVar(&c.ContactRetention, "contact-retention", c.ContactRetention,
		"how long signers' contact names, e-mail and client addresses are kept after a campaign closes; then a background job erases them (env R2P_CONTACT_RETENTION)")
	c.fs.StringVar(&c.AdminEmail, "admin-email", or(getenv("R2P_ADMIN_EMAIL"), "admin@localhost"),
		"e-mail `address` of the administrator created at the first start (env R2P_ADMIN_EMAIL)")
}

// MailFlags registers the outgoing-mail settings: --smtp-url, --mail-from,
// --smtp-rate and --mail-retry-for.
func (c *Config) MailFlags(getenv func(string) string) {
	c.fs.StringVar(&c.SMTPURL, "smtp-url", getenv("R2P_SMTP_URL"),
		"SMTP server `URL`, smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; unset: mail is not sent, the log gets each message's redacted recipient and subject, and its text with --demo or --log-level debug (env R2P_SMTP_URL)")
	c.fs.StringVar(&c.MailFrom, "mail-from", or(getenv("R2P_MAIL_FROM"), "r2p@localhost"),
		"sender `address` of outgoing mail (env R2P_MAIL_FROM)")
	c.SMTPRate = c.intEnv(getenv, "R2P_SMTP_RATE", 0)
	c.fs.IntVar(&c.SMTPRate, "smtp-rate", c.SMTPRate,
		"most messages sent per minute; 0 = unthrottled (env R2P_SMTP_RATE)")
	c.MailRetryFor = c.durationEnv(getenv, "R2P_MAIL_RETRY_FOR", 72*time.Hour)
	c.fs.DurationVar(&c.MailRetryFor, "mail-retry-for", c.MailRetryFor,
		"how long a message that fails temporarily is retried before it is marked failed (env R2P_MAIL_RETRY_FOR)")
	c.MailLease = c.durationEnv(getenv, "R2P_MAIL_LEASE", 10*time.Minute)
	c.fs.DurationVar(&c.MailLease, "mail-lease", c.MailLease,
		"how long a worker holds a message it is sending; a message still held after it, by a worker that died, is sent again (with the same Message-ID); a send may take a third of it (env R2P_MAIL_LEASE)")
}

func (c *Config) intEnv(getenv func(string) string, name string, fallback int) int {
	v := getenv(name)
	if v == "" {
		return fallback
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("%s=%q: want a whole number", name, v))
		return fallback
	}
	return n
}

func (c *Config) durationEnv(getenv func(string) string, name string, fallback time.Duration) time.Duration {
	v := getenv(name)
	if v == "" {
		return fallback
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		c.errs = append(c.errs, fmt.Errorf("%s=%q: want a duration such as 30s", name, v))
		return fallback
	}
	return d
}

// LogFlags registers --log-level and --log-format.
func (c *Config) LogFlags(getenv func(string) string) {
	c.fs.StringVar(&c.LogLevel, "log-level", or(getenv("R2P_LOG_LEVEL"), "info"),
		"least important messages to log: debug, info, warn or error (env R2P_LOG_LEVEL)")
	c.fs.StringVar(&c.LogFormat, "log-format", or(getenv("R2P_LOG_FORMAT"), "text"),
		"log as text or json (env R2P_LOG_FORMAT)")
}

// LetterFlags registers what letters to governments carry: --coalition and
// --reply-mailbox.
func (c *Config) LetterFlags(getenv func(string) string) {
	c.fs.StringVar(&c.Coalition, "coalition", getenv("R2P_COALITION"),
		"the coalition's `name`, at the head of every letter to a government, when none is set on /admin/settings (env R2P_COALITION)")
	c.ReplyMailboxFlag(getenv)
}

// ReplyMailboxFlag registers --reply-mailbox, for the commands that read
// the replies rather than send the letters (LetterFlags registers it too).
func (c *Config) ReplyMailboxFlag(getenv func(string) string) {
	if c.fs.Lookup("reply-mailbox") != nil {
		return
	}
	c.fs.StringVar(&c.ReplyMailbox, "reply-mailbox", getenv("R2P_REPLY_MAILBOX"),
		"mailbox `address` that takes the missions' replies and bounces: each letter's Reply-To and envelope sender is box+TAG@domain, so the mailbox must accept plus-addresses; empty: the --mail-from address (env R2P_REPLY_MAILBOX)")
}

// IMAPFlags registers --imap-url and --imap-interval: where and how often
// the server reads the reply mailbox.
func (c *Config) IMAPFlags(getenv func(string) string) {
	c.ReplyMailboxFlag(getenv)
	c.fs.StringVar(&c.IMAPURL, "imap-url", getenv("R2P_IMAP_URL"),
		"the reply mailbox over IMAP, `URL` imaps://user:pass@host:993/INBOX or imap://user:pass@host/INBOX (STARTTLS): its unread messages are taken in as bounces and replies, then marked read; unset: not read, upload the mail instead (env R2P_IMAP_URL)")
	c.IMAPInterval = c.durationEnv(getenv, "R2P_IMAP_INTERVAL", time.Minute)
	c.fs.DurationVar(&c.IMAPInterval, "imap-interval", c.IMAPInterval,
		"how often the reply mailbox is read (env R2P_IMAP_INTERVAL)")
}

// Validate checks what the flags and environment said, after parsing. The
// coalition's name is not required here: the stored settings may hold it,
// which only the command that opens the database can tell.
func (c *Config) Validate() error {
	errs := append([]error(nil), c.errs...)
	c.fs.Visit(func(f *flag.Flag) {
		if f.Name == "db" {
			c.dbSet = true
		}
	})
	if c.fs.Lookup("db") != nil {
		errs = append(errs, c.validateDatabase())
	}
	if c.fs.Lookup("addr") != nil {
		if _, _, err := net.SplitHostPort(c.Addr); err != nil {
			errs = append(errs, fmt.Errorf("--addr %q: want host:port, such as %s", c.Addr, DefaultAddr))
		}
		if c.ShutdownTimeout <= 0 {
			errs = append(errs, fmt.Errorf("--shutdown-timeout %s: must be positive", c.ShutdownTimeout))
		}
		if c.ContactRetention <= 0 {
			errs = append(errs, fmt.Errorf("--contact-retention %s: must be positive", c.ContactRetention))
		}
		if c.SignOnPerIP < 0 || c.SignOnPerEmail < 0 {
			errs = append(errs, fmt.Errorf("--signon-ip-limit and --signon-email-limit: 0 (no limit) or more"))
		}
		if c.BaseURL != "" {
			if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				errs = append(errs, fmt.Errorf("--base-url %q: want an http:// or https:// URL", c.BaseURL))
			}
			c.BaseURL = strings.TrimSuffix(c.BaseURL, "/")
		}
	}
	if c.fs.Lookup("smtp-url") != nil {
		if c.SMTPRate < 0 {
			errs = append(errs, fmt.Errorf("--smtp-rate %d: must be 0 (unthrottled) or more", c.SMTPRate))
		}
		if c.MailRetryFor <= 0 {
			errs = append(errs, fmt.Errorf("--mail-retry-for %s: must be positive", c.MailRetryFor))
		}
		if c.MailLease < time.Second {
			errs = append(errs, fmt.Errorf("--mail-lease %s: at least 1s", c.MailLease))
		}
	}
	if c.fs.Lookup("reply-mailbox") != nil {
		if c.ReplyMailbox != "" {
			if _, err := mail.ParseAddress(c.ReplyMailbox); err != nil || strings.Contains(c.ReplyMailbox, "+") {
				errs = append(errs,
					fmt.Errorf("--reply-mailbox %q: want a mailbox address without a plus, such as letters@coalition.org", c.ReplyMailbox))
			}
		}
	}
	if c.fs.Lookup("imap-interval") != nil && c.IMAPInterval < 10*time.Second {
		errs = append(errs, fmt.Errorf("--imap-interval %s: at least 10s", c.IMAPInterval))
	}
	if c.fs.Lookup("log-level") != nil {
		if _, err := c.Level(); err != nil {
			errs = append(errs, err)
		}
		if c.LogFormat != "text" && c.LogFormat != "json" {
			errs = append(errs, fmt.Errorf("--log-format %q: want text or json", c.LogFormat))
		}
	}
	return errors.Join(errs...)
}

func (c *Config) validateDatabase() error {
	switch {
	case strings.HasPrefix(c.DBPath, "postgres://") || strings.HasPrefix(c.DBPath, "postgresql://"):
		return errors.New("--db takes a SQLite file; give a PostgreSQL URL with --database-url or R2P_DATABASE_URL")
	case c.DatabaseURL != "" && c.dbSet:
		return errors.New("both a SQLite file (--db, R2P_DB) and a PostgreSQL URL (--database-url, R2P_DATABASE_URL) are set; choose one")
	case c.DatabaseURL != "" && !strings.HasPrefix(c.DatabaseURL,
		"postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://"):
		return errors.New("--database-url: want a URL starting with postgres://")
	case c.DatabaseURL == "" && c.DBPath == "":
		return errors.New("--db: empty; give a SQLite file")
	}
	return nil
}

// Level returns the log level.
func (c *Config) Level() (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(c.LogLevel)); err != nil {
		return 0, fmt.Errorf("--log-level %q: want debug, info, warn or error", c.LogLevel)
	}
	return l, nil
}

// Database describes the database in use, without secrets, for logs.
func (c *Config) Database() string {
	if c.DatabaseURL != "" {
		return "postgres " + store.Redact(c.DatabaseURL)
	}
	return "sqlite " + c.DBPath
}

// StoreOptions says which database to open.
func (c *Config) StoreOptions() store.Options {
	if c.DatabaseURL != "" {
		return store.Options{URL: c.DatabaseURL}
	}
	return store.Options{Path: c.DBPath}
}

func or(v, fallback string) string {
	if v != "" {
		return v
	}
	return fallback
}
