package e2e

import (
	"context"
	"io"
	"log/slog"
	"net"
	"testing"

	"github.com/emersion/go-smtp"

	"github.com/r2p-coalition/r2p/internal/mail/sender"
	"github.com/r2p-coalition/r2p/internal/store"
)

// startMail runs a real SMTP server on loopback and r2p's outbox worker
// sending to it. Each message the server accepts arrives on the channel.
func startMail(ctx context.Context, t *testing.T, st *store.Store, log *slog.Logger) (<-chan string, func()) {
	t.Helper()
	received := make(chan string, 16)
	server := smtp.NewServer(backend{received})
	server.Domain = "localhost"
	server.AllowInsecureAuth = true
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go server.Serve(ln)
	t.Cleanup(func() { server.Close() })

	cfg := sender.Config{SMTPURL: "smtp://" + ln.Addr().String(), From: "r2p@coalition.org"}
	mailer, err := sender.NewSMTP(cfg)
	if err != nil {
		t.Fatal(err)
	}
	worker := sender.NewWorker(st, mailer, cfg, log)
	workerCtx, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); worker.Run(workerCtx) }()
	t.Cleanup(func() { stop(); <-done })
	return received, worker.Wake
}

type backend struct{ received chan<- string }

func (b backend) NewSession(*smtp.Conn) (smtp.Session, error) {
	return &session{received: b.received}, nil
}

type session struct{ received chan<- string }

func (s *session) Mail(string, *smtp.MailOptions) error { return nil }
func (s *session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err == nil {
		s.received <- string(b)
	}
	return err
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }
