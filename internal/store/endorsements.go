package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/signon"
)

// A signature endorses the version of the letter its organization signed.
// When the text changes, staff can invite the signers of earlier versions
// to endorse the current one: one invitation per signature and version,
// to the signatures that count in public (confirmed or approved) and whose
// contact is there to be written to (given, not erased). A withdrawn,
// rejected or pending signature is not invited.

// reachableEarlier selects the signatures of campaign $1 that endorse a
// version before $2, count in public and have a contact to write to.
const reachableEarlier = `FROM signatures g WHERE g.campaign_id = $1 AND g.version < $2
	AND g.status IN ('confirmed', 'approved') AND g.contact_erased_at IS NULL AND g.contact_email <> ''`

// EndorsementCounts is where the signers of a campaign's earlier versions
// stand with its current one.
type EndorsementCounts struct {
	Earlier     int64 // public signatures of an earlier version
	Unreachable int64 // of those, without a contact to write to (none given, or erased)
	Invited     int64 // of the others, already invited to endorse the current version
}

// ToInvite is how many signers an invitation would write to now.
func (c EndorsementCounts) ToInvite() int64 { return c.Earlier - c.Unreachable - c.Invited }

// EndorsementCounts counts the public signatures of a campaign that endorse
// a version before version, and how many of them can be or have been
// invited to endorse it.
func (s *Store) EndorsementCounts(ctx context.Context, campaignID int64, version int) (EndorsementCounts, error) {
	var c EndorsementCounts
	var reachable int64
	err := s.read.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM signatures g WHERE g.campaign_id = $1 AND g.version < $2 AND g.status IN ('confirmed', 'approved')),
		(SELECT count(*) `+reachableEarlier+`),
		(SELECT count(*) `+reachableEarlier+`
			AND EXISTS (SELECT 1 FROM endorsement_invitations i WHERE i.signature_id = g.id AND i.version = $2))`,
		campaignID, version).Scan(&c.Earlier, &reachable, &c.Invited)
	if err != nil {
		return c, fmt.Errorf("store.EndorsementCounts(%d, %d): %w", campaignID, version, err)
	}
	c.Unreachable = c.Earlier - reachable
	return c, nil
}

// SignaturesToInvite lists, oldest first and with their contacts, the
// signatures of a campaign that endorse a version before version, count in
// public, have a contact to write to and have not been invited to endorse
// version.
func (tx *Tx) SignaturesToInvite(ctx context.Context, campaignID int64, version int) ([]signon.Signature, error) {
	return queryAllIn(ctx, tx.tx, fmt.Sprintf("store.SignaturesToInvite(%d, %d)", campaignID, version), scanSignature,
		`SELECT `+signatureColumns+` `+reachableEarlier+`
		AND NOT EXISTS (SELECT 1 FROM endorsement_invitations i WHERE i.signature_id = g.id AND i.version = $2)
		ORDER BY g.id`, campaignID, version)
}

// Invitation is an invitation's one-time link, stored by the hash of its
// secret.
type Invitation struct {
	SignatureID int64
	Version     int // the version to endorse
	Hash        []byte
	Expires     time.Time
}

// CreateInvitation stores an invitation to endorse a version. A signature
// is invited to a version once: a second invitation is not stored, and
// created is false.
func (tx *Tx) CreateInvitation(ctx context.Context, inv Invitation) (created bool, err error) {
	res, err := tx.exec(ctx, `
		INSERT INTO endorsement_invitations (signature_id, version, token_hash, created_at, expires_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (signature_id, version) DO NOTHING`,
		inv.SignatureID, inv.Version, inv.Hash, tx.s.opts.Now().UTC(), inv.Expires.UTC())
	if err != nil {
		return false, fmt.Errorf("store.CreateInvitation(%d, %d): %w", inv.SignatureID, inv.Version, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// SignatureByInvitation returns the signature an unused, unexpired
// invitation link belongs to, and the version it invites it to endorse,
// without using the link. A link whose signature no longer counts in
// public (withdrawn, rejected) is no longer valid.
func (s *Store) SignatureByInvitation(ctx context.Context, hash []byte) (signon.Signature, int, error) {
	return signatureByInvitation(ctx, s.read, hash, s.opts.Now())
}

func signatureByInvitation(ctx context.Context, q querier, hash []byte, now time.Time) (signon.Signature, int, error) {
	var version int
	sig, err := scanSignature(q.QueryRowContext(ctx, `
		SELECT `+signatureColumns+` FROM signatures
		WHERE id = (SELECT signature_id FROM endorsement_invitations WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2)
		AND status IN ('confirmed', 'approved')`, hash, now.UTC()))
	if err == nil {
		err = q.QueryRowContext(ctx, `SELECT version FROM endorsement_invitations WHERE token_hash = $1`, hash).Scan(&version)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return sig, 0, fmt.Errorf("store.SignatureByInvitation: %w", ErrLinkUsed)
	}
	if err != nil {
		return sig, 0, fmt.Errorf("store.SignatureByInvitation: %w", err)
	}
	return sig, version, nil
}

// EndorseVersion uses an invitation link: its signature now endorses the
// version it was invited to (unless it already endorses that one or a
// later one). It returns the signature as it was before.
func (tx *Tx) EndorseVersion(ctx context.Context, hash []byte) (before signon.Signature, version int, err error) {
	now := tx.s.opts.Now().UTC()
	before, version, err = signatureByInvitation(ctx, tx.tx, hash, now)
	if err != nil {
		return before, version, err
	}
	if _, err := tx.exec(ctx, `UPDATE endorsement_invitations SET used_at = $2 WHERE token_hash = $1`, hash, now); err != nil {
		return before, version, fmt.Errorf("store.EndorseVersion: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE signatures SET version = $2 WHERE id = $1 AND version < $2`,
		before.ID, version); err != nil {
		return before, version, fmt.Errorf("store.EndorseVersion(%d): %w", before.ID, err)
	}
	return before, version, nil
}
