package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/audit"
)

// RecordAudit appends e to the audit log, stamped with the store's clock,
// and returns its id. Before and After must be JSON or empty.
func (tx *Tx) RecordAudit(ctx context.Context, e audit.Event) (int64, error) {
	for name, doc := range map[string]json.RawMessage{"before": e.Before, "after": e.After} {
		if len(doc) > 0 && !json.Valid(doc) {
			return 0, fmt.Errorf("store.RecordAudit(%s %s): %s is not valid JSON", e.Action, e.Subject, name)
		}
	}
	var id int64
	err := tx.queryRow(ctx, `
		INSERT INTO audit_log (at, actor, action, subject, before_json, after_json)
		VALUES ($1, $2, $3, $4, $5, $6)
		RETURNING id`,
		tx.s.opts.Now().UTC(), e.Actor, e.Action, e.Subject, nullJSON(e.Before), nullJSON(e.After),
	).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store.RecordAudit(%s %s): %w", e.Action, e.Subject, err)
	}
	return id, nil
}

// AuditFilter selects audit events, newest first.
type AuditFilter struct {
	Actor    string // exact match when set
	Action   string // exact match when set
	BeforeID int64  // only events older than this id (for paging) when > 0
	Limit    int    // default 50, at most 1000
}

// AuditEvents lists audit events matching f, newest first.
func (s *Store) AuditEvents(ctx context.Context, f AuditFilter) ([]audit.Event, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 1000)
	rows, err := s.read.QueryContext(ctx, `
		SELECT id, at, actor, action, subject, before_json, after_json
		FROM audit_log
		WHERE ($1 = '' OR actor = $1)
		  AND ($2 = '' OR action = $2)
		  AND ($3 <= 0 OR id < $3)
		ORDER BY id DESC
		LIMIT $4`,
		f.Actor, f.Action, f.BeforeID, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("store.AuditEvents: %w", err)
	}
	defer rows.Close()
	var events []audit.Event
	for rows.Next() {
		var e audit.Event
		var before, after sql.NullString
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.Action, &e.Subject, &before, &after); err != nil {
			return nil, fmt.Errorf("store.AuditEvents: %w", err)
		}
		e.At = e.At.UTC()
		e.Before, e.After = rawJSON(before), rawJSON(after)
		events = append(events, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store.AuditEvents: %w", err)
	}
	return events, nil
}

// CountAudit returns the number of audit events.
func (s *Store) CountAudit(ctx context.Context) (int64, error) {
	var n int64
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountAudit: %w", err)
	}
	return n, nil
}

func nullJSON(doc json.RawMessage) any {
	if len(doc) == 0 {
		return nil
	}
	return string(doc)
}

func rawJSON(s sql.NullString) json.RawMessage {
	if !s.Valid {
		return nil
	}
	return json.RawMessage(s.String)
}
