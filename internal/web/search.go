package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// searchQuery reads a search from the query string: q, state, group,
// body, year_from, year_to, language, limit, offset.
func (s *Server) searchQuery(v url.Values) (store.SearchQuery, error) {
	q := store.SearchQuery{Query: strings.TrimSpace(v.Get("q")),
		State: strings.ToUpper(strings.TrimSpace(v.Get("state"))),
		Body:  statement.Body(v.Get("body")), Language: strings.TrimSpace(v.Get("language"))}
	if q.State != "" {
		if _, ok := s.states.Lookup(q.State); !ok || len(q.State) != 3 {
			if _, ok := statement.LookupSpeaker(q.State); !ok {
				return q, errorf(http.StatusBadRequest, "invalid_parameter",
					"state %q: want a code such as SWE or EUU", q.State)
			}
		}
	}
	if g := strings.TrimSpace(v.Get("group")); g != "" {
		group, ok := s.states.ResolveGroup(g)
		if !ok {
			return q, errorf(http.StatusBadRequest, "invalid_parameter", "group %q: want one of %s", g,
				strings.Join(states.Groups(), ", "))
		}
		q.Group = group
	}
	if q.Body != "" && !slices.Contains(statement.Bodies, q.Body) {
		return q, errorf(http.StatusBadRequest, "invalid_parameter",
			"body %q: want one of ga-plenary, ga-informal-dialogue, sc-open-debate, hrc, other", q.Body)
	}
	for _, p := range []struct {
		name string
		to   *int
	}{{"year_from", &q.YearFrom}, {"year_to", &q.YearTo}, {"limit", &q.Limit}, {"offset", &q.Offset}} {
		n, err := optionalInt(v.Get(p.name), p.name)
		if err != nil {
			return q, err
		}
		*p.to = n
	}
	if q.Limit > store.MaxSearchLimit {
		return q, errorf(http.StatusBadRequest, "invalid_parameter", "limit %d: at most %d", q.Limit,
			store.MaxSearchLimit)
	}
	return q, nil
}

// search runs q, turning a query that cannot be run into a 400 that says
// why in the reader's language.
func (s *Server) search(r *http.Request, q store.SearchQuery) (store.SearchResult, error) {
	res, err := s.store.SearchStatements(r.Context(), q)
	if bad, ok := errors.AsType[*store.BadQueryError](err); ok {
		L := visitorFrom(r).printer
		why := L.T("search.error."+bad.Code, bad.Query)
		if bad.Code == "too_long" {
			why = L.T("search.error.too_long", bad.Length, store.MaxSearchQuery)
		}
		return res, wrapf(err, http.StatusBadRequest, "invalid_parameter", "q: %s", why)
	}
	return res, err
}

// searchHit is a hit as the search page shows it: the snippet with its
// matches marked.
type searchHit struct {
	store.SearchHit
	Name    string
	Snippet template.HTML
}

type searchData struct {
	Query   store.SearchQuery
	Result  *store.SearchResult
	Hits    []searchHit
	Groups  []string
	Bodies  []statement.Body
	Error   string
	Next    string // the URL of the next page, if there is one
	Prev    string
	FirstNo int
	LastNo  int
}

// searchPage is the full-text search of the statements.
func (s *Server) searchPage(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	d := searchData{Groups: states.Groups(), Bodies: statement.Bodies}
	q, err := s.searchQuery(v)
	d.Query = q
	if p := formProblems(r); len(p) > 0 { // a query too long, or with a control character
		d.Error = problemText(visitorFrom(r).printer.T, p[0])
		return s.render(w, r, http.StatusBadRequest, "search", d)
	}
	if err == nil && q.Query == "" {
		return s.render(w, r, http.StatusOK, "search", d)
	}
	var res store.SearchResult
	if err == nil {
		res, err = s.search(r, q)
	}
	// A query that cannot be run is a 400, on the form that says why.
	if e, ok := errors.AsType[*Error](err); ok {
		d.Error = e.Message
		return s.render(w, r, e.Status, "search", d)
	}
	if err != nil {
		return err
	}
	d.Result = &res
	for _, h := range res.Hits {
		d.Hits = append(d.Hits, searchHit{SearchHit: h, Name: s.speakerName(r, h.Statement), Snippet: markSnippet(h)})
	}
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultSearchLimit
	}
	d.FirstNo, d.LastNo = min(q.Offset+1, res.Total), q.Offset+len(res.Hits)
	page := func(offset int) string {
		u := url.Values{}
		for k, vs := range v {
			u[k] = vs
		}
		u.Set("offset", strconv.Itoa(offset))
		return "/admin/search?" + u.Encode()
	}
	if d.LastNo < res.Total {
		d.Next = page(d.LastNo)
	}
	if q.Offset > 0 {
		d.Prev = page(max(0, q.Offset-limit))
	}
	return s.render(w, r, http.StatusOK, "search", d)
}

// markSnippet escapes a snippet and wraps its matches in <mark>.
func markSnippet(h store.SearchHit) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range h.Marks {
		b.WriteString(template.HTMLEscapeString(h.Snippet[last:m[0]]))
		b.WriteString("<mark>" + template.HTMLEscapeString(h.Snippet[m[0]:m[1]]) + "</mark>")
		last = m[1]
	}
	b.WriteString(template.HTMLEscapeString(h.Snippet[last:]))
	return template.HTML(b.String())
}

func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	q, err := s.searchQuery(r.URL.Query())
	if err != nil {
		return err
	}
	if q.Query == "" {
		return errorf(http.StatusBadRequest, "invalid_parameter", "q: give the words to search for")
	}
	res, err := s.search(r, q)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}

func (s *Server) apiEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := eventFilter(r)
	if err != nil {
		return err
	}
	list, err := s.store.Events(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []store.EventSummary{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"events": list})
	return nil
}

// apiEvent returns an event, its statements (without their texts, which
// /api/v1/statements/{id} gives) and their count.
func (s *Server) apiEvent(w http.ResponseWriter, r *http.Request) error {
	report, err := s.eventReport(r)
	if err != nil {
		return err
	}
	for i := range report.Statements {
		report.Statements[i].Text = ""
	}
	writeJSON(w, http.StatusOK, report)
	return nil
}

func (s *Server) apiStatement(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.store.Statement(r.Context(), id)
	if err != nil {
		return notFound(err, "statement %d", id)
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
