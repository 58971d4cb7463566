// Package sender sends the messages of the outbox: through an SMTP server
// (NewSMTP), or, when none is configured, into the log (NewLogMailer). The
// Worker takes due messages from the store, throttles, sends, and records
// each attempt: sent, retried later, or failed for good.
package sender

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

// Mailer sends one message; it is the seam tests replace.
type Mailer interface {
	// Send delivers m, or returns why not. A *SendError says whether
	// trying again later may succeed; any other error counts as temporary.
	Send(ctx context.Context, m outbox.Message) error
}

// SendError classifies a failure.
type SendError struct {
	Permanent bool   // trying again will not help: the server refused this message
	Reply     string // the server's reply, e.g. "550 5.1.1 no such user"; empty for network errors
	Err       error
}

func (e *SendError) Error() string { return e.Err.Error() }
func (e *SendError) Unwrap() error { return e.Err }

// IsPermanent reports whether err says that sending the message again is
// useless. Errors that are not a *SendError are temporary.
func IsPermanent(err error) bool {
	var se *SendError
	return errors.As(err, &se) && se.Permanent
}

// DefaultRetryFor is how long a message that fails temporarily is retried
// when Config.RetryFor is zero.
const DefaultRetryFor = 72 * time.Hour

// Config says how r2p sends mail.
type Config struct {
	// SMTPURL is R2P_SMTP_URL: smtp://user:password@host:port, which
	// switches to TLS with STARTTLS when the server offers it (port 587 by
	// default), or smtps://... for TLS from the start (port 465 by
	// default). User and password are optional; percent-encode special
	// characters in them. Empty: messages are written to the log.
	SMTPURL string
	// From is R2P_MAIL_FROM, the sender: "r2p@example.org" or
	// "R2P Coalition <r2p@example.org>".
	From string
	// Rate is R2P_SMTP_RATE, the most messages sent per minute; 0 is
	// unthrottled.
	Rate int
	// RetryFor is how long a message that fails temporarily is retried
	// before it is marked failed; 0 means DefaultRetryFor.
	RetryFor time.Duration
	// LogBodies, when mail goes to the log, writes each message whole,
	// recipient and links included; otherwise the log gets the recipient
	// redacted, the subject and the Message-ID only. r2p serve sets it
	// with --demo or --log-level debug: a production log holds no contact
	// address and no message text.
	LogBodies bool
}

// Validate checks the settings. Its errors name the environment variable
// at fault and never show the password of the URL.
func (c Config) Validate() error {
	var errs []error
	if c.SMTPURL != "" {
		if _, err := parseSMTPURL(c.SMTPURL); err != nil {
			errs = append(errs, err)
		}
		if c.From == "" {
			errs = append(errs, errors.New("R2P_MAIL_FROM is not set: R2P_SMTP_URL needs a sender address"))
		}
	}
	if c.From != "" {
		if _, err := mail.ParseAddress(c.From); err != nil || strings.ContainsAny(c.From, "\r\n") {
			errs = append(errs, fmt.Errorf("R2P_MAIL_FROM %q: not an e-mail address", c.From))
		}
	}
	if c.Rate < 0 {
		errs = append(errs, fmt.Errorf("R2P_SMTP_RATE %d: must be 0 (unthrottled) or more", c.Rate))
	}
	if c.RetryFor < 0 {
		errs = append(errs, fmt.Errorf("R2P_MAIL_RETRY_FOR %s: must not be negative", c.RetryFor))
	}
	return errors.Join(errs...)
}

// LogOnly reports whether mail goes to the log instead of an SMTP server.
func (c Config) LogOnly() bool { return c.SMTPURL == "" }

// RedactedURL is SMTPURL with the password hidden, fit for logs and pages.
func (c Config) RedactedURL() string {
	if c.SMTPURL == "" {
		return ""
	}
	u, err := url.Parse(c.SMTPURL)
	if err != nil {
		return "(unparseable R2P_SMTP_URL)"
	}
	return u.Redacted()
}

func (c Config) retryFor() time.Duration {
	if c.RetryFor == 0 {
		return DefaultRetryFor
	}
	return c.RetryFor
}

// NewMailer returns the mailer c asks for: SMTP when c.SMTPURL is set, else
// one that writes each message to log (whole only with c.LogBodies).
func NewMailer(c Config, log *slog.Logger) (Mailer, error) {
	if c.LogOnly() {
		if err := c.Validate(); err != nil {
			return nil, err
		}
		return NewLogMailer(log, c.LogBodies), nil
	}
	return NewSMTP(c)
}

// smtpServer is a parsed R2P_SMTP_URL.
type smtpServer struct {
	host           string
	port           int
	implicitTLS    bool // smtps://
	user, password string
}

func parseSMTPURL(raw string) (smtpServer, error) {
	// url.Parse errors quote the whole URL, password included: say what is
	// wrong without them.
	u, err := url.Parse(raw)
	if err != nil {
		return smtpServer{}, errors.New("R2P_SMTP_URL is not a valid URL; want smtp://user:password@host:port or smtps://user:password@host:port")
	}
	shown := u.Redacted()
	srv := smtpServer{host: u.Hostname()}
	switch u.Scheme {
	case "smtp":
		srv.port = 587
	case "smtps":
		srv.port, srv.implicitTLS = 465, true
	default:
		return smtpServer{}, fmt.Errorf("R2P_SMTP_URL %s: the scheme must be smtp:// (STARTTLS when offered) or smtps:// (TLS)", shown)
	}
	switch {
	case srv.host == "":
		return smtpServer{}, fmt.Errorf("R2P_SMTP_URL %s: no host", shown)
	case strings.Contains(srv.host, ":"):
		return smtpServer{}, fmt.Errorf("R2P_SMTP_URL %s: IPv6 addresses are not supported; use a host name", shown)
	case u.Path != "" && u.Path != "/", u.RawQuery != "", u.Fragment != "", u.Opaque != "":
		return smtpServer{}, fmt.Errorf("R2P_SMTP_URL %s: only user, password, host and port may be given", shown)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return smtpServer{}, fmt.Errorf("R2P_SMTP_URL %s: port %q is not a port number", shown, p)
		}
		srv.port = n
	}
	if u.User != nil {
		srv.user = u.User.Username()
		srv.password, _ = u.User.Password()
		if srv.user == "" && srv.password != "" {
			return smtpServer{}, fmt.Errorf("R2P_SMTP_URL %s: a password without a user", shown)
		}
	}
	return srv, nil
}
