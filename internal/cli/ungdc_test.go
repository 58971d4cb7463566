package cli_test

import (
	"context"
	"io"
	"os"
	"testing"

	"github.com/r2p-coalition/r2p/internal/cli"
	"github.com/r2p-coalition/r2p/internal/evidence/ungdc"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// corpusPath returns the UN General Debate Corpus that R2P_CORPUS names,
// or skips loudly.
func corpusPath(tb testing.TB) string {
	tb.Helper()
	path := os.Getenv("R2P_CORPUS")
	if path == "" {
		tb.Skip("SKIPPED: R2P_CORPUS is not set: set it to shared/corpora/ungdc/speeches.jsonl.gz to import the full corpus")
	}
	return path
}

func importCorpus(tb testing.TB, s *store.Store, path string) cli.UNGDCCounts {
	tb.Helper()
	r, err := ungdc.Open(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer r.Close()
	n, err := cli.ImportUNGDC(context.Background(), s, r, io.Discard)
	if err != nil {
		tb.Fatal(err)
	}
	return n
}

// TestImportUNGDCCorpus imports the whole corpus twice on SQLite, and
// checks the search against the counts of shared/corpora/ungdc/
// PERF_BASELINES.md.
func TestImportUNGDCCorpus(t *testing.T) {
	path := corpusPath(t)
	s := storetest.SQLite(t)
	n := importCorpus(t, s, path)
	if n.Created != 10952 || n.Existing != 0 || n.Events != 79 {
		t.Errorf("first import: %+v, want 10,952 statements in 79 General Debates (1946–2024)", n)
	}
	if again := importCorpus(t, s, path); again.Created != 0 || again.Existing != 10952 || again.Events != 0 {
		t.Errorf("second import: %+v, want nothing new", again)
	}
	for q, want := range corpusCounts {
		res, err := s.SearchStatements(context.Background(), store.SearchQuery{Query: q})
		if err != nil || res.Total != want {
			t.Errorf("%s: %d statements, %v; want %d", q, res.Total, err, want)
		}
	}
}

// corpusCounts are the statements of the corpus that match a query.
var corpusCounts = map[string]int{
	"genocide":                    1030,
	`"responsibility to protect"`: 298,
	"genocide OR \"war crimes\" OR \"ethnic cleansing\" OR \"crimes against humanity\"": 1610,
}

// BenchmarkImportUNGDC imports the corpus into a new database each time.
func BenchmarkImportUNGDC(b *testing.B) {
	path := corpusPath(b)
	info, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	for _, db := range []struct {
		name string
		open func(testing.TB, ...storetest.Option) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(db.name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := db.open(b)
				b.StartTimer()
				if n := importCorpus(b, s, path); n.Created != 10952 {
					b.Fatalf("stored %d", n.Created)
				}
			}
			b.ReportMetric(float64(10952*b.N)/b.Elapsed().Seconds(), "speeches/s")
			b.SetBytes(info.Size())
		})
	}
}

// BenchmarkSearch runs the queries of PERF_BASELINES.md on the imported
// corpus: each is a count and a first page of 20 with snippets.
func BenchmarkSearch(b *testing.B) {
	path := corpusPath(b)
	for _, db := range []struct {
		name string
		open func(testing.TB, ...storetest.Option) *store.Store
	}{{"sqlite", storetest.SQLite}, {"postgres", storetest.Postgres}} {
		b.Run(db.name, func(b *testing.B) {
			s := db.open(b)
			importCorpus(b, s, path)
			for _, q := range []store.SearchQuery{
				{Query: "genocide"},
				{Query: `"responsibility to protect"`},
				{Query: `genocide OR "war crimes" OR "ethnic cleansing" OR "crimes against humanity"`},
				{Query: `"responsibility to protect"`, Limit: 10},
				{Query: "peace", Limit: 10},
				{Query: "sovereignty", State: "CHN", YearFrom: 2005},
				{Query: "genocide", Group: "European Union"},
			} {
				b.Run(q.Query+filters(q), func(b *testing.B) {
					for b.Loop() {
						if _, err := s.SearchStatements(context.Background(), q); err != nil {
							b.Fatal(err)
						}
					}
				})
			}
		})
	}
}

func filters(q store.SearchQuery) string {
	switch {
	case q.State != "":
		return " state=" + q.State
	case q.Group != "":
		return " group"
	case q.Limit != 0:
		return " top10"
	}
	return ""
}
