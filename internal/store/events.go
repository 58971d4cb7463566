package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
)

const eventColumns = `id, body, title, year, start_date, end_date, session, symbols, created_at`

func scanEvent(row scanner) (statement.Event, error) {
	var e statement.Event
	var symbols string
	if err := row.Scan(&e.ID, &e.Body, &e.Title, &e.Year, &e.Start, &e.End, &e.Session, &symbols,
		&e.CreatedAt); err != nil {
		return e, err
	}
	e.CreatedAt = e.CreatedAt.UTC()
	if err := json.Unmarshal([]byte(symbols), &e.Symbols); err != nil {
		return e, fmt.Errorf("event %d: symbols: %w", e.ID, err)
	}
	e.Campaigns = []int64{}
	return e, nil
}

// EventSummary is an event with the number of its statements that are
// not procedural.
type EventSummary struct {
	statement.Event
	Statements int `json:"statements"`
}

// EventFilter selects events.
type EventFilter struct {
	Body     statement.Body // every body when empty
	Year     int            // every year when 0
	Campaign int64          // the events a campaign targeted; every event when 0
}

// Events lists the events that f selects, the latest first.
func (s *Store) Events(ctx context.Context, f EventFilter) ([]EventSummary, error) {
	var where []string
	var args []any
	if f.Body != "" {
		args = append(args, f.Body)
		where = append(where, fmt.Sprintf("body = $%d", len(args)))
	}
	if f.Year != 0 {
		args = append(args, f.Year)
		where = append(where, fmt.Sprintf("year = $%d", len(args)))
	}
	if f.Campaign != 0 {
		args = append(args, f.Campaign)
		where = append(where,
			fmt.Sprintf("id IN (SELECT event_id FROM event_campaigns WHERE campaign_id = $%d)", len(args)))
	}
	query := `SELECT ` + eventColumns + `,
		(SELECT count(*) FROM statements s WHERE s.event_id = events.id AND s.procedural = FALSE)
		FROM events`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	list, err := queryAll(ctx, s, "store.Events", func(row scanner) (EventSummary, error) {
		var e EventSummary
		var symbols string
		err := row.Scan(&e.ID, &e.Body, &e.Title, &e.Year, &e.Start, &e.End, &e.Session, &symbols, &e.CreatedAt,
			&e.Statements)
		if err == nil {
			e.CreatedAt = e.CreatedAt.UTC()
			err = json.Unmarshal([]byte(symbols), &e.Symbols)
		}
		return e, err
	}, query+` ORDER BY year DESC, start_date DESC, id DESC`, args...)
	if err != nil {
		return nil, err
	}
	links, err := s.eventCampaigns(ctx)
	if err != nil {
		return nil, err
	}
	for i := range list {
		list[i].Campaigns = append([]int64{}, links[list[i].ID]...)
	}
	return list, nil
}

func (s *Store) eventCampaigns(ctx context.Context) (map[int64][]int64, error) {
	type link struct{ event, campaign int64 }
	all, err := queryAll(ctx, s, "store.Events", func(row scanner) (link, error) {
		var l link
		return l, row.Scan(&l.event, &l.campaign)
	}, `SELECT event_id, campaign_id FROM event_campaigns ORDER BY event_id, campaign_id`)
	links := map[int64][]int64{}
	for _, l := range all {
		links[l.event] = append(links[l.event], l.campaign)
	}
	return links, err
}

// Event returns one event with its campaigns.
func (s *Store) Event(ctx context.Context, id int64) (statement.Event, error) {
	e, err := scanEvent(s.read.QueryRowContext(ctx, `SELECT `+eventColumns+` FROM events WHERE id = $1`, id))
	if err != nil {
		return e, notFound(err, "store.Event(%d)", id)
	}
	e.Campaigns, err = queryAll(ctx, s, "store.Event", func(row scanner) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	}, `SELECT campaign_id FROM event_campaigns WHERE event_id = $1 ORDER BY campaign_id`, id)
	if e.Campaigns == nil {
		e.Campaigns = []int64{}
	}
	return e, err
}

// Event returns one event, without its campaigns, inside the transaction.
func (tx *Tx) Event(ctx context.Context, id int64) (statement.Event, error) {
	e, err := scanEvent(tx.queryRow(ctx, `SELECT `+eventColumns+` FROM events WHERE id = $1`, id))
	return e, notFound(err, "store.Event(%d)", id)
}

// CreateEvent adds e (normalized and valid), audited as actor. An event
// of the same body, year and title gives ErrDuplicate; a campaign that
// does not exist gives ErrNotFound.
func (tx *Tx) CreateEvent(ctx context.Context, actor string, e statement.Event) (statement.Event, error) {
	created, err := scanEvent(tx.queryRow(ctx, `
		INSERT INTO events (body, title, year, start_date, end_date, session, symbols, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
		RETURNING `+eventColumns,
		e.Body, e.Title, e.Year, e.Start, e.End, e.Session, jsonList(e.Symbols), tx.s.opts.Now().UTC()))
	if isUniqueViolation(err) {
		return created, fmt.Errorf("store.CreateEvent(%s %d %q): %w", e.Body, e.Year, e.Title, ErrDuplicate)
	}
	if err != nil {
		return created, fmt.Errorf("store.CreateEvent(%q): %w", e.Title, err)
	}
	if created.Campaigns, err = tx.linkCampaigns(ctx, created.ID, e.Campaigns); err != nil {
		return created, err
	}
	return created, tx.auditEvent(ctx, actor, "event.create", nil, &created)
}

// UpdateEvent replaces the event e.ID with e (normalized and valid),
// audited as actor. Its statements keep their dates: an event's dates
// may not move so that they leave a statement out.
func (tx *Tx) UpdateEvent(ctx context.Context, actor string, e statement.Event) (statement.Event, error) {
	old, err := tx.Event(ctx, e.ID)
	if err != nil {
		return old, err
	}
	if e.Start != "" {
		var outside int
		err := tx.queryRow(ctx,
			`SELECT count(*) FROM statements WHERE event_id = $1 AND date <> '' AND (date < $2 OR date > $3)`,
			e.ID, e.Start, e.End).Scan(&outside)
		if err != nil {
			return old, fmt.Errorf("store.UpdateEvent(%d): %w", e.ID, err)
		}
		if outside > 0 {
			return old, fmt.Errorf("store.UpdateEvent(%d): %w", e.ID, &statement.FieldError{Field: "start",
				Problem: fmt.Sprintf("%d statements are dated outside %s to %s", outside, e.Start, e.End)})
		}
	}
	updated, err := scanEvent(tx.queryRow(ctx, `
		UPDATE events SET body = $2, title = $3, year = $4, start_date = $5, end_date = $6, session = $7, symbols = $8
		WHERE id = $1
		RETURNING `+eventColumns,
		e.ID, e.Body, e.Title, e.Year, e.Start, e.End, e.Session, jsonList(e.Symbols)))
	if isUniqueViolation(err) {
		return updated, fmt.Errorf("store.UpdateEvent(%d): %w", e.ID, ErrDuplicate)
	}
	if err != nil {
		return updated, fmt.Errorf("store.UpdateEvent(%d): %w", e.ID, err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM event_campaigns WHERE event_id = $1`, e.ID); err != nil {
		return updated, fmt.Errorf("store.UpdateEvent(%d): %w", e.ID, err)
	}
	if updated.Campaigns, err = tx.linkCampaigns(ctx, e.ID, e.Campaigns); err != nil {
		return updated, err
	}
	return updated, tx.auditEvent(ctx, actor, "event.update", &old, &updated)
}

func (tx *Tx) linkCampaigns(ctx context.Context, event int64, campaigns []int64) ([]int64, error) {
	for _, c := range campaigns {
		var exists bool
		err := tx.queryRow(ctx, `SELECT TRUE FROM campaigns WHERE id = $1`, c).Scan(&exists)
		if errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("event %d: campaign %d: %w", event, c, ErrNotFound)
		}
		if err != nil {
			return nil, fmt.Errorf("event %d: campaign %d: %w", event, c, err)
		}
		if _, err := tx.exec(ctx, `INSERT INTO event_campaigns (event_id, campaign_id) VALUES ($1, $2)`, event,
			c); err != nil {
			return nil, fmt.Errorf("event %d: campaign %d: %w", event, c, err)
		}
	}
	return append([]int64{}, campaigns...), nil
}

// EnsureEvent returns the event of e's body, year and title, creating it
// from e (normalized and valid) when there is none; created says which.
func (tx *Tx) EnsureEvent(ctx context.Context, actor string, e statement.Event) (ev statement.Event,
	created bool, err error) {
	ev, err = scanEvent(tx.queryRow(ctx,
		`SELECT `+eventColumns+` FROM events WHERE body = $1 AND year = $2 AND title = $3`,
		e.Body, e.Year, e.Title))
	if err == nil {
		return ev, false, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return ev, false, fmt.Errorf("store.EnsureEvent(%q): %w", e.Title, err)
	}
	ev, err = tx.CreateEvent(ctx, actor, e)
	return ev, err == nil, err
}

func (tx *Tx) auditEvent(ctx context.Context, actor, action string, before, after *statement.Event) error {
	return auditChange(ctx, tx, actor, action, func(e *statement.Event) string {
		return fmt.Sprintf("event:%d",
			e.ID)
	}, before, after)
}

// auditChange records a change of one thing, with its state before and
// after (nil for none), under the subject that subject names.
func auditChange[T any](ctx context.Context, tx *Tx, actor, action string, subject func(*T) string, before,
	after *T) error {
	e := audit.Event{Actor: actor, Action: action}
	for _, side := range []struct {
		v   *T
		doc *json.RawMessage
	}{{before, &e.Before}, {after, &e.After}} {
		if side.v == nil {
			continue
		}
		b, err := json.Marshal(side.v)
		if err != nil {
			return err
		}
		*side.doc, e.Subject = b, subject(side.v)
	}
	_, err := tx.RecordAudit(ctx, e)
	return err
}

// EventReport is an event with its statements, in order, and their count.
type EventReport struct {
	Event      statement.Event       `json:"event"`
	Tally      statement.Tally       `json:"tally"`
	Statements []statement.Statement `json:"statements"`
}

// EventReport reads an event and its statements, and counts them with
// the groups of table and the ad hoc lists.
func (s *Store) EventReport(ctx context.Context, table *states.Table, id int64) (EventReport, error) {
	var r EventReport
	var err error
	if r.Event, err = s.Event(ctx, id); err != nil {
		return r, err
	}
	if r.Statements, err = s.EventStatements(ctx, id); err != nil {
		return r, err
	}
	if r.Statements == nil {
		r.Statements = []statement.Statement{}
	}
	lists, err := s.AdHocGroups(ctx)
	if err != nil {
		return r, err
	}
	r.Tally, err = statement.Count(table, lists, r.Statements)
	return r, err
}
