package store

import (
	"cmp"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

// MessageIDDomain is the right-hand side of the Message-IDs EnqueueMail
// makes up. A caller that wants its own domain, or a Message-ID derived from
// what the message is about, sets Message.MessageID itself (see
// outbox.NewMessageID).
const MessageIDDomain = "r2p"

// EnqueueMail validates m and writes it to the outbox as queued and due now;
// it returns the new id. Call it in the transaction of the change that
// causes the message, so that the two are kept or lost together.
//
// The Message-ID is fixed here and reused on every attempt: m.MessageID when
// set, else a random "<32 hex digits@r2p>". Message-IDs are unique, so a
// caller that derives them from what it sends (a letter and a mission, say)
// gets at-most-once queueing: a second EnqueueMail with the same Message-ID
// writes nothing and returns an error wrapping outbox.ErrDuplicate, without
// spoiling the transaction. Only To, Subject, Text, HTML, MessageID,
// ReplyTo, ReturnPath and Attachments are read from m.
func (tx *Tx) EnqueueMail(ctx context.Context, m outbox.Message) (int64, error) {
	return tx.enqueueMail(ctx, fmt.Sprintf("store.EnqueueMail(%s)", outbox.RedactAddress(m.To)), m, 0)
}

// EnqueueSignatureMail is EnqueueMail for a message to the contact of a
// signature: erasing the contact erases the message (see EraseContact).
func (tx *Tx) EnqueueSignatureMail(ctx context.Context, signatureID int64, m outbox.Message) (int64, error) {
	op := fmt.Sprintf("store.EnqueueSignatureMail(%d, %s)", signatureID, outbox.RedactAddress(m.To))
	return tx.enqueueMail(ctx, op, m, signatureID)
}

// enqueueMail writes m for the signature's contact, or for no signature
// when signatureID is 0. op names the operation in errors, which reach the
// log: with the recipient redacted.
func (tx *Tx) enqueueMail(ctx context.Context, op string, m outbox.Message, signatureID int64) (int64, error) {
	if err := m.Validate(); err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	if m.MessageID == "" {
		m.MessageID = outbox.NewMessageID(MessageIDDomain)
	}
	now := tx.s.opts.Now().UTC()
	var id int64
	err := tx.queryRow(ctx, `
		INSERT INTO outbox (message_id, recipient, subject, text_body, html_body, reply_to, return_path, status, attempts, next_attempt_at, created_at, signature_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'queued', 0, $8, $8, $9)
		ON CONFLICT (message_id) DO NOTHING
		RETURNING id`,
		m.MessageID, m.To, m.Subject, m.Text, m.HTML, m.ReplyTo, m.ReturnPath, now, nullID(signatureID),
	).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("%s %s: %w", op, m.MessageID, outbox.ErrDuplicate)
	}
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	for _, a := range m.Attachments {
		_, err := tx.exec(ctx,
			`INSERT INTO outbox_attachments (outbox_id, name, content_type, data) VALUES ($1, $2, $3, $4)`,
			id, a.Name, a.ContentType, a.Data)
		if err != nil {
			return 0, fmt.Errorf("%s: attachment %s: %w", op, a.Name, err)
		}
	}
	return id, nil
}

// mailAttachments reads the attachments of the messages, in the order they
// were queued, into them.
func (s *Store) mailAttachments(ctx context.Context, messages []outbox.Message) error {
	for i := range messages {
		rows, err := s.read.QueryContext(ctx,
			`SELECT name, content_type, data FROM outbox_attachments WHERE outbox_id = $1 ORDER BY id`, messages[i].ID)
		if err != nil {
			return err
		}
		for rows.Next() {
			var a outbox.Attachment
			if err := rows.Scan(&a.Name, &a.ContentType, &a.Data); err != nil {
				rows.Close()
				return err
			}
			messages[i].Attachments = append(messages[i].Attachments, a)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// outboxColumns are the columns scanOutbox reads, in its order.
const outboxColumns = `id, message_id, recipient, subject, text_body, html_body, reply_to, return_path, status,
	attempts, next_attempt_at, last_error, created_at, sent_at`

func scanOutbox(rows *sql.Rows) (outbox.Message, error) {
	var m outbox.Message
	var sentAt sql.NullTime
	err := rows.Scan(&m.ID, &m.MessageID, &m.To, &m.Subject, &m.Text, &m.HTML, &m.ReplyTo, &m.ReturnPath, &m.Status,
		&m.Attempts, &m.NextAttemptAt, &m.LastError, &m.CreatedAt, &sentAt)
	if err != nil {
		return outbox.Message{}, err
	}
	m.NextAttemptAt, m.CreatedAt = m.NextAttemptAt.UTC(), m.CreatedAt.UTC()
	if sentAt.Valid {
		m.SentAt = sentAt.Time.UTC()
	}
	return m, nil
}

func collectOutbox(rows *sql.Rows) ([]outbox.Message, error) {
	defer rows.Close()
	var messages []outbox.Message
	for rows.Next() {
		m, err := scanOutbox(rows)
		if err != nil {
			return nil, err
		}
		messages = append(messages, m)
	}
	return messages, rows.Err()
}

// ClaimMail takes up to limit messages for sending, oldest due first: queued
// messages whose next attempt is due, and messages still marked sending
// whose lease has run out because the worker holding them died. It marks
// them sending until now+lease, counts the attempt, and returns them.
//
// Concurrent callers, in this process or another, never get the same
// message while its lease runs: on SQLite the single writer serializes them;
// on PostgreSQL the rows are locked with SKIP LOCKED, and a serialization
// conflict is retried by Transact.
//
// The lease must outlast a send: a message whose lease expires while it is
// still being sent may be claimed, and sent, a second time.
func (s *Store) ClaimMail(ctx context.Context, limit int, lease time.Duration) ([]outbox.Message, error) {
	if limit <= 0 || lease <= 0 {
		return nil, fmt.Errorf("store.ClaimMail(%d, %s): limit and lease must be positive", limit, lease)
	}
	lock := ""
	if s.dialect == Postgres {
		lock = "FOR UPDATE SKIP LOCKED"
	}
	query := `
		UPDATE outbox
		SET status = 'sending', locked_until = $2, attempts = attempts + 1
		WHERE id IN (
			SELECT id FROM outbox
			WHERE (status = 'queued' AND next_attempt_at <= $1)
			   OR (status = 'sending' AND locked_until <= $1)
			ORDER BY next_attempt_at, id
			LIMIT $3
			` + lock + `)
		RETURNING ` + outboxColumns
	var claimed []outbox.Message
	claim := func(q rowQuerier) error {
		now := s.opts.Now().UTC()
		rows, err := q.QueryContext(ctx, query, now, now.Add(lease), limit)
		if err != nil {
			return err
		}
		claimed, err = collectOutbox(rows)
		return err
	}
	var err error
	if s.dialect == Postgres {
		// One statement, READ COMMITTED: SKIP LOCKED hands each worker
		// other rows, where Transact's SERIALIZABLE made racing workers
		// fail to serialize, at times more often than its retries.
		err = claimReadCommitted(ctx, s.write, claim)
	} else {
		err = s.Transact(ctx, func(tx *Tx) error { return claim(tx.tx) })
	}
	if err != nil {
		return nil, fmt.Errorf("store.ClaimMail: %w", err)
	}
	if err := s.mailAttachments(ctx, claimed); err != nil {
		// The claim stands; the lease runs out and another attempt reads
		// them again.
		return nil, fmt.Errorf("store.ClaimMail: attachments: %w", err)
	}
	// RETURNING gives no order.
	slices.SortFunc(claimed, func(a, b outbox.Message) int {
		if c := a.NextAttemptAt.Compare(b.NextAttemptAt); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return claimed, nil
}

// MarkMailSent records that the server accepted message id.
func (s *Store) MarkMailSent(ctx context.Context, id int64) error {
	return s.settleMail(ctx, "store.MarkMailSent", id, func(tx *Tx) (sql.Result, error) {
		return tx.exec(ctx, `
			UPDATE outbox SET status = 'sent', sent_at = $2, locked_until = NULL
			WHERE id = $1 AND status = 'sending'`,
			id, tx.s.opts.Now().UTC())
	})
}

// MarkMailRetry puts message id back in the queue until next, keeping
// reason (the server's reply or the network error) as its last error.
func (s *Store) MarkMailRetry(ctx context.Context, id int64, next time.Time, reason string) error {
	return s.settleMail(ctx, "store.MarkMailRetry", id, func(tx *Tx) (sql.Result, error) {
		return tx.exec(ctx, `
			UPDATE outbox SET status = 'queued', next_attempt_at = $2, last_error = $3, locked_until = NULL
			WHERE id = $1 AND status = 'sending'`,
			id, next.UTC(), reason)
	})
}

// MarkMailFailed gives up on message id, keeping reason as its last error.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, reason string) error {
	return s.settleMail(ctx, "store.MarkMailFailed", id, func(tx *Tx) (sql.Result, error) {
		return tx.exec(ctx, `
			UPDATE outbox SET status = 'failed', last_error = $2, locked_until = NULL
			WHERE id = $1 AND status = 'sending'`,
			id, reason)
	})
}

// settleMail runs the update that ends an attempt. Only a message being
// sent can be settled: anything else wraps ErrNotFound, so that a late
// worker cannot undo what another one recorded.
func (s *Store) settleMail(ctx context.Context, op string, id int64, update func(*Tx) (sql.Result, error)) error {
	err := s.Transact(ctx, func(tx *Tx) error {
		res, err := update(tx)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		if err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("no message being sent with this id: %w", ErrNotFound)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s(%d): %w", op, id, err)
	}
	return nil
}

// OutboxFilter selects outbox messages, newest first.
type OutboxFilter struct {
	Status   outbox.Status // only this status when set
	BeforeID int64         // only messages older than this id (for paging) when > 0
	Limit    int           // default 50, at most 1000
}

// OutboxMessages lists the messages matching f, newest first.
func (s *Store) OutboxMessages(ctx context.Context, f OutboxFilter) ([]outbox.Message, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, fmt.Errorf("store.OutboxMessages: unknown status %q", f.Status)
	}
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 1000)
	rows, err := s.read.QueryContext(ctx, `
		SELECT `+outboxColumns+`
		FROM outbox
		WHERE ($1 = '' OR status = $1)
		  AND ($2 <= 0 OR id < $2)
		ORDER BY id DESC
		LIMIT $3`,
		string(f.Status), f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("store.OutboxMessages: %w", err)
	}
	messages, err := collectOutbox(rows)
	if err != nil {
		return nil, fmt.Errorf("store.OutboxMessages: %w", err)
	}
	return messages, nil
}

// OutboxMessage returns one message by id, or an error wrapping ErrNotFound.
func (s *Store) OutboxMessage(ctx context.Context, id int64) (outbox.Message, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+outboxColumns+` FROM outbox WHERE id = $1`, id)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("store.OutboxMessage(%d): %w", id, err)
	}
	messages, err := collectOutbox(rows)
	if err != nil {
		return outbox.Message{}, fmt.Errorf("store.OutboxMessage(%d): %w", id, err)
	}
	if len(messages) == 0 {
		return outbox.Message{}, fmt.Errorf("store.OutboxMessage(%d): %w", id, ErrNotFound)
	}
	return messages[0], nil
}

// OutboxCounts counts the messages in each status.
func (s *Store) OutboxCounts(ctx context.Context) (outbox.Counts, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT status, count(*) FROM outbox GROUP BY status`)
	if err != nil {
		return outbox.Counts{}, fmt.Errorf("store.OutboxCounts: %w", err)
	}
	defer rows.Close()
	var c outbox.Counts
	for rows.Next() {
		var status outbox.Status
		var n int64
		if err := rows.Scan(&status, &n); err != nil {
			return outbox.Counts{}, fmt.Errorf("store.OutboxCounts: %w", err)
		}
		switch status {
		case outbox.Queued:
			c.Queued = n
		case outbox.Sending:
			c.Sending = n
		case outbox.Sent:
			c.Sent = n
		case outbox.Failed:
			c.Failed = n
		}
	}
	if err := rows.Err(); err != nil {
		return outbox.Counts{}, fmt.Errorf("store.OutboxCounts: %w", err)
	}
	return c, nil
}

// rowQuerier runs a query that returns rows: a *sql.Tx, or a Tx's.
type rowQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// claimReadCommitted runs claim in a READ COMMITTED transaction of db.
func claimReadCommitted(ctx context.Context, db *sql.DB, claim func(rowQuerier) error) error {
	tx, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelReadCommitted})
	if err != nil {
		return err
	}
	if err := claim(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
