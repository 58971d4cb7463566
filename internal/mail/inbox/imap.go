package inbox

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
)

// IMAPURL is where the reply mailbox is read: imaps://user:pass@host:993/INBOX
// (TLS from the start) or imap://user:pass@host:143/INBOX (STARTTLS, which
// the server must offer: the password never goes over a plain connection).
type IMAPURL struct {
	Implicit bool   // imaps://: TLS from the start; otherwise STARTTLS
	Addr     string // host:port
	User     string
	Password string
	Mailbox  string // the folder; default INBOX
}

// ParseIMAPURL reads an IMAP URL.
func ParseIMAPURL(s string) (IMAPURL, error) {
	u, err := url.Parse(s)
	if err != nil {
		return IMAPURL{}, fmt.Errorf("IMAP URL: %w", err)
	}
	var m IMAPURL
	port := "143"
	switch u.Scheme {
	case "imaps":
		m.Implicit, port = true, "993"
	case "imap":
	default:
		return IMAPURL{}, fmt.Errorf("IMAP URL %s: want imaps://user:pass@host:993/INBOX or imap://user:pass@host/INBOX (STARTTLS)", redactURL(u))
	}
	if u.Hostname() == "" {
		return IMAPURL{}, fmt.Errorf("IMAP URL %s: no host", redactURL(u))
	}
	if u.Port() != "" {
		port = u.Port()
	}
	m.Addr = net.JoinHostPort(u.Hostname(), port)
	m.User = u.User.Username()
	m.Password, _ = u.User.Password()
	if m.User == "" || m.Password == "" {
		return IMAPURL{}, fmt.Errorf("IMAP URL %s: give the user and password: imaps://user:pass@host/INBOX (%%40 for an @ in the user name)", redactURL(u))
	}
	m.Mailbox = strings.Trim(u.Path, "/")
	if m.Mailbox == "" {
		m.Mailbox = "INBOX"
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return IMAPURL{}, fmt.Errorf("IMAP URL %s: unexpected ?query or #fragment", redactURL(u))
	}
	return m, nil
}

// String is the URL without the password, for logs.
func (m IMAPURL) String() string {
	scheme := "imap"
	if m.Implicit {
		scheme = "imaps"
	}
	return (&url.URL{Scheme: scheme, User: url.User(m.User), Host: m.Addr, Path: "/" + m.Mailbox}).String()
}

func redactURL(u *url.URL) string {
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Poller reads the reply mailbox over IMAP. It takes in the messages not
// yet marked as read (\Seen), and marks each read only once the
// transaction that stored it has committed: a crash in between has it read
// again at the next poll, and stored once. A message that is not a message
// at all, or larger than triage.MaxMessageBytes, is marked read and
// \Flagged, and left in the mailbox for a person, and the log says so.
// Messages stay in the mailbox: anyone who reads it in a mail program
// marks them read too, before r2p sees them, so r2p should have the
// mailbox to itself (or a person marks a message unread again for r2p to
// take it in).
type Poller struct {
	in  *Ingester
	url IMAPURL
	tls *tls.Config
	log *slog.Logger
}

// NewPoller returns a Poller of the mailbox at u that stores through in;
// tlsConfig may be nil (the system's roots; a test gives its own).
func NewPoller(in *Ingester, u IMAPURL, tlsConfig *tls.Config, log *slog.Logger) *Poller {
	return &Poller{in: in, url: u, tls: tlsConfig, log: log}
}

// Batches bound what one transaction stores.
const (
	batchMessages = 50
	batchBytes    = 16 << 20
)

// Run polls at once and then every interval until ctx ends. A poll that
// fails is logged and tried again at the next.
func (p *Poller) Run(ctx context.Context, interval time.Duration) {
	p.log.Info("reading replies and bounces over IMAP", "mailbox", p.url.String(), "every", interval)
	for {
		if _, err := p.Poll(ctx); err != nil && ctx.Err() == nil {
			p.log.Error("reading the reply mailbox", "mailbox", p.url.String(), "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(interval):
		}
	}
}

// Poll takes in the unread messages of the mailbox once.
func (p *Poller) Poll(ctx context.Context) (Report, error) {
	opts := &imapclient.Options{TLSConfig: p.tls, Dialer: &net.Dialer{Timeout: 30 * time.Second}}
	var c *imapclient.Client
	var err error
	if p.url.Implicit {
		c, err = imapclient.DialTLS(p.url.Addr, opts)
	} else {
		c, err = imapclient.DialStartTLS(p.url.Addr, opts)
	}
	if err != nil {
		return Report{}, fmt.Errorf("replies: connecting to %s: %w", p.url, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	rep, err := p.poll(ctx, c)
	if err != nil {
		return rep, fmt.Errorf("replies: %s: %w", p.url, err)
	}
	c.Logout().Wait() // the work is done; the server may hang up first
	return rep, nil
}

func (p *Poller) poll(ctx context.Context, c *imapclient.Client) (Report, error) {
	if err := c.Login(p.url.User, p.url.Password).Wait(); err != nil {
		return Report{}, fmt.Errorf("logging in as %s: %w", p.url.User, err)
	}
	if _, err := c.Select(p.url.Mailbox, nil).Wait(); err != nil {
		return Report{}, fmt.Errorf("opening %s: %w", p.url.Mailbox, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{imap.FlagSeen}}, nil).Wait()
	if err != nil {
		return Report{}, fmt.Errorf("searching unread messages: %w", err)
	}
	uids := found.AllUIDs()
	if len(uids) == 0 {
		return Report{Kinds: map[string]int{}}, nil
	}
	sizes, err := c.Fetch(imap.UIDSetNum(uids...), &imap.FetchOptions{UID: true, RFC822Size: true}).Collect()
	if err != nil {
		return Report{}, fmt.Errorf("reading message sizes: %w", err)
	}
	slices.SortFunc(sizes, func(a, b *imapclient.FetchMessageBuffer) int { return int(a.UID) - int(b.UID) })
	total := Report{Kinds: map[string]int{}}
	for len(sizes) > 0 {
		n, bytes := 0, int64(0)
		for n < len(sizes) && n < batchMessages && (n == 0 || bytes+sizes[n].RFC822Size <= batchBytes) {
			bytes += min(sizes[n].RFC822Size, triage.MaxMessageBytes+1)
			n++
		}
		rep, err := p.batch(ctx, c, sizes[:n])
		if err != nil {
			return total, err
		}
		total.add(rep)
		sizes = sizes[n:]
	}
	return total, nil
}

// batch takes in some messages in one transaction, then marks them read.
func (p *Poller) batch(ctx context.Context, c *imapclient.Client,
	msgs []*imapclient.FetchMessageBuffer) (Report, error) {
	items := make([]Item, len(msgs))
	var fetch []imap.UID
	for i, m := range msgs {
		items[i] = Item{Ref: fmt.Sprintf("%s UID %d", p.url.Mailbox, m.UID), Index: int(m.UID)}
		if m.RFC822Size > triage.MaxMessageBytes {
			items[i].Err = fmt.Errorf("%d bytes, larger than %d: %w", m.RFC822Size, triage.MaxMessageBytes,
				triage.ErrTooLarge)
			continue
		}
		fetch = append(fetch, m.UID)
	}
	section := &imap.FetchItemBodySection{Peek: true} // BODY.PEEK[]: reading does not mark it read
	if len(fetch) > 0 {
		bodies, err := c.Fetch(imap.UIDSetNum(fetch...),
			&imap.FetchOptions{UID: true, BodySection: []*imap.FetchItemBodySection{section}}).Collect()
		if err != nil {
			return Report{}, fmt.Errorf("fetching %d messages: %w", len(fetch), err)
		}
		raw := map[imap.UID][]byte{}
		for _, b := range bodies {
			raw[b.UID] = b.FindBodySection(section)
		}
		for i, m := range msgs {
			switch b, ok := raw[m.UID]; {
			case items[i].Err != nil:
			case !ok || b == nil:
				items[i].Err = errNoText // deleted meanwhile, by someone else
			default:
				items[i].Raw = b
			}
		}
	}
	rep, err := p.in.Ingest(ctx, store.InboundIMAP, "imap", items)
	if err != nil {
		return Report{}, err
	}
	// Stored and committed: now they may be marked read.
	var all, bad []imap.UID
	for i, o := range rep.Outcomes {
		all = append(all, msgs[i].UID)
		if o.Err != nil {
			bad = append(bad, msgs[i].UID)
			p.log.Warn("a message of the reply mailbox cannot be read: marked read and flagged, left in the mailbox", "message", o.Ref, "err", o.Err)
		}
	}
	if err := p.mark(c, all, imap.FlagSeen); err != nil {
		return rep, err
	}
	if err := p.mark(c, bad, imap.FlagFlagged); err != nil {
		return rep, err
	}
	p.log.Info("took in replies and bounces", "mailbox", p.url.String(), "new", rep.New, "attached", rep.Attached,
		"duplicates", rep.Duplicates, "unreadable", rep.Bad, "kinds", rep.Kinds)
	return rep, nil
}

func (p *Poller) mark(c *imapclient.Client, uids []imap.UID, flag imap.Flag) error {
	if len(uids) == 0 {
		return nil
	}
	err := c.Store(imap.UIDSetNum(uids...),
		&imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true, Flags: []imap.Flag{flag}}, nil).Close()
	if err != nil {
		return fmt.Errorf("marking %d stored messages %s (they will be read again, and stored once): %w",
			len(uids), flag, err)
	}
	return nil
}

// add sums up o into r.
func (r *Report) add(o Report) {
	r.Outcomes = append(r.Outcomes, o.Outcomes...)
	r.New += o.New
	r.Duplicates += o.Duplicates
	r.Bad += o.Bad
	r.Attached += o.Attached
	for k, n := range o.Kinds {
		r.Kinds[k] += n
	}
}

var errNoText = errors.New("the server sent no text for it")
