package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/signon"
)

// Erasing a signer's contact (their name, e-mail address and client
// address) keeps the signature and its organization, and reaches every copy
// of the contact the store holds, in the caller's transaction so that a
// crash erases all of it or none:
//
//   - the signature's contact fields;
//   - its one-time links (confirm, withdraw, and the invitations to endorse
//     a later version), which only the contact held;
//   - the mail sent to the contact (outbox.signature_id): address and text
//     go, what the outbox counts (status, attempts, times) stays, and a
//     message not sent yet never will be;
//   - the incoming mail about it: a message that names the address or the
//     Message-ID of a message sent to it (a reply, a bounce) is deleted, or,
//     when attached to a letter to a mission, keeps its place with the
//     address cut out.
//
// The audit log records no contact: its entries name a signature by id.
//
// On SQLite, secure_delete zeroes what a write frees, and after the commit
// the write-ahead log, which still holds the pages as they were, is folded
// into the database file and emptied (see groupWriter.attempt).

// erasedRecipient stands in an outbox message for the address it went to;
// migration 00017 writes it too.
const erasedRecipient = "erased"

// EraseContact erases the contact of a campaign's signatures given with
// email or another address of its mailbox ("ama+letters@" is "ama@"), on
// the signer's request, and returns how many it erased.
func (tx *Tx) EraseContact(ctx context.Context, campaignID int64, email string) (int64, error) {
	n, err := tx.eraseContacts(ctx, `campaign_id = $1 AND (contact_email = $2 OR email_key = $3)`, campaignID, email,
		signon.AddressKey(email))
	if err != nil {
		return 0, fmt.Errorf("store.EraseContact(%d): %w", campaignID, err)
	}
	return n, nil
}

// EraseExpiredContacts erases the contact of every signature of a campaign
// that closed more than retention ago by the store's clock, and returns how
// many it erased.
func (tx *Tx) EraseExpiredContacts(ctx context.Context, retention time.Duration) (int64, error) {
	cutoff := tx.s.opts.Now().Add(-retention).UTC()
	n, err := tx.eraseContacts(ctx,
		`campaign_id IN (SELECT id FROM campaigns WHERE closed_at IS NOT NULL AND closed_at < $1)`, cutoff)
	if err != nil {
		return 0, fmt.Errorf("store.EraseExpiredContacts: %w", err)
	}
	return n, nil
}

// eraseContacts erases the contact of the signatures that where, a
// condition on signatures with args as $1..., selects among those not
// erased yet. The signatures are changed last: the other statements find
// them through the same condition.
func (tx *Tx) eraseContacts(ctx context.Context, where string, args ...any) (int64, error) {
	selected := `SELECT id FROM signatures WHERE contact_erased_at IS NULL AND ` + where
	found, err := tx.contactTraces(ctx, selected, args)
	if err != nil || len(found) == 0 {
		return 0, err
	}
	tx.erased = true
	if err := tx.eraseInbound(ctx, found); err != nil {
		return 0, err
	}
	for _, links := range []string{"signature_links", "endorsement_invitations"} {
		if _, err := tx.exec(ctx, `DELETE FROM `+links+` WHERE signature_id IN (`+selected+`)`, args...); err != nil {
			return 0, fmt.Errorf("%s: %w", links, err)
		}
	}
	if _, err := tx.exec(ctx, eraseSignatureMail+` WHERE signature_id IN (`+selected+`)`, args...); err != nil {
		return 0, fmt.Errorf("outbox: %w", err)
	}
	res, err := tx.exec(ctx, fmt.Sprintf(`UPDATE signatures SET contact_name = '', contact_email = 'erased:' || id,
		email_key = 'erased:' || id, ip = '', contact_erased_at = $%d WHERE id IN (%s)`, len(args)+1, selected),
		append(args[:len(args):len(args)], tx.s.opts.Now().UTC())...)
	if err != nil {
		return 0, fmt.Errorf("signatures: %w", err)
	}
	return res.RowsAffected()
}

// eraseSignatureMail empties the messages to erased contacts, and fails
// those not sent yet: a worker that holds one cannot record it as sent.
const eraseSignatureMail = `UPDATE outbox SET recipient = '` + erasedRecipient + `', text_body = '', html_body = '',
	last_error = CASE WHEN status IN ('queued', 'sending') THEN 'not sent: the contact was erased' ELSE '' END,
	status = CASE WHEN status IN ('queued', 'sending') THEN 'failed' ELSE status END,
	locked_until = NULL`

// contactTraces returns what incoming mail about the selected signatures
// would contain, lower-cased: their contacts' addresses and the
// Message-IDs, without angle brackets, of the mail sent to them.
func (tx *Tx) contactTraces(ctx context.Context, selected string, args []any) (addressSet, error) {
	found := addressSet{}
	for _, query := range []string{
		`SELECT contact_email FROM signatures WHERE id IN (` + selected + `)`,
		`SELECT message_id FROM outbox WHERE signature_id IN (` + selected + `)`,
	} {
		values, err := queryAllIn(ctx, tx.tx, "contacts", scanString, query, args...)
		if err != nil {
			return nil, err
		}
		for _, v := range values {
			found[strings.ToLower(strings.Trim(v, "<>"))] = true
		}
	}
	return found, nil
}

func scanString(row scanner) (string, error) {
	var s string
	err := row.Scan(&s)
	return s, err
}

// eraseInbound deletes the incoming messages that name one of found, and
// cuts found out of those attached to a letter. Every message is read, one
// at a time: an address can be anywhere in one.
func (tx *Tx) eraseInbound(ctx context.Context, found addressSet) error {
	matches, err := tx.inboundNaming(ctx, found)
	if err != nil {
		return fmt.Errorf("inbound: %w", err)
	}
	for _, m := range matches {
		if !m.attached {
			_, err = tx.exec(ctx, `DELETE FROM inbound_messages WHERE id = $1`, m.id)
		} else {
			f := m.fields
			_, err = tx.exec(ctx, `UPDATE inbound_messages SET from_addr = $2, from_name = $3, subject = $4,
				diagnostic = $5, excerpt = $6, raw = $7 WHERE id = $1`, m.id, f[0], f[1], f[2], f[3], f[4], []byte(f[5]))
		}
		if err != nil {
			return fmt.Errorf("inbound message %d: %w", m.id, err)
		}
	}
	return nil
}

// inboundMatch is an incoming message that names an erased contact, its
// fields with the contact cut out: from_addr, from_name, subject,
// diagnostic, excerpt and raw.
type inboundMatch struct {
	id       int64
	attached bool
	fields   [6]string
}

// inboundNaming returns the incoming messages that name one of found.
func (tx *Tx) inboundNaming(ctx context.Context, found addressSet) ([]inboundMatch, error) {
	rows, err := tx.tx.QueryContext(ctx, `SELECT id, delivery_recipient_id IS NOT NULL,
		from_addr, from_name, subject, diagnostic, excerpt, raw FROM inbound_messages`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var matches []inboundMatch
	for rows.Next() {
		var m inboundMatch
		var raw []byte
		f := &m.fields
		if err := rows.Scan(&m.id, &m.attached, &f[0], &f[1], &f[2], &f[3], &f[4], &raw); err != nil {
			return nil, err
		}
		f[5] = string(raw)
		named := false
		for i := range f {
			var cut bool
			f[i], cut = found.redact(f[i])
			named = named || cut
		}
		if named {
			matches = append(matches, m)
		}
	}
	return matches, rows.Err()
}

// addressSet holds lower-cased addresses (and Message-IDs, which have the
// same form) to find in mail.
type addressSet map[string]bool

// redact returns s with each address of the set in it, in any case,
// replaced by "erased", and whether it held one. An address is what
// surrounds an "@": the characters of a local part before it, those of a
// domain after it.
func (set addressSet) redact(s string) (string, bool) {
	var out strings.Builder
	last := 0
	for at := strings.IndexByte(s, '@'); at >= 0; {
		start, end := at, at+1
		for start > 0 && isLocalPartByte(s[start-1]) {
			start--
		}
		for end < len(s) && isDomainByte(s[end]) {
			end++
		}
		for end > at+1 && s[end-1] == '.' { // the end of a sentence
			end--
		}
		if start < at && set[strings.ToLower(s[start:end])] {
			out.WriteString(s[last:start])
			out.WriteString("erased")
			last = end
		}
		next := strings.IndexByte(s[at+1:], '@')
		if next < 0 {
			break
		}
		at += 1 + next
	}
	if last == 0 {
		return s, false
	}
	out.WriteString(s[last:])
	return out.String(), true
}

// isLocalPartByte reports whether c may be part of an address's local
// part (RFC 5322 atext and the dot).
func isLocalPartByte(c byte) bool {
	return isDomainByte(c) || strings.IndexByte("!#$%&'*+/=?^_`{|}~", c) >= 0
}

func isDomainByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-'
}
