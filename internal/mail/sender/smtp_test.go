package sender_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/sender"
)

var ctx = context.Background()

const setupLink = "https://r2p.example.org/setup/4f9d2c1b7a6e5d4c3b2a19f8e7d6c5b4a3928170f6e5d4c3b2a1908f7e6d5c4b"

func invitation() outbox.Message {
	return outbox.Message{
		ID:        7,
		MessageID: "<5d41402abc4b2a76b9719d911017c592@r2p>",
		To:        "Navi Pillay <navi@example.org>",
		Subject:   "Invitation à r2p – Responsibility to Protect",
		Text:      "Hello,\n\nopen " + setupLink + " to choose your password.\n",
		HTML:      `<p>Hello,</p><p><a href="` + setupLink + `">Choose your password</a>.</p>`,
		CreatedAt: time.Date(2005, 9, 16, 12, 0, 0, 0, time.UTC),
	}
}

// received is a message as the server got it, decoded.
type received struct {
	Header      netmail.Header
	Text        string
	HTML        string
	Attachments map[string][]byte // file name -> content
}

func decode(t *testing.T, data []byte) received {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("the server received no valid message: %v\n%s", err, data)
	}
	r := received{Header: msg.Header, Attachments: map[string][]byte{}}
	decodePart(t, &r, textproto.MIMEHeader(msg.Header), msg.Body)
	return r
}

// decodePart reads one MIME part into r: text, HTML, an attachment, or a
// multipart of them.
func decodePart(t *testing.T, r *received, header textproto.MIMEHeader, body io.Reader) {
	t.Helper()
	mediaType, params, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		parts := multipart.NewReader(body, params["boundary"])
		for {
			p, err := parts.NextPart() // decodes quoted-printable by itself
			if err == io.EOF {
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			decodePart(t, r, p.Header, p)
		}
	}
	if _, disposition, _ := mime.ParseMediaType(header.Get("Content-Disposition")); disposition["filename"] != "" {
		data, err := io.ReadAll(base64.NewDecoder(base64.StdEncoding, body))
		if err != nil {
			t.Fatalf("attachment %s: %v", disposition["filename"], err)
		}
		r.Attachments[disposition["filename"]] = data
		return
	}
	switch mediaType {
	case "text/plain":
		r.Text = readBody(t, header.Get("Content-Transfer-Encoding"), body)
	case "text/html":
		r.HTML = readBody(t, header.Get("Content-Transfer-Encoding"), body)
	default:
		t.Errorf("unexpected part %s", mediaType)
	}
}

func readBody(t *testing.T, encoding string, r io.Reader) string {
	t.Helper()
	if strings.EqualFold(encoding, "quoted-printable") {
		r = quotedprintable.NewReader(r)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return strings.ReplaceAll(string(b), "\r\n", "\n")
}

func newSMTP(t *testing.T, c sender.Config) sender.Mailer {
	t.Helper()
	m, err := sender.NewSMTP(c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSMTPDeliversTheMessage(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) { s.user, s.password = "r2p", "p@ss w:rd/ü%" })
	m := newSMTP(t, sender.Config{SMTPURL: srv.URL("smtp"), From: "R2P Coalition <r2p@example.org>"})
	msg := invitation()
	if err := m.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}

	if logins := srv.Logins(); len(logins) != 1 || logins[0] != "r2p:p@ss w:rd/ü%" {
		t.Errorf("the server saw logins %q, want the user and password of the URL", logins)
	}
	got := srv.Delivered()
	if len(got) != 1 {
		t.Fatalf("%d messages delivered, want 1", len(got))
	}
	d := got[0]
	if d.From != "r2p@example.org" || len(d.To) != 1 || d.To[0] != "navi@example.org" || d.User != "r2p" {
		t.Errorf("envelope: MAIL FROM %q, RCPT TO %q, user %q; want r2p@example.org, navi@example.org, r2p", d.From, d.To, d.User)
	}
	r := decode(t, d.Data)
	subject, err := new(mime.WordDecoder).DecodeHeader(r.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	from, _ := r.Header.AddressList("From")
	to, _ := r.Header.AddressList("To")
	date, _ := r.Header.Date()
	for _, c := range []struct{ name, got, want string }{
		{"From", fmtAddresses(from), `"R2P Coalition" <r2p@example.org>`},
		{"To", fmtAddresses(to), `"Navi Pillay" <navi@example.org>`},
		{"Subject", subject, msg.Subject},
		{"Message-ID", r.Header.Get("Message-ID"), msg.MessageID},
		{"Date", date.UTC().String(), msg.CreatedAt.String()},
		{"text", r.Text, msg.Text},
		{"HTML", r.HTML, msg.HTML},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}

	plain := invitation()
	plain.HTML = ""
	if err := m.Send(ctx, plain); err != nil {
		t.Fatal(err)
	}
	r = decode(t, srv.Delivered()[1].Data)
	if r.Text != plain.Text || r.HTML != "" {
		t.Errorf("a message without HTML arrived as text %q, HTML %q", r.Text, r.HTML)
	}
}

// TestSMTPSendsALetter: a letter to a mission goes with its reply address,
// its envelope sender for bounces, and the PDF attached, byte for byte.
func TestSMTPSendsALetter(t *testing.T) {
	srv := startSMTP(t, nil)
	m := newSMTP(t, sender.Config{SMTPURL: srv.URL("smtp"), From: "R2P Coalition <letters@coalition.example.org>"})
	pdf := append([]byte("%PDF-1.4\n"), bytes.Repeat([]byte{0, 1, 2, 0xff, '\r', '\n'}, 5000)...)
	msg := outbox.Message{MessageID: "<ga-2009.GHA.new-york.1@coalition.example.org>", To: "mission@gha.example.org",
		Subject: "Open letter on the Responsibility to Protect", Text: "Excellency,\n\nthe letter is attached.\n",
		ReplyTo: "letters+k3x9@coalition.example.org", ReturnPath: "letters+k3x9@coalition.example.org",
		Attachments: []outbox.Attachment{{Name: "ga-2009-letter-GHA.pdf", ContentType: "application/pdf", Data: pdf}},
		CreatedAt:   time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)}
	if err := m.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	d := srv.Delivered()[0]
	if d.From != "letters+k3x9@coalition.example.org" {
		t.Errorf("MAIL FROM %q, want the message's return path", d.From)
	}
	r := decode(t, d.Data)
	replyTo, _ := r.Header.AddressList("Reply-To")
	from, _ := r.Header.AddressList("From")
	if fmtAddresses(replyTo) != "<letters+k3x9@coalition.example.org>" || fmtAddresses(from) != `"R2P Coalition" <letters@coalition.example.org>` {
		t.Errorf("Reply-To %q, From %q", fmtAddresses(replyTo), fmtAddresses(from))
	}
	if r.Text != msg.Text || !bytes.Equal(r.Attachments["ga-2009-letter-GHA.pdf"], pdf) || len(r.Attachments) != 1 {
		t.Errorf("text %q and attachments %d (the PDF intact: %v)", r.Text, len(r.Attachments), bytes.Equal(r.Attachments["ga-2009-letter-GHA.pdf"], pdf))
	}
}

func fmtAddresses(list []*netmail.Address) string {
	var s []string
	for _, a := range list {
		s = append(s, a.String())
	}
	return strings.Join(s, ", ")
}

func TestSMTPStartTLSWhenOffered(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := startSMTP(t, func(s *smtpServer) { s.user, s.password, s.tls = "r2p", "secret", serverTLS })
	c := sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org"}

	m, err := sender.NewSMTPWithTLS(c, clientTLS)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(ctx, invitation()); err != nil {
		t.Fatal(err)
	}
	if got := srv.Delivered(); len(got) != 1 || !got[0].TLS || got[0].User != "r2p" {
		t.Fatalf("delivered %+v, want one message over TLS from user r2p", got)
	}

	// A certificate that does not verify stops the session: no fallback to
	// plain text, and a temporary failure, since it is no fault of the
	// message.
	err = newSMTP(t, c).Send(ctx, invitation())
	var se *sender.SendError
	if !errors.As(err, &se) || se.Permanent || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("Send with an untrusted certificate = %v, want a temporary certificate error", err)
	}
	if n := len(srv.Delivered()); n != 1 {
		t.Errorf("%d messages delivered, want still 1", n)
	}
}

func TestSMTPSImplicitTLS(t *testing.T) {
	serverTLS, clientTLS := selfSigned(t)
	srv := startSMTP(t, func(s *smtpServer) {
		s.user, s.password, s.tls, s.implicitTLS = "r2p", "secret", serverTLS, true
	})
	m, err := sender.NewSMTPWithTLS(sender.Config{SMTPURL: srv.URL("smtps"), From: "r2p@example.org"}, clientTLS)
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Send(ctx, invitation()); err != nil {
		t.Fatal(err)
	}
	if got := srv.Delivered(); len(got) != 1 || !got[0].TLS || got[0].User != "r2p" {
		t.Fatalf("delivered %+v, want one message over TLS from user r2p", got)
	}
}

func TestSMTPClassifiesFailures(t *testing.T) {
	reply := func(code int, enhanced smtp.EnhancedCode, text string) []*smtp.SMTPError {
		return []*smtp.SMTPError{{Code: code, EnhancedCode: enhanced, Message: text}}
	}
	for _, tc := range []struct {
		name      string
		configure func(*smtpServer)
		password  string // for the URL, when not the server's
		permanent bool
		reply     string
		inError   string
	}{
		{
			name: "greylisted at RCPT",
			configure: func(s *smtpServer) {
				s.rcptReplies = reply(451, smtp.EnhancedCode{4, 7, 1}, "Greylisted, try again later")
			},
			reply: "451 4.7.1 Greylisted, try again later",
		},
		{
			name:      "no such user",
			configure: func(s *smtpServer) { s.rcptReplies = reply(550, smtp.EnhancedCode{5, 1, 1}, "No such user") },
			permanent: true,
			reply:     "550 5.1.1 No such user",
			inError:   "RCPT TO:<navi@example.org>: 550 5.1.1 No such user",
		},
		{
			name:      "sender refused",
			configure: func(s *smtpServer) { s.mailReplies = reply(553, smtp.EnhancedCode{5, 7, 1}, "Sender not allowed") },
			permanent: true,
			reply:     "553 5.7.1 Sender not allowed",
		},
		{
			name: "content rejected after DATA",
			configure: func(s *smtpServer) {
				s.dataReplies = reply(554, smtp.EnhancedCode{5, 7, 1}, "Message rejected as spam")
			},
			permanent: true,
			reply:     "554 5.7.1 Message rejected as spam",
			inError:   "end of DATA",
		},
		{
			name:      "mailbox full after DATA",
			configure: func(s *smtpServer) { s.dataReplies = reply(452, smtp.EnhancedCode{4, 2, 2}, "Mailbox full") },
			reply:     "452 4.2.2 Mailbox full",
		},
		{
			name:      "wrong password",
			configure: func(s *smtpServer) { s.user, s.password = "r2p", "right" },
			password:  "wrong-secret",
			reply:     "535 5.7.8 Authentication failed",
		},
		{
			name:      "authentication required but no user in the URL",
			configure: func(s *smtpServer) { s.user, s.password = "r2p", "right" },
			password:  "-",
			reply:     "530 5.7.0 Authentication required",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTP(t, tc.configure)
			url := srv.URL("smtp")
			switch tc.password {
			case "":
			case "-":
				url = "smtp://" + srv.Addr
			default:
				url = "smtp://" + srv.user + ":" + tc.password + "@" + srv.Addr
			}
			err := newSMTP(t, sender.Config{SMTPURL: url, From: "r2p@example.org"}).Send(ctx, invitation())
			var se *sender.SendError
			if !errors.As(err, &se) {
				t.Fatalf("Send = %v (%T), want a *SendError", err, err)
			}
			if se.Permanent != tc.permanent || se.Reply != tc.reply || sender.IsPermanent(err) != tc.permanent {
				t.Errorf("Send = %+v, want Permanent %v and Reply %q", se, tc.permanent, tc.reply)
			}
			if !strings.Contains(err.Error(), tc.inError) || strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q should contain %q and no password", err, tc.inError)
			}
			if n := len(srv.Delivered()); n != 0 {
				t.Errorf("%d messages delivered, want none", n)
			}
		})
	}
}

func TestSMTPConnectionRefusedIsTemporary(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	err = newSMTP(t, sender.Config{SMTPURL: "smtp://r2p:secret@" + addr, From: "r2p@example.org"}).Send(ctx, invitation())
	var se *sender.SendError
	if !errors.As(err, &se) || se.Permanent || se.Reply != "" || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("Send to a closed port = %v, want a temporary error saying the connection was refused", err)
	}
	if strings.Contains(err.Error(), "secret") {
		t.Errorf("error %q shows the password", err)
	}
}

// A server that accepts the connection but never answers holds the send
// only as long as ctx allows.
func TestSMTPSendHonoursContext(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close() // silent: no greeting
		}
	}()
	ctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	err = newSMTP(t, sender.Config{SMTPURL: "smtp://" + ln.Addr().String(), From: "r2p@example.org"}).Send(ctx, invitation())
	if err == nil || sender.IsPermanent(err) {
		t.Fatalf("Send to a silent server = %v, want a temporary error", err)
	}
}

func TestNewSMTPRejectsBadMessages(t *testing.T) {
	srv := startSMTP(t, nil)
	m := newSMTP(t, sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org"})
	bad := invitation()
	bad.MessageID = "no-brackets@r2p"
	if err := m.Send(ctx, bad); !sender.IsPermanent(err) || !strings.Contains(err.Error(), "Message-ID") {
		t.Errorf("Send with a bad Message-ID = %v, want a permanent error naming it", err)
	}
	if n := len(srv.Attempts()); n != 0 {
		t.Errorf("the server received %d messages, want none", n)
	}
}

func TestSMTPConcurrentSends(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) { s.user, s.password = "r2p", "secret" })
	m := newSMTP(t, sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org"})
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			msg := invitation()
			msg.MessageID = outbox.NewMessageID("r2p")
			errs[i] = m.Send(ctx, msg)
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("send %d: %v", i, err)
		}
	}
	if n := len(srv.Delivered()); n != len(errs) {
		t.Errorf("%d delivered, want %d", n, len(errs))
	}
}
