package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
)

// SearchQuery is a full-text search of the statements. Query is written
// as in a web search engine: words (all must occur), "a phrase", OR
// between alternatives, -word to leave out statements with a word. Case
// does not matter; on SQLite accents do not either.
type SearchQuery struct {
	Query    string
	State    string         // statements by this speaker (a state's code, EUU, ...)
	Group    string         // a group of the states table: statements on its behalf or by its members of the day
	Body     statement.Body // statements at events of this body
	YearFrom int            // 0: no bound
	YearTo   int            // 0: no bound
	Language string         // ISO 639-1
	Limit    int            // at most MaxSearchLimit; DefaultSearchLimit when 0
	Offset   int
}

// Search limits.
const (
	DefaultSearchLimit = 20
	MaxSearchLimit     = 100
)

// ErrBadQuery says that a search query cannot be run; the message says why.
var ErrBadQuery = errors.New("bad search query")

// MaxSearchQuery is the most characters a query may have (the search
// form's maxlength): enough for any real search, and a bound on the
// alternatives a query makes the database try.
const MaxSearchQuery = 500

// BadQueryError says why a query cannot be run, for a caller to say it in
// its reader's language: Code is "no_word" (nothing to search for),
// "only_excluded" (an alternative with no word that is not excluded) or
// "too_long" (Length characters, over MaxSearchQuery). It is ErrBadQuery
// to errors.Is.
type BadQueryError struct {
	Code   string
	Query  string // "" when too long
	Length int    // in characters, when too long
}

func (e *BadQueryError) Error() string {
	switch e.Code {
	case "too_long":
		return fmt.Sprintf("%v: the query has %d characters; at most %d", ErrBadQuery, e.Length, MaxSearchQuery)
	case "only_excluded":
		return fmt.Sprintf("%v: %q: a search needs a word that is not excluded with -", ErrBadQuery, e.Query)
	}
	return fmt.Sprintf("%v: %q has no word to search for", ErrBadQuery, e.Query)
}

// Is makes a BadQueryError ErrBadQuery.
func (e *BadQueryError) Is(target error) bool { return target == ErrBadQuery }

// SearchHit is one statement found, without its full text.
type SearchHit struct {
	Statement  statement.Statement `json:"statement"`
	EventTitle string              `json:"event_title"`
	EventBody  statement.Body      `json:"event_body"`
	// Snippet is a passage of the text around the matches, and Marks the
	// byte ranges [start, end) of Snippet that matched.
	Snippet string   `json:"snippet"`
	Marks   [][2]int `json:"marks"`
}

// SearchResult is a page of hits, best first, and how many there are.
type SearchResult struct {
	Total int         `json:"total"`
	Hits  []SearchHit `json:"hits"`
}

// Markers of the matches in a snippet as the database returns it; they
// are taken out into SearchHit.Marks. Control characters cannot occur in
// a stored text (statement.Normalize removes them).
const (
	markStart = "\x02"
	markEnd   = "\x03"
)

// The statement columns of a hit: all but the text; then the event's
// title and body. The queries add the rank and the snippet.
const hitColumns = `s.id, s.event_id, s.speaker_kind, s.speaker, s.speaker_name, s.speaker_title, s.on_behalf_of, s.language,
	s.date, s.year, s.position, s.procedural, s.source_symbol, s.source_page, s.source_url, s.source_file, s.note, '', s.text_hash,
	s.created_at, e.title, e.body`

// SearchStatements runs a full-text search over the statements that are
// not procedural turns: SQLite's FTS5 ranked by bm25, or PostgreSQL's
// text search ranked by ts_rank.
func (s *Store) SearchStatements(ctx context.Context, q SearchQuery) (SearchResult, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultSearchLimit
	}
	q.Limit = min(q.Limit, MaxSearchLimit)
	q.Offset = max(q.Offset, 0)
	terms, err := parseSearch(q.Query)
	if err != nil {
		return SearchResult{}, err
	}
	var match string
	if s.dialect == SQLite {
		match = terms.fts5()
	} else {
		match = terms.websearch()
	}
	args := []any{match}
	filters := searchFilters(q, &args)
	var res SearchResult
	var count, hits string
	if s.dialect == SQLite {
		from := ` FROM statements_fts f JOIN statements s ON s.id = f.rowid JOIN events e ON e.id = s.event_id
			WHERE statements_fts MATCH $1` + filters
		count = `SELECT count(*)` + from
		hits = `SELECT ` + hitColumns + `, f.rank, snippet(statements_fts, 0, '` + markStart + `', '` + markEnd + `', '…', 32)` + from +
			fmt.Sprintf(` ORDER BY f.rank, s.id LIMIT %d OFFSET %d`, q.Limit, q.Offset)
	} else {
		from := ` FROM statements s JOIN events e ON e.id = s.event_id
			WHERE s.tsv @@ websearch_to_tsquery('simple', $1)` + filters
		count = `SELECT count(*)` + from
		// The headline reads the whole text: compute it for the page only.
		inner := `SELECT ` + hitColumns + `, ts_rank(s.tsv, websearch_to_tsquery('simple', $1)) AS rank` + from +
			fmt.Sprintf(` ORDER BY rank DESC, s.id LIMIT %d OFFSET %d`, q.Limit, q.Offset)
		hits = `SELECT p.*, ts_headline('simple', t.text, websearch_to_tsquery('simple', $1),
				'StartSel=` + markStart + `, StopSel=` + markEnd + `, MaxWords=40, MinWords=15, MaxFragments=2, FragmentDelimiter=" … "')
			FROM (` + inner + `) p JOIN statements t ON t.id = p.id ORDER BY p.rank DESC, p.id`
	}
	var db interface {
		rowsQuerier
		QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	} = s.read
	if s.dialect == Postgres {
		// The tsvectors are stored out of line (TOAST), which the planner
		// does not count: it takes a sequential scan, reading every one,
		// for cheaper than the GIN index (260 ms against 7 ms to count
		// "genocide" in the General Debate Corpus).
		tx, err := s.read.DB.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
		if err != nil {
			return res, fmt.Errorf("store.SearchStatements(%q): %w", q.Query, err)
		}
		defer tx.Rollback()
		if _, err := tx.ExecContext(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return res, fmt.Errorf("store.SearchStatements(%q): %w", q.Query, err)
		}
		db = tx
	}
	if err := db.QueryRowContext(ctx, count, args...).Scan(&res.Total); err != nil {
		return res, fmt.Errorf("store.SearchStatements(%q): %w", q.Query, err)
	}
	res.Hits, err = queryAllIn(ctx, db, fmt.Sprintf("store.SearchStatements(%q)", q.Query), scanHit, hits, args...)
	if res.Hits == nil {
		res.Hits = []SearchHit{}
	}
	return res, err
}

func scanHit(row scanner) (SearchHit, error) {
	var h SearchHit
	st := &h.Statement
	var snippet string
	var rank float64
	err := row.Scan(&st.ID, &st.EventID, &st.Kind, &st.Speaker, &st.SpeakerName, &st.SpeakerTitle,
		&st.OnBehalfOf, &st.Language, &st.Date, &st.Year, &st.Order, &st.Procedural,
		&st.SourceSymbol, &st.SourcePage, &st.SourceURL, &st.SourceFile, &st.Note,
		&st.Text, &st.Hash, &st.CreatedAt, &h.EventTitle, &h.EventBody, &rank, &snippet)
	st.CreatedAt = st.CreatedAt.UTC()
	h.Snippet, h.Marks = takeMarks(snippet)
	return h, err
}

// takeMarks removes the match markers from a snippet and returns where
// they were.
func takeMarks(snippet string) (string, [][2]int) {
	var b strings.Builder
	marks := [][2]int{}
	start := -1
	for _, r := range snippet {
		switch string(r) {
		case markStart:
			start = b.Len()
		case markEnd:
			if start >= 0 && b.Len() > start {
				marks = append(marks, [2]int{start, b.Len()})
			}
			start = -1
		default:
			b.WriteRune(r)
		}
	}
	return b.String(), marks
}

// searchFilters returns the SQL conditions of q's filters, each starting
// with AND, adding their values to args.
func searchFilters(q SearchQuery, args *[]any) string {
	arg := func(v any) string {
		*args = append(*args, v)
		return fmt.Sprintf("$%d", len(*args))
	}
	var b strings.Builder
	b.WriteString(" AND s.procedural = FALSE")
	if q.State != "" {
		b.WriteString(" AND s.speaker = " + arg(q.State))
	}
	if q.Body != "" {
		b.WriteString(" AND e.body = " + arg(string(q.Body)))
	}
	if q.YearFrom != 0 {
		b.WriteString(" AND s.year >= " + arg(q.YearFrom))
	}
	if q.YearTo != 0 {
		b.WriteString(" AND s.year <= " + arg(q.YearTo))
	}
	if q.Language != "" {
		b.WriteString(" AND s.language = " + arg(q.Language))
	}
	if q.Group != "" {
		alternatives := []string{"s.on_behalf_of = " + arg(q.Group)}
		for _, m := range states.Default().Memberships() {
			if m.Group != q.Group {
				continue
			}
			from, until := m.From, m.Until
			if from == "" {
				from = "0000-01-01"
			}
			if until == "" {
				until = "9999-12-31"
			}
			// A speech known only by its year counts when the membership
			// covers part of that year.
			alternatives = append(alternatives,
				fmt.Sprintf("(s.speaker = %s AND ((s.date <> '' AND s.date BETWEEN %s AND %s) OR (s.date = '' AND s.year BETWEEN %s AND %s)))",
					arg(m.Code), arg(from), arg(until), arg(yearOf(from)), arg(yearOf(until))))
		}
		b.WriteString(" AND (" + strings.Join(alternatives, " OR ") + ")")
	}
	return b.String()
}

func yearOf(day string) int {
	var y int
	fmt.Sscanf(day[:4], "%d", &y)
	return y
}

// searchTerms is a parsed query: alternatives (joined by OR), each a list
// of words and phrases that must all occur, and some that must not.
type searchTerms [][]searchTerm

type searchTerm struct {
	words   []string // one word, or the words of a phrase
	exclude bool
}

// parseSearch reads a query as a web search engine does.
func parseSearch(query string) (searchTerms, error) {
	if n := utf8.RuneCountInString(query); n > MaxSearchQuery {
		return nil, &BadQueryError{Code: "too_long", Length: n}
	}
	var terms searchTerms
	var branch []searchTerm
	rest := strings.TrimSpace(query)
	for rest != "" {
		exclude := false
		if strings.HasPrefix(rest, "-") {
			exclude, rest = true, rest[1:]
		}
		var raw string
		if strings.HasPrefix(rest, `"`) {
			end := strings.Index(rest[1:], `"`)
			if end < 0 {
				end = len(rest) - 1
			}
			raw, rest = rest[1:1+end], rest[min(len(rest), end+2):]
		} else {
			end := strings.IndexFunc(rest, unicode.IsSpace)
			if end < 0 {
				end = len(rest)
			}
			raw, rest = rest[:end], rest[end:]
		}
		rest = strings.TrimSpace(rest)
		if raw == "OR" && !exclude {
			if len(branch) > 0 {
				terms, branch = append(terms, branch), nil
			}
			continue
		}
		words := strings.FieldsFunc(raw, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
		if len(words) > 0 {
			branch = append(branch, searchTerm{words: words, exclude: exclude})
		}
	}
	if len(branch) > 0 {
		terms = append(terms, branch)
	}
	if len(terms) == 0 {
		return nil, &BadQueryError{Code: "no_word", Query: query}
	}
	for _, b := range terms {
		positive := false
		for _, t := range b {
			positive = positive || !t.exclude
		}
		if !positive {
			return nil, &BadQueryError{Code: "only_excluded", Query: query}
		}
	}
	return terms, nil
}

// fts5 writes the terms in FTS5's query syntax, every word quoted.
func (terms searchTerms) fts5() string {
	var branches []string
	for _, b := range terms {
		var pos, neg []string
		for _, t := range b {
			phrase := `"` + strings.Join(t.words, " ") + `"`
			if t.exclude {
				neg = append(neg, " NOT "+phrase)
			} else {
				pos = append(pos, phrase)
			}
		}
		branches = append(branches, "("+strings.Join(pos, " AND ")+strings.Join(neg, "")+")")
	}
	return strings.Join(branches, " OR ")
}

// websearch writes the terms for PostgreSQL's websearch_to_tsquery.
func (terms searchTerms) websearch() string {
	var branches []string
	for _, b := range terms {
		var parts []string
		for _, t := range b {
			p := `"` + strings.Join(t.words, " ") + `"`
			if t.exclude {
				p = "-" + p
			}
			parts = append(parts, p)
		}
		branches = append(branches, strings.Join(parts, " "))
	}
	return strings.Join(branches, " OR ")
}
