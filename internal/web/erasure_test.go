package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/sender"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
	"github.com/r2p-coalition/r2p/internal/web"
)

// lockedBuffer is a log that the server, the mail worker and the test share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) Bytes() []byte {
	l.mu.Lock()
	defer l.mu.Unlock()
	return bytes.Clone(l.b.Bytes())
}

// sendOutbox runs the mail worker, with the log mailer of a server without
// SMTP in production, until every queued message is sent, and stops it.
func sendOutbox(t *testing.T, h *harness, log *slog.Logger) {
	t.Helper()
	now := h.now // the worker's clock: h.now does not move while it runs
	w := sender.NewWorker(h.store, sender.NewLogMailer(log, false), sender.Config{}, log,
		sender.WithClock(func() time.Time { return now }), sender.WithPollInterval(time.Hour))
	ctx, stop := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() { stop(); <-done }()
	w.Wake()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(2 * time.Millisecond) {
		if c, _ := h.store.OutboxCounts(ctx); c.Queued+c.Sending == 0 {
			return
		}
		if time.Now().After(deadline) { // a bound on waiting, not an assertion about time
			t.Fatal("the mail worker did not empty the outbox within 10 s")
		}
	}
}

// After a signer's contact is erased — on request, or by the retention
// job — neither the database file nor the server's log holds the address,
// the contact's name or the text mailed to them.
func TestErasureLeavesNothingInTheDatabaseOrTheLog(t *testing.T) {
	const retention = 30 * 24 * time.Hour
	for _, path := range []string{"request", "retention"} {
		t.Run(path, func(t *testing.T) {
			var logged lockedBuffer
			log := slog.New(slog.NewTextHandler(&logged, &slog.HandlerOptions{Level: slog.LevelDebug}))
			h := newHarness(t, func(o *web.Options) { o.Logger = log })
			h.demo()
			form := signOnForm(h, "Genocide Alert")
			form.Set("contact_name", "Alice Ndiaye")
			form.Set("contact_email", "Alice.Ndiaye@example.org")
			if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 200 {
				t.Fatalf("sign: %s", res)
			}
			sendOutbox(t, h, log)
			msgs, _ := h.store.OutboxMessages(ctx, store.OutboxFilter{Limit: 1})
			text := msgs[0].Text
			link := confirmLink.FindStringSubmatch(text)[1]
			if res := h.do(request{method: "POST", target: link}); res.StatusCode != 200 {
				t.Fatalf("confirm: %s", res)
			}
			token := link[strings.LastIndexByte(link, '/')+1:]
			gone := []string{"alice.ndiaye@example.org", "ndiaye", "hello alice", strings.ToLower(token),
				strings.ToLower(text[:strings.Index(text, "\n\n")+40])}
			before := bytes.ToLower(storetest.Contents(t, h.store))
			for _, needle := range gone {
				if !bytes.Contains(before, []byte(needle)) {
					t.Fatalf("before the erasure the database lacks %q: searching it would prove nothing", needle)
				}
			}

			switch path {
			case "request":
				res := h.do(request{method: "POST", target: "/admin/campaigns/1/erase-contact", session: h.session(account.Admin),
					form: url.Values{"email": {"alice.ndiaye@example.org"}}})
				if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/campaigns/1?erased=1" {
					t.Fatalf("erase: %s", res)
				}
			case "retention":
				err := h.store.Transact(ctx, func(tx *store.Tx) error {
					_, err := tx.SetCampaignStatus(ctx, 1, campaign.Closed)
					return err
				})
				if err != nil {
					t.Fatal(err)
				}
				h.now = h.now.Add(retention + time.Hour)
				var n int64
				err = h.store.Transact(ctx, func(tx *store.Tx) error {
					var err error
					n, err = tx.EraseExpiredContacts(ctx, retention)
					return err
				})
				if err != nil || n != 43 { // the demo's 42 signatures and hers
					t.Fatalf("the retention job erased %d signatures, %v; want 43", n, err)
				}
			}

			if m, _ := h.store.OutboxMessage(ctx, msgs[0].ID); m.To != "erased" || m.Text != "" || m.Status != outbox.Sent {
				t.Errorf("her confirmation after the erasure = %+v", m)
			}
			for what, b := range map[string][]byte{"the database": storetest.Contents(t, h.store), "the log": logged.Bytes()} {
				b = bytes.ToLower(b)
				for _, needle := range gone {
					if i := bytes.Index(b, []byte(needle)); i >= 0 {
						t.Errorf("%s holds %q: …%q…", what, needle, b[max(0, i-80):min(len(b), i+80)])
					}
				}
			}
			// The log still says that a message went, and to whom, redacted.
			if out := logged.Bytes(); !bytes.Contains(out, []byte("to=a***@example.org subject=")) {
				t.Errorf("the log does not show the confirmation as sent:\n%s", out)
			}
		})
	}
}
