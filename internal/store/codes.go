package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
)

const codebookColumns = `id, version, hash, source, created_by, created_at, active`

func scanCodebook(row scanner) (coding.CodebookVersion, error) {
	var v coding.CodebookVersion
	err := row.Scan(&v.ID, &v.Version, &v.Hash, &v.Source, &v.CreatedBy, &v.CreatedAt, &v.Active)
	v.CreatedAt = v.CreatedAt.UTC()
	return v, err
}

// ActiveCodebook returns the active version of the codebook; ErrNotFound
// before the first one is stored (see EnsureCodebook).
func (s *Store) ActiveCodebook(ctx context.Context) (coding.CodebookVersion, error) {
	v, err := scanCodebook(s.read.QueryRowContext(ctx, `SELECT `+codebookColumns+` FROM codebooks WHERE active`))
	return v, notFound(err, "store.ActiveCodebook")
}

// Codebooks returns every saved version of the codebook, the latest first.
func (s *Store) Codebooks(ctx context.Context) ([]coding.CodebookVersion, error) {
	return queryAll(ctx, s, "store.Codebooks", scanCodebook,
		`SELECT `+codebookColumns+` FROM codebooks ORDER BY id DESC`)
}

// EnsureCodebook returns the active codebook, storing def as the first,
// active version when there is none yet.
func (tx *Tx) EnsureCodebook(ctx context.Context, def coding.CodebookVersion) (coding.CodebookVersion, error) {
	v, err := scanCodebook(tx.queryRow(ctx, `SELECT `+codebookColumns+` FROM codebooks WHERE active`))
	if !errors.Is(err, sql.ErrNoRows) {
		if err != nil {
			return v, fmt.Errorf("store.EnsureCodebook: %w", err)
		}
		return v, nil
	}
	return tx.SaveCodebook(ctx, def.CreatedBy, def)
}

// SaveCodebook stores v (checked by coding.NewCodebookVersion) as the new active
// version, audited as actor; the background coder then codes every
// statement again.
func (tx *Tx) SaveCodebook(ctx context.Context, actor string, v coding.CodebookVersion) (coding.CodebookVersion,
	error) {
	if _, err := tx.exec(ctx, `UPDATE codebooks SET active = FALSE WHERE active`); err != nil {
		return v, fmt.Errorf("store.SaveCodebook(%s): %w", v.Version, err)
	}
	saved, err := scanCodebook(tx.queryRow(ctx, `
		INSERT INTO codebooks (version, hash, source, created_by, created_at, active) VALUES ($1, $2, $3, $4, $5, TRUE)
		RETURNING `+codebookColumns, v.Version, v.Hash, v.Source, actor, tx.s.opts.Now().UTC()))
	if err != nil {
		return saved, fmt.Errorf("store.SaveCodebook(%s): %w", v.Version, err)
	}
	return saved, auditChange(ctx, tx, actor, "codebook.save",
		func(v *coding.CodebookVersion) string { return fmt.Sprintf("codebook:%d", v.ID) }, nil, &saved)
}

// StatementText is a statement's id and text, what the coder needs.
type StatementText struct {
	ID   int64
	Text string
}

// CodeFilter selects the statements to code: those of Event (0: every
// event) with an id above After, at most Limit of them (0: all), by id;
// with Stale set, only those not coded with that codebook stamp.
type CodeFilter struct {
	Event int64
	Stale string
	After int64
	Limit int
}

// toCode is the FROM and WHERE of the statements a CodeFilter selects,
// but for its Limit.
const toCode = ` FROM statements s LEFT JOIN statement_codings c ON c.statement_id = s.id
		WHERE s.id > $1 AND ($2 = 0 OR s.event_id = $2) AND ($3 = '' OR c.stamp IS NULL OR c.stamp <> $3)`

// StatementsToCode returns the statements f selects, by id.
func (s *Store) StatementsToCode(ctx context.Context, f CodeFilter) ([]StatementText, error) {
	q := `SELECT s.id, s.text` + toCode + ` ORDER BY s.id`
	args := []any{f.After, f.Event, f.Stale}
	if f.Limit > 0 {
		q += ` LIMIT $4`
		args = append(args, f.Limit)
	}
	return queryAll(ctx, s, "store.StatementsToCode", func(row scanner) (StatementText, error) {
		var st StatementText
		return st, row.Scan(&st.ID, &st.Text)
	}, q, args...)
}

// CountStatementsToCode returns how many statements f selects, Limit
// aside: the total that 'r2p code' shows its progress against.
func (s *Store) CountStatementsToCode(ctx context.Context, f CodeFilter) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*)`+toCode, f.After, f.Event, f.Stale).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store.CountStatementsToCode(%+v): %w", f, err)
	}
	return n, nil
}

// SaveAutoCoding replaces the automatic coding of a statement with a.
func (tx *Tx) SaveAutoCoding(ctx context.Context, a coding.Auto) error {
	op := fmt.Sprintf("store.SaveAutoCoding(%d)", a.StatementID)
	if _, err := tx.exec(ctx, `DELETE FROM statement_codes WHERE statement_id = $1`, a.StatementID); err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	_, err := tx.exec(ctx, `
		INSERT INTO statement_codings (statement_id, stamp, stance, stance_rule, coded_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (statement_id) DO UPDATE SET stamp = excluded.stamp, stance = excluded.stance,
			stance_rule = excluded.stance_rule, coded_at = excluded.coded_at`,
		a.StatementID, a.Stamp, a.Stance, a.StanceRule, tx.s.opts.Now().UTC())
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	const insert = `INSERT INTO statement_codes (statement_id, stamp, category, code, start_offset, end_offset, rule, negated)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`
	for _, c := range a.Codes {
		if _, err := tx.exec(ctx, insert, a.StatementID, a.Stamp, c.Category, c.Code, c.Start, c.End, c.Rule,
			c.Negated); err != nil {
			return fmt.Errorf("%s: %s %d-%d: %w", op, c.Code, c.Start, c.End, err)
		}
	}
	return nil
}

// AddDecision stores a coder's decision about a code of a statement, at
// the store's clock; decisions are never changed or deleted.
func (tx *Tx) AddDecision(ctx context.Context, d coding.Decision) (coding.Decision, error) {
	var start, end sql.NullInt64
	if d.End > 0 {
		start, end = sql.NullInt64{Int64: int64(d.Start), Valid: true}, sql.NullInt64{Int64: int64(d.End), Valid: true}
	}
	saved, err := scanDecision(tx.queryRow(ctx, `
		INSERT INTO code_decisions (statement_id, coder, code, decision, start_offset, end_offset, blind, decided_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING `+decisionColumns,
		d.StatementID, d.Coder, d.Code, d.Verdict, start, end, d.Blind, tx.s.opts.Now().UTC()))
	if err != nil {
		return saved, fmt.Errorf("store.AddDecision(%d, %s, %s): %w", d.StatementID, d.Code, d.Verdict, err)
	}
	return saved, nil
}

// SaveSession records that a coder finished coding a statement (blind or
// not), with the stance the coder gave; coding it again replaces the
// record.
func (tx *Tx) SaveSession(ctx context.Context, c coding.Session) (coding.Session, error) {
	c.CodedAt = tx.s.opts.Now().UTC()
	_, err := tx.exec(ctx, `
		INSERT INTO human_codings (statement_id, coder, blind, stance, coded_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (statement_id, coder, blind) DO UPDATE SET stance = excluded.stance, coded_at = excluded.coded_at`,
		c.StatementID, c.Coder, c.Blind, c.Stance, c.CodedAt)
	if err != nil {
		return c, fmt.Errorf("store.SaveSession(%d, %s): %w", c.StatementID, c.Coder, err)
	}
	return c, nil
}

const decisionColumns = `id, statement_id, coder, code, decision, start_offset, end_offset, blind, decided_at`

func scanDecision(row scanner) (coding.Decision, error) {
	var d coding.Decision
	var start, end sql.NullInt64
	err := row.Scan(&d.ID, &d.StatementID, &d.Coder, &d.Code, &d.Verdict, &start, &end, &d.Blind, &d.DecidedAt)
	d.Start, d.End, d.DecidedAt = int(start.Int64), int(end.Int64), d.DecidedAt.UTC()
	return d, err
}

func scanCode(row scanner) (int64, coding.Code, error) {
	var id int64
	var c coding.Code
	err := row.Scan(&id, &c.Category, &c.Code, &c.Start, &c.End, &c.Rule, &c.Negated)
	return id, c, err
}

func scanAuto(row scanner) (coding.Auto, error) {
	var a coding.Auto
	err := row.Scan(&a.StatementID, &a.Stamp, &a.Stance, &a.StanceRule, &a.CodedAt)
	a.CodedAt = a.CodedAt.UTC()
	return a, err
}

func scanSession(row scanner) (coding.Session, error) {
	var c coding.Session
	err := row.Scan(&c.StatementID, &c.Coder, &c.Blind, &c.Stance, &c.CodedAt)
	c.CodedAt = c.CodedAt.UTC()
	return c, err
}

// CodingUnits returns the coding of every statement of an event (0: of
// every event), procedural turns left out, in the event's order: the
// statement, its automatic coding, the decisions in the order they were
// made, and the coders' sessions.
func (s *Store) CodingUnits(ctx context.Context, event int64) ([]coding.Unit, error) {
	op := fmt.Sprintf("store.CodingUnits(%d)", event)
	list, err := queryAll(ctx, s, op, scanStatement, `SELECT `+statementColumns+` FROM statements
		WHERE NOT procedural AND ($1 = 0 OR event_id = $1)
		ORDER BY event_id, CASE WHEN position = 0 THEN 1 ELSE 0 END, CASE WHEN position = 0 THEN '' ELSE source_symbol END, position, id`, event)
	if err != nil {
		return nil, err
	}
	units := make([]coding.Unit, len(list))
	index := make(map[int64]*coding.Unit, len(list))
	for i, st := range list {
		units[i] = coding.Unit{Statement: st}
		index[st.ID] = &units[i]
	}
	scope := ` JOIN statements s ON s.id = x.statement_id WHERE NOT s.procedural AND ($1 = 0 OR s.event_id = $1)`
	autos, err := queryAll(ctx, s, op, scanAuto,
		`SELECT x.statement_id, x.stamp, x.stance, x.stance_rule, x.coded_at FROM statement_codings x`+scope, event)
	if err != nil {
		return nil, err
	}
	for _, a := range autos {
		index[a.StatementID].Auto = a
	}
	type idCode struct {
		id int64
		c  coding.Code
	}
	codes, err := queryAll(ctx, s, op, func(row scanner) (idCode, error) {
		id, c, err := scanCode(row)
		return idCode{id, c}, err
	},
		`SELECT x.statement_id, x.category, x.code, x.start_offset, x.end_offset, x.rule, x.negated FROM statement_codes x`+scope+
			` ORDER BY x.statement_id, x.start_offset, x.code, x.end_offset, x.rule`, event)
	if err != nil {
		return nil, err
	}
	for _, c := range codes {
		u := index[c.id]
		u.Auto.Codes = append(u.Auto.Codes, c.c)
	}
	decisions, err := queryAll(ctx, s, op, scanDecision,
		`SELECT x.id, x.statement_id, x.coder, x.code, x.decision, x.start_offset, x.end_offset, x.blind, x.decided_at
		FROM code_decisions x`+scope+` ORDER BY x.id`, event)
	if err != nil {
		return nil, err
	}
	for _, d := range decisions {
		u := index[d.StatementID]
		u.Decisions = append(u.Decisions, d)
	}
	sessions, err := queryAll(ctx, s, op, scanSession,
		`SELECT x.statement_id, x.coder, x.blind, x.stance, x.coded_at FROM human_codings x`+scope+
			` ORDER BY x.statement_id, x.coded_at, x.coder`, event)
	if err != nil {
		return nil, err
	}
	for _, c := range sessions {
		u := index[c.StatementID]
		u.Sessions = append(u.Sessions, c)
	}
	return units, nil
}

// CodingUnit returns the coding of one statement (procedural or not).
func (s *Store) CodingUnit(ctx context.Context, id int64) (coding.Unit, error) {
	st, err := s.Statement(ctx, id)
	if err != nil {
		return coding.Unit{}, err
	}
	u := coding.Unit{Statement: st}
	op := fmt.Sprintf("store.CodingUnit(%d)", id)
	u.Auto, err = scanAuto(s.read.QueryRowContext(ctx,
		`SELECT statement_id, stamp, stance, stance_rule, coded_at FROM statement_codings WHERE statement_id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		u.Auto, err = coding.Auto{StatementID: id}, nil
	}
	if err != nil {
		return u, fmt.Errorf("%s: %w", op, err)
	}
	codes, err := queryAll(ctx, s, op, func(row scanner) (coding.Code, error) {
		_, c, err := scanCode(row)
		return c, err
	},
		`SELECT statement_id, category, code, start_offset, end_offset, rule, negated FROM statement_codes WHERE statement_id = $1
		ORDER BY start_offset, code, end_offset, rule`, id)
	if err != nil {
		return u, err
	}
	u.Auto.Codes = codes
	if u.Decisions, err = queryAll(ctx, s, op, scanDecision,
		`SELECT `+decisionColumns+` FROM code_decisions WHERE statement_id = $1 ORDER BY id`, id); err != nil {
		return u, err
	}
	u.Sessions, err = queryAll(ctx, s, op, scanSession,
		`SELECT statement_id, coder, blind, stance, coded_at FROM human_codings WHERE statement_id = $1
		ORDER BY coded_at, coder`, id)
	return u, err
}

// CodingProgress counts an event's statements (procedural turns left out)
// and those a coder has coded, blind or seeing the automatic codes.
type CodingProgress struct {
	Total, Done int
	// Next is the first statement in the event's order the coder has not
	// coded that way; 0 when all are.
	Next int64
}

// NextToCode returns a coder's progress through an event's statements.
func (s *Store) NextToCode(ctx context.Context, event int64, coder string, blind bool) (CodingProgress, error) {
	var p CodingProgress
	op := fmt.Sprintf("store.NextToCode(%d, %s)", event, coder)
	type row struct {
		id   int64
		done bool
	}
	rows, err := queryAll(ctx, s, op, func(r scanner) (row, error) {
		var x row
		return x, r.Scan(&x.id, &x.done)
	},
		`SELECT s.id, EXISTS (SELECT 1 FROM human_codings h WHERE h.statement_id = s.id AND h.coder = $2 AND h.blind = $3)
		FROM statements s WHERE s.event_id = $1 AND NOT s.procedural
		ORDER BY CASE WHEN s.position = 0 THEN 1 ELSE 0 END, CASE WHEN s.position = 0 THEN '' ELSE s.source_symbol END, s.position, s.id`,
		event, coder, blind)
	for _, x := range rows {
		p.Total++
		if x.done {
			p.Done++
		} else if p.Next == 0 {
			p.Next = x.id
		}
	}
	return p, err
}
