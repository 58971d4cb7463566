// Package inbox takes in the mail that comes back about the letters to
// the missions — bounces, delay warnings, automatic replies and replies
// from people — and keeps each message with the letter it is about.
//
// Messages come from files (a single message, .eml, or an mbox file),
// uploaded on a page or given to 'r2p mail ingest', or from the reply
// mailbox, which Poller reads over IMAP. Each is classified by package
// triage and stored by the store, which attaches it to the letter whose
// reply address carries its tag, else to the letter whose Message-ID it
// refers to. A batch is stored in one transaction with one audit event;
// a message that cannot be read is reported with its place (index and byte
// offset) and the batch goes on with the others. A message stored before
// (the same Message-ID) is not stored again, so reading a mailbox or a file
// twice is harmless.
package inbox

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Item is one incoming message to take in.
type Item struct {
	// Ref says where it came from, for people and the stored record:
	// "bounces.mbox#3", "reply.eml", "INBOX UID 42".
	Ref    string
	Index  int   // its place in its file or mailbox, from 0
	Offset int64 // the byte offset of its start in its file
	Raw    []byte
	// Err says why it could not be read out of its file; such an item is
	// reported and not stored.
	Err error
}

// Outcome is what became of one item.
type Outcome struct {
	Ref    string
	Index  int
	Offset int64
	// Err says why the item was not stored: it is not a message. The
	// other fields are then empty.
	Err error
	// Result is what package triage made of it.
	Result triage.Result
	// Message is the message as stored, with the letter it is attached
	// to; New is false when it had been stored before.
	Message store.InboundMessage
	New     bool
}

// Report is what a batch did.
type Report struct {
	Outcomes   []Outcome
	New        int            // messages stored
	Duplicates int            // messages stored before
	Bad        int            // items that are not messages
	Attached   int            // of the new messages, those attached to a letter
	Kinds      map[string]int // new messages by kind
}

// Ingester classifies incoming messages and stores them.
type Ingester struct {
	store *store.Store
	boxes []triage.Mailbox
}

// New returns an Ingester that stores into st; boxes are the mailboxes
// whose plus-addresses carry the letters' tags (see Mailbox).
func New(st *store.Store, boxes ...triage.Mailbox) *Ingester {
	return &Ingester{store: st, boxes: boxes}
}

// Mailbox is the mailbox the letters' replies go to, as delivery chooses
// it: the reply mailbox when one is configured, else the sender's address.
// An error means tags cannot be read: messages are then attached by the
// Message-IDs they refer to only.
func Mailbox(replyMailbox, mailFrom string) (triage.Mailbox, error) {
	if replyMailbox != "" {
		return triage.ParseMailbox(replyMailbox)
	}
	return triage.ParseMailbox(mailFrom)
}

// Ingest classifies items and stores them, with one audit event by actor
// ("imap", "cli" or a user), in one transaction: when it returns an error,
// nothing was stored. An item that is not a message is reported in its
// Outcome and left out.
func (in *Ingester) Ingest(ctx context.Context, source, actor string, items []Item) (Report, error) {
	outcomes := make([]Outcome, len(items))
	messages := make([]store.InboundMessage, len(items))
	for i, it := range items {
		outcomes[i] = Outcome{Ref: it.Ref, Index: it.Index, Offset: it.Offset, Err: it.Err}
		if it.Err != nil {
			continue
		}
		m, err := triage.Parse(it.Raw)
		if err != nil {
			outcomes[i].Err = err
			continue
		}
		outcomes[i].Result = triage.Classify(m, in.boxes...)
		messages[i] = record(outcomes[i].Result, source, it)
	}
	var rep Report
	err := in.store.Transact(ctx, func(tx *store.Tx) error {
		rep = Report{Outcomes: outcomes, Kinds: map[string]int{}}
		for i := range rep.Outcomes {
			o := &rep.Outcomes[i]
			if o.Err != nil {
				rep.Bad++
				continue
			}
			var err error
			if o.Message, o.New, err = tx.AddInboundMessage(ctx, messages[i], o.Result.References); err != nil {
				return err
			}
			if !o.New {
				rep.Duplicates++
				continue
			}
			rep.New++
			rep.Kinds[o.Message.Kind.String()]++
			if o.Message.Attached() {
				rep.Attached++
			}
		}
		after, err := json.Marshal(map[string]any{
			"source":     source,
			"items":      len(items),
			"new":        rep.New,
			"duplicates": rep.Duplicates,
			"bad":        rep.Bad,
			"attached":   rep.Attached,
			"kinds":      rep.Kinds,
		})
		if err != nil {
			return err
		}
		_, err = tx.RecordAudit(ctx,
			audit.Event{Actor: actor, Action: "inbound.ingest", Subject: "inbound", After: after})
		return err
	})
	if err != nil {
		return Report{}, fmt.Errorf("replies: storing %d messages from %s: %w", len(items), source, err)
	}
	return rep, nil
}

// record is the stored form of a classified message.
func record(r triage.Result, source string, it Item) store.InboundMessage {
	m := store.InboundMessage{
		Source:    source,
		SourceRef: it.Ref,
		MessageID: r.MessageID,
		Kind:      r.Kind,
		Reason:    r.Reason,
		Tag:       r.Tag,
		From:      r.From,
		FromName:  r.FromName,
		Subject:   r.Subject,
		Date:      r.Date,
		Excerpt:   r.Excerpt,
		Raw:       it.Raw,
	}
	// A letter has one recipient; a report that names several is about
	// the one that decided its kind.
	for _, rc := range r.Recipients {
		if rc.Kind == r.Kind {
			m.StatusCode, m.Diagnostic = rc.Status, rc.DiagnosticCode
			break
		}
	}
	return m
}

// Split reads a file of incoming mail into items: an mbox file (it starts
// with a "From " line) gives one item per message, named name#INDEX, a
// message that cannot be read among them with its Err; anything else is
// one message, named name.
func Split(name string, data []byte) []Item {
	if !triage.LooksLikeMbox(data) {
		return []Item{{Ref: name, Raw: data}}
	}
	var items []Item
	for m, err := range triage.ReadMbox(bytes.NewReader(data)) {
		if m == nil { // the file could not be read on: nothing follows
			items = append(items, Item{Ref: name, Index: len(items), Err: err})
			break
		}
		it := Item{Ref: fmt.Sprintf("%s#%d", name, m.Index), Index: m.Index, Offset: m.Offset, Raw: m.Raw, Err: err}
		if bad, ok := errors.AsType[*triage.MboxError](err); ok {
			it.Err = bad.Err // the index and offset are the item's
		}
		items = append(items, it)
	}
	return items
}
