package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

// DeliveryRecipient is one message of a delivery: a campaign's letter to
// one address of one mission at one duty station, with what the outbox
// knows of it.
type DeliveryRecipient struct {
	ID         int64  `json:"id"`
	DeliveryID int64  `json:"delivery_id"`
	CampaignID int64  `json:"campaign_id"`
	State      string `json:"state"` // ISO3
	Station    string `json:"station"`
	Address    string `json:"address"`
	Lang       string `json:"lang"` // the language of the letter sent
	Tag        string `json:"tag"`  // the plus-address of its replies and bounces
	OutboxID   int64  `json:"outbox_id"`

	MessageID string        `json:"message_id"`
	Status    outbox.Status `json:"status"`
	Attempts  int           `json:"attempts"`
	LastError string        `json:"last_error,omitempty"`
	SentAt    time.Time     `json:"sent_at,omitzero"`
}

const deliveryRecipientColumns = `r.id, r.delivery_id, r.campaign_id, r.state, r.station, r.address, r.lang, r.tag, r.outbox_id,
	o.message_id, o.status, o.attempts, o.last_error, o.sent_at`

func scanDeliveryRecipient(row scanner) (DeliveryRecipient, error) {
	var d DeliveryRecipient
	var sent sql.NullTime
	err := row.Scan(&d.ID, &d.DeliveryID, &d.CampaignID, &d.State, &d.Station, &d.Address, &d.Lang, &d.Tag, &d.OutboxID,
		&d.MessageID, &d.Status, &d.Attempts, &d.LastError, &sent)
	if sent.Valid {
		d.SentAt = sent.Time.UTC()
	}
	return d, err
}

// CreateDelivery records a request to send a campaign's letter and returns
// its id; its messages are added with AddDeliveryMessage in the same
// transaction.
func (tx *Tx) CreateDelivery(ctx context.Context, campaignID int64, recipients, station, actor string) (int64, error) {
	var id int64
	err := tx.queryRow(ctx,
		`INSERT INTO deliveries (campaign_id, recipients, station, actor, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
		campaignID, recipients, station, actor, tx.s.opts.Now().UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store.CreateDelivery(%d): %w", campaignID, err)
	}
	return id, nil
}

// AddDeliveryMessage queues m, the letter to r's address, and records it as
// a message of the delivery. A campaign writes once to each address of each
// mission and station: when it already has, AddDeliveryMessage writes
// nothing and returns false.
func (tx *Tx) AddDeliveryMessage(ctx context.Context, deliveryID int64, r DeliveryRecipient,
	m outbox.Message) (bool, error) {
	var exists bool
	err := tx.queryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM delivery_recipients WHERE campaign_id = $1 AND state = $2 AND station = $3 AND address = $4)`,
		r.CampaignID, r.State, r.Station, r.Address).Scan(&exists)
	if err != nil || exists {
		return false, wrapErr(err, "store.AddDeliveryMessage(%s, %s)", r.State, r.Address)
	}
	outboxID, err := tx.EnqueueMail(ctx, m)
	if errors.Is(err, outbox.ErrDuplicate) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	_, err = tx.exec(ctx,
		`INSERT INTO delivery_recipients (delivery_id, campaign_id, state, station, address, lang, tag, outbox_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		deliveryID, r.CampaignID, r.State, r.Station, r.Address, r.Lang, r.Tag, outboxID)
	if err != nil {
		return false, fmt.Errorf("store.AddDeliveryMessage(%s, %s): %w", r.State, r.Address, err)
	}
	return true, nil
}

// DeliveryRecipients lists the messages a campaign has sent or queued to
// the missions, by state, station and address, with their outbox status.
func (s *Store) DeliveryRecipients(ctx context.Context, campaignID int64) ([]DeliveryRecipient, error) {
	return queryAll(ctx, s, fmt.Sprintf("store.DeliveryRecipients(%d)", campaignID), scanDeliveryRecipient, `
		SELECT `+deliveryRecipientColumns+` FROM delivery_recipients r JOIN outbox o ON o.id = r.outbox_id
		WHERE r.campaign_id = $1 ORDER BY r.state, r.station, r.address`, campaignID)
}

// DeliveryRecipientByTag finds the message whose reply address carries
// tag, for an incoming bounce or reply.
func (s *Store) DeliveryRecipientByTag(ctx context.Context, tag string) (DeliveryRecipient, error) {
	d, err := scanDeliveryRecipient(s.read.QueryRowContext(ctx, `
		SELECT `+deliveryRecipientColumns+` FROM delivery_recipients r JOIN outbox o ON o.id = r.outbox_id WHERE r.tag = $1`, tag))
	return d, notFound(err, "store.DeliveryRecipientByTag(%q)", tag)
}

func wrapErr(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}
