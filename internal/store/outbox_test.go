package store_test

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// mailClock is a clock the test moves by hand.
type mailClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *mailClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *mailClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

var mailEpoch = time.Date(2005, 9, 16, 12, 0, 0, 0, time.UTC) // the World Summit endorses R2P

// eachWithMailClock runs fn on both databases, each store on a clock of its
// own starting at mailEpoch.
func eachWithMailClock(t *testing.T, fn func(t *testing.T, s *store.Store, clock *mailClock)) {
	t.Helper()
	for _, open := range []struct {
		name string
		open func(testing.TB, ...storetest.Option) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		t.Run(open.name, func(t *testing.T) {
			clock := &mailClock{now: mailEpoch}
			s := open.open(t, func(o *store.Options) { o.Now = clock.Now })
			fn(t, s, clock)
		})
	}
}

func enqueueMail(t *testing.T, s *store.Store, m outbox.Message) int64 {
	t.Helper()
	var id int64
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		id, err = tx.EnqueueMail(ctx, m)
		return err
	})
	if err != nil {
		t.Fatalf("enqueue %+v: %v", m, err)
	}
	return id
}

func invitation(to string) outbox.Message {
	return outbox.Message{To: to, Subject: "You are invited to r2p", Text: "Open https://r2p.example.org/setup/abc to set your password.", HTML: "<p>Open the link.</p>"}
}

func outboxMessage(t *testing.T, s *store.Store, id int64) outbox.Message {
	t.Helper()
	m, err := s.OutboxMessage(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func claimIDs(t *testing.T, s *store.Store, limit int, lease time.Duration) []int64 {
	t.Helper()
	claimed, err := s.ClaimMail(ctx, limit, lease)
	if err != nil {
		t.Fatal(err)
	}
	var ids []int64
	for _, m := range claimed {
		if m.Status != outbox.Sending {
			t.Errorf("claimed message %d has status %q, want sending", m.ID, m.Status)
		}
		ids = append(ids, m.ID)
	}
	return ids
}

func TestEnqueueMailStoresTheMessage(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		id := enqueueMail(t, s, invitation("Navi Pillay <navi@example.org>"))
		m := outboxMessage(t, s, id)
		want := outbox.Message{
			ID: id, MessageID: m.MessageID, To: "Navi Pillay <navi@example.org>", Subject: "You are invited to r2p",
			Text: "Open https://r2p.example.org/setup/abc to set your password.", HTML: "<p>Open the link.</p>",
			Status: outbox.Queued, NextAttemptAt: mailEpoch, CreatedAt: mailEpoch,
		}
		if fmt.Sprintf("%+v", m) != fmt.Sprintf("%+v", want) {
			t.Errorf("stored message\n%+v\nwant\n%+v", m, want)
		}
		if !regexp.MustCompile(`^<[0-9a-f]{32}@r2p>$`).MatchString(m.MessageID) {
			t.Errorf("MessageID = %q, want <32 hex digits@r2p>", m.MessageID)
		}
		other := enqueueMail(t, s, invitation("gareth@example.org"))
		if outboxMessage(t, s, other).MessageID == m.MessageID {
			t.Error("two messages got the same Message-ID")
		}

		given := invitation("edward@example.org")
		given.MessageID = "<letter-1.FRA@r2p.example.org>"
		if got := outboxMessage(t, s, enqueueMail(t, s, given)).MessageID; got != given.MessageID {
			t.Errorf("MessageID = %q, want the one given, %q", got, given.MessageID)
		}
		if _, err := s.OutboxMessage(ctx, 999); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("OutboxMessage(999) = %v, want ErrNotFound", err)
		}
	})
}

// TestClaimedMailCarriesItsAttachments: a letter's reply address, return
// path and PDF are stored with it and come back, byte for byte, when a
// worker claims it.
func TestClaimedMailCarriesItsAttachments(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		letter := invitation("mission@gha.example.org")
		letter.ReplyTo, letter.ReturnPath = "letters+k3x9@coalition.example.org", "letters+k3x9@coalition.example.org"
		pdf := append([]byte("%PDF-1.4\n\x00\xff"), make([]byte, 70000)...)
		letter.Attachments = []outbox.Attachment{{Name: "letter.pdf", ContentType: "application/pdf", Data: pdf}, {Name: "annex.txt", ContentType: "text/plain", Data: []byte("42 organizations")}}
		id := enqueueMail(t, s, letter)
		claimed, err := s.ClaimMail(ctx, 1, time.Minute)
		if err != nil || len(claimed) != 1 || claimed[0].ID != id {
			t.Fatalf("claim = %+v, %v", claimed, err)
		}
		m := claimed[0]
		if m.ReplyTo != letter.ReplyTo || m.ReturnPath != letter.ReturnPath || len(m.Attachments) != 2 ||
			m.Attachments[0].Name != "letter.pdf" || !bytes.Equal(m.Attachments[0].Data, pdf) || string(m.Attachments[1].Data) != "42 organizations" {
			t.Errorf("claimed %q %q with %d attachments", m.ReplyTo, m.ReturnPath, len(m.Attachments))
		}
		bad := invitation("x@example.org")
		bad.Attachments = []outbox.Attachment{{Name: "../etc/passwd", ContentType: "text/plain", Data: []byte("x")}}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.EnqueueMail(ctx, bad); return err })
		if err == nil || !strings.Contains(err.Error(), `attachments: "../etc/passwd": want a plain file name`) {
			t.Errorf("a path as a file name: %v", err)
		}
	})
}

func TestEnqueueMailIsPartOfTheTransaction(t *testing.T) {
	errStop := errors.New("the change failed")
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		err := s.Transact(ctx, func(tx *store.Tx) error {
			if _, err := tx.RecordAudit(ctx, audit.Event{Actor: "user:1", Action: "account.invite", Subject: "account:2"}); err != nil {
				return err
			}
			if _, err := tx.EnqueueMail(ctx, invitation("a@example.org")); err != nil {
				return err
			}
			return errStop
		})
		if !errors.Is(err, errStop) {
			t.Fatalf("Transact = %v, want %v", err, errStop)
		}
		if c, err := s.OutboxCounts(ctx); err != nil || c != (outbox.Counts{}) {
			t.Errorf("after a rollback OutboxCounts = %+v, %v; want nothing queued", c, err)
		}
		if msgs, _ := s.ClaimMail(ctx, 10, time.Minute); len(msgs) != 0 {
			t.Errorf("ClaimMail after a rollback = %+v, want nothing", msgs)
		}

		err = s.Transact(ctx, func(tx *store.Tx) error {
			if _, err := tx.RecordAudit(ctx, audit.Event{Actor: "user:1", Action: "account.invite", Subject: "account:2"}); err != nil {
				return err
			}
			_, err := tx.EnqueueMail(ctx, invitation("a@example.org"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if c, err := s.OutboxCounts(ctx); err != nil || c != (outbox.Counts{Queued: 1}) {
			t.Errorf("after a commit OutboxCounts = %+v, %v; want 1 queued", c, err)
		}
	})
}

func TestEnqueueMailRejectsInvalidMessages(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		bad := invitation("not an address")
		err := s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.EnqueueMail(ctx, bad)
			return err
		})
		var fe *outbox.FieldError
		if !errors.As(err, &fe) || fe.Field != "to" {
			t.Fatalf("EnqueueMail(%q) = %v, want a FieldError for to", bad.To, err)
		}
		if c, _ := s.OutboxCounts(ctx); c.Total() != 0 {
			t.Errorf("counts = %+v after a rejected message, want none", c)
		}
	})
}

// A second message with the same Message-ID is refused without spoiling the
// transaction it is in: the caller may treat "already queued" as success.
func TestEnqueueMailDuplicateMessageID(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		letter := invitation("mission.fra@example.org")
		letter.MessageID = "<letter-1.FRA@r2p.example.org>"
		first := enqueueMail(t, s, letter)

		var dupErr error
		err := s.Transact(ctx, func(tx *store.Tx) error {
			_, dupErr = tx.EnqueueMail(ctx, letter)
			_, err := tx.RecordAudit(ctx, audit.Event{Actor: "cli", Action: "letter.send", Subject: "letter:1"})
			return err
		})
		if err != nil {
			t.Fatalf("the transaction after a duplicate failed: %v", err)
		}
		if !errors.Is(dupErr, outbox.ErrDuplicate) {
			t.Errorf("second EnqueueMail = %v, want ErrDuplicate", dupErr)
		}
		if n, _ := s.CountAudit(ctx); n != 1 {
			t.Errorf("%d audit events, want the 1 written after the duplicate", n)
		}
		msgs, err := s.OutboxMessages(ctx, store.OutboxFilter{})
		if err != nil || len(msgs) != 1 || msgs[0].ID != first {
			t.Errorf("outbox = %+v, %v; want only message %d", msgs, err, first)
		}
	})
}

func TestClaimMailRespectsDueTimesAndLeases(t *testing.T) {
	const lease = 10 * time.Minute
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		a := enqueueMail(t, s, invitation("a@example.org"))
		clock.Advance(time.Second)
		b := enqueueMail(t, s, invitation("b@example.org"))

		claimed, err := s.ClaimMail(ctx, 10, lease)
		if err != nil {
			t.Fatal(err)
		}
		if len(claimed) != 2 || claimed[0].ID != a || claimed[1].ID != b {
			t.Fatalf("ClaimMail = %+v, want %d then %d", claimed, a, b)
		}
		if claimed[0].Attempts != 1 || claimed[0].To != "a@example.org" || claimed[0].Text == "" {
			t.Errorf("claimed = %+v, want attempt 1 and the whole message", claimed[0])
		}
		if ids := claimIDs(t, s, 10, lease); ids != nil {
			t.Errorf("second ClaimMail = %v, want nothing while the leases run", ids)
		}

		retryAt := mailEpoch.Add(5 * time.Minute)
		if err := s.MarkMailRetry(ctx, a, retryAt, "451 4.7.1 greylisted"); err != nil {
			t.Fatal(err)
		}
		m := outboxMessage(t, s, a)
		if m.Status != outbox.Queued || !m.NextAttemptAt.Equal(retryAt) || m.LastError != "451 4.7.1 greylisted" || m.Attempts != 1 {
			t.Errorf("after MarkMailRetry: %+v", m)
		}

		clock.Advance(4 * time.Minute) // 4m01s: a not due yet, b's lease still runs
		if ids := claimIDs(t, s, 10, lease); ids != nil {
			t.Errorf("ClaimMail before a is due = %v, want nothing", ids)
		}
		clock.Advance(59 * time.Second) // exactly 5m: a is due
		if ids := claimIDs(t, s, 10, lease); fmt.Sprint(ids) != fmt.Sprint([]int64{a}) {
			t.Errorf("ClaimMail when a is due = %v, want [%d]", ids, a)
		}
		if got := outboxMessage(t, s, a).Attempts; got != 2 {
			t.Errorf("a has %d attempts, want 2", got)
		}

		clock.Advance(lease - 5*time.Minute + time.Second) // b's lease (from 0:01) has run out; a's (from 5:00) has not
		if ids := claimIDs(t, s, 10, lease); fmt.Sprint(ids) != fmt.Sprint([]int64{b}) {
			t.Errorf("ClaimMail after b's lease ran out = %v, want [%d]", ids, b)
		}
		if got := outboxMessage(t, s, b).Attempts; got != 2 {
			t.Errorf("b has %d attempts, want 2 (the lost one counts)", got)
		}

		if err := s.MarkMailSent(ctx, b); err != nil {
			t.Fatal(err)
		}
		m = outboxMessage(t, s, b)
		if m.Status != outbox.Sent || !m.SentAt.Equal(clock.Now()) {
			t.Errorf("after MarkMailSent: %+v, want sent at %s", m, clock.Now())
		}
		if err := s.MarkMailFailed(ctx, a, "550 5.1.1 no such user"); err != nil {
			t.Fatal(err)
		}
		m = outboxMessage(t, s, a)
		if m.Status != outbox.Failed || m.LastError != "550 5.1.1 no such user" || !m.SentAt.IsZero() {
			t.Errorf("after MarkMailFailed: %+v", m)
		}

		// Settled messages stay settled.
		for name, err := range map[string]error{
			"MarkMailSent on a sent message":      s.MarkMailSent(ctx, b),
			"MarkMailRetry on a sent message":     s.MarkMailRetry(ctx, b, clock.Now(), "x"),
			"MarkMailRetry on a failed message":   s.MarkMailRetry(ctx, a, clock.Now(), "x"),
			"MarkMailFailed on a missing message": s.MarkMailFailed(ctx, 999, "x"),
		} {
			if !errors.Is(err, store.ErrNotFound) {
				t.Errorf("%s = %v, want ErrNotFound", name, err)
			}
		}
		clock.Advance(24 * time.Hour)
		if ids := claimIDs(t, s, 10, lease); ids != nil {
			t.Errorf("ClaimMail = %v, want nothing: sent and failed messages are never claimed", ids)
		}
		if c, err := s.OutboxCounts(ctx); err != nil || c != (outbox.Counts{Sent: 1, Failed: 1}) {
			t.Errorf("OutboxCounts = %+v, %v; want 1 sent, 1 failed", c, err)
		}
	})
}

func TestClaimMailTakesTheOldestFirstUpToLimit(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		var ids []int64
		for i := range 3 {
			ids = append(ids, enqueueMail(t, s, invitation(fmt.Sprintf("m%d@example.org", i))))
		}
		// The first message failed once and is due again later than the others.
		if got := claimIDs(t, s, 1, time.Minute); fmt.Sprint(got) != fmt.Sprint(ids[:1]) {
			t.Fatalf("ClaimMail(1) = %v, want %v", got, ids[:1])
		}
		if err := s.MarkMailRetry(ctx, ids[0], mailEpoch.Add(time.Second), "421 try later"); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Second)
		if got := claimIDs(t, s, 2, time.Minute); fmt.Sprint(got) != fmt.Sprint(ids[1:]) {
			t.Errorf("ClaimMail(2) = %v, want %v", got, ids[1:])
		}
		if got := claimIDs(t, s, 2, time.Minute); fmt.Sprint(got) != fmt.Sprint(ids[:1]) {
			t.Errorf("ClaimMail(2) = %v, want %v", got, ids[:1])
		}
		if c, _ := s.OutboxCounts(ctx); c != (outbox.Counts{Sending: 3}) {
			t.Errorf("OutboxCounts = %+v, want 3 sending", c)
		}
		if _, err := s.ClaimMail(ctx, 0, time.Minute); err == nil {
			t.Error("ClaimMail with limit 0 succeeded")
		}
	})
}

// Workers claiming at the same time never get the same message.
func TestClaimMailConcurrently(t *testing.T) {
	const messages, workers = 60, 6
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		for i := range messages {
			enqueueMail(t, s, invitation(fmt.Sprintf("m%d@example.org", i)))
		}
		claims := make([][]int64, workers)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for range messages { // bounded, in case claims never run dry
					msgs, err := s.ClaimMail(ctx, 4, time.Hour)
					if err != nil {
						errs[w] = err
						return
					}
					if len(msgs) == 0 {
						return
					}
					for _, m := range msgs {
						claims[w] = append(claims[w], m.ID)
					}
				}
			})
		}
		wg.Wait()
		var all []int64
		for w := range workers {
			if errs[w] != nil {
				t.Errorf("worker %d: %v", w, errs[w])
			}
			all = append(all, claims[w]...)
		}
		slices.Sort(all)
		if len(all) != messages || len(slices.Compact(slices.Clone(all))) != messages {
			t.Errorf("%d claims of %d distinct messages, want each of the %d exactly once: %v", len(all), len(slices.Compact(slices.Clone(all))), messages, all)
		}
	})
}

func TestOutboxMessagesFilters(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		var ids []int64
		for i := range 4 {
			ids = append(ids, enqueueMail(t, s, invitation(fmt.Sprintf("m%d@example.org", i))))
		}
		claimIDs(t, s, 2, time.Minute) // ids[0] and ids[1]
		if err := s.MarkMailSent(ctx, ids[0]); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkMailFailed(ctx, ids[1], "554 rejected"); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			f    store.OutboxFilter
			want []int64
		}{
			{store.OutboxFilter{}, []int64{ids[3], ids[2], ids[1], ids[0]}},
			{store.OutboxFilter{Status: outbox.Queued}, []int64{ids[3], ids[2]}},
			{store.OutboxFilter{Status: outbox.Sent}, []int64{ids[0]}},
			{store.OutboxFilter{Status: outbox.Failed}, []int64{ids[1]}},
			{store.OutboxFilter{Status: outbox.Sending}, nil},
			{store.OutboxFilter{Limit: 1}, []int64{ids[3]}},
			{store.OutboxFilter{BeforeID: ids[2]}, []int64{ids[1], ids[0]}},
		} {
			msgs, err := s.OutboxMessages(ctx, tc.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, m := range msgs {
				got = append(got, m.ID)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("OutboxMessages(%+v) = %v, want %v", tc.f, got, tc.want)
			}
		}
		if _, err := s.OutboxMessages(ctx, store.OutboxFilter{Status: "lost"}); err == nil {
			t.Error("OutboxMessages with an unknown status succeeded")
		}
		if c, err := s.OutboxCounts(ctx); err != nil || c != (outbox.Counts{Queued: 2, Sent: 1, Failed: 1}) {
			t.Errorf("OutboxCounts = %+v, %v; want 2 queued, 1 sent, 1 failed", c, err)
		}
	})
}
