// Package storetest opens throwaway stores for tests: a SQLite file in a
// temporary directory, or a fresh database of its own on a real PostgreSQL
// server. Every store it returns is migrated and is closed (and, on
// PostgreSQL, dropped) when the test ends.
//
// The PostgreSQL server is the one R2P_TEST_DATABASE_URL names (the test
// command, scripts/test.sh, always sets it), else one answering on
// 127.0.0.1:5432. Without a server the PostgreSQL tests skip loudly, or fail
// when CI=true.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/store"
)

// DefaultServerURL is tried when R2P_TEST_DATABASE_URL is not set.
const DefaultServerURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Option changes the store options before the store is opened.
type Option func(*store.Options)

// SQLite opens a migrated store on a new SQLite file.
func SQLite(t testing.TB, options ...Option) *store.Store {
	t.Helper()
	return SQLiteAt(t, filepath.Join(t.TempDir(), "r2p.db"), options...)
}

// SQLiteAt opens a migrated store on the SQLite file at path, which may
// already exist.
func SQLiteAt(t testing.TB, path string, options ...Option) *store.Store {
	t.Helper()
	return open(t, store.Options{Path: path}, options)
}

// Postgres opens a migrated store on a new, empty PostgreSQL database.
func Postgres(t testing.TB, options ...Option) *store.Store {
	t.Helper()
	return open(t, store.Options{URL: PostgresURL(t)}, options)
}

// Each runs fn once on SQLite and once on PostgreSQL, as subtests named
// after the dialect.
func Each(t *testing.T, fn func(t *testing.T, s *store.Store), options ...Option) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t, options...)) })
	t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t, options...)) })
}

func open(t testing.TB, opts store.Options, options []Option) *store.Store {
	t.Helper()
	for _, o := range options {
		o(&opts)
	}
	ctx := context.Background()
	s, err := store.Open(ctx, opts)
	if err != nil {
		t.Fatalf("storetest: %v", err)
	}
	locations.Store(s, opts)
	t.Cleanup(func() { locations.Delete(s) })
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("storetest: %v", err)
		}
	})
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatalf("storetest: %v", err)
	}
	return s
}

// locations remembers where each store it opened keeps its data, for
// Contents.
var locations sync.Map // *store.Store → store.Options

// Contents returns every byte s keeps, open or closed, so that a test can
// search it for what must not be there: on SQLite the database file and its
// write-ahead log as they are on disk, free pages and stale frames
// included; on PostgreSQL every column of every row of every table, as the
// server sends it.
func Contents(t testing.TB, s *store.Store) []byte {
	t.Helper()
	v, ok := locations.Load(s)
	if !ok {
		t.Fatal("storetest.Contents: the store was not opened by storetest")
	}
	opts := v.(store.Options)
	if opts.Path != "" {
		var all []byte
		for _, name := range []string{opts.Path, opts.Path + "-wal"} {
			b, err := os.ReadFile(name)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				t.Fatal(err)
			}
			all = append(all, b...)
		}
		return all
	}
	return postgresContents(t, opts.URL)
}

func postgresContents(t testing.TB, dbURL string) []byte {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("pgx", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `SELECT table_name FROM information_schema.tables
		WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)
	if err != nil {
		t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	var all []byte
	for _, table := range tables {
		all = append(all, tableContents(t, db, table)...)
	}
	return all
}

// tableContents is every column of every row of table, each as the bytes
// the driver got: text as it is, bytea unescaped.
func tableContents(t testing.TB, db *sql.DB, table string) []byte {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), `SELECT * FROM "`+table+`"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	columns, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for rows.Next() {
		values := make([]sql.RawBytes, len(columns))
		dest := make([]any, len(columns))
		for i := range values {
			dest[i] = &values[i]
		}
		if err := rows.Scan(dest...); err != nil {
			t.Fatalf("storetest: reading %s: %v", table, err)
		}
		for _, v := range values {
			all = append(append(all, v...), 0)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return all
}

// PostgresURL creates an empty database on the test server and returns its
// URL; the database is dropped when the test ends.
func PostgresURL(t testing.TB) string {
	t.Helper()
	server := os.Getenv("R2P_TEST_DATABASE_URL")
	if server == "" {
		server = DefaultServerURL
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", server)
	if err == nil {
		err = admin.PingContext(ctx)
	}
	if err != nil {
		if admin != nil {
			admin.Close()
		}
		msg := fmt.Sprintf("storetest: NO POSTGRESQL SERVER at %s (%v): set R2P_TEST_DATABASE_URL or run scripts/test.sh, which provides one", store.Redact(server), err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	defer admin.Close()

	name := databaseName(t.Name())
	if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatalf("storetest: create database %s: %v", name, err)
	}
	t.Cleanup(func() { dropDatabase(t, server, name) })

	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("storetest: R2P_TEST_DATABASE_URL: %v", err)
	}
	u.Path = "/" + name
	return u.String()
}

func dropDatabase(t testing.TB, server, name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	admin, err := sql.Open("pgx", server)
	if err != nil {
		t.Errorf("storetest: drop database %s: %v", name, err)
		return
	}
	defer admin.Close()
	if _, err := admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		t.Errorf("storetest: drop database %s: %v", name, err)
	}
}

var notIdent = regexp.MustCompile(`[^a-z0-9]+`)

// databaseName makes a unique, valid identifier that says which test made it.
func databaseName(testName string) string {
	var b [4]byte
	rand.Read(b[:])
	slug := strings.Trim(notIdent.ReplaceAllString(strings.ToLower(testName), "_"), "_")
	if len(slug) > 40 {
		slug = slug[:40]
	}
	return "r2p_" + slug + "_" + hex.EncodeToString(b[:])
}
