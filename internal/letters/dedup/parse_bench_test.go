package dedup

import (
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// BenchmarkParseDedup10kAgainst20k is BenchmarkDedup10kAgainst20k from the
// text a coalition receives: the 10,000 rows written one a line as
// "Name - ACRONYM (Country)", read by orglist.Parse, then matched.
// Precision and recall are of the parsed rows, by line.
func BenchmarkParseDedup10kAgainst20k(b *testing.B) {
	s := benchSet()
	text := s.text()
	var rows []orglist.Row
	var found [][]Match
	for b.Loop() {
		var err error
		rows, err = orglist.Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		list := make([]Record, len(rows))
		for i, r := range rows {
			list[i] = Record{ID: int64(r.Line), Name: r.Name, Acronym: r.Acronym, Countries: r.Countries}
		}
		found = NewIndex(s.registry).CandidatesAll(list, ReviewScore)
	}
	// Score the parsed rows by the line they came from.
	predicted := make([][]int64, len(s.list))
	for i, ms := range found {
		line := rows[i].Line - 1
		for _, m := range ms {
			predicted[line] = append(predicted[line], m.B.ID)
		}
	}
	t, _ := s.againstRegistry(predicted)
	b.ReportMetric(float64(len(rows)), "rows")
	b.ReportMetric(t.precision(), "precision")
	b.ReportMetric(t.recall(), "recall")
}
