package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// TestHostileSearchQueries runs queries made to break a query parser, on
// both databases: each either runs or is ErrBadQuery with the reason's
// code, never another error. Unbalanced quotes and brackets, and what FTS5
// or websearch_to_tsquery would read as operators, are searched as words.
func TestHostileSearchQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ev := createEvent(t, s, ga2009())
		addStatements(t, s, ev, statement.Statement{Speaker: "SWE", Language: "en",
			Text: "Genocide and war crimes must be prevented; early warning matters."})
		for _, c := range []struct {
			q    string
			code string // "": runs, and finds the statement when found
			hits int
		}{
			{`"`, "no_word", 0}, {`""`, "no_word", 0}, {`(`, "no_word", 0}, {`)(`, "no_word", 0},
			{`OR`, "no_word", 0}, {`OR OR`, "no_word", 0}, {`-`, "no_word", 0}, {`*`, "no_word", 0},
			{`^`, "no_word", 0}, {`:`, "no_word", 0}, {`&|!<->`, "no_word", 0}, {"\x00", "no_word", 0},
			{`-genocide`, "only_excluded", 0}, {`genocide OR -warning`, "only_excluded", 0},
			{strings.Repeat("x", store.MaxSearchQuery+1), "too_long", 0},
			{strings.Repeat("genocide OR ", 42) + "x", "too_long", 0},
			{`"genocide`, "", 1}, {`genocide"`, "", 1}, {`(genocide`, "", 1}, {`genocide)`, "", 1},
			{`genocide OR`, "", 1}, {`OR genocide`, "", 1}, {`genocide AND NEAR(`, "", 0}, {`genocide*`, "", 1},
			{`^genocide`, "", 1}, {`text:genocide`, "", 0}, {`genocide & !warning`, "", 1},
			{`genocide <-> warning`, "", 1}, {`'genocide'`, "", 1}, {`genocide\`, "", 1}, {"genocide\x00", "", 1},
			{strings.Repeat("genocide OR ", 40) + "x", "", 1},
			{strings.Repeat("(", store.MaxSearchQuery-8) + "genocide", "", 1},
		} {
			res, err := s.SearchStatements(ctx, store.SearchQuery{Query: c.q})
			bad, _ := errors.AsType[*store.BadQueryError](err)
			switch {
			case c.code == "" && err != nil:
				t.Errorf("%.40q: %v, want it to run", c.q, err)
			case c.code == "" && res.Total != c.hits:
				t.Errorf("%.40q: %d hits, want %d", c.q, res.Total, c.hits)
			case c.code != "" && (bad == nil || bad.Code != c.code || !errors.Is(err, store.ErrBadQuery)):
				t.Errorf("%.40q: %v, want a bad query, %s", c.q, err, c.code)
			}
		}
	})
}
