package dedup

import (
	"sync"
	"testing"
	"time"
)

// The benchmark of BENCHMARKS.md: de-duplicate a 10,000-row list against a
// 20,000-organization registry, both generated with planted duplicates,
// index build included; Exact on the same data is the baseline.
//
//	go test -run '^$' -bench . -benchmem ./internal/dedup/
const (
	benchRegistrySize = 20000
	benchListSize     = 10000
)

var benchSet = sync.OnceValue(func() *evalSet { return generate(evalSeed, benchRegistrySize, benchListSize) })

func BenchmarkDedup10kAgainst20k(b *testing.B) {
	s := benchSet()
	var found [][]Match
	var build, match time.Duration
	for b.Loop() {
		start := time.Now()
		ix := NewIndex(s.registry)
		built := time.Now()
		found = ix.CandidatesAll(s.list, ReviewScore)
		build += built.Sub(start)
		match += time.Since(built)
	}
	b.ReportMetric(float64(build.Milliseconds())/float64(b.N), "ms-index/op")
	b.ReportMetric(float64(match.Milliseconds())/float64(b.N), "ms-match/op")
	reportQuality(b, s, flatten(found))
}

func BenchmarkExact10kAgainst20k(b *testing.B) {
	s := benchSet()
	var found []Match
	for b.Loop() {
		found = Exact(s.list, s.registry)
	}
	reportQuality(b, s, found)
}

func BenchmarkWithin10k(b *testing.B) {
	s := benchSet()
	var found []Match
	for b.Loop() {
		found = Within(s.list, ReviewScore)
	}
	t := s.withinList(listPairs(found))
	b.ReportMetric(t.precision(), "precision")
	b.ReportMetric(t.recall(), "recall")
}

func BenchmarkNormalize(b *testing.B) {
	s := benchSet()
	i := 0
	for b.Loop() {
		Normalize(s.registry[i%len(s.registry)].Name)
		i++
	}
}

func flatten(mss [][]Match) []Match {
	var out []Match
	for _, ms := range mss {
		out = append(out, ms...)
	}
	return out
}

func reportQuality(b *testing.B, s *evalSet, found []Match) {
	t, _ := s.againstRegistry(registryIDs(s.list, found))
	b.ReportMetric(t.precision(), "precision")
	b.ReportMetric(t.recall(), "recall")
}
