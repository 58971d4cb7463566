package sender_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/sender"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// fakeClock is the clock of both the store and the worker; only the test
// moves it.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var epoch = time.Date(2005, 9, 16, 12, 0, 0, 0, time.UTC)

type workerEnv struct {
	store  *store.Store
	clock  *fakeClock
	worker *sender.Worker
	stop   func() // cancels Run and waits for it
}

// startWorker runs a worker over a fresh SQLite store. It polls only once
// an hour of real time, so it moves only when the test wakes it (or when
// it has work): nothing in these tests depends on timing.
func startWorker(t *testing.T, m sender.Mailer, c sender.Config) *workerEnv {
	t.Helper()
	return startLoggingWorker(t, m, c, slog.New(slog.DiscardHandler))
}

// startLoggingWorker is startWorker with the worker's log.
func startLoggingWorker(t *testing.T, m sender.Mailer, c sender.Config, log *slog.Logger) *workerEnv {
	t.Helper()
	clock := &fakeClock{now: epoch}
	s := storetest.SQLite(t, func(o *store.Options) { o.Now = clock.Now })
	w := sender.NewWorker(s, m, c, log, sender.WithClock(clock.Now), sender.WithPollInterval(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					t.Errorf("Run = %v", err)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Run did not return within 10 s of its context ending")
			}
		})
	}
	t.Cleanup(stop)
	return &workerEnv{store: s, clock: clock, worker: w, stop: stop}
}

func (e *workerEnv) enqueue(t *testing.T, m outbox.Message) int64 {
	t.Helper()
	var id int64
	err := e.store.Transact(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.EnqueueMail(ctx, m)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	e.worker.Wake()
	return id
}

func (e *workerEnv) message(t *testing.T, id int64) outbox.Message {
	t.Helper()
	m, err := e.store.OutboxMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// waitFor polls cond for up to 10 s: a bound on waiting for an event, not
// an assertion about time.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting for %s", what)
		}
		time.Sleep(2 * time.Millisecond)
	}
}

// waitForStatus waits until message id has status and attempts.
func (e *workerEnv) waitForStatus(t *testing.T, id int64, status outbox.Status, attempts int) outbox.Message {
	t.Helper()
	var m outbox.Message
	waitFor(t, "message "+string(status), func() bool {
		m = e.message(t, id)
		return m.Status == status && m.Attempts == attempts
	})
	return m
}

func letter(to string) outbox.Message {
	return outbox.Message{To: to, Subject: "Open letter on the situation in Darfur", Text: "Excellency,\n\n" + setupLink + "\n"}
}

func TestWorkerRetriesATemporaryFailure(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) {
		s.dataReplies = []*smtp.SMTPError{{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted, try again later"}}
	})
	c := sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org"}
	env := startWorker(t, newSMTP(t, c), c)
	id := env.enqueue(t, letter("mission.fra@example.org"))

	m := env.waitForStatus(t, id, outbox.Queued, 1)
	if !strings.Contains(m.LastError, "451 4.7.1 Greylisted, try again later") {
		t.Errorf("LastError = %q, want the server's reply", m.LastError)
	}
	if want := epoch.Add(outbox.Backoff(1)); !m.NextAttemptAt.Equal(want) {
		t.Errorf("NextAttemptAt = %s, want %s", m.NextAttemptAt, want)
	}

	env.clock.Advance(outbox.Backoff(1))
	env.worker.Wake()
	m = env.waitForStatus(t, id, outbox.Sent, 2)
	if !m.SentAt.Equal(epoch.Add(time.Minute)) {
		t.Errorf("SentAt = %s, want %s", m.SentAt, epoch.Add(time.Minute))
	}
	attempts := srv.Attempts()
	if len(attempts) != 2 || attempts[0].Accepted || !attempts[1].Accepted {
		t.Fatalf("the server saw %+v, want a refused then an accepted transfer", attempts)
	}
	for i, a := range attempts {
		if got := decode(t, a.Data).Header.Get("Message-ID"); got != m.MessageID {
			t.Errorf("attempt %d carried Message-ID %q, want the stored %q", i+1, got, m.MessageID)
		}
	}
}

func TestWorkerDoesNotRetryAPermanentFailure(t *testing.T) {
	srv := startSMTP(t, func(s *smtpServer) {
		s.rcptReplies = []*smtp.SMTPError{{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user"}}
	})
	c := sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org"}
	env := startWorker(t, newSMTP(t, c), c)
	refused := env.enqueue(t, letter("nobody@example.org"))
	m := env.waitForStatus(t, refused, outbox.Failed, 1)
	if !strings.Contains(m.LastError, "550 5.1.1 No such user") {
		t.Errorf("LastError = %q, want the server's reply", m.LastError)
	}

	// Much later, another message goes out; the refused one stays as it was.
	env.clock.Advance(24 * time.Hour)
	env.waitForStatus(t, env.enqueue(t, letter("mission.gha@example.org")), outbox.Sent, 1)
	if m := env.message(t, refused); m.Status != outbox.Failed || m.Attempts != 1 {
		t.Errorf("the refused message is %s after %d attempts, want failed after 1", m.Status, m.Attempts)
	}
	if got := srv.Delivered(); len(got) != 1 || got[0].To[0] != "mission.gha@example.org" {
		t.Errorf("delivered %+v, want only the second message", got)
	}
}

func TestWorkerGivesUpAfterRetryFor(t *testing.T) {
	greylisted := &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 7, 1}, Message: "Greylisted"}
	srv := startSMTP(t, func(s *smtpServer) { s.rcptReplies = []*smtp.SMTPError{greylisted, greylisted, greylisted} })
	c := sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org", RetryFor: 2 * time.Hour}
	env := startWorker(t, newSMTP(t, c), c)
	id := env.enqueue(t, letter("mission.bra@example.org"))
	env.waitForStatus(t, id, outbox.Queued, 1)

	env.clock.Advance(time.Hour)
	env.worker.Wake()
	env.waitForStatus(t, id, outbox.Queued, 2) // an hour old: still retried

	env.clock.Advance(time.Hour)
	env.worker.Wake()
	m := env.waitForStatus(t, id, outbox.Failed, 3)
	if !strings.Contains(m.LastError, "gave up after 2h0m0s") || !strings.Contains(m.LastError, "451 4.7.1 Greylisted") {
		t.Errorf("LastError = %q, want the time given up after and the last reply", m.LastError)
	}
}

func TestWorkerRetriesWhenTheServerIsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c := sender.Config{SMTPURL: "smtp://" + addr, From: "r2p@example.org"}
	env := startWorker(t, newSMTP(t, c), c)
	id := env.enqueue(t, letter("mission.ind@example.org"))
	m := env.waitForStatus(t, id, outbox.Queued, 1)
	if !strings.Contains(m.LastError, "refused") {
		t.Errorf("LastError = %q, want the refused connection", m.LastError)
	}
}

// recordingMailer notes the worker's clock at every Send.
type recordingMailer struct {
	clock *fakeClock
	mu    sync.Mutex
	at    []time.Time
}

func (r *recordingMailer) Send(ctx context.Context, m outbox.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.at = append(r.at, r.clock.Now())
	return nil
}

func (r *recordingMailer) times() []time.Time {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]time.Time(nil), r.at...)
}

func TestWorkerThrottles(t *testing.T) {
	rec := &recordingMailer{}
	env := startWorker(t, rec, sender.Config{Rate: 60}) // one a second
	rec.mu.Lock()
	rec.clock = env.clock
	rec.mu.Unlock()
	for i := range 4 {
		env.enqueue(t, letter("mission"+string(rune('a'+i))+"@example.org"))
	}
	waitFor(t, "the first send", func() bool { return len(rec.times()) > 0 })
	// Move the clock in small steps until all are sent; the worker must
	// leave a second of the clock between sends however fast it moves.
	waitFor(t, "four sends", func() bool {
		if len(rec.times()) == 4 {
			return true
		}
		env.clock.Advance(100 * time.Millisecond)
		env.worker.Wake()
		return false
	})
	at := rec.times()
	if !at[0].Equal(epoch) {
		t.Errorf("first send at %s, want at once (%s)", at[0], epoch)
	}
	for i := 1; i < len(at); i++ {
		if gap := at[i].Sub(at[i-1]); gap < time.Second {
			t.Errorf("send %d came %s after the one before, want at least 1s at 60 a minute", i+1, gap)
		}
	}
}

// blockingMailer holds each Send until released.
type blockingMailer struct {
	started   chan struct{}
	release   chan struct{}
	cancelled bool // Send's context had ended when it was released
}

func (b *blockingMailer) Send(ctx context.Context, m outbox.Message) error {
	b.started <- struct{}{}
	<-b.release
	b.cancelled = ctx.Err() != nil
	return nil
}

func TestWorkerStopFinishesTheSendInFlight(t *testing.T) {
	b := &blockingMailer{started: make(chan struct{}, 1), release: make(chan struct{})}
	env := startWorker(t, b, sender.Config{})
	id := env.enqueue(t, letter("mission.nga@example.org"))
	<-b.started

	stopped := make(chan struct{})
	go func() {
		env.stop()
		close(stopped)
	}()
	// Not proof (Run might merely be slow), but a Run that returned here
	// would have abandoned the send.
	select {
	case <-stopped:
		t.Fatal("Run returned while a send was in flight")
	case <-time.After(50 * time.Millisecond):
	}
	close(b.release)
	<-stopped
	if b.cancelled {
		t.Error("stopping the worker cancelled the send in flight")
	}
	if m := env.message(t, id); m.Status != outbox.Sent {
		t.Errorf("after stopping, the message in flight is %s, want sent", m.Status)
	}
}

func TestWorkerStopsWhenIdle(t *testing.T) {
	env := startWorker(t, &recordingMailer{clock: &fakeClock{}}, sender.Config{})
	env.stop() // fails the test if Run does not return within 10 s
}

// The log mailer writes the whole message only when asked (r2p serve
// --demo or --log-level debug); otherwise the log gets no address and no
// text, only what says which message went.
func TestWorkerWithTheLogMailer(t *testing.T) {
	for _, tc := range []struct {
		bodies        bool
		want, without []string
	}{
		{false, []string{"n***@example.org", "Invitation à r2p"}, []string{"navi@example.org", "Navi Pillay", setupLink, "to choose your password"}},
		{true, []string{setupLink, "navi@example.org", "to choose your password"}, nil},
	} {
		var buf syncBuffer
		log := slog.New(slog.NewTextHandler(&buf, nil))
		m, err := sender.NewMailer(sender.Config{From: "r2p@example.org", LogBodies: tc.bodies}, log)
		if err != nil {
			t.Fatal(err)
		}
		env := startLoggingWorker(t, m, sender.Config{}, log)
		id := env.enqueue(t, invitation())
		sent := env.waitForStatus(t, id, outbox.Sent, 1)
		env.stop()
		out := buf.String()
		for _, want := range append(tc.want, "R2P_SMTP_URL is not set", sent.MessageID) {
			if !strings.Contains(out, want) {
				t.Errorf("bodies %v: the log lacks %q:\n%s", tc.bodies, want, out)
			}
		}
		for _, secret := range tc.without {
			if strings.Contains(out, secret) {
				t.Errorf("bodies %v: the log holds %q:\n%s", tc.bodies, secret, out)
			}
		}
	}
}

// refusingMailer refuses every message with a reply that quotes its
// recipient, as servers do.
type refusingMailer struct{}

func (refusingMailer) Send(ctx context.Context, m outbox.Message) error {
	return &sender.SendError{Permanent: true, Err: errors.New("550 5.1.1 <" + m.To + ">: Recipient address rejected")}
}

func TestWorkerLogsNoRecipientAddress(t *testing.T) {
	var buf syncBuffer
	env := startLoggingWorker(t, refusingMailer{}, sender.Config{}, slog.New(slog.NewTextHandler(&buf, nil)))
	id := env.enqueue(t, letter("alice.contact@example.org"))
	m := env.waitForStatus(t, id, outbox.Failed, 1)
	env.stop()
	if !strings.Contains(m.LastError, "<alice.contact@example.org>") {
		t.Errorf("LastError = %q, want the server's reply as it came, for staff", m.LastError)
	}
	out := buf.String()
	if strings.Contains(out, "alice.contact@") || !strings.Contains(out, "<a***@example.org>: Recipient address rejected") {
		t.Errorf("the worker's log holds the address, or not the redacted reply:\n%s", out)
	}
}

// syncBuffer is a bytes.Buffer safe for the worker's and the test's
// goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
