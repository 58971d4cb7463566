package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
)

// CampaignGeneration counts the committed transactions of this process
// that wrote a campaign. A cache of campaigns that saw generation g is
// current while CampaignGeneration still returns g — for the writes of
// this process; another process's writes it does not see.
func (s *Store) CampaignGeneration() uint64 { return s.campaignGeneration.Load() }

// ErrBadTransition says a campaign cannot move to the status asked.
var ErrBadTransition = errors.New("status change not allowed")

const campaignColumns = `id, slug, status, event_name, event_date, event_place, opens_at, deadline, time_zone, auto_approve, version, created_at, updated_at`

func scanCampaign(row scanner) (campaign.Campaign, error) { return scanCampaignAnd(row) }

// scanCampaignAnd scans campaignColumns, then more columns into more.
func scanCampaignAnd(row scanner, more ...any) (campaign.Campaign, error) {
	var c campaign.Campaign
	var opens, deadline sql.NullTime
	err := row.Scan(append([]any{&c.ID, &c.Slug, &c.Status, &c.Event.Name, &c.Event.Date, &c.Event.Place,
		&opens, &deadline, &c.TimeZone,
		&c.AutoApprove, &c.Version, &c.CreatedAt, &c.UpdatedAt}, more...)...)
	if opens.Valid {
		c.OpensAt = opens.Time.UTC()
	}
	if deadline.Valid {
		c.Deadline = deadline.Time.UTC()
	}
	c.CreatedAt, c.UpdatedAt = c.CreatedAt.UTC(), c.UpdatedAt.UTC()
	return c, err
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// CreateCampaign stores a new campaign (valid, in draft) with its first
// version of the letter.
func (tx *Tx) CreateCampaign(ctx context.Context, c campaign.Campaign,
	texts []campaign.Text) (campaign.Campaign, error) {
	tx.campaignsChanged = true
	now := tx.s.opts.Now().UTC()
	created, err := scanCampaign(tx.queryRow(ctx, `
		INSERT INTO campaigns (slug, status, event_name, event_date, event_place, opens_at, deadline, time_zone, auto_approve, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $10, $10)
		RETURNING `+campaignColumns,
		c.Slug, c.Status, c.Event.Name, c.Event.Date, c.Event.Place, nullTime(c.OpensAt), nullTime(c.Deadline),
		c.TimeZone, c.AutoApprove, now))
	if isUniqueViolation(err) {
		return created, fmt.Errorf("store.CreateCampaign(%s): %w", c.Slug, ErrDuplicate)
	}
	if err != nil {
		return created, fmt.Errorf("store.CreateCampaign(%s): %w", c.Slug, err)
	}
	if err := tx.insertVersion(ctx, created.ID, 1, texts); err != nil {
		return created, err
	}
	return created, nil
}

func (tx *Tx) insertVersion(ctx context.Context, campaignID int64, number int, texts []campaign.Text) error {
	doc, err := json.Marshal(texts)
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx,
		`INSERT INTO campaign_versions (campaign_id, number, texts, created_at) VALUES ($1, $2, $3, $4)`,
		campaignID, number, string(doc), tx.s.opts.Now().UTC())
	if err != nil {
		return fmt.Errorf("store: version %d of campaign %d: %w", number, campaignID, err)
	}
	return nil
}

// RewriteCampaignVersion sets the texts of a campaign's current version in
// place: a draft's, which nobody has signed, or, once the campaign has been
// public, texts whose title and body stay as signed (new asks). It returns
// the version's number.
func (tx *Tx) RewriteCampaignVersion(ctx context.Context, id int64, texts []campaign.Text) (int, error) {
	c, err := tx.Campaign(ctx, id)
	if err != nil {
		return 0, err
	}
	doc, err := json.Marshal(texts)
	if err != nil {
		return 0, err
	}
	// A draft's version dates from its last text; a public one from when
	// it was first offered for signature.
	written := tx.s.opts.Now().UTC()
	if c.Status != campaign.Draft {
		var v campaign.Version
		if v, err = tx.CampaignVersion(ctx, id, c.Version); err != nil {
			return 0, err
		}
		written = v.CreatedAt
	}
	_, err = tx.exec(ctx, `UPDATE campaign_versions SET texts = $3, created_at = $4 WHERE campaign_id = $1 AND number = $2`,
		id, c.Version, string(doc), written)
	if err != nil {
		return 0, fmt.Errorf("store.RewriteCampaignVersion(%d): %w", id, err)
	}
	return c.Version, tx.touchCampaign(ctx, id, c.Version)
}

// AddCampaignVersion makes texts the campaign's next version, which new
// signatures endorse; the signatures already given stay on the version
// they endorsed. It returns the new version's number.
func (tx *Tx) AddCampaignVersion(ctx context.Context, id int64, texts []campaign.Text) (int, error) {
	c, err := tx.Campaign(ctx, id)
	if err != nil {
		return 0, err
	}
	number := c.Version + 1
	if err := tx.insertVersion(ctx, id, number, texts); err != nil {
		return 0, err
	}
	return number, tx.touchCampaign(ctx, id, number)
}

func (tx *Tx) touchCampaign(ctx context.Context, id int64, version int) error {
	tx.campaignsChanged = true
	_, err := tx.exec(ctx, `UPDATE campaigns SET version = $2, updated_at = $3 WHERE id = $1`, id, version,
		tx.s.opts.Now().UTC())
	if err != nil {
		return fmt.Errorf("store: campaign %d: %w", id, err)
	}
	return nil
}

// UpdateCampaign changes a campaign's slug, event, sign-on window and
// auto-approval, and returns it before and after. The status changes only
// through SetCampaignStatus.
func (tx *Tx) UpdateCampaign(ctx context.Context, c campaign.Campaign) (before, after campaign.Campaign, err error) {
	tx.campaignsChanged = true
	if before, err = tx.Campaign(ctx, c.ID); err != nil {
		return before, after, err
	}
	after, err = scanCampaign(tx.queryRow(ctx, `
		UPDATE campaigns SET slug = $2, event_name = $3, event_date = $4, event_place = $5, opens_at = $6, deadline = $7, time_zone = $8, auto_approve = $9, updated_at = $10
		WHERE id = $1
		RETURNING `+campaignColumns,
		c.ID, c.Slug, c.Event.Name, c.Event.Date, c.Event.Place, nullTime(c.OpensAt), nullTime(c.Deadline),
		c.TimeZone, c.AutoApprove, tx.s.opts.Now().UTC()))
	if isUniqueViolation(err) {
		return before, after, fmt.Errorf("store.UpdateCampaign(%s): %w", c.Slug, ErrDuplicate)
	}
	if err != nil {
		return before, after, fmt.Errorf("store.UpdateCampaign(%d): %w", c.ID, err)
	}
	return before, after, nil
}

// SetCampaignStatus moves a campaign to status to, if its status allows.
func (tx *Tx) SetCampaignStatus(ctx context.Context, id int64, to campaign.Status) (from campaign.Status, err error) {
	tx.campaignsChanged = true
	c, err := tx.Campaign(ctx, id)
	if err != nil {
		return "", err
	}
	if !c.Status.CanBecome(to) {
		return c.Status, fmt.Errorf("store.SetCampaignStatus(%d): %s → %s: %w", id, c.Status, to, ErrBadTransition)
	}
	// closed_at starts the retention period of the signers' contact data;
	// reopening stops it.
	if _, err := tx.exec(ctx, `
		UPDATE campaigns SET status = $2, updated_at = $3,
			closed_at = CASE WHEN $2 = 'open' THEN NULL WHEN closed_at IS NULL THEN $3 ELSE closed_at END
		WHERE id = $1`, id, to, tx.s.opts.Now().UTC()); err != nil {
		return c.Status, fmt.Errorf("store.SetCampaignStatus(%d): %w", id, err)
	}
	return c.Status, nil
}

// Campaign returns one campaign, inside the transaction.
func (tx *Tx) Campaign(ctx context.Context, id int64) (campaign.Campaign, error) {
	c, err := scanCampaign(tx.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = $1`, id))
	return c, notFound(err, "store.Campaign(%d)", id)
}

// Campaign returns one campaign.
func (s *Store) Campaign(ctx context.Context, id int64) (campaign.Campaign, error) {
	c, err := scanCampaign(s.read.QueryRowContext(ctx, `SELECT `+campaignColumns+` FROM campaigns WHERE id = $1`, id))
	return c, notFound(err, "store.Campaign(%d)", id)
}

// CampaignBySlug returns the campaign at /c/{slug}.
func (s *Store) CampaignBySlug(ctx context.Context, slug string) (campaign.Campaign, error) {
	c, err := scanCampaign(s.read.QueryRowContext(ctx,
		`SELECT `+campaignColumns+` FROM campaigns WHERE slug = $1`, slug))
	return c, notFound(err, "store.CampaignBySlug(%s)", slug)
}

// Campaigns lists every campaign, newest first.
func (s *Store) Campaigns(ctx context.Context) ([]campaign.Campaign, error) {
	return queryAll(ctx, s, "store.Campaigns", scanCampaign,
		`SELECT `+campaignColumns+` FROM campaigns ORDER BY id DESC`)
}

// CampaignVersion returns version number of a campaign's letter.
func (s *Store) CampaignVersion(ctx context.Context, campaignID int64, number int) (campaign.Version, error) {
	v, err := scanVersion(s.read.QueryRowContext(ctx, `
		SELECT id, campaign_id, number, texts, created_at FROM campaign_versions WHERE campaign_id = $1 AND number = $2`, campaignID, number))
	return v, notFound(err, "store.CampaignVersion(%d, %d)", campaignID, number)
}

// CampaignVersion returns version number of a campaign's letter, inside
// the transaction.
func (tx *Tx) CampaignVersion(ctx context.Context, campaignID int64, number int) (campaign.Version, error) {
	v, err := scanVersion(tx.queryRow(ctx, `
		SELECT id, campaign_id, number, texts, created_at FROM campaign_versions WHERE campaign_id = $1 AND number = $2`, campaignID, number))
	return v, notFound(err, "store.CampaignVersion(%d, %d)", campaignID, number)
}

// CampaignVersions lists a campaign's versions, newest first.
func (s *Store) CampaignVersions(ctx context.Context, campaignID int64) ([]campaign.Version, error) {
	return queryAll(ctx, s, fmt.Sprintf("store.CampaignVersions(%d)", campaignID), scanVersion, `
		SELECT id, campaign_id, number, texts, created_at FROM campaign_versions WHERE campaign_id = $1 ORDER BY number DESC`, campaignID)
}

func scanVersion(row scanner) (campaign.Version, error) {
	var v campaign.Version
	var texts string
	if err := row.Scan(&v.ID, &v.CampaignID, &v.Number, &texts, &v.CreatedAt); err != nil {
		return v, err
	}
	v.CreatedAt = v.CreatedAt.UTC()
	return v, json.Unmarshal([]byte(texts), &v.Texts)
}

// CampaignProgress is where a public campaign stands, for the staff's
// dashboard: its signatures, its letters to the missions and what came
// back.
type CampaignProgress struct {
	Campaign campaign.Campaign
	// Signatures count in public (confirmed or approved); Waiting are
	// confirmed and not yet reviewed.
	Signatures, Waiting int64
	// Letters to the missions: all queued, sent, failed.
	Letters, Sent, Failed int64
	// Replies from missions written by a person; Bounces are hard bounces.
	Replies, Bounces int64
}

// CampaignsProgress lists every campaign past its draft, newest first, with
// its progress.
func (s *Store) CampaignsProgress(ctx context.Context) ([]CampaignProgress, error) {
	return queryAll(ctx, s, "store.CampaignsProgress", func(row scanner) (CampaignProgress, error) {
		var p CampaignProgress
		var err error
		p.Campaign, err = scanCampaignAnd(row, &p.Signatures, &p.Waiting, &p.Letters, &p.Sent, &p.Failed,
			&p.Replies, &p.Bounces)
		return p, err
	}, `SELECT `+campaignColumns+`,
		(SELECT count(*) FROM signatures g WHERE g.campaign_id = campaigns.id AND g.status IN ('confirmed', 'approved')),
		(SELECT count(*) FROM signatures g WHERE g.campaign_id = campaigns.id AND g.status = 'confirmed'),
		(SELECT count(*) FROM delivery_recipients r WHERE r.campaign_id = campaigns.id),
		(SELECT count(*) FROM delivery_recipients r JOIN outbox o ON o.id = r.outbox_id WHERE r.campaign_id = campaigns.id AND o.status = 'sent'),
		(SELECT count(*) FROM delivery_recipients r JOIN outbox o ON o.id = r.outbox_id WHERE r.campaign_id = campaigns.id AND o.status = 'failed'),
		(SELECT count(*) FROM inbound_messages i JOIN delivery_recipients r ON r.id = i.delivery_recipient_id WHERE r.campaign_id = campaigns.id AND i.kind = 'human_reply'),
		(SELECT count(*) FROM inbound_messages i JOIN delivery_recipients r ON r.id = i.delivery_recipient_id WHERE r.campaign_id = campaigns.id AND i.kind = 'hard_bounce')
		FROM campaigns WHERE status <> 'draft' ORDER BY created_at DESC, id DESC`)
}
