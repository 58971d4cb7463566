package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/letters/organization"
)

const orgColumns = `id, name, acronym, countries, country_labels, place, website, type, aliases, notes, merged_into, created_at, updated_at`

func scanOrganization(row scanner) (organization.Organization, error) {
	var o organization.Organization
	var countries, labels, aliases string
	var merged sql.NullInt64
	err := row.Scan(&o.ID, &o.Name, &o.Acronym, &countries, &labels, &o.Place, &o.Website, &o.Type, &aliases,
		&o.Notes, &merged, &o.CreatedAt, &o.UpdatedAt)
	if err != nil {
		return o, err
	}
	o.MergedInto = merged.Int64
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	for _, f := range []struct {
		doc string
		dst *[]string
	}{{countries, &o.Countries}, {labels, &o.CountryLabels}, {aliases, &o.Aliases}} {
		if err := json.Unmarshal([]byte(f.doc), f.dst); err != nil {
			return o, fmt.Errorf("organization %d: %w", o.ID, err)
		}
	}
	return o, nil
}

func jsonList(list []string) string {
	if list == nil {
		list = []string{}
	}
	b, _ := json.Marshal(list)
	return string(b)
}

// CreateOrganization adds o (normalized and valid) to the registry.
func (tx *Tx) CreateOrganization(ctx context.Context, o organization.Organization) (organization.Organization, error) {
	now := tx.s.opts.Now().UTC()
	created, err := scanOrganization(tx.queryRow(ctx, `
		INSERT INTO organizations (name, acronym, countries, country_labels, place, website, type, aliases, notes, search_text, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
		RETURNING `+orgColumns,
		o.Name, o.Acronym, jsonList(o.Countries), jsonList(o.CountryLabels), o.Place, o.Website, o.Type,
		jsonList(o.Aliases), o.Notes,
		organization.SearchText(o), now))
	if err != nil {
		return created, fmt.Errorf("store.CreateOrganization(%q): %w", o.Name, err)
	}
	return created, nil
}

// UpdateOrganization replaces the fields of organization o.ID and returns
// it as it was before.
func (tx *Tx) UpdateOrganization(ctx context.Context, o organization.Organization) (before,
	after organization.Organization, err error) {
	before, err = tx.Organization(ctx, o.ID)
	if err != nil {
		return before, after, err
	}
	after, err = scanOrganization(tx.queryRow(ctx, `
		UPDATE organizations SET name = $2, acronym = $3, countries = $4, country_labels = $5, place = $6, website = $7,
			type = $8, aliases = $9, notes = $10, search_text = $11, updated_at = $12
		WHERE id = $1
		RETURNING `+orgColumns,
		o.ID, o.Name, o.Acronym, jsonList(o.Countries), jsonList(o.CountryLabels), o.Place, o.Website, o.Type,
		jsonList(o.Aliases), o.Notes,
		organization.SearchText(o), tx.s.opts.Now().UTC()))
	if err != nil {
		return before, after, fmt.Errorf("store.UpdateOrganization(%d): %w", o.ID, err)
	}
	return before, after, nil
}

// Organization returns one entry, inside the transaction.
func (tx *Tx) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	o, err := scanOrganization(tx.queryRow(ctx, `SELECT `+orgColumns+` FROM organizations WHERE id = $1`, id))
	return o, notFound(err, "store.Organization(%d)", id)
}

// Organization returns one entry, merged or not.
func (s *Store) Organization(ctx context.Context, id int64) (organization.Organization, error) {
	o, err := scanOrganization(s.read.QueryRowContext(ctx,
		`SELECT `+orgColumns+` FROM organizations WHERE id = $1`, id))
	return o, notFound(err, "store.Organization(%d)", id)
}

// OrganizationFilter selects registry entries.
type OrganizationFilter struct {
	Query  string // words that must all appear in a name, acronym, alias, place or website (case and accents ignored)
	Limit  int    // default 50, at most 1000
	Offset int
}

// Organizations lists the entries that are not merged into another, by
// name, and how many match in all.
func (s *Store) Organizations(ctx context.Context, f OrganizationFilter) ([]organization.Organization, int, error) {
	if f.Limit <= 0 {
		f.Limit = 50
	}
	f.Limit = min(f.Limit, 1000)
	where := []string{"merged_into IS NULL"}
	var args []any
	for _, word := range strings.Fields(organization.Fold(f.Query)) {
		args = append(args, "%"+likeEscape(word)+"%")
		where = append(where, fmt.Sprintf(`search_text LIKE $%d ESCAPE '\'`, len(args)))
	}
	cond := strings.Join(where, " AND ")
	var total int
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE `+cond,
		args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("store.Organizations: %w", err)
	}
	args = append(args, f.Limit, f.Offset)
	list, err := queryAll(ctx, s, "store.Organizations", scanOrganization,
		fmt.Sprintf(`SELECT %s FROM organizations WHERE %s ORDER BY lower(name), id LIMIT $%d OFFSET $%d`,
			orgColumns, cond, len(args)-1, len(args)), args...)
	return list, total, err
}

// AllOrganizations returns every entry not merged into another, for
// matching and exports.
func (s *Store) AllOrganizations(ctx context.Context) ([]organization.Organization, error) {
	return queryAll(ctx, s, "store.AllOrganizations", scanOrganization,
		`SELECT `+orgColumns+` FROM organizations WHERE merged_into IS NULL ORDER BY id`)
}

// MergeOrganizations merges source into target: the target gains the
// source's names as aliases, the source is marked merged. Both records and
// their audit histories stay; UndoMerge reverses it.
func (tx *Tx) MergeOrganizations(ctx context.Context, sourceID, targetID int64) (organization.Merge, error) {
	if sourceID == targetID {
		return organization.Merge{}, fmt.Errorf("store.MergeOrganizations: an organization cannot be merged into itself")
	}
	source, err := tx.Organization(ctx, sourceID)
	if err != nil {
		return organization.Merge{}, err
	}
	target, err := tx.Organization(ctx, targetID)
	if err != nil {
		return organization.Merge{}, err
	}
	if source.MergedInto != 0 || target.MergedInto != 0 {
		return organization.Merge{}, fmt.Errorf("store.MergeOrganizations(%d into %d): %w", sourceID, targetID,
			ErrAlreadyMerged)
	}
	added := organization.NamesOf(source, target)
	target.Aliases = append(target.Aliases, added...)
	if _, _, err := tx.UpdateOrganization(ctx, target); err != nil {
		return organization.Merge{}, err
	}
	if _, err := tx.exec(ctx, `UPDATE organizations SET merged_into = $2, updated_at = $3 WHERE id = $1`,
		sourceID, targetID, tx.s.opts.Now().UTC()); err != nil {
		return organization.Merge{}, fmt.Errorf("store.MergeOrganizations: %w", err)
	}
	m, err := scanMerge(tx.queryRow(ctx, `
		INSERT INTO organization_merges (source_id, target_id, added_aliases, created_at) VALUES ($1, $2, $3, $4)
		RETURNING id, source_id, target_id, added_aliases, created_at, undone_at`,
		sourceID, targetID, jsonList(added), tx.s.opts.Now().UTC()))
	if err != nil {
		return m, fmt.Errorf("store.MergeOrganizations: %w", err)
	}
	return m, nil
}

// ErrAlreadyMerged says that a merge cannot be made or undone because one
// side is merged already, or the merge was undone.
var ErrAlreadyMerged = fmt.Errorf("already merged or undone")

// UndoMerge reverses a merge: the source is an entry of its own again and
// the aliases the merge added to the target are removed.
func (tx *Tx) UndoMerge(ctx context.Context, mergeID int64) (organization.Merge, error) {
	m, err := scanMerge(tx.queryRow(ctx,
		`SELECT id, source_id, target_id, added_aliases, created_at, undone_at FROM organization_merges WHERE id = $1`, mergeID))
	if err != nil {
		return m, notFound(err, "store.UndoMerge(%d)", mergeID)
	}
	if m.Undone() {
		return m, fmt.Errorf("store.UndoMerge(%d): %w", mergeID, ErrAlreadyMerged)
	}
	target, err := tx.Organization(ctx, m.TargetID)
	if err != nil {
		return m, err
	}
	target.Aliases = slices.DeleteFunc(target.Aliases,
		func(a string) bool { return slices.Contains(m.AddedAliases, a) })
	if _, _, err := tx.UpdateOrganization(ctx, target); err != nil {
		return m, err
	}
	now := tx.s.opts.Now().UTC()
	if _, err := tx.exec(ctx, `UPDATE organizations SET merged_into = NULL, updated_at = $2 WHERE id = $1`,
		m.SourceID, now); err != nil {
		return m, fmt.Errorf("store.UndoMerge(%d): %w", mergeID, err)
	}
	if _, err := tx.exec(ctx, `UPDATE organization_merges SET undone_at = $2 WHERE id = $1`, mergeID, now); err != nil {
		return m, fmt.Errorf("store.UndoMerge(%d): %w", mergeID, err)
	}
	m.UndoneAt = now
	return m, nil
}

// Merges lists the merges an organization took part in, newest first.
func (s *Store) Merges(ctx context.Context, orgID int64) ([]organization.Merge, error) {
	return queryAll(ctx, s, fmt.Sprintf("store.Merges(%d)", orgID), scanMerge, `
		SELECT id, source_id, target_id, added_aliases, created_at, undone_at FROM organization_merges
		WHERE source_id = $1 OR target_id = $1 ORDER BY id DESC`, orgID)
}

func scanMerge(row scanner) (organization.Merge, error) {
	var m organization.Merge
	var added string
	var undone sql.NullTime
	if err := row.Scan(&m.ID, &m.SourceID, &m.TargetID, &added, &m.CreatedAt, &undone); err != nil {
		return m, err
	}
	m.CreatedAt = m.CreatedAt.UTC()
	if undone.Valid {
		m.UndoneAt = undone.Time.UTC()
	}
	return m, json.Unmarshal([]byte(added), &m.AddedAliases)
}

// RegistryVersion changes whenever an organization is added, changed or
// merged: it is the number of entries, the newest id and the latest change.
// Callers use it to know when something they derived from the registry
// (the duplicate finder's index) is stale.
func (s *Store) RegistryVersion(ctx context.Context) (string, error) {
	var n, maxID int64
	var latest any // a time on PostgreSQL, text on SQLite, which types no aggregate
	err := s.read.QueryRowContext(ctx,
		`SELECT count(*), coalesce(max(id), 0), max(updated_at) FROM organizations`).Scan(&n, &maxID, &latest)
	if err != nil {
		return "", fmt.Errorf("store.RegistryVersion: %w", err)
	}
	return fmt.Sprintf("%d/%d/%v", n, maxID, latest), nil
}

// CountOrganizations returns how many entries the registry has, merged ones
// left out.
func (s *Store) CountOrganizations(ctx context.Context) (int64, error) {
	var n int64
	if err := s.read.QueryRowContext(ctx,
		`SELECT count(*) FROM organizations WHERE merged_into IS NULL`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountOrganizations: %w", err)
	}
	return n, nil
}

// likeEscape escapes the LIKE wildcards in a search word.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}
