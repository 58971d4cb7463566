package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

// MaxInboundRaw is how much of an incoming message is kept for staff to
// read: its first MiB. A bounce that returns the whole letter with its PDF
// is larger; the report, the reply and the headers are at the start.
const MaxInboundRaw = 1 << 20

// maxReferences bounds the Message-IDs an incoming message is matched by.
const maxReferences = 20

// Where an incoming message came from.
const (
	InboundIMAP   = "imap"   // polled from the reply mailbox
	InboundUpload = "upload" // a file uploaded on the web page
	InboundCLI    = "cli"    // a file given to 'r2p mail ingest'
)

// InboundMessage is one message that came back about the letters to the
// missions: a bounce, a delay warning, an automatic reply or a person's
// reply, as classified, with the letter it is attached to.
type InboundMessage struct {
	ID         int64       `json:"id"`
	ReceivedAt time.Time   `json:"received_at"`
	Source     string      `json:"source"`     // InboundIMAP, InboundUpload or InboundCLI
	SourceRef  string      `json:"source_ref"` // the file and the message's index, or the IMAP mailbox and UID
	MessageID  string      `json:"message_id,omitempty"`
	Kind       triage.Kind `json:"kind"`
	Reason     string      `json:"reason"`
	Tag        string      `json:"tag,omitempty"`
	StatusCode string      `json:"status_code,omitempty"` // of a report: e.g. 5.1.1
	Diagnostic string      `json:"diagnostic,omitempty"`
	From       string      `json:"from,omitempty"`
	FromName   string      `json:"from_name,omitempty"`
	Subject    string      `json:"subject,omitempty"`
	Date       time.Time   `json:"date,omitzero"` // the message's Date header
	Excerpt    string      `json:"excerpt,omitempty"`
	RawSize    int64       `json:"raw_size"` // the whole message's size; Raw keeps MaxInboundRaw of it
	// Raw is the message as received, cut at MaxInboundRaw; only
	// InboundMessage (by id) reads it.
	Raw []byte `json:"-"`

	// The letter it is attached to: DeliveryRecipientID is 0 when none
	// was found. AttachedBy says how: "tag" or "references".
	DeliveryRecipientID int64  `json:"delivery_recipient_id,omitempty"`
	AttachedBy          string `json:"attached_by,omitempty"`
	CampaignID          int64  `json:"campaign_id,omitempty"`
	State               string `json:"state,omitempty"`
	Station             string `json:"station,omitempty"`
	Address             string `json:"address,omitempty"`
}

// Attached reports whether the message was attached to a letter.
func (m InboundMessage) Attached() bool { return m.DeliveryRecipientID != 0 }

// Truncated reports whether Raw holds only the start of the message.
func (m InboundMessage) Truncated() bool { return m.RawSize > MaxInboundRaw }

const inboundColumns = `m.id, m.received_at, m.source, m.source_ref, m.message_id, m.kind, m.reason, m.tag, m.status_code, m.diagnostic,
	m.from_addr, m.from_name, m.subject, m.sent_at, m.excerpt, m.raw_size, m.attached_by,
	COALESCE(r.id, 0), COALESCE(r.campaign_id, 0), COALESCE(r.state, ''), COALESCE(r.station, ''), COALESCE(r.address, '')`

const inboundFrom = ` FROM inbound_messages m LEFT JOIN delivery_recipients r ON r.id = m.delivery_recipient_id`

func scanInbound(row scanner, extra ...any) (InboundMessage, error) {
	var m InboundMessage
	var kind string
	var sent sql.NullTime
	err := row.Scan(append([]any{&m.ID, &m.ReceivedAt, &m.Source, &m.SourceRef, &m.MessageID, &kind, &m.Reason,
		&m.Tag, &m.StatusCode, &m.Diagnostic,
		&m.From, &m.FromName, &m.Subject, &sent, &m.Excerpt, &m.RawSize, &m.AttachedBy,
		&m.DeliveryRecipientID, &m.CampaignID, &m.State, &m.Station, &m.Address}, extra...)...)
	if err != nil {
		return m, err
	}
	m.ReceivedAt = m.ReceivedAt.UTC()
	if sent.Valid {
		m.Date = sent.Time.UTC()
	}
	if m.Kind, err = triage.ParseKind(kind); err != nil {
		return m, fmt.Errorf("inbound message %d: %w", m.ID, err)
	}
	return m, nil
}

// AddInboundMessage stores an incoming message and attaches it to the
// letter it is about: the one whose reply address carries m.Tag, else the
// one whose Message-ID is the first of references (the most telling first,
// as triage.Result gives them) that names a letter. m.Raw is kept up to
// MaxInboundRaw. A message stored before — the same Message-ID, or for a
// message without one the same text — is not stored again: AddInboundMessage
// then returns the stored one and false.
func (tx *Tx) AddInboundMessage(ctx context.Context, m InboundMessage, references []string) (InboundMessage,
	bool, error) {
	op := fmt.Sprintf("store.AddInboundMessage(%s %s)", m.Source, m.SourceRef)
	key := inboundKey(m.MessageID, m.Raw)
	var attachedBy string
	recipient, err := tx.letterByTag(ctx, m.Tag)
	if recipient != 0 {
		attachedBy = "tag"
	}
	for i := 0; err == nil && recipient == 0 && i < min(len(references), maxReferences); i++ {
		if recipient, err = tx.letterByMessageID(ctx, references[i]); recipient != 0 {
			attachedBy = "references"
		}
	}
	if err != nil {
		return InboundMessage{}, false, fmt.Errorf("%s: %w", op, err)
	}
	raw := m.Raw[:min(len(m.Raw), MaxInboundRaw):min(len(m.Raw), MaxInboundRaw)]
	if raw == nil {
		raw = []byte{} // the column is NOT NULL
	}
	var id int64
	err = tx.queryRow(ctx, `
		INSERT INTO inbound_messages (received_at, source, source_ref, dedup_key, message_id, kind, reason, tag, delivery_recipient_id, attached_by,
			status_code, diagnostic, from_addr, from_name, subject, sent_at, excerpt, raw, raw_size)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
		ON CONFLICT (dedup_key) DO NOTHING
		RETURNING id`,
		tx.s.opts.Now().UTC(), m.Source, m.SourceRef, key, m.MessageID, m.Kind.String(), m.Reason, m.Tag,
		nullID(recipient), attachedBy, m.StatusCode, m.Diagnostic, m.From, m.FromName, m.Subject,
		nullTime(m.Date), m.Excerpt, raw, int64(len(m.Raw)),
	).Scan(&id)
	added := err == nil
	if errors.Is(err, sql.ErrNoRows) {
		err = nil // stored before
	}
	if err != nil {
		return InboundMessage{}, false, fmt.Errorf("%s: %w", op, err)
	}
	stored, err := scanInbound(tx.queryRow(ctx, `SELECT `+inboundColumns+inboundFrom+` WHERE m.dedup_key = $1`, key))
	if err != nil {
		return InboundMessage{}, false, fmt.Errorf("%s: %w", op, err)
	}
	return stored, added, nil
}

// letterByTag is the id of the letter whose reply address carries tag; 0
// when there is none.
func (tx *Tx) letterByTag(ctx context.Context, tag string) (int64, error) {
	if tag == "" {
		return 0, nil
	}
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM delivery_recipients WHERE tag = $1`, tag).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// letterByMessageID is the id of the letter sent with the Message-ID; 0
// when there is none.
func (tx *Tx) letterByMessageID(ctx context.Context, messageID string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx,
		`SELECT r.id FROM delivery_recipients r JOIN outbox o ON o.id = r.outbox_id WHERE o.message_id = $1`,
		messageID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return id, err
}

// inboundKey is what makes an incoming message the same as another: its
// Message-ID, or the digest of its text (line ends made alike) when it
// has none.
func inboundKey(messageID string, raw []byte) string {
	if messageID != "" {
		return messageID
	}
	sum := sha256.Sum256(bytes.ReplaceAll(raw, []byte("\r\n"), []byte("\n")))
	return "sha256:" + hex.EncodeToString(sum[:])
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// InboundMessage returns one incoming message with its text.
func (s *Store) InboundMessage(ctx context.Context, id int64) (InboundMessage, error) {
	var raw []byte
	m, err := scanInbound(s.read.QueryRowContext(ctx,
		`SELECT `+inboundColumns+`, m.raw`+inboundFrom+` WHERE m.id = $1`, id), &raw)
	m.Raw = raw
	return m, notFound(err, "store.InboundMessage(%d)", id)
}

// CampaignInbound lists the incoming messages attached to a campaign's
// letters, the newest first (by their Date, else when they were received).
func (s *Store) CampaignInbound(ctx context.Context, campaignID int64) ([]InboundMessage, error) {
	return queryAll(ctx, s, fmt.Sprintf("store.CampaignInbound(%d)", campaignID),
		func(row scanner) (InboundMessage, error) { return scanInbound(row) },
		`SELECT `+inboundColumns+inboundFrom+` WHERE r.campaign_id = $1
		ORDER BY COALESCE(m.sent_at, m.received_at) DESC, m.id DESC`, campaignID)
}

// UnattachedInbound lists the newest incoming messages that name no
// letter, at most limit of them.
func (s *Store) UnattachedInbound(ctx context.Context, limit int) ([]InboundMessage, error) {
	return queryAll(ctx, s, "store.UnattachedInbound",
		func(row scanner) (InboundMessage, error) { return scanInbound(row) },
		`SELECT `+inboundColumns+inboundFrom+` WHERE m.delivery_recipient_id IS NULL
		ORDER BY m.received_at DESC, m.id DESC LIMIT $1`, limit)
}

// InboundCounts counts the incoming messages attached to a campaign's
// letters, by kind.
func (s *Store) InboundCounts(ctx context.Context, campaignID int64) (map[triage.Kind]int, error) {
	op := fmt.Sprintf("store.InboundCounts(%d)", campaignID)
	type count struct {
		kind string
		n    int
	}
	rows, err := queryAll(ctx, s, op, func(row scanner) (count, error) {
		var c count
		return c, row.Scan(&c.kind, &c.n)
	}, `SELECT m.kind, count(*) FROM inbound_messages m JOIN delivery_recipients r ON r.id = m.delivery_recipient_id
		WHERE r.campaign_id = $1 GROUP BY m.kind`, campaignID)
	if err != nil {
		return nil, err
	}
	counts := map[triage.Kind]int{}
	for _, c := range rows {
		k, err := triage.ParseKind(c.kind)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		counts[k] = c.n
	}
	return counts, nil
}

// LetterInbound sums up what came back about one letter.
type LetterInbound struct {
	Latest       triage.Kind // the kind of the newest message (by its Date, else when it was received)
	LatestStatus string      // its status code, for a report
	LatestAt     time.Time
	Messages     int // every message attached to the letter
	HumanReplies int // of which replies from people
}

// InboundByLetter sums up, for each of a campaign's letters that has any,
// the incoming messages attached to it; the key is the letter's
// DeliveryRecipient.ID.
func (s *Store) InboundByLetter(ctx context.Context, campaignID int64) (map[int64]LetterInbound, error) {
	op := fmt.Sprintf("store.InboundByLetter(%d)", campaignID)
	type row struct {
		letter int64
		kind   string
		status string
		at     time.Time
	}
	rows, err := queryAll(ctx, s, op, func(sc scanner) (row, error) {
		var r row
		var sent sql.NullTime
		err := sc.Scan(&r.letter, &r.kind, &r.status, &r.at, &sent)
		if sent.Valid {
			r.at = sent.Time
		}
		r.at = r.at.UTC()
		return r, err
	}, `SELECT m.delivery_recipient_id, m.kind, m.status_code, m.received_at, m.sent_at
		FROM inbound_messages m JOIN delivery_recipients r ON r.id = m.delivery_recipient_id
		WHERE r.campaign_id = $1 ORDER BY m.id`, campaignID)
	if err != nil {
		return nil, err
	}
	sums := map[int64]LetterInbound{}
	for _, r := range rows {
		kind, err := triage.ParseKind(r.kind)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		sum := sums[r.letter]
		sum.Messages++
		if kind == triage.HumanReply {
			sum.HumanReplies++
		}
		if sum.Messages == 1 || !r.at.Before(sum.LatestAt) {
			sum.Latest, sum.LatestStatus, sum.LatestAt = kind, r.status, r.at
		}
		sums[r.letter] = sum
	}
	return sums, nil
}
