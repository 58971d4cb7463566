package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
)

const signatureColumns = `id, campaign_id, version, name, acronym, countries, country_labels, city, website, type,
	contact_name, contact_email, display, lang, status, created_at, confirmed_at, organization_id, reject_reason, duplicate_of`

func scanSignature(row scanner) (signon.Signature, error) {
	var s signon.Signature
	var countries, labels string
	var confirmed sql.NullTime
	var org, duplicateOf sql.NullInt64
	err := row.Scan(&s.ID, &s.CampaignID, &s.Version, &s.Name, &s.Acronym, &countries, &labels,
		&s.City, &s.Website, &s.Type, &s.ContactName, &s.ContactEmail, &s.Display, &s.Lang,
		&s.Status, &s.CreatedAt, &confirmed, &org, &s.RejectReason, &duplicateOf)
	s.OrganizationID, s.DuplicateOf = org.Int64, duplicateOf.Int64
	if err != nil {
		return s, err
	}
	s.CreatedAt = s.CreatedAt.UTC()
	if confirmed.Valid {
		s.ConfirmedAt = confirmed.Time.UTC()
	}
	if err := json.Unmarshal([]byte(countries), &s.Countries); err != nil {
		return s, err
	}
	return s, json.Unmarshal([]byte(labels), &s.CountryLabels)
}

// CreateSignature stores a signature as it came from the sign-on form. The
// same organization signing twice from the same mailbox (the address as
// signon.AddressKey counts it: victim+1@ and victim+2@ are one) is one
// signature: the existing one is returned, with created false.
func (tx *Tx) CreateSignature(ctx context.Context, sig signon.Signature, ip string) (stored signon.Signature,
	created bool, err error) {
	key, mailbox := organization.Fold(sig.Name), signon.AddressKey(sig.ContactEmail)
	now := tx.s.opts.Now().UTC()
	err = tx.queryRow(ctx, `
		INSERT INTO signatures (campaign_id, version, name, name_key, acronym, countries, country_labels, city, website, type,
			contact_name, contact_email, email_key, display, lang, status, ip, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
		ON CONFLICT (campaign_id, name_key, email_key) DO NOTHING
		RETURNING id`,
		sig.CampaignID, sig.Version, sig.Name, key, sig.Acronym, jsonList(sig.Countries),
		jsonList(sig.CountryLabels), sig.City, sig.Website, sig.Type,
		sig.ContactName, sig.ContactEmail, mailbox, sig.Display, sig.Lang, sig.Status, ip, now).Scan(&sig.ID)
	if err == nil {
		sig.CreatedAt = now
		return sig, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return stored, false, fmt.Errorf("store.CreateSignature(%q): %w", sig.Name, err)
	}
	// The organization signed before from this mailbox: that signature.
	stored, err = scanSignature(tx.queryRow(ctx,
		`SELECT `+signatureColumns+` FROM signatures WHERE campaign_id = $1 AND name_key = $2 AND email_key = $3`,
		sig.CampaignID, key, mailbox))
	if err != nil {
		return stored, false, fmt.Errorf("store.CreateSignature(%q): %w", sig.Name, err)
	}
	return stored, false, nil
}

// SignatureLink is a one-time link for a signature's contact, stored by
// the hash of its secret.
type SignatureLink struct {
	Purpose string // confirm or withdraw
	Hash    []byte
	Expires time.Time
}

// CreateSignatureLinks stores one-time links for a signature's contact, in
// one statement.
func (tx *Tx) CreateSignatureLinks(ctx context.Context, signatureID int64, links ...SignatureLink) error {
	var values strings.Builder
	args := make([]any, 0, 4*len(links))
	for i, l := range links {
		if i > 0 {
			values.WriteString(", ")
		}
		fmt.Fprintf(&values, "($%d, $%d, $%d, $%d)", 4*i+1, 4*i+2, 4*i+3, 4*i+4)
		args = append(args, l.Hash, signatureID, l.Purpose, l.Expires.UTC())
	}
	_, err := tx.exec(ctx,
		`INSERT INTO signature_links (token_hash, signature_id, purpose, expires_at) VALUES `+values.String(), args...)
	if err != nil {
		return fmt.Errorf("store.CreateSignatureLinks(%d): %w", signatureID, err)
	}
	return nil
}

// SignatureByLink returns the signature an unused, unexpired link of the
// purpose belongs to, without using the link.
func (s *Store) SignatureByLink(ctx context.Context, hash []byte, purpose string) (signon.Signature, error) {
	return signatureByLink(ctx, s.read, hash, purpose, s.opts.Now())
}

func signatureByLink(ctx context.Context, q querier, hash []byte, purpose string,
	now time.Time) (signon.Signature, error) {
	sig, err := scanSignature(q.QueryRowContext(ctx, `
		SELECT `+signatureColumns+` FROM signatures
		WHERE id = (SELECT signature_id FROM signature_links WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3)`,
		hash, purpose, now.UTC()))
	if errors.Is(err, sql.ErrNoRows) {
		return sig, fmt.Errorf("store.SignatureByLink: %w", ErrLinkUsed)
	}
	if err != nil {
		return sig, fmt.Errorf("store.SignatureByLink: %w", err)
	}
	return sig, nil
}

// ErrCampaignClosed: a pending signature's campaign is closed or
// delivered, so the signature can no longer be confirmed.
var ErrCampaignClosed = errors.New("the campaign no longer takes signatures")

// ConfirmSignature uses a confirmation link: the signature, if still
// pending, becomes confirmed and counts from now on. A pending signature
// of a campaign that is closed or delivered stays pending, its link
// unused (ErrCampaignClosed): it counts if the campaign opens again.
func (tx *Tx) ConfirmSignature(ctx context.Context, hash []byte) (signon.Signature, error) {
	now := tx.s.opts.Now().UTC()
	sig, err := signatureByLink(ctx, tx.tx, hash, "confirm", now)
	if err != nil {
		return sig, err
	}
	if sig.Status == signon.Pending {
		var status campaign.Status
		if err := tx.queryRow(ctx, `SELECT status FROM campaigns WHERE id = $1`, sig.CampaignID).Scan(&status); err != nil {
			return sig, fmt.Errorf("store.ConfirmSignature(%d): %w", sig.ID, err)
		}
		if !status.ConfirmsSignatures() {
			return sig, fmt.Errorf("store.ConfirmSignature(%d): %w", sig.ID, ErrCampaignClosed)
		}
	}
	if _, err := tx.exec(ctx, `UPDATE signature_links SET used_at = $2 WHERE token_hash = $1`, hash, now); err != nil {
		return sig, fmt.Errorf("store.ConfirmSignature: %w", err)
	}
	if sig.Status == signon.Pending {
		if _, err := tx.exec(ctx, `UPDATE signatures SET status = 'confirmed', confirmed_at = $2 WHERE id = $1`,
			sig.ID, now); err != nil {
			return sig, fmt.Errorf("store.ConfirmSignature(%d): %w", sig.ID, err)
		}
		sig.Status, sig.ConfirmedAt = signon.Confirmed, now
	}
	return sig, nil
}

// WithdrawSignature uses a withdrawal link: the signature is withdrawn and
// leaves every public list and count.
func (tx *Tx) WithdrawSignature(ctx context.Context, hash []byte) (signon.Signature, error) {
	now := tx.s.opts.Now().UTC()
	sig, err := signatureByLink(ctx, tx.tx, hash, "withdraw", now)
	if err != nil {
		return sig, err
	}
	if _, err := tx.exec(ctx, `UPDATE signature_links SET used_at = $2 WHERE token_hash = $1`, hash, now); err != nil {
		return sig, fmt.Errorf("store.WithdrawSignature: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE signatures SET status = 'withdrawn' WHERE id = $1`, sig.ID); err != nil {
		return sig, fmt.Errorf("store.WithdrawSignature(%d): %w", sig.ID, err)
	}
	sig.Status = signon.Withdrawn
	return sig, nil
}

// PublicSignatures lists a campaign's confirmed and approved signatures,
// oldest first. Contact fields are cleared: nothing public needs them.
func (s *Store) PublicSignatures(ctx context.Context, campaignID int64) ([]signon.Signature, error) {
	list, err := queryAll(ctx, s, fmt.Sprintf("store.PublicSignatures(%d)", campaignID), scanSignature,
		`SELECT `+signatureColumns+` FROM signatures
		WHERE campaign_id = $1 AND status IN ('confirmed', 'approved') ORDER BY id`, campaignID)
	for i := range list {
		list[i].ContactName, list[i].ContactEmail = "", ""
	}
	return list, err
}

// CountPublicSignatures counts a campaign's confirmed and approved
// signatures.
func (s *Store) CountPublicSignatures(ctx context.Context, campaignID int64) (int64, error) {
	var n int64
	err := s.read.QueryRowContext(ctx,
		`SELECT count(*) FROM signatures WHERE campaign_id = $1 AND status IN ('confirmed', 'approved')`,
		campaignID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.CountPublicSignatures(%d): %w", campaignID, err)
	}
	return n, nil
}

// ModerationQueue lists a campaign's confirmed signatures that no one has
// reviewed yet, oldest first, with their contact details (for staff).
func (s *Store) ModerationQueue(ctx context.Context, campaignID int64) ([]signon.Signature, error) {
	return queryAll(ctx, s, fmt.Sprintf("store.ModerationQueue(%d)", campaignID), scanSignature,
		`SELECT `+signatureColumns+` FROM signatures
		WHERE campaign_id = $1 AND status = 'confirmed' ORDER BY id`, campaignID)
}

// Signature returns one signature, with its contact details (for staff).
func (s *Store) Signature(ctx context.Context, id int64) (signon.Signature, error) {
	sig, err := scanSignature(s.read.QueryRowContext(ctx,
		`SELECT `+signatureColumns+` FROM signatures WHERE id = $1`, id))
	return sig, notFound(err, "store.Signature(%d)", id)
}

// Signature returns one signature, inside the transaction.
func (tx *Tx) Signature(ctx context.Context, id int64) (signon.Signature, error) {
	sig, err := scanSignature(tx.queryRow(ctx, `SELECT `+signatureColumns+` FROM signatures WHERE id = $1`, id))
	return sig, notFound(err, "store.Signature(%d)", id)
}

// ErrNotConfirmed says a signature is not waiting for review.
var ErrNotConfirmed = errors.New("signature is not confirmed and waiting for review")

// ApproveSignature approves a confirmed signature and links it to a
// registry organization.
func (tx *Tx) ApproveSignature(ctx context.Context, id, organizationID int64) error {
	return tx.review(ctx, id,
		`UPDATE signatures SET status = 'approved', organization_id = $2 WHERE id = $1 AND status = 'confirmed'`, organizationID)
}

// RejectSignature rejects a confirmed signature, keeping the reason.
func (tx *Tx) RejectSignature(ctx context.Context, id int64, reason string) error {
	return tx.review(ctx, id,
		`UPDATE signatures SET status = 'rejected', reject_reason = $2 WHERE id = $1 AND status = 'confirmed'`, reason)
}

// MarkDuplicate rejects a confirmed signature as a repeat of another
// confirmed or approved signature of the same campaign.
func (tx *Tx) MarkDuplicate(ctx context.Context, id, of int64) error {
	var ok bool
	err := tx.queryRow(ctx,
		`SELECT EXISTS (SELECT 1 FROM signatures a JOIN signatures b ON b.campaign_id = a.campaign_id
		WHERE a.id = $1 AND b.id = $2 AND a.id <> b.id AND b.status IN ('confirmed', 'approved'))`, id, of).Scan(&ok)
	if err != nil {
		return fmt.Errorf("store.MarkDuplicate(%d, %d): %w", id, of, err)
	}
	if !ok {
		return fmt.Errorf("store.MarkDuplicate(%d, %d): %w", id, of, ErrNotDuplicable)
	}
	return tx.review(ctx, id,
		`UPDATE signatures SET status = 'rejected', reject_reason = 'duplicate', duplicate_of = $2 WHERE id = $1 AND status = 'confirmed'`, of)
}

// ErrNotDuplicable says a signature cannot be the original of a
// duplicate: it is the same one, of another campaign, or not public.
var ErrNotDuplicable = errors.New("not a confirmed or approved signature of the same campaign")

// CorrectSignature changes the fields the published list shows (name,
// acronym, countries with their labels, city, website, display) of a
// confirmed or approved signature, and returns it before the change.
func (tx *Tx) CorrectSignature(ctx context.Context, sig signon.Signature) (before signon.Signature, err error) {
	if before, err = tx.Signature(ctx, sig.ID); err != nil {
		return before, err
	}
	if !before.Public() {
		return before, fmt.Errorf("store.CorrectSignature(%d): %w", sig.ID, ErrNotConfirmed)
	}
	_, err = tx.exec(ctx,
		`UPDATE signatures SET name = $2, name_key = $3, acronym = $4, countries = $5, country_labels = $6,
		city = $7, website = $8, display = $9 WHERE id = $1`,
		sig.ID, sig.Name, organization.Fold(sig.Name), sig.Acronym, jsonList(sig.Countries),
		jsonList(sig.CountryLabels), sig.City, sig.Website, sig.Display)
	if isUniqueViolation(err) {
		return before, fmt.Errorf("store.CorrectSignature(%d): %w", sig.ID, ErrDuplicate)
	}
	if err != nil {
		return before, fmt.Errorf("store.CorrectSignature(%d): %w", sig.ID, err)
	}
	return before, nil
}

func (tx *Tx) review(ctx context.Context, id int64, query string, arg any) error {
	res, err := tx.exec(ctx, query, id, arg)
	if err != nil {
		return fmt.Errorf("store: reviewing signature %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("store: reviewing signature %d: %w", id, ErrNotConfirmed)
	}
	return nil
}
