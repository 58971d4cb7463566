package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
)

const statementColumns = `id, event_id, speaker_kind, speaker, speaker_name, speaker_title, on_behalf_of, language,
	date, year, position, procedural, source_symbol, source_page, source_url, source_file, note, text, text_hash, created_at`

func scanStatement(row scanner) (statement.Statement, error) {
	var st statement.Statement
	err := row.Scan(&st.ID, &st.EventID, &st.Kind, &st.Speaker, &st.SpeakerName, &st.SpeakerTitle,
		&st.OnBehalfOf, &st.Language, &st.Date, &st.Year, &st.Order, &st.Procedural,
		&st.SourceSymbol, &st.SourcePage, &st.SourceURL, &st.SourceFile, &st.Note,
		&st.Text, &st.Hash, &st.CreatedAt)
	st.CreatedAt = st.CreatedAt.UTC()
	return st, err
}

// Statement returns one statement with its full text.
func (s *Store) Statement(ctx context.Context, id int64) (statement.Statement, error) {
	st, err := scanStatement(s.read.QueryRowContext(ctx,
		`SELECT `+statementColumns+` FROM statements WHERE id = $1`, id))
	return st, notFound(err, "store.Statement(%d)", id)
}

// EventStatements returns an event's statements, procedural turns
// among them, in the order they were made (those whose order is not known
// last, in the order they were stored).
func (s *Store) EventStatements(ctx context.Context, event int64) ([]statement.Statement, error) {
	return queryAll(ctx, s, fmt.Sprintf("store.EventStatements(%d)", event), scanStatement,
		`SELECT `+statementColumns+` FROM statements WHERE event_id = $1
		ORDER BY CASE WHEN position = 0 THEN 1 ELSE 0 END, CASE WHEN position = 0 THEN '' ELSE source_symbol END, position, id`, event)
}

// StatementCounts says what an import did.
type StatementCounts struct {
	Created  int `json:"created"`
	Existing int `json:"existing"` // already stored: the same turn of a record, or the same speaker's same text
}

// AddStatement stores st, which statement.Statement.Prepare has checked
// against its event. When the event already has the same statement (see
// statement.Statement.DedupKey) nothing is written, and that statement is
// returned with created false.
func (tx *Tx) AddStatement(ctx context.Context, st statement.Statement) (stored statement.Statement,
	created bool, err error) {
	key := st.DedupKey()
	if id, ok := statement.AdHocID(st.OnBehalfOf); ok {
		if _, err := tx.AdHocGroup(ctx, id); err != nil {
			return stored, false, fmt.Errorf("store.AddStatement(event %d): on_behalf_of: %w", st.EventID, err)
		}
	}
	stored, err = scanStatement(tx.queryRow(ctx, `
		INSERT INTO statements (event_id, speaker_kind, speaker, speaker_name, speaker_title, on_behalf_of, language,
			date, year, position, procedural, source_symbol, source_page, source_url, source_file, note, text, text_hash,
			dedup_key, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
		ON CONFLICT (event_id, dedup_key) DO NOTHING
		RETURNING `+statementColumns,
		st.EventID, st.Kind, st.Speaker, st.SpeakerName, st.SpeakerTitle, st.OnBehalfOf, st.Language,
		st.Date, st.Year, st.Order, st.Procedural, st.SourceSymbol, st.SourcePage, st.SourceURL, st.SourceFile, st.Note,
		st.Text, st.Hash, key, tx.s.opts.Now().UTC()))
	if err == nil {
		return stored, true, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return stored, false, fmt.Errorf("store.AddStatement(event %d, %s): %w", st.EventID, key, err)
	}
	stored, err = scanStatement(tx.queryRow(ctx,
		`SELECT `+statementColumns+` FROM statements WHERE event_id = $1 AND dedup_key = $2`,
		st.EventID, key))
	if err != nil {
		return stored, false, fmt.Errorf("store.AddStatement(event %d, %s): %w", st.EventID, key, err)
	}
	return stored, false, nil
}

// AddStatements stores list (each prepared) with AddStatement and audits
// the import as a whole as actor; source names the file.
func (tx *Tx) AddStatements(ctx context.Context, actor, source string,
	list []statement.Statement) (StatementCounts, error) {
	var n StatementCounts
	events := map[int64]bool{}
	for _, st := range list {
		_, created, err := tx.AddStatement(ctx, st)
		if err != nil {
			return n, err
		}
		if created {
			n.Created++
			events[st.EventID] = true
		} else {
			n.Existing++
		}
	}
	if n.Created == 0 {
		return n, nil
	}
	ids := make([]int64, 0, len(events))
	for id := range events {
		ids = append(ids, id)
	}
	after, err := json.Marshal(map[string]any{"source": source, "created": n.Created, "existing": n.Existing,
		"events": ids})
	if err != nil {
		return n, err
	}
	_, err = tx.RecordAudit(ctx,
		audit.Event{Actor: actor, Action: "statement.import", Subject: "statements", After: after})
	return n, err
}

const adHocColumns = `id, name, members, as_of, source, created_at`

func scanAdHocGroup(row scanner) (statement.AdHocGroup, error) {
	var g statement.AdHocGroup
	var members string
	if err := row.Scan(&g.ID, &g.Name, &members, &g.AsOf, &g.Source, &g.CreatedAt); err != nil {
		return g, err
	}
	g.CreatedAt = g.CreatedAt.UTC()
	return g, json.Unmarshal([]byte(members), &g.Members)
}

// CreateAdHocGroup stores a list of states (prepared), audited as actor.
func (tx *Tx) CreateAdHocGroup(ctx context.Context, actor string, g statement.AdHocGroup) (statement.AdHocGroup,
	error) {
	created, err := scanAdHocGroup(tx.queryRow(ctx, `
		INSERT INTO statement_groups (name, members, as_of, source, created_at) VALUES ($1, $2, $3, $4, $5)
		RETURNING `+adHocColumns, g.Name, jsonList(g.Members), g.AsOf, g.Source, tx.s.opts.Now().UTC()))
	if err != nil {
		return created, fmt.Errorf("store.CreateAdHocGroup(%q): %w", g.Name, err)
	}
	return created, auditChange(ctx, tx, actor, "statement_group.create",
		func(g *statement.AdHocGroup) string { return fmt.Sprintf("statement_group:%d", g.ID) }, nil, &created)
}

// AdHocGroup returns one list of states, inside the transaction.
func (tx *Tx) AdHocGroup(ctx context.Context, id int64) (statement.AdHocGroup, error) {
	g, err := scanAdHocGroup(tx.queryRow(ctx, `SELECT `+adHocColumns+` FROM statement_groups WHERE id = $1`, id))
	return g, notFound(err, "store.AdHocGroup(%d)", id)
}

// AdHocGroups returns every list of states by id.
func (s *Store) AdHocGroups(ctx context.Context) (map[int64]statement.AdHocGroup, error) {
	list, err := queryAll(ctx, s, "store.AdHocGroups", scanAdHocGroup,
		`SELECT `+adHocColumns+` FROM statement_groups ORDER BY id`)
	byID := make(map[int64]statement.AdHocGroup, len(list))
	for _, g := range list {
		byID[g.ID] = g
	}
	return byID, err
}
