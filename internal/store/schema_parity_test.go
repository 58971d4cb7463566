package store_test

import (
	"database/sql"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// The two dialects' migrations are written by hand, side by side; nothing
// but this test notices when one of them gains a column, an index or a
// constraint that the other lacks. It reads both schemas from the
// catalogues after every migration and compares them by content, so that
// names chosen by the database (sqlite_autoindex_users_1, users_email_key)
// do not matter.

// absent is a dialect's view of something it does not have.
const absent = "(absent)"

// excluded says why a table of the catalogue is not part of r2p's schema,
// or "" when it is. kind is SQLite's pragma_table_list type, or
// PostgreSQL's information_schema.tables table_type.
func excluded(name, kind string) string {
	switch {
	case name == "goose_db_version":
		return "goose's record of the migrations applied, kept by goose on each dialect"
	case strings.HasPrefix(name, "sqlite_"):
		return "SQLite's own: sqlite_schema, sqlite_sequence, sqlite_stat1 (made by ANALYZE and PRAGMA optimize)"
	case kind == "shadow":
		return "the storage of a virtual table (statements_fts_data, _idx, _docsize, _config), made and " +
			"dropped with it by FTS5; the virtual table itself is compared"
	case kind != "table" && kind != "virtual" && kind != "BASE TABLE":
		return "views and other relations: r2p's migrations make none"
	}
	return ""
}

// compatibleTypes pairs each column type the SQLite migrations declare
// with the PostgreSQL types that hold the same values.
var compatibleTypes = []typePair{
	{"INTEGER", "bigint", "SQLite's integers are 64-bit: ids, the keys that point at them, sizes in bytes"},
	{"INTEGER", "integer", "counts, years, positions, byte offsets into a statement, coalition_settings' one id"},
	{"TEXT", "text", "the same strings; JSON documents other than audit_log's are TEXT on both"},
	{"BLOB", "bytea", "token hashes, attachments, raw messages, logos"},
	{"TIMESTAMP", "timestamp with time zone", "the SQLite driver writes a time.Time as text and parses it back " +
		"for a column declared TIMESTAMP; the store writes UTC"},
	{"BOOLEAN", "boolean", "SQLite keeps 0 and 1 (NUMERIC affinity), which the driver scans into a bool"},
}

// intendedDifferences are the differences the migrations make on purpose.
// Each is matched exactly, both dialects' views included, so that a change
// to one of them fails the test too.
var intendedDifferences = []intendedDifference{
	{difference{"table statements_fts", "virtual table USING fts5", absent},
		"full-text search on SQLite: an FTS5 index that reads the text from statements (external content)"},
	{difference{"column statements.tsv", absent,
		"tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, text)) STORED"},
		"full-text search on PostgreSQL: the document of each statement, computed from its text"},
	{difference{"index statements (tsv) USING gin", absent, "statements_tsv"},
		"full-text search on PostgreSQL: the index that searches statements.tsv"},
	{difference{"trigger statements.statements_fts_insert", "present", absent},
		"keeps the external-content FTS5 index in step; PostgreSQL computes statements.tsv itself"},
	{difference{"trigger statements.statements_fts_delete", "present", absent},
		"keeps the external-content FTS5 index in step; PostgreSQL computes statements.tsv itself"},
	{difference{"column audit_log.before_json", "TEXT", "jsonb"},
		"SQLite has no JSON type: a CHECK (json_valid) guards the text, where PostgreSQL's jsonb checks it by type"},
	{difference{"column audit_log.after_json", "TEXT", "jsonb"},
		"SQLite has no JSON type: a CHECK (json_valid) guards the text, where PostgreSQL's jsonb checks it by type"},
	{difference{"CHECK constraints on audit_log", "2", "0"},
		"the two json_valid checks that stand in for jsonb on SQLite"},
	{difference{"column coalition_settings.id", "INTEGER NOT NULL AUTO rowid", "integer NOT NULL"},
		"on SQLite every INTEGER PRIMARY KEY is the rowid; the store always writes the one row's id, 1"},
	{difference{"column statement_codings.statement_id", "INTEGER NOT NULL AUTO rowid", "bigint NOT NULL"},
		"on SQLite every INTEGER PRIMARY KEY is the rowid; the key is the statement's id, always given"},
}

func TestSchemaParity(t *testing.T) {
	pg := readPostgresSchema(t, storetest.Postgres(t).WriteDB())
	lite := readSQLiteSchema(t, storetest.SQLite(t).WriteDB())

	t.Run("dialects agree", func(t *testing.T) {
		checkDifferences(t, compare(lite, pg))
	})
	t.Run("a column on one dialect only is caught", func(t *testing.T) {
		before := compare(lite, pg)
		pg["outbox"].columns["scratch"] = column{typ: "text"}
		var got []difference
		for _, d := range compare(lite, pg) {
			if !slices.Contains(before, d) {
				got = append(got, d)
			}
		}
		if want := []difference{{"column outbox.scratch", absent, "text"}}; !slices.Equal(got, want) {
			t.Errorf("new differences = %v, want %v", got, want)
		}
	})
}

// checkDifferences fails on every difference that is not intended, and on
// every intended one that is gone.
func checkDifferences(t *testing.T, diffs []difference) {
	t.Helper()
	for _, d := range unexpected(diffs) {
		t.Errorf("schema differs: %s: sqlite has %s, postgres has %s; make the migrations agree, "+
			"or add it to intendedDifferences with the reason", d.subject, d.sqlite, d.postgres)
	}
	for _, want := range intendedDifferences {
		if !slices.Contains(diffs, want.difference) {
			t.Errorf("intended difference not seen: %s: sqlite %s, postgres %s; remove it from intendedDifferences",
				want.subject, want.sqlite, want.postgres)
		}
	}
}

func unexpected(diffs []difference) []difference {
	var out []difference
	for _, d := range diffs {
		if !slices.ContainsFunc(intendedDifferences, func(i intendedDifference) bool { return i.difference == d }) {
			out = append(out, d)
		}
	}
	return out
}

type typePair struct{ sqlite, postgres, why string }

type intendedDifference struct {
	difference
	why string
}

// A difference is one thing the dialects see differently, named by
// content, with each dialect's view of it.
type difference struct{ subject, sqlite, postgres string }

// schema is what one dialect's catalogue says about r2p's tables, by name.
type schema map[string]*table

type table struct {
	kind        string // "table", or how a virtual table is made
	columns     map[string]column
	primaryKey  string            // its columns, "(a, b)"
	indexes     map[string]string // content, "(a, b) UNIQUE WHERE p" → name
	uniques     map[string]string // unique constraints: "(a, b)" → name
	foreignKeys map[string]string // "(a) REFERENCES t (id) ON DELETE CASCADE" → name
	checks      int
	triggers    map[string]string // name → "present"
}

func newTable(kind string) *table {
	return &table{kind: kind, columns: map[string]column{}, primaryKey: "(none)", indexes: map[string]string{},
		uniques: map[string]string{}, foreignKeys: map[string]string{}, triggers: map[string]string{}}
}

type column struct {
	typ       string
	notNull   bool
	dflt      string // as the catalogue gives it, "" for none
	auto      string // how the database makes the value an insert leaves out, "" if it does not
	generated string // a computed column's definition, "" for a stored one
}

func (c column) String() string {
	s := c.typ
	if c.notNull {
		s += " NOT NULL"
	}
	if c.dflt != "" {
		s += " DEFAULT " + c.dflt
	}
	if c.auto != "" {
		s += " AUTO " + c.auto
	}
	if c.generated != "" {
		s += " " + c.generated
	}
	return s
}

// equivalent says whether a SQLite column and a PostgreSQL one hold and
// refuse the same values.
func equivalent(l, p column) bool {
	return slices.ContainsFunc(compatibleTypes, func(c typePair) bool {
		return strings.EqualFold(c.sqlite, l.typ) && c.postgres == p.typ
	}) && l.notNull == p.notNull && normalDefault(l.dflt) == normalDefault(p.dflt) &&
		(l.auto == "") == (p.auto == "") && (l.generated == "") == (p.generated == "")
}

var castSuffix = regexp.MustCompile(`::[a-z][a-z ]*$`)

// normalDefault drops PostgreSQL's cast ('[]'::text) and folds keywords
// (FALSE, false).
func normalDefault(d string) string {
	d = castSuffix.ReplaceAllString(d, "")
	if !strings.HasPrefix(d, "'") {
		d = strings.ToLower(d)
	}
	return d
}

func compare(lite, pg schema) []difference {
	var diffs []difference
	for _, name := range unionKeys(lite, pg) {
		l, p := lite[name], pg[name]
		if l == nil || p == nil {
			diffs = append(diffs, difference{"table " + name, kindOf(l), kindOf(p)})
			continue
		}
		diffs = append(diffs, compareTables(name, l, p)...)
	}
	return diffs
}

func kindOf(t *table) string {
	if t == nil {
		return absent
	}
	return t.kind
}

func compareTables(name string, l, p *table) []difference {
	var diffs []difference
	if l.kind != p.kind {
		diffs = append(diffs, difference{"table " + name, l.kind, p.kind})
	}
	for _, c := range unionKeys(l.columns, p.columns) {
		lc, lok := l.columns[c]
		pc, pok := p.columns[c]
		if !lok || !pok || !equivalent(lc, pc) {
			diffs = append(diffs, difference{"column " + name + "." + c, view(lc, lok), view(pc, pok)})
		}
	}
	if l.primaryKey != p.primaryKey {
		diffs = append(diffs, difference{"primary key of " + name, l.primaryKey, p.primaryKey})
	}
	diffs = append(diffs, compareSets("index "+name+" ", l.indexes, p.indexes)...)
	diffs = append(diffs, compareSets("unique "+name+" ", l.uniques, p.uniques)...)
	diffs = append(diffs, compareSets("foreign key "+name+" ", l.foreignKeys, p.foreignKeys)...)
	diffs = append(diffs, compareSets("trigger "+name+".", l.triggers, p.triggers)...)
	if l.checks != p.checks {
		diffs = append(diffs, difference{"CHECK constraints on " + name, fmt.Sprint(l.checks), fmt.Sprint(p.checks)})
	}
	return diffs
}

// compareSets reports what only one dialect has; the views are the names.
func compareSets(subject string, l, p map[string]string) []difference {
	var diffs []difference
	for _, k := range unionKeys(l, p) {
		ln, lok := l[k]
		pn, pok := p[k]
		if !lok || !pok {
			diffs = append(diffs, difference{subject + k, view(ln, lok), view(pn, pok)})
		}
	}
	return diffs
}

func view[T any](v T, ok bool) string {
	if !ok {
		return absent
	}
	return fmt.Sprint(v)
}

func unionKeys[V any](a, b map[string]V) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

func indexContent(columns string, unique bool, method, where string) string {
	s := "(" + columns + ")"
	if unique {
		s += " UNIQUE"
	}
	if method != "btree" {
		s += " USING " + method
	}
	if where != "" {
		s += " WHERE " + where
	}
	return s
}

func foreignKeyContent(from, parent, to, onDelete, onUpdate string) string {
	s := "(" + from + ") REFERENCES " + parent + " (" + to + ")"
	if onDelete != "NO ACTION" {
		s += " ON DELETE " + onDelete
	}
	if onUpdate != "NO ACTION" {
		s += " ON UPDATE " + onUpdate
	}
	return s
}

// query runs q and hands each row's scan to fn, reading every row before
// it returns: the SQLite pool has a single connection, so a query nested
// inside another would wait for ever.
func query(t *testing.T, db *sql.DB, q string, args []any, fn func(scan func(...any) error) error) {
	t.Helper()
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows.Scan); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// readSQLiteSchema reads pragma_table_list and sqlite_schema, then each
// table's pragma_table_xinfo, pragma_index_list and pragma_foreign_key_list.
func readSQLiteSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{}
	var tables []sqliteTable
	query(t, db, `SELECT l.name, l.type, l.wr OR l.strict, coalesce(m.sql, '')
		FROM pragma_table_list AS l LEFT JOIN sqlite_schema AS m ON m.type = 'table' AND m.name = l.name
		WHERE l.schema = 'main'`, nil,
		func(scan func(...any) error) error {
			var st sqliteTable
			err := scan(&st.name, &st.kind, &st.keyNotNull, &st.sql)
			if excluded(st.name, st.kind) == "" {
				tables = append(tables, st)
			}
			return err
		})
	for _, st := range tables {
		s[st.name] = readSQLiteTable(t, db, st)
	}
	for _, st := range tables {
		readSQLiteForeignKeys(t, db, s, st.name)
	}
	readTriggers(t, db, s, `SELECT tbl_name, name FROM sqlite_schema WHERE type = 'trigger'`)
	return s
}

type sqliteTable struct {
	name, kind, sql string
	keyNotNull      bool // a WITHOUT ROWID or STRICT table, whose primary key refuses NULL
}

var usingModule = regexp.MustCompile(`(?i)\bUSING\s+(\w+)`)

func readSQLiteTable(t *testing.T, db *sql.DB, st sqliteTable) *table {
	t.Helper()
	kind := "table"
	if st.kind == "virtual" {
		kind = "virtual table USING " + usingModule.FindStringSubmatch(st.sql)[1]
	}
	tb := newTable(kind)
	readSQLiteColumns(t, db, tb, st)
	readSQLiteIndexes(t, db, tb, st.name)
	tb.checks = countChecks(st.sql)
	return tb
}

// readSQLiteColumns reads the columns and the primary key. SQLite lets a
// primary key column hold NULL unless it is declared NOT NULL, is the
// rowid (an INTEGER PRIMARY KEY, never NULL: a NULL gets a new rowid), or
// belongs to a WITHOUT ROWID or STRICT table.
func readSQLiteColumns(t *testing.T, db *sql.DB, tb *table, st sqliteTable) {
	t.Helper()
	type keyColumn struct {
		name string
		pos  int
	}
	var key []keyColumn
	query(t, db, `SELECT name, type, "notnull", coalesce(dflt_value, ''), pk, hidden FROM pragma_table_xinfo(?)`,
		[]any{st.name}, func(scan func(...any) error) error {
			var name string
			var c column
			var pk, hidden int
			if err := scan(&name, &c.typ, &c.notNull, &c.dflt, &pk, &hidden); err != nil {
				return err
			}
			switch hidden {
			case 1: // a virtual table's hidden column, such as FTS5's rank
				return nil
			case 2, 3:
				c.generated = "GENERATED"
			}
			if pk > 0 {
				key = append(key, keyColumn{name, pk})
				c.notNull = c.notNull || st.keyNotNull
			}
			tb.columns[name] = c
			return nil
		})
	if len(key) == 0 {
		return
	}
	slices.SortFunc(key, func(a, b keyColumn) int { return a.pos - b.pos })
	var names []string
	for _, k := range key {
		names = append(names, k.name)
	}
	tb.primaryKey = "(" + strings.Join(names, ", ") + ")"
	if c := tb.columns[key[0].name]; len(key) == 1 && strings.EqualFold(c.typ, "INTEGER") && !st.keyNotNull {
		c.notNull, c.auto = true, "rowid"
		tb.columns[key[0].name] = c
	}
}

var indexPredicate = regexp.MustCompile(`(?is)\bWHERE\s+(.*)$`)

// readSQLiteIndexes sorts the indexes by origin: those of CREATE INDEX,
// those that back a UNIQUE constraint, and those of the primary key, which
// is compared by its columns.
func readSQLiteIndexes(t *testing.T, db *sql.DB, tb *table, name string) {
	t.Helper()
	type index struct {
		name, origin string
		unique       bool
	}
	var indexes []index
	query(t, db, `SELECT name, origin, "unique" FROM pragma_index_list(?)`, []any{name},
		func(scan func(...any) error) error {
			var ix index
			err := scan(&ix.name, &ix.origin, &ix.unique)
			indexes = append(indexes, ix)
			return err
		})
	for _, ix := range indexes {
		var columns []string
		query(t, db, `SELECT coalesce(name, '(expression)') FROM pragma_index_info(?) ORDER BY seqno`,
			[]any{ix.name}, func(scan func(...any) error) error {
				var c string
				err := scan(&c)
				columns = append(columns, c)
				return err
			})
		cols := strings.Join(columns, ", ")
		switch ix.origin {
		case "u":
			tb.uniques["("+cols+")"] = ix.name
		case "c":
			var ddl string
			if err := db.QueryRowContext(ctx, `SELECT sql FROM sqlite_schema WHERE name = ?`, ix.name).Scan(&ddl); err != nil {
				t.Fatalf("index %s: %v", ix.name, err)
			}
			where := ""
			if m := indexPredicate.FindStringSubmatch(ddl); m != nil {
				where = strings.TrimSpace(m[1])
			}
			tb.indexes[indexContent(cols, ix.unique, "btree", where)] = ix.name
		}
	}
}

// readSQLiteForeignKeys runs once every table is read: a reference that
// names no column points at the parent's primary key.
func readSQLiteForeignKeys(t *testing.T, db *sql.DB, s schema, name string) {
	t.Helper()
	type fk struct{ parent, onUpdate, onDelete string }
	keys := map[int]*fk{}
	from, to := map[int][]string{}, map[int][]string{}
	query(t, db, `SELECT id, "table", "from", coalesce("to", ''), on_update, on_delete
		FROM pragma_foreign_key_list(?) ORDER BY id, seq`, []any{name}, func(scan func(...any) error) error {
		var id int
		var f fk
		var fromCol, toCol string
		if err := scan(&id, &f.parent, &fromCol, &toCol, &f.onUpdate, &f.onDelete); err != nil {
			return err
		}
		keys[id] = &f
		from[id], to[id] = append(from[id], fromCol), append(to[id], toCol)
		return nil
	})
	for id, f := range keys {
		toCols := strings.Join(to[id], ", ")
		if to[id][0] == "" && s[f.parent] != nil {
			toCols = strings.Trim(s[f.parent].primaryKey, "()")
		}
		content := foreignKeyContent(strings.Join(from[id], ", "), f.parent, toCols, f.onDelete, f.onUpdate)
		s[name].foreignKeys[content] = "present"
	}
}

// countChecks counts the CHECK constraints in a CREATE TABLE statement,
// skipping string literals, quoted names and comments. PostgreSQL rewrites
// a CHECK's expression (IN becomes = ANY (ARRAY[...])), so the two are
// compared by number, not by text.
func countChecks(ddl string) int {
	n := 0
	for i := 0; i < len(ddl); {
		switch c := ddl[i]; {
		case strings.HasPrefix(ddl[i:], "--"):
			i = skipPast(ddl, i+2, "\n")
		case strings.HasPrefix(ddl[i:], "/*"):
			i = skipPast(ddl, i+2, "*/")
		case c == '\'' || c == '"' || c == '`':
			i = skipPast(ddl, i+1, string(c))
		case c == '[':
			i = skipPast(ddl, i+1, "]")
		case isWordByte(c):
			j := i
			for j < len(ddl) && isWordByte(ddl[j]) {
				j++
			}
			if strings.EqualFold(ddl[i:j], "CHECK") {
				n++
			}
			i = j
		default:
			i++
		}
	}
	return n
}

// skipPast returns the index just after the first end at or after i, or
// len(s). A doubled quote inside a literal reads as two literals, which
// skips the same text.
func skipPast(s string, i int, end string) int {
	if k := strings.Index(s[i:], end); k >= 0 {
		return i + k + len(end)
	}
	return len(s)
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// readPostgresSchema reads information_schema.tables and .columns, then
// pg_constraint and pg_index for the keys and indexes of the public schema.
func readPostgresSchema(t *testing.T, db *sql.DB) schema {
	t.Helper()
	s := schema{}
	query(t, db, `SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'public'`, nil,
		func(scan func(...any) error) error {
			var name, kind string
			err := scan(&name, &kind)
			if excluded(name, kind) == "" {
				s[name] = newTable("table")
			}
			return err
		})
	readPostgresColumns(t, db, s)
	readPostgresConstraints(t, db, s)
	readPostgresIndexes(t, db, s)
	readTriggers(t, db, s, `SELECT c.relname, g.tgname FROM pg_trigger AS g JOIN pg_class AS c ON c.oid = g.tgrelid
		JOIN pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND NOT g.tgisinternal`)
	return s
}

// readTriggers notes the triggers that q lists, as (table, trigger name)
// rows, on the tables of s.
func readTriggers(t *testing.T, db *sql.DB, s schema, q string) {
	query(t, db, q, nil,
		func(scan func(...any) error) error {
			var tbl, name string
			err := scan(&tbl, &name)
			if s[tbl] != nil {
				s[tbl].triggers[name] = "present"
			}
			return err
		})
}

func readPostgresColumns(t *testing.T, db *sql.DB, s schema) {
	t.Helper()
	query(t, db, `SELECT table_name, column_name,
			CASE WHEN data_type IN ('USER-DEFINED', 'ARRAY') THEN udt_name ELSE data_type END,
			is_nullable = 'NO', coalesce(column_default, ''),
			CASE WHEN is_identity = 'YES' THEN 'GENERATED ' || identity_generation || ' AS IDENTITY' ELSE '' END,
			CASE WHEN is_generated = 'ALWAYS' THEN 'GENERATED ALWAYS AS (' || generation_expression || ') STORED'
				ELSE '' END
		FROM information_schema.columns WHERE table_schema = 'public'`, nil,
		func(scan func(...any) error) error {
			var tbl, name string
			var c column
			if err := scan(&tbl, &name, &c.typ, &c.notNull, &c.dflt, &c.auto, &c.generated); err != nil {
				return err
			}
			if s[tbl] != nil {
				s[tbl].columns[name] = c
			}
			return nil
		})
}

// postgresActions are pg_constraint's codes for ON DELETE and ON UPDATE.
var postgresActions = map[string]string{
	"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT",
}

func readPostgresConstraints(t *testing.T, db *sql.DB, s schema) {
	t.Helper()
	const columns = `coalesce((SELECT string_agg(a.attname, ', ' ORDER BY k.n)
		FROM unnest(c.%[1]s) WITH ORDINALITY AS k(num, n)
		JOIN pg_attribute AS a ON a.attrelid = c.%[2]s AND a.attnum = k.num), '')`
	query(t, db, `SELECT t.relname, c.conname, c.contype::text, `+fmt.Sprintf(columns, "conkey", "conrelid")+`,
			coalesce(p.relname, ''), `+fmt.Sprintf(columns, "confkey", "confrelid")+`,
			c.confdeltype::text, c.confupdtype::text
		FROM pg_constraint AS c JOIN pg_class AS t ON t.oid = c.conrelid
		JOIN pg_namespace AS n ON n.oid = t.relnamespace LEFT JOIN pg_class AS p ON p.oid = c.confrelid
		WHERE n.nspname = 'public'`, nil, func(scan func(...any) error) error {
		var tbl, name, kind, from, parent, to, onDelete, onUpdate string
		if err := scan(&tbl, &name, &kind, &from, &parent, &to, &onDelete, &onUpdate); err != nil {
			return err
		}
		tb := s[tbl]
		if tb == nil {
			return nil
		}
		switch kind {
		case "p":
			tb.primaryKey = "(" + from + ")"
		case "u":
			tb.uniques["("+from+")"] = name
		case "f":
			content := foreignKeyContent(from, parent, to, postgresActions[onDelete], postgresActions[onUpdate])
			tb.foreignKeys[content] = name
		case "c":
			tb.checks++
		default:
			return fmt.Errorf("constraint %s on %s: kind %q is not compared", name, tbl, kind)
		}
		return nil
	})
}

// readPostgresIndexes reads the indexes that back no constraint: a primary
// key's and a UNIQUE constraint's are compared as constraints.
func readPostgresIndexes(t *testing.T, db *sql.DB, s schema) {
	t.Helper()
	query(t, db, `SELECT t.relname, x.relname, i.indisunique, m.amname,
			(SELECT string_agg(coalesce(a.attname, pg_get_indexdef(i.indexrelid, k, true)), ', ' ORDER BY k)
				FROM generate_series(1, i.indnkeyatts) AS k
				LEFT JOIN pg_attribute AS a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]),
			coalesce(pg_get_expr(i.indpred, i.indrelid, true), '')
		FROM pg_index AS i JOIN pg_class AS t ON t.oid = i.indrelid JOIN pg_class AS x ON x.oid = i.indexrelid
		JOIN pg_am AS m ON m.oid = x.relam JOIN pg_namespace AS n ON n.oid = t.relnamespace
		WHERE n.nspname = 'public' AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c
			WHERE c.conindid = i.indexrelid AND c.contype IN ('p', 'u', 'x'))`, nil,
		func(scan func(...any) error) error {
			var tbl, name, method, columns, where string
			var unique bool
			if err := scan(&tbl, &name, &unique, &method, &columns, &where); err != nil {
				return err
			}
			if s[tbl] != nil {
				s[tbl].indexes[indexContent(columns, unique, method, where)] = name
			}
			return nil
		})
}
