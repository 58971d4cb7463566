package sender

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Worker defaults.
const (
	// DefaultLease is how long a claimed message is held before another
	// worker may take it, assuming this one died. It is far longer than a
	// send may take (sendTimeout), so that a slow send is never repeated.
	DefaultLease = 10 * time.Minute
	// DefaultPollInterval is how often the worker looks for due messages
	// when nothing wakes it: it finds retries that fell due and messages
	// queued by other processes.
	DefaultPollInterval = 2 * time.Second

	sendTimeout   = 2 * time.Minute // at most a third of the lease; see WithLease
	maxReasonSize = 1000            // bytes of a server reply or error kept per message
)

// Worker sends the outbox: it claims one due message at a time, waits for
// the rate limit, sends it, and records the outcome. Several workers, in
// one process or many sharing a PostgreSQL database, never send the same
// message at once; the rate limit is per worker.
//
// Delivery is at least once, not exactly once: if the process dies after
// the server accepted a message but before that was recorded, the message
// is sent again when its lease runs out, with the same Message-ID, by which
// receiving systems recognize a duplicate.
type Worker struct {
	store    *store.Store
	mailer   Mailer
	log      *slog.Logger
	rate     int           // messages per minute; 0 = unthrottled
	interval time.Duration // between send attempts, from rate
	retryFor time.Duration

	now   func() time.Time
	poll  time.Duration
	lease time.Duration
	wake  chan struct{}
}

// WorkerOption changes a Worker; tests use them.
type WorkerOption func(*Worker)

// WithClock sets the worker's clock (default time.Now). It must be the
// clock of the store, which stamps when messages were queued and are due.
func WithClock(now func() time.Time) WorkerOption { return func(w *Worker) { w.now = now } }

// WithPollInterval sets how often an idle worker looks for due messages
// (default DefaultPollInterval). The worker also looks when woken.
func WithPollInterval(d time.Duration) WorkerOption { return func(w *Worker) { w.poll = d } }

// WithLease sets how long a claimed message is held (default
// DefaultLease). A send is given at most a third of it.
func WithLease(d time.Duration) WorkerOption { return func(w *Worker) { w.lease = d } }

// NewWorker returns a worker that sends s's outbox through m, at most
// c.Rate messages a minute, retrying temporary failures for c.RetryFor.
func NewWorker(s *store.Store, m Mailer, c Config, log *slog.Logger, opts ...WorkerOption) *Worker {
	w := &Worker{
		store:    s,
		mailer:   m,
		log:      log,
		rate:     c.Rate,
		retryFor: c.retryFor(),
		now:      time.Now,
		poll:     DefaultPollInterval,
		lease:    DefaultLease,
		wake:     make(chan struct{}, 1),
	}
	if c.Rate > 0 {
		w.interval = time.Minute / time.Duration(c.Rate)
	}
	for _, o := range opts {
		o(w)
	}
	return w
}

// Wake makes the worker look for due messages now; call it after
// committing a transaction that queued mail. It never blocks.
func (w *Worker) Wake() {
	select {
	case w.wake <- struct{}{}:
	default:
	}
}

// Run sends mail until ctx ends. Then it finishes and records the attempt
// in flight, if any, and returns nil. Run one Run per Worker; stop it
// before closing the store.
func (w *Worker) Run(ctx context.Context) error {
	w.log.Info("mail worker started", "rate_per_minute", w.rate, "retry_for", w.retryFor.String())
	defer w.log.Info("mail worker stopped")
	var lastAttempt time.Time
	for ctx.Err() == nil {
		if w.interval > 0 && !lastAttempt.IsZero() && !w.sleepUntil(ctx, lastAttempt.Add(w.interval)) {
			break
		}
		claimed, err := w.store.ClaimMail(ctx, 1, w.lease)
		if err != nil {
			if ctx.Err() == nil {
				w.log.Error("mail worker: cannot claim mail", "err", err)
				w.idle(ctx)
			}
			continue
		}
		if len(claimed) == 0 {
			w.idle(ctx)
			continue
		}
		lastAttempt = w.now()
		// A stop lets this attempt finish and be recorded.
		w.attempt(context.WithoutCancel(ctx), claimed[0])
	}
	return nil
}

// attempt sends m and records the outcome.
func (w *Worker) attempt(ctx context.Context, m outbox.Message) {
	log := w.log.With("id", m.ID, "message_id", m.MessageID, "to", outbox.RedactAddress(m.To), "attempt", m.Attempts)
	sendCtx, cancel := context.WithTimeout(ctx, min(sendTimeout, w.lease/3))
	err := w.mailer.Send(sendCtx, m)
	cancel()
	now := w.now()
	// A server's reply often quotes the recipient: the log gets it redacted.
	logged := func(reason string) string {
		return strings.ReplaceAll(reason, m.To, outbox.RedactAddress(m.To))
	}
	var recordErr error
	switch {
	case err == nil:
		recordErr = w.store.MarkMailSent(ctx, m.ID)
		log.Info("mail sent")
	case IsPermanent(err):
		reason := reasonOf(err)
		recordErr = w.store.MarkMailFailed(ctx, m.ID, reason)
		log.Error("mail refused; not retrying", "err", logged(reason))
	case now.Sub(m.CreatedAt) >= w.retryFor:
		reason := reasonOf(fmt.Errorf("gave up after %s: %w", w.retryFor, err))
		recordErr = w.store.MarkMailFailed(ctx, m.ID, reason)
		log.Error("mail failed for too long; not retrying", "err", logged(reason))
	default:
		next := now.Add(outbox.Backoff(m.Attempts))
		reason := reasonOf(err)
		recordErr = w.store.MarkMailRetry(ctx, m.ID, next, reason)
		log.Warn("mail not sent; will retry", "err", logged(reason), "next_attempt_at", next)
	}
	if recordErr != nil {
		log.Error("mail worker: cannot record the attempt; the message will be tried again when its lease ends",
			"err", recordErr)
	}
}

// idle waits for a wake-up, the poll interval or the end of ctx.
func (w *Worker) idle(ctx context.Context) {
	t := time.NewTimer(w.poll)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-w.wake:
	case <-t.C:
	}
}

// sleepUntil waits until the worker's clock reaches until, and reports
// false if ctx ended first. It checks the clock again after every wake-up
// and poll interval, so that a test's clock can be moved by hand.
func (w *Worker) sleepUntil(ctx context.Context, until time.Time) bool {
	for {
		left := until.Sub(w.now())
		if left <= 0 {
			return true
		}
		t := time.NewTimer(min(left, w.poll))
		select {
		case <-ctx.Done():
			t.Stop()
			return false
		case <-w.wake:
		case <-t.C:
		}
		t.Stop()
	}
}

// reasonOf is what is kept of err as a message's last error: valid UTF-8
// without NUL (PostgreSQL takes neither), at most maxReasonSize bytes.
func reasonOf(err error) string {
	s := strings.ReplaceAll(err.Error(), "\x00", "")
	if len(s) > maxReasonSize {
		s = s[:maxReasonSize]
	}
	return strings.ToValidUTF8(s, "")
}
