package sender

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"slices"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

// smtpTimeout bounds connecting (with TLS and AUTH), and then each step of
// the mail transaction.
const smtpTimeout = 30 * time.Second

// smtpMailer sends each message on a connection of its own; it is safe for
// concurrent use.
type smtpMailer struct {
	from        string
	host        string
	implicitTLS bool
	tlsConfig   *tls.Config
	options     []gomail.Option
}

// NewSMTP returns a Mailer that sends through the server c.SMTPURL names,
// with go-mail:
//
//   - smtp:// upgrades the connection with STARTTLS when the server offers
//     it, and checks the server's certificate; smtps:// speaks TLS from the
//     start.
//   - With a user in the URL it authenticates with PLAIN or LOGIN (or, if
//     the server offers neither, the best mechanism it does). go-mail sends
//     a password in the clear only to a server on the loopback interface:
//     elsewhere, without TLS, authentication fails instead.
//   - Each message carries From, To, Subject, Date (when it was queued) and
//     its own stable Message-ID; the text is the body, with the HTML as an
//     alternative when there is one, and the attachments after it. A
//     message's ReplyTo becomes its Reply-To header, its ReturnPath the
//     envelope sender (MAIL FROM), to which bounces go.
//
// Send returns a *SendError. A reply in the 500s to MAIL, RCPT or DATA is
// permanent: the server refused this message. Everything else is temporary:
// replies in the 400s, timeouts, refused or broken connections, TLS
// problems, and refusals while connecting or authenticating (a wrong
// password, "530 authentication required"), since they concern the
// configuration rather than the message and must not fail the whole queue.
func NewSMTP(c Config) (Mailer, error) {
	return newSMTP(c, nil)
}

// newSMTP is NewSMTP with the TLS client settings to use; nil means
// go-mail's: the system's roots, TLS 1.2 or newer.
func newSMTP(c Config, tlsConfig *tls.Config) (*smtpMailer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if c.SMTPURL == "" {
		return nil, errors.New("R2P_SMTP_URL is not set")
	}
	srv, err := parseSMTPURL(c.SMTPURL)
	if err != nil {
		return nil, err
	}
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: srv.host, MinVersion: tls.VersionTLS12}
	}
	options := []gomail.Option{gomail.WithPort(srv.port), gomail.WithTimeout(smtpTimeout),
		gomail.WithTLSConfig(tlsConfig)}
	if srv.implicitTLS {
		options = append(options, gomail.WithSSL())
	} else {
		options = append(options, gomail.WithTLSPolicy(gomail.TLSOpportunistic))
	}
	if srv.user != "" {
		options = append(options,
			gomail.WithUsername(srv.user), gomail.WithPassword(srv.password),
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin))
	}
	m := &smtpMailer{from: c.From, host: srv.host, implicitTLS: srv.implicitTLS, tlsConfig: tlsConfig, options: options}
	// Fail now, not at the first message, if go-mail rejects the settings.
	if _, err := gomail.NewClient(m.host, m.options...); err != nil {
		return nil, fmt.Errorf("R2P_SMTP_URL %s: %w", c.RedactedURL(), err)
	}
	return m, nil
}

// Send delivers m in one SMTP session: connect, STARTTLS, AUTH, then one
// mail transaction. ctx bounds the connection; each later step is bounded
// by a timeout, shortened to ctx's deadline.
func (s *smtpMailer) Send(ctx context.Context, m outbox.Message) error {
	msg, err := s.compose(m)
	if err != nil {
		return &SendError{Permanent: true, Err: fmt.Errorf("composing message %s: %w", m.MessageID, err)}
	}
	// We dial, so that we hold the connection: go-mail leaves it open when
	// the greeting or STARTTLS fails, and cannot break off a session when
	// ctx ends.
	var netConn net.Conn
	stop := func() bool { return false }
	dial := func(dialCtx context.Context, network, addr string) (net.Conn, error) {
		conn, err := s.dial(dialCtx, network, addr)
		if err == nil {
			netConn = conn
			stop = context.AfterFunc(ctx, func() { conn.Close() })
		}
		return conn, err
	}
	// A client per message: go-mail's Client keeps per-session state.
	client, err := gomail.NewClient(s.host,
		slices.Concat(s.options, []gomail.Option{gomail.WithDialContextFunc(dial)})...)
	if err != nil {
		return &SendError{Err: fmt.Errorf("smtp client: %w", err)}
	}
	session, err := client.DialToSMTPClientWithContext(ctx)
	defer func() {
		stop()
		if netConn != nil {
			netConn.Close()
		}
	}()
	if err != nil {
		return sessionError(client.ServerAddr(), err)
	}
	if err := transact(ctx, session, msg); err != nil {
		return err
	}
	// The server has accepted the message; a failed QUIT changes nothing.
	session.Quit()
	return nil
}

// dial connects to the server, in TLS from the start for smtps://.
func (s *smtpMailer) dial(ctx context.Context, network, addr string) (net.Conn, error) {
	dialer := &net.Dialer{}
	if s.implicitTLS {
		return (&tls.Dialer{NetDialer: dialer, Config: s.tlsConfig}).DialContext(ctx, network, addr)
	}
	return dialer.DialContext(ctx, network, addr)
}

func (s *smtpMailer) compose(m outbox.Message) (*gomail.Msg, error) {
	msg := gomail.NewMsg()
	if err := msg.From(s.from); err != nil {
		return nil, err
	}
	if err := msg.To(m.To); err != nil {
		return nil, err
	}
	if !outbox.ValidMessageID(m.MessageID) {
		return nil, fmt.Errorf("Message-ID %q is not of the form <left@right>", m.MessageID)
	}
	msg.SetMessageIDWithValue(strings.TrimSuffix(strings.TrimPrefix(m.MessageID, "<"), ">"))
	msg.Subject(m.Subject)
	// The Date is when the message was queued, so that every attempt sends
	// the same message.
	date := m.CreatedAt
	if date.IsZero() {
		date = time.Now()
	}
	msg.SetDateWithValue(date)
	msg.SetUserAgent("r2p")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	if m.ReplyTo != "" {
		if err := msg.ReplyTo(m.ReplyTo); err != nil {
			return nil, err
		}
	}
	if m.ReturnPath != "" {
		if err := msg.EnvelopeFrom(m.ReturnPath); err != nil {
			return nil, err
		}
	}
	for _, a := range m.Attachments {
		if err := msg.AttachReader(a.Name, bytes.NewReader(a.Data),
			gomail.WithFileContentType(gomail.ContentType(a.ContentType))); err != nil {
			return nil, fmt.Errorf("attachment %s: %w", a.Name, err)
		}
	}
	return msg, nil
}

// transact runs MAIL, RCPT and DATA on an open session. go-mail's own Send
// would do the same, but it reports the server's reply only inside an error
// string; here each reply is a *textproto.Error.
func transact(ctx context.Context, session *smtp.Client, msg *gomail.Msg) error {
	from, err := msg.GetSender(false)
	if err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	rcpts, err := msg.GetRecipients()
	if err != nil {
		return &SendError{Permanent: true, Err: err}
	}
	if err := session.UpdateDeadline(stepTimeout(ctx)); err != nil {
		return &SendError{Err: err}
	}
	if err := session.Mail(from); err != nil {
		return transactionError("MAIL FROM:"+from, err)
	}
	for _, rcpt := range rcpts {
		if err := session.Rcpt(rcpt); err != nil {
			return transactionError("RCPT TO:"+rcpt, err)
		}
	}
	w, err := session.Data()
	if err != nil {
		return transactionError("DATA", err)
	}
	if err := session.UpdateDeadline(stepTimeout(ctx)); err != nil {
		return &SendError{Err: err}
	}
	if _, err := msg.WriteTo(w); err != nil {
		return &SendError{Err: fmt.Errorf("writing the message: %w", err)}
	}
	if err := w.Close(); err != nil {
		return transactionError("end of DATA", err)
	}
	return nil
}

func stepTimeout(ctx context.Context) time.Duration {
	if deadline, ok := ctx.Deadline(); ok {
		return max(min(smtpTimeout, time.Until(deadline)), time.Millisecond)
	}
	return smtpTimeout
}

// sessionError classifies a failure to connect, greet, start TLS or
// authenticate: always temporary (see NewSMTP).
func sessionError(addr string, err error) *SendError {
	_, reply := serverReply(err)
	return &SendError{Reply: reply, Err: fmt.Errorf("connecting to %s: %w", addr, err)}
}

// transactionError classifies a failure of MAIL, RCPT or DATA: a reply in
// the 500s is permanent, except 530 (authentication required), which is
// about the configuration.
func transactionError(step string, err error) *SendError {
	code, reply := serverReply(err)
	if reply != "" {
		err = replyError{reply, err}
	}
	return &SendError{
		Permanent: code >= 500 && code != 530,
		Reply:     reply,
		Err:       fmt.Errorf("%s: %w", step, err),
	}
}

// serverReply finds the server's reply in err: its code and the reply as
// the server wrote it ("550 5.1.1 no such user"), or 0 and "" when err is
// not a reply (a network error, a timeout).
func serverReply(err error) (int, string) {
	var reply *textproto.Error
	if errors.As(err, &reply) {
		// Not reply.Error(), which quotes the text.
		return reply.Code, fmt.Sprintf("%03d %s", reply.Code, reply.Msg)
	}
	return 0, ""
}

// replyError shows a server's reply as the server wrote it.
type replyError struct {
	reply string
	err   error // the *textproto.Error
}

func (e replyError) Error() string { return e.reply }
func (e replyError) Unwrap() error { return e.err }
