package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// openSQLite opens the file with two pools: one write connection owned by
// the group writer, and a read pool that cannot write.
//
// Durability: journal_mode=WAL with synchronous=FULL fsyncs the WAL at every
// commit, so a committed transaction survives an OS crash or power loss, not
// only a process kill (synchronous=NORMAL, the usual WAL setting, may lose
// the last commits on power loss). Group commit is what makes FULL affordable.
func openSQLite(ctx context.Context, opts Options) (*Store, error) {
	path, err := filepath.Abs(opts.Path)
	if err != nil {
		return nil, fmt.Errorf("store.Open(%q): %w", opts.Path, err)
	}
	if fi, err := os.Stat(filepath.Dir(path)); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("store.Open(%q): directory %s does not exist", opts.Path, filepath.Dir(path))
	}
	pragmas := url.Values{}
	for _, p := range []string{
		fmt.Sprintf("busy_timeout(%d)", opts.BusyTimeout.Milliseconds()),
		"journal_mode(WAL)",
		"synchronous(FULL)",
		"foreign_keys(ON)",
		// The savepoint that isolates each write of a group journals the
		// pages it changes; in memory that costs no system call. It only
		// serves ROLLBACK TO within the open transaction: crash recovery
		// rests on the WAL, which stays on disk.
		"temp_store(MEMORY)",
		// Erased contact data leaves no trace in the file: what a write
		// frees is overwritten with zeros.
		"secure_delete(ON)",
	} {
		pragmas.Add("_pragma", p)
	}
	writeDSN := path + "?" + pragmas.Encode() + "&_txlock=immediate"
	pragmas.Add("_pragma", "query_only(ON)")
	readDSN := path + "?" + pragmas.Encode()

	write, err := openWriter(ctx, writeDSN, opts)
	if err != nil {
		return nil, fmt.Errorf("store.Open(%q): %w", opts.Path, err)
	}
	read, err := sql.Open("sqlite", readDSN)
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("store.Open(%q): %w", opts.Path, err)
	}
	read.SetMaxOpenConns(opts.ReadConns)
	read.SetMaxIdleConns(opts.ReadConns)

	s := &Store{dialect: SQLite, opts: opts, read: newReadPool(read, true), write: write}
	s.writer = newGroupWriter(s)
	return s, nil
}

// openWriter opens the write connection and checks its settings. Turning a
// new file to WAL needs a moment alone with it, and SQLite answers "busy"
// at once, without waiting, when another process is doing the same: so
// that case is retried.
func openWriter(ctx context.Context, dsn string, opts Options) (*sql.DB, error) {
	for attempt := 1; ; attempt++ {
		write, err := sql.Open("sqlite", dsn)
		if err != nil {
			return nil, err
		}
		write.SetMaxOpenConns(1)
		write.SetMaxIdleConns(1)
		write.SetConnMaxLifetime(0)
		write.SetConnMaxIdleTime(0)
		err = checkSQLiteSettings(ctx, write)
		if err == nil {
			return write, nil
		}
		write.Close()
		if !isSQLiteBusy(err) || attempt >= opts.MaxAttempts {
			return nil, err
		}
		if err := sleep(ctx, backoff(attempt)); err != nil {
			return nil, err
		}
	}
}

// checkSQLiteSettings proves that the pragmas took: WAL needs a file system
// that supports shared memory, and a wrong DSN would silently drop them.
func checkSQLiteSettings(ctx context.Context, db *sql.DB) error {
	var mode string
	var synchronous, foreignKeys, secureDelete int
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fmt.Errorf("reading journal_mode: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA synchronous").Scan(&synchronous); err != nil {
		return fmt.Errorf("reading synchronous: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&foreignKeys); err != nil {
		return fmt.Errorf("reading foreign_keys: %w", err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA secure_delete").Scan(&secureDelete); err != nil {
		return fmt.Errorf("reading secure_delete: %w", err)
	}
	const full = 2
	if mode != "wal" || synchronous != full || foreignKeys != 1 || secureDelete != 1 {
		return fmt.Errorf("database settings did not take: journal_mode=%s synchronous=%d foreign_keys=%d secure_delete=%d, want wal, 2 (FULL), 1, 1", mode, synchronous, foreignKeys, secureDelete)
	}
	return nil
}

// A writeRequest is one Transact call waiting for the writer.
type writeRequest struct {
	ctx  context.Context
	fn   func(*Tx) error
	done chan writeResult // buffered: the writer never waits for the caller
}

type writeResult struct {
	err      error
	panicked any // a panic in fn, raised again in the caller's goroutine
}

// groupWriter owns the SQLite write connection. It takes every request that
// is waiting, runs each behind a savepoint in one transaction, and commits
// them with a single fsync. While that fsync runs, new requests queue up and
// form the next group, so the group grows with the load and a lone write is
// never delayed.
type groupWriter struct {
	s        *Store
	mu       sync.RWMutex // held for reading while enqueuing, for writing by close
	closed   bool
	requests chan *writeRequest
	stopped  chan struct{}
}

func newGroupWriter(s *Store) *groupWriter {
	w := &groupWriter{
		s:        s,
		requests: make(chan *writeRequest, s.opts.MaxBatch),
		stopped:  make(chan struct{}),
	}
	go w.run()
	return w
}

func (w *groupWriter) transact(ctx context.Context, fn func(*Tx) error) error {
	req := &writeRequest{ctx: ctx, fn: fn, done: make(chan writeResult, 1)}
	if err := w.enqueue(ctx, req); err != nil {
		return err
	}
	// Once queued the writer always answers, and quickly: it skips fn if
	// ctx ends first. Waiting here means the caller never returns while its
	// write might still commit.
	res := <-req.done
	if res.panicked != nil {
		panic(res.panicked)
	}
	return res.err
}

func (w *groupWriter) enqueue(ctx context.Context, req *writeRequest) error {
	w.mu.RLock()
	defer w.mu.RUnlock()
	if w.closed {
		return fmt.Errorf("store.Transact: %w", ErrClosed)
	}
	select {
	case w.requests <- req:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// close stops new requests, lets the writer finish the queued ones, and
// waits for it.
func (w *groupWriter) close() {
	w.mu.Lock()
	if !w.closed {
		w.closed = true
		close(w.requests)
	}
	w.mu.Unlock()
	<-w.stopped
}

func (w *groupWriter) run() {
	defer close(w.stopped)
	batch := make([]*writeRequest, 0, w.s.opts.MaxBatch)
	for req := range w.requests {
		batch = append(batch[:0], req)
	fill:
		for len(batch) < w.s.opts.MaxBatch {
			select {
			case more, ok := <-w.requests:
				if !ok {
					break fill
				}
				batch = append(batch, more)
			default:
				break fill
			}
		}
		w.commit(batch)
	}
}

// commit runs one group, retrying the whole group while the database is
// locked by another process, and answers every caller.
func (w *groupWriter) commit(batch []*writeRequest) {
	results := make([]writeResult, len(batch))
	var err error
	for attempt := 1; ; attempt++ {
		err = w.attempt(batch, results)
		if err == nil || !isRetryable(err) || attempt >= w.s.opts.MaxAttempts {
			break
		}
		w.s.stats.retries.Add(1)
		w.s.opts.Logger.Debug("database busy; retrying the group", "attempt", attempt, "writes", len(batch), "err", err)
		sleep(context.Background(), backoff(attempt))
	}
	for i, req := range batch {
		res := results[i]
		if err != nil && res.err == nil && res.panicked == nil {
			res.err = fmt.Errorf("store.Transact: %w", err)
		}
		req.done <- res
	}
}

// attempt runs the group in one transaction. A function that fails is
// rolled back to its savepoint and does not disturb the others; a busy
// error fails the whole attempt so that it is retried.
func (w *groupWriter) attempt(batch []*writeRequest, results []writeResult) (err error) {
	clear(results)
	ctx := context.Background() // the group outlives any one caller's ctx
	tx, err := w.s.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	t := &Tx{tx: tx, s: w.s}
	kept := 0
	for i, req := range batch {
		if err := req.ctx.Err(); err != nil {
			results[i].err = err
			continue
		}
		if _, err := t.exec(ctx, "SAVEPOINT grouped"); err != nil {
			return fmt.Errorf("savepoint: %w", err)
		}
		panicked, fnErr := runFunc(req.fn, t)
		if fnErr != nil && isRetryable(fnErr) {
			return fnErr
		}
		if fnErr != nil || panicked != nil {
			results[i] = writeResult{err: fnErr, panicked: panicked}
			if _, err := t.exec(ctx, "ROLLBACK TO grouped"); err != nil {
				return fmt.Errorf("rollback to savepoint: %w", err)
			}
		} else {
			kept++
		}
		if _, err := t.exec(ctx, "RELEASE grouped"); err != nil {
			return fmt.Errorf("release savepoint: %w", err)
		}
	}
	if kept == 0 {
		return tx.Rollback()
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	if t.campaignsChanged {
		w.s.campaignGeneration.Add(1)
	}
	if t.erased {
		w.emptyLog()
	}
	w.s.stats.commits.Add(1)
	w.s.stats.transactions.Add(int64(kept))
	return nil
}

// emptyLog copies the write-ahead log into the database file and truncates
// it, so that no page as it was before an erasure is left in the log. It
// waits (busy_timeout) for readers of older snapshots; if they outlast it,
// the log is emptied after a later erasure, or at Close.
func (w *groupWriter) emptyLog() {
	var busy, frames, copied int
	err := w.s.write.QueryRowContext(context.Background(), "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &frames, &copied)
	if err != nil || busy != 0 {
		w.s.opts.Logger.Warn("the write-ahead log still holds erased contact data until the next checkpoint",
			"busy", busy != 0, "err", err)
	}
}

func runFunc(fn func(*Tx) error, tx *Tx) (panicked any, err error) {
	defer func() {
		if p := recover(); p != nil {
			panicked = p
		}
	}()
	return nil, fn(tx)
}

func isSQLiteBusy(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary code, without the extended bits
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}
