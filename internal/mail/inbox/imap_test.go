package inbox_test

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"

	"github.com/r2p-coalition/r2p/internal/mail/inbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// imapMailbox is a real IMAP server, in memory, on a loopback port, with
// the user letters (password s3cret) and an empty INBOX.
type imapMailbox struct {
	t        *testing.T
	user     *imapmemserver.User
	addr     string
	implicit bool
	client   *tls.Config // trusts the server's certificate
}

// newIMAPMailbox starts the server; implicit: TLS from the start (imaps),
// else STARTTLS (imap).
func newIMAPMailbox(t *testing.T, implicit bool) *imapMailbox {
	t.Helper()
	// httptest's certificate is for 127.0.0.1: borrow it.
	hs := httptest.NewUnstartedServer(nil)
	hs.StartTLS()
	serverTLS := &tls.Config{Certificates: hs.TLS.Certificates}
	roots := x509.NewCertPool()
	roots.AddCert(hs.Certificate())
	hs.Close()

	mem := imapmemserver.New()
	user := imapmemserver.NewUser("letters", "s3cret")
	if err := user.Create("INBOX", nil); err != nil {
		t.Fatal(err)
	}
	mem.AddUser(user)
	srv := imapserver.New(&imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:      imap.CapSet{imap.CapIMAP4rev1: {}},
		TLSConfig: serverTLS,
		Logger:    log.New(io.Discard, "", 0),
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if implicit {
		ln = tls.NewListener(ln, serverTLS)
	}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return &imapMailbox{t: t, user: user, addr: ln.Addr().String(), implicit: implicit, client: &tls.Config{RootCAs: roots}}
}

func (mb *imapMailbox) append(raw []byte) {
	mb.t.Helper()
	if _, err := mb.user.Append("INBOX", bytes.NewReader(raw), &imap.AppendOptions{}); err != nil {
		mb.t.Fatal(err)
	}
}

// login opens a session of the test's own.
func (mb *imapMailbox) login() *imapclient.Client {
	mb.t.Helper()
	dial := imapclient.DialStartTLS
	if mb.implicit {
		dial = imapclient.DialTLS
	}
	c, err := dial(mb.addr, &imapclient.Options{TLSConfig: mb.client})
	if err != nil {
		mb.t.Fatal(err)
	}
	if err := c.Login("letters", "s3cret").Wait(); err != nil {
		mb.t.Fatal(err)
	}
	return c
}

// flags reads the flags of every message of INBOX by UID, over IMAP.
func (mb *imapMailbox) flags() map[imap.UID][]imap.Flag {
	mb.t.Helper()
	c := mb.login()
	defer c.Close()
	if _, err := c.Select("INBOX", &imap.SelectOptions{ReadOnly: true}).Wait(); err != nil {
		mb.t.Fatal(err)
	}
	msgs, err := c.Fetch(imap.SeqSet{imap.SeqRange{Start: 1, Stop: 0}}, &imap.FetchOptions{UID: true, Flags: true}).Collect()
	if err != nil {
		mb.t.Fatal(err)
	}
	flags := map[imap.UID][]imap.Flag{}
	for _, m := range msgs {
		flags[m.UID] = m.Flags
	}
	return flags
}

// unsee marks a message unread again, as if r2p had stopped between
// storing it and marking it.
func (mb *imapMailbox) unsee(uid imap.UID) {
	mb.t.Helper()
	c := mb.login()
	defer c.Close()
	if _, err := c.Select("INBOX", nil).Wait(); err != nil {
		mb.t.Fatal(err)
	}
	err := c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsDel, Silent: true, Flags: []imap.Flag{imap.FlagSeen}}, nil).Close()
	if err != nil {
		mb.t.Fatal(err)
	}
}

func (mb *imapMailbox) poller(t *testing.T, s *store.Store, url string) *inbox.Poller {
	t.Helper()
	u, err := inbox.ParseIMAPURL(url)
	if err != nil {
		t.Fatal(err)
	}
	return inbox.NewPoller(inbox.New(s, box), u, mb.client, slog.New(slog.DiscardHandler))
}

// TestPollIMAP: one poll stores the unread messages of the mailbox,
// attached to their letters, and marks them read; a message that is not
// one is marked read and flagged. A second poll finds nothing; a message
// marked unread again is read again and stored once.
func TestPollIMAP(t *testing.T) {
	for _, tc := range []struct {
		name     string
		implicit bool
		scheme   string
	}{{"STARTTLS", false, "imap"}, {"TLS", true, "imaps"}} {
		t.Run(tc.name, func(t *testing.T) {
			mb := newIMAPMailbox(t, tc.implicit)
			s := storetest.SQLite(t)
			c := queueSampleLetters(t, s)
			files := []string{"postfix-hard-5.1.1.eml", "exim-delay.eml", "outlook-ooo.eml", "human-fr-qp-latin1.eml", "qmail-5.1.1.eml"}
			for _, f := range files {
				mb.append(readSample(t, f))
			}
			mb.append([]byte("\x00\x01\x02 not mail")) // UID 6
			// A person of the coalition already read this one: it is not r2p's.
			if _, err := mb.user.Append("INBOX", bytes.NewReader(readSample(t, "gmail-5.1.1.eml")), &imap.AppendOptions{Flags: []imap.Flag{imap.FlagSeen}}); err != nil {
				t.Fatal(err)
			}
			p := mb.poller(t, s, tc.scheme+"://letters:s3cret@"+mb.addr+"/INBOX")

			rep, err := p.Poll(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.New != 5 || rep.Attached != 5 || rep.Bad != 1 || rep.Duplicates != 0 || len(rep.Outcomes) != 6 {
				t.Fatalf("first poll: %d new, %d attached, %d bad, %d duplicates, %d outcomes", rep.New, rep.Attached, rep.Bad, rep.Duplicates, len(rep.Outcomes))
			}
			if o := rep.Outcomes[5]; o.Ref != "INBOX UID 6" || !errors.Is(o.Err, triage.ErrNotMessage) {
				t.Errorf("the bad message: %+v", o)
			}
			list, err := s.CampaignInbound(ctx, c.ID)
			if err != nil || len(list) != 5 {
				t.Fatalf("stored %d, %v", len(list), err)
			}
			byState := map[string]store.InboundMessage{}
			for _, m := range list {
				byState[m.State] = m
			}
			if m := byState["ARC"]; m.Kind != triage.HardBounce || m.Source != "imap" || m.SourceRef != "INBOX UID 1" || m.StatusCode != "5.1.1" {
				t.Errorf("the Postfix bounce: %+v", m)
			}
			if m := byState["KUR"]; m.Kind != triage.HumanReply || m.SourceRef != "INBOX UID 4" {
				t.Errorf("the French reply: %+v", m)
			}
			if byState["CAS"].Kind != triage.Delay || byState["HYR"].Kind != triage.AutoReply || byState["FRE"].Kind != triage.HardBounce {
				t.Errorf("stored: %+v", byState)
			}
			flags := mb.flags()
			for uid := imap.UID(1); uid <= 7; uid++ {
				seen, flagged := slices.Contains(flags[uid], imap.FlagSeen), slices.Contains(flags[uid], imap.FlagFlagged)
				if !seen || flagged != (uid == 6) {
					t.Errorf("UID %d: flags %v", uid, flags[uid])
				}
			}

			rep, err = p.Poll(ctx)
			if err != nil || rep.New != 0 || len(rep.Outcomes) != 0 {
				t.Errorf("second poll: %+v, %v", rep, err)
			}

			mb.unsee(4)
			rep, err = p.Poll(ctx)
			if err != nil || rep.New != 0 || rep.Duplicates != 1 || rep.Outcomes[0].Message.SourceRef != "INBOX UID 4" {
				t.Errorf("after a crash before marking: %+v, %v", rep, err)
			}
			if list, _ := s.CampaignInbound(ctx, c.ID); len(list) != 5 {
				t.Errorf("%d messages stored, want 5", len(list))
			}
			if events, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "inbound.ingest", Actor: "imap"}); len(events) != 2 {
				t.Errorf("%d audit events by imap, want 2 (one per poll that found messages)", len(events))
			}
		})
	}
}

func TestPollIMAPFails(t *testing.T) {
	mb := newIMAPMailbox(t, false)
	s := storetest.SQLite(t)
	mb.append(readSample(t, "gmail-5.1.1.eml"))
	for url, want := range map[string]string{
		"imap://letters:wrong@" + mb.addr + "/INBOX":    "logging in as letters",
		"imap://letters:s3cret@" + mb.addr + "/Nowhere": "opening Nowhere",
	} {
		_, err := mb.poller(t, s, url).Poll(ctx)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("%s: %v, want %q", url, err, want)
		}
	}
	if flags := mb.flags(); slices.Contains(flags[1], imap.FlagSeen) {
		t.Error("a failed poll marked the message read")
	}
}

func TestParseIMAPURL(t *testing.T) {
	for in, want := range map[string]inbox.IMAPURL{
		"imaps://letters%40coalition.org:p%40ss@imap.example.org/INBOX": {Implicit: true, Addr: "imap.example.org:993", User: "letters@coalition.org", Password: "p@ss", Mailbox: "INBOX"},
		"imap://u:p@imap.example.org":                                   {Addr: "imap.example.org:143", User: "u", Password: "p", Mailbox: "INBOX"},
		"imap://u:p@imap.example.org:1143/Replies/2025":                 {Addr: "imap.example.org:1143", User: "u", Password: "p", Mailbox: "Replies/2025"},
	} {
		got, err := inbox.ParseIMAPURL(in)
		if err != nil || got != want {
			t.Errorf("ParseIMAPURL(%q) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if got := (inbox.IMAPURL{Implicit: true, Addr: "h:993", User: "u", Password: "secret", Mailbox: "INBOX"}).String(); got != "imaps://u@h:993/INBOX" {
		t.Errorf("String() = %q", got)
	}
	for in, want := range map[string]string{
		"pop3://u:p@host/":             "want imaps://",
		"imaps://host/INBOX":           "give the user and password",
		"imaps://u@host/INBOX":         "give the user and password",
		"imaps://u:secret@/INBOX":      "no host",
		"imaps://u:secret@h/INBOX?x=1": "unexpected",
	} {
		_, err := inbox.ParseIMAPURL(in)
		if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseIMAPURL(%q): %v, want %q and no password", in, err, want)
		}
	}
}
