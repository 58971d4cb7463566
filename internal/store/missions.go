package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
)

const missionColumns = `id, state, station, emails, postal_address, head_name, head_title, salutation, language, updated_at`

func scanMission(row scanner) (mission.Mission, error) {
	var m mission.Mission
	var emails string
	if err := row.Scan(&m.ID, &m.State, &m.Station, &emails, &m.PostalAddress, &m.HeadName, &m.HeadTitle,
		&m.Salutation, &m.Language, &m.UpdatedAt); err != nil {
		return m, err
	}
	m.UpdatedAt = m.UpdatedAt.UTC()
	if err := json.Unmarshal([]byte(emails), &m.Emails); err != nil {
		return m, fmt.Errorf("mission %d: emails: %w", m.ID, err)
	}
	return m, nil
}

// MissionFilter selects records of the directory of missions.
type MissionFilter struct {
	States  []string // ISO 3166-1 alpha-3 codes; every state when empty
	Station string   // exact duty station; every station when empty
}

// Missions lists the directory's records that f selects, by state, then
// station.
func (s *Store) Missions(ctx context.Context, f MissionFilter) ([]mission.Mission, error) {
	var where []string
	var args []any
	if len(f.States) > 0 {
		marks := make([]string, len(f.States))
		for i, code := range f.States {
			args = append(args, code)
			marks[i] = fmt.Sprintf("$%d", len(args))
		}
		where = append(where, "state IN ("+strings.Join(marks, ", ")+")")
	}
	if f.Station != "" {
		args = append(args, f.Station)
		where = append(where, fmt.Sprintf("station = $%d", len(args)))
	}
	query := `SELECT ` + missionColumns + ` FROM missions`
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	return queryAll(ctx, s, "store.Missions", scanMission, query+` ORDER BY state, station`, args...)
}

// Mission returns one record of the directory.
func (s *Store) Mission(ctx context.Context, id int64) (mission.Mission, error) {
	m, err := scanMission(s.read.QueryRowContext(ctx, `SELECT `+missionColumns+` FROM missions WHERE id = $1`, id))
	return m, notFound(err, "store.Mission(%d)", id)
}

// Mission returns one record of the directory, inside the transaction.
func (tx *Tx) Mission(ctx context.Context, id int64) (mission.Mission, error) {
	m, err := scanMission(tx.queryRow(ctx, `SELECT `+missionColumns+` FROM missions WHERE id = $1`, id))
	return m, notFound(err, "store.Mission(%d)", id)
}

// MissionCounts says what an import did.
type MissionCounts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// ImportMissions stores records (normalized and valid, each state and
// station at most once): a record replaces the one of the same state and
// station, or is added. It audits each record it adds or changes, with
// the record before and after, and the import as a whole, as actor;
// source names the file in the audit log. Records of the directory that
// the list does not name are left as they are; an empty record (see
// mission.Mission.Empty) of a state and station without one adds nothing
// and counts as unchanged, so that an export reads back unchanged.
func (tx *Tx) ImportMissions(ctx context.Context, actor, source string, list []mission.Mission) (MissionCounts, error) {
	var n MissionCounts
	for _, m := range list {
		old, err := scanMission(tx.queryRow(ctx,
			`SELECT `+missionColumns+` FROM missions WHERE state = $1 AND station = $2`, m.State, m.Station))
		switch {
		case err == nil:
			if old.SameContact(m) {
				n.Unchanged++
				continue
			}
			m.ID = old.ID
			if _, err := tx.updateMission(ctx, actor, old, m); err != nil {
				return n, err
			}
			n.Updated++
		case errors.Is(err, sql.ErrNoRows) && m.Empty():
			n.Unchanged++ // an export's row for a state without a record
		case errors.Is(err, sql.ErrNoRows):
			if _, err := tx.createMission(ctx, actor, m); err != nil {
				return n, err
			}
			n.Created++
		default:
			return n, fmt.Errorf("store.ImportMissions(%s): %w", m.Subject(), err)
		}
	}
	after, err := json.Marshal(map[string]any{"source": source, "created": n.Created, "updated": n.Updated,
		"unchanged": n.Unchanged})
	if err != nil {
		return n, err
	}
	_, err = tx.RecordAudit(ctx, audit.Event{Actor: actor, Action: "mission.import", Subject: "missions", After: after})
	return n, err
}

// SaveMission adds m (normalized and valid) when its ID is 0, else
// replaces the record m.ID; the change is audited as actor. A state and
// station that another record has give ErrDuplicate.
func (tx *Tx) SaveMission(ctx context.Context, actor string, m mission.Mission) (mission.Mission, error) {
	if m.ID == 0 {
		return tx.createMission(ctx, actor, m)
	}
	old, err := tx.Mission(ctx, m.ID)
	if err != nil {
		return old, err
	}
	return tx.updateMission(ctx, actor, old, m)
}

func (tx *Tx) createMission(ctx context.Context, actor string, m mission.Mission) (mission.Mission, error) {
	created, err := scanMission(tx.queryRow(ctx, `
		INSERT INTO missions (state, station, emails, postal_address, head_name, head_title, salutation, language, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
		RETURNING `+missionColumns,
		m.State, m.Station, jsonList(m.Emails), m.PostalAddress, m.HeadName, m.HeadTitle, m.Salutation,
		m.Language, tx.s.opts.Now().UTC()))
	if isUniqueViolation(err) {
		return created, fmt.Errorf("store.SaveMission(%s): %w", m.Subject(), ErrDuplicate)
	}
	if err != nil {
		return created, fmt.Errorf("store.SaveMission(%s): %w", m.Subject(), err)
	}
	return created, tx.auditMission(ctx, actor, "mission.create", nil, &created)
}

func (tx *Tx) updateMission(ctx context.Context, actor string, old, m mission.Mission) (mission.Mission, error) {
	updated, err := scanMission(tx.queryRow(ctx, `
		UPDATE missions SET state = $2, station = $3, emails = $4, postal_address = $5, head_name = $6, head_title = $7,
			salutation = $8, language = $9, updated_at = $10
		WHERE id = $1
		RETURNING `+missionColumns,
		m.ID, m.State, m.Station, jsonList(m.Emails), m.PostalAddress, m.HeadName, m.HeadTitle, m.Salutation,
		m.Language, tx.s.opts.Now().UTC()))
	if isUniqueViolation(err) {
		return updated, fmt.Errorf("store.SaveMission(%s): %w", m.Subject(), ErrDuplicate)
	}
	if err != nil {
		return updated, notFound(err, "store.SaveMission(%d)", m.ID)
	}
	return updated, tx.auditMission(ctx, actor, "mission.update", &old, &updated)
}

// DeleteMission removes a record of the directory, audited as actor, and
// returns it.
func (tx *Tx) DeleteMission(ctx context.Context, actor string, id int64) (mission.Mission, error) {
	m, err := scanMission(tx.queryRow(ctx, `DELETE FROM missions WHERE id = $1 RETURNING `+missionColumns, id))
	if err != nil {
		return m, notFound(err, "store.DeleteMission(%d)", id)
	}
	return m, tx.auditMission(ctx, actor, "mission.delete", &m, nil)
}

// auditMission records a change of one record, with the record before
// and after (nil for none).
func (tx *Tx) auditMission(ctx context.Context, actor, action string, before, after *mission.Mission) error {
	return auditChange(ctx, tx, actor, action, func(m *mission.Mission) string { return m.Subject() }, before, after)
}
