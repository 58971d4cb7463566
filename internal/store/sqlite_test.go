package store_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func TestSQLiteSettings(t *testing.T) {
	s := storetest.SQLite(t)
	for pragma, want := range map[string]string{
		"journal_mode": "wal",
		"synchronous":  "2", // FULL: the WAL is fsynced at every commit
		"foreign_keys": "1",
		"busy_timeout": "5000",
	} {
		var got string
		if err := s.WriteDB().QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("PRAGMA %s = %s, want %s", pragma, got, want)
		}
	}
}

// holdWriter runs a transaction that blocks the writer until release is
// closed, so that the transactions queued meanwhile form one group.
func holdWriter(t *testing.T, s *store.Store) (release func(), done <-chan error) {
	t.Helper()
	started, unblock := make(chan struct{}), make(chan struct{})
	errc := make(chan error, 1)
	go func() {
		errc <- s.Transact(ctx, func(tx *store.Tx) error {
			close(started)
			<-unblock
			_, err := tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "hold"})
			return err
		})
	}()
	<-started
	return func() { close(unblock) }, errc
}

// queue starts n Transact calls and waits until all are queued behind the
// held writer; fn(i) is the body of the i-th.
func queue(t *testing.T, s *store.Store, n int, fn func(i int, tx *store.Tx) error) []chan error {
	t.Helper()
	results := make([]chan error, n)
	for i := range n {
		results[i] = make(chan error, 1)
		go func() { results[i] <- s.Transact(ctx, func(tx *store.Tx) error { return fn(i, tx) }) }()
	}
	time.Sleep(100 * time.Millisecond) // let every goroutine reach the queue; correctness does not depend on it
	return results
}

func TestGroupCommitSharesOneCommitAndIsolatesFailures(t *testing.T) {
	s := storetest.SQLite(t)
	release, held := holdWriter(t, s)
	errOdd := errors.New("odd writers fail")
	results := queue(t, s, 40, func(i int, tx *store.Tx) error {
		if _, err := tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "grouped", Subject: strconv.Itoa(i)}); err != nil {
			return err
		}
		if i%2 == 1 {
			return errOdd
		}
		return nil
	})
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	for i, c := range results {
		err := <-c
		if i%2 == 1 && !errors.Is(err, errOdd) {
			t.Errorf("writer %d: %v, want its own error", i, err)
		}
		if i%2 == 0 && err != nil {
			t.Errorf("writer %d: %v", i, err)
		}
	}
	events, err := s.AuditEvents(ctx, store.AuditFilter{Action: "grouped", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	kept := map[string]bool{}
	for _, e := range events {
		kept[e.Subject] = true
	}
	for i := range 40 {
		if kept[strconv.Itoa(i)] != (i%2 == 0) {
			t.Errorf("writer %d kept = %v, want %v", i, kept[strconv.Itoa(i)], i%2 == 0)
		}
	}
	st := s.Stats()
	if st.Transactions != 21 || st.Commits > 3 {
		t.Errorf("stats = %+v, want 21 transactions (20 + the holder) in at most 3 commits", st)
	}
}

func TestGroupCommitOff(t *testing.T) {
	s := storetest.SQLite(t, func(o *store.Options) { o.MaxBatch = 1 })
	release, held := holdWriter(t, s)
	results := queue(t, s, 10, func(i int, tx *store.Tx) error {
		_, err := tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "single"})
		return err
	})
	release()
	<-held
	for _, c := range results {
		if err := <-c; err != nil {
			t.Fatal(err)
		}
	}
	if st := s.Stats(); st.Transactions != 11 || st.Commits != 11 {
		t.Errorf("stats = %+v, want 11 transactions in 11 commits", st)
	}
}

func TestPanicInGroupReachesItsCaller(t *testing.T) {
	s := storetest.SQLite(t)
	release, held := holdWriter(t, s)
	recovered := make(chan any, 1)
	go func() {
		defer func() { recovered <- recover() }()
		s.Transact(ctx, func(tx *store.Tx) error {
			tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "panics"})
			panic("boom")
		})
	}()
	results := queue(t, s, 3, func(i int, tx *store.Tx) error {
		_, err := tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "fine"})
		return err
	})
	release()
	<-held
	if p := <-recovered; p != "boom" {
		t.Errorf("recovered %v, want boom", p)
	}
	for _, c := range results {
		if err := <-c; err != nil {
			t.Errorf("a neighbour of the panic failed: %v", err)
		}
	}
	if n, _ := s.AuditEvents(ctx, store.AuditFilter{Action: "panics"}); len(n) != 0 {
		t.Errorf("the panicking transaction's write was kept")
	}
}

func TestCancelledCallerIsSkipped(t *testing.T) {
	s := storetest.SQLite(t)
	release, held := holdWriter(t, s)
	cctx, cancel := context.WithCancel(ctx)
	ran := false
	errc := make(chan error, 1)
	go func() { errc <- s.Transact(cctx, func(tx *store.Tx) error { ran = true; return nil }) }()
	time.Sleep(50 * time.Millisecond)
	cancel()
	release()
	<-held
	if err := <-errc; !errors.Is(err, context.Canceled) {
		t.Errorf("Transact = %v, want context.Canceled", err)
	}
	if ran {
		t.Error("the function of a cancelled caller ran")
	}
}

// TestBusyDatabaseIsRetried: another process holds the write lock longer
// than the busy timeout; Transact must wait it out by retrying.
func TestBusyDatabaseIsRetried(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r2p.db")
	s := storetest.SQLiteAt(t, path, func(o *store.Options) { o.BusyTimeout = 20 * time.Millisecond; o.MaxAttempts = 50 })
	other, err := sql.Open("sqlite", path+"?_pragma=busy_timeout(1000)&_txlock=immediate")
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	lock, err := other.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		time.Sleep(300 * time.Millisecond)
		lock.Rollback()
	}()
	if err := s.Transact(ctx, func(tx *store.Tx) error {
		_, err := tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "after.busy"})
		return err
	}); err != nil {
		t.Fatalf("Transact under a foreign write lock: %v", err)
	}
	if st := s.Stats(); st.Retries == 0 {
		t.Errorf("stats = %+v, want retries", st)
	}
}

func TestCloseFinishesQueuedWrites(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r2p.db")
	s, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var acknowledged sync.Map
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.Transact(ctx, func(tx *store.Tx) error {
				_, err := tx.RecordAudit(ctx, audit.Event{Actor: "test", Action: "close", Subject: strconv.Itoa(i)})
				return err
			})
			if err == nil {
				acknowledged.Store(strconv.Itoa(i), true)
			} else if !errors.Is(err, store.ErrClosed) {
				t.Errorf("writer %d: %v, want nil or ErrClosed", i, err)
			}
		}()
	}
	time.Sleep(time.Millisecond)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	if _, err := os.Stat(path + "-wal"); !os.IsNotExist(err) {
		t.Errorf("the WAL file is still there after Close (%v): the database was not closed cleanly", err)
	}
	reopened := storetest.SQLiteAt(t, path)
	acknowledged.Range(func(k, _ any) bool {
		if events, _ := reopened.AuditEvents(ctx, store.AuditFilter{Action: "close", Limit: 1000}); !containsSubject(events, k.(string)) {
			t.Errorf("acknowledged write %s is missing after Close", k)
		}
		return true
	})
}

func TestConcurrentMigrationsTakeTurns(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) {
		migrateConcurrently(t, store.Options{Path: filepath.Join(t.TempDir(), "r2p.db")})
	})
	t.Run("postgres", func(t *testing.T) {
		migrateConcurrently(t, store.Options{URL: storetest.PostgresURL(t)})
	})
}

// migrateConcurrently starts four processes' worth of stores on one fresh
// database at once; every Migrate must succeed.
func migrateConcurrently(t *testing.T, opts store.Options) {
	var wg sync.WaitGroup
	errs := make([]error, 4)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s, err := store.Open(ctx, opts)
			if err != nil {
				errs[i] = err
				return
			}
			defer s.Close()
			_, errs[i] = s.Migrate(ctx)
		}()
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("migration %d: %v", i, err)
		}
	}
}

// TestAcknowledgedWritesSurviveKill runs a child process that writes
// through the store and prints each id once Transact returns, kills it with
// SIGKILL mid-stream, and checks that every printed id is in the database.
// (Surviving power loss as well rests on synchronous=FULL, checked by
// TestSQLiteSettings; a kill cannot show it.)
func TestAcknowledgedWritesSurviveKill(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r2p.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildWriter$")
	cmd.Env = append(os.Environ(), "R2P_CHILD_WRITER_DB="+path)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acknowledged []string
	lines := bufio.NewScanner(stdout)
	for lines.Scan() && len(acknowledged) < 300 {
		if id := lines.Text(); id != "" && id[0] >= '0' && id[0] <= '9' {
			acknowledged = append(acknowledged, id)
		}
	}
	cmd.Process.Kill()
	cmd.Wait()
	if len(acknowledged) < 300 {
		t.Fatalf("the child acknowledged only %d writes before stopping", len(acknowledged))
	}
	s := storetest.SQLiteAt(t, path)
	for _, id := range acknowledged {
		n, _ := strconv.ParseInt(id, 10, 64)
		events, err := s.AuditEvents(ctx, store.AuditFilter{BeforeID: n + 1, Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		if len(events) != 1 || events[0].ID != n {
			t.Fatalf("acknowledged write %d is missing after SIGKILL", n)
		}
	}
}

// TestChildWriter is the child of TestAcknowledgedWritesSurviveKill; it does
// nothing in a normal run.
func TestChildWriter(t *testing.T) {
	path := os.Getenv("R2P_CHILD_WRITER_DB")
	if path == "" {
		t.Skip("runs only as the child of TestAcknowledgedWritesSurviveKill")
	}
	s, err := store.Open(ctx, store.Options{Path: path})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				var id int64
				err := s.Transact(ctx, func(tx *store.Tx) error {
					var err error
					id, err = tx.RecordAudit(ctx, audit.Event{Actor: "child", Action: "write"})
					return err
				})
				if err != nil {
					fmt.Fprintln(os.Stderr, err)
					return
				}
				mu.Lock()
				fmt.Println(id)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
}

func containsSubject(events []audit.Event, subject string) bool {
	for _, e := range events {
		if e.Subject == subject {
			return true
		}
	}
	return false
}
