package store_test

import (
	"encoding/json"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// BenchmarkDurableWrites measures acknowledged, durable writes from 50
// concurrent writers — a sign-on page under a burst of signatures. The
// commit-per-write case is the baseline that group commit is measured
// against. Run:
//
//	go test -run '^$' -bench DurableWrites -benchtime 20000x ./internal/store/
func BenchmarkDurableWrites(b *testing.B) {
	const writers = 50
	b.Run("sqlite/group-commit", func(b *testing.B) {
		benchmarkWrites(b, storetest.SQLite(b), writers)
	})
	b.Run("sqlite/commit-per-write", func(b *testing.B) {
		benchmarkWrites(b, storetest.SQLite(b, func(o *store.Options) { o.MaxBatch = 1 }), writers)
	})
	b.Run("postgres", func(b *testing.B) {
		benchmarkWrites(b, storetest.Postgres(b), writers)
	})
}

func benchmarkWrites(b *testing.B, s *store.Store, writers int) {
	after := json.RawMessage(`{"name":"Global Centre for the Responsibility to Protect","country":"USA"}`)
	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	start := time.Now()
	for range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				t0 := time.Now()
				err := s.Transact(ctx, func(tx *store.Tx) error {
					_, err := tx.RecordAudit(ctx, audit.Event{Actor: "bench", Action: "signature.create", Subject: "signature", After: after})
					return err
				})
				if err != nil {
					b.Error(err)
					return
				}
				latencies[i] = time.Since(t0)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()

	slices.Sort(latencies)
	st := s.Stats()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "writes/s")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(st.Transactions)/float64(max(st.Commits, 1)), "writes/commit")
}
