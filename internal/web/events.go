package web

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/evidence/statementfile"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Statements are public UN records, but the pages that list and search
// them are for staff (Viewer): a public search over decades of speeches
// would need its own rate limits first. Storing needs an Editor.

type eventsData struct {
	Events []store.EventSummary
	Body   string
	Year   int
	Bodies []statement.Body
}

// events lists the events, the latest first, by body and year.
func (s *Server) events(w http.ResponseWriter, r *http.Request) error {
	f, err := eventFilter(r)
	if err != nil {
		return err
	}
	list, err := s.store.Events(r.Context(), f)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "events",
		eventsData{Events: list, Body: string(f.Body), Year: f.Year, Bodies: statement.Bodies})
}

func eventFilter(r *http.Request) (store.EventFilter, error) {
	q := r.URL.Query()
	f := store.EventFilter{Body: statement.Body(q.Get("body"))}
	if f.Body != "" && !slices.Contains(statement.Bodies, f.Body) {
		return f, errorf(http.StatusBadRequest, "invalid_parameter",
			"body %q: want one of ga-plenary, ga-informal-dialogue, sc-open-debate, hrc, other", f.Body)
	}
	var err error
	if f.Year, err = optionalInt(q.Get("year"), "year"); err != nil {
		return f, err
	}
	return f, nil
}

// optionalInt reads a whole number from a query parameter; "" is 0.
func optionalInt(v, name string) (int, error) {
	if v = strings.TrimSpace(v); v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, errorf(http.StatusBadRequest, "invalid_parameter", "%s %q: want a whole number", name, v)
	}
	return n, nil
}

// statementRow is a statement as the event page lists it.
type statementRow struct {
	statement.Statement
	Name    string // the speaker, in the reader's language
	Members int    // the members of the group it spoke for, for a joint statement
}

// stateRow is a state's line of the event's count.
type stateRow struct {
	statement.StateCount
	Name string
}

type eventData struct {
	Event       statement.Event
	Tally       statement.Tally
	Statements  []statementRow
	Procedural  []statementRow
	States      []stateRow
	Campaigns   []campaign.Campaign
	Imported    *store.StatementCounts
	Problems    int
	GroupLabels map[string]string
}

// eventPage shows an event: its count by state (national, delivered and
// represented, without double counting) and its statements in order,
// the procedural turns apart.
func (s *Server) eventPage(w http.ResponseWriter, r *http.Request) error {
	report, err := s.eventReport(r)
	if err != nil {
		return err
	}
	d := eventData{Event: report.Event, Tally: report.Tally}
	for _, st := range report.Statements {
		row := statementRow{Statement: st, Name: s.speakerName(r, st),
			Members: report.Tally.GroupMembers[st.OnBehalfOf]}
		if st.Procedural {
			d.Procedural = append(d.Procedural, row)
		} else {
			d.Statements = append(d.Statements, row)
		}
	}
	lang := visitorFrom(r).printer.Lang()
	for _, c := range report.Tally.States {
		name := c.State
		if st, ok := s.states.Lookup(c.State); ok {
			name = localName(st, lang)
		}
		d.States = append(d.States, stateRow{StateCount: c, Name: name})
	}
	collator := collatorFor(lang)
	slices.SortFunc(d.States, func(a, b stateRow) int { return collator.CompareString(a.Name, b.Name) })
	for _, c := range report.Event.Campaigns {
		if camp, err := s.store.Campaign(r.Context(), c); err == nil {
			d.Campaigns = append(d.Campaigns, camp)
		}
	}
	if q := r.URL.Query(); q.Has("created") {
		d.Imported = &store.StatementCounts{}
		d.Imported.Created, _ = strconv.Atoi(q.Get("created"))
		d.Imported.Existing, _ = strconv.Atoi(q.Get("existing"))
	}
	return s.render(w, r, http.StatusOK, "event", d)
}

// speakerName names a statement's speaker in the reader's language.
func (s *Server) speakerName(r *http.Request, st statement.Statement) string {
	if state, ok := st.ReferenceEntry(s.states); ok {
		return localName(state, visitorFrom(r).printer.Lang())
	}
	return st.DisplayName(s.states)
}

type statementData struct {
	Statement statement.Statement
	Name      string
	Event     statement.Event
	Members   []string // the group's members of the day, for a joint statement
}

// statementPage shows a statement's full text.
func (s *Server) statementPage(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	st, err := s.store.Statement(r.Context(), id)
	if err != nil {
		return notFound(err, "statement %d", id)
	}
	ev, err := s.store.Event(r.Context(), st.EventID)
	if err != nil {
		return err
	}
	d := statementData{Statement: st, Name: s.speakerName(r, st), Event: ev}
	if st.OnBehalfOf != "" {
		lists, err := s.store.AdHocGroups(r.Context())
		if err != nil {
			return err
		}
		codes, err := statement.GroupMembers(s.states, lists, st.OnBehalfOf, st.Date)
		if err != nil {
			return err
		}
		lang := visitorFrom(r).printer.Lang()
		for _, c := range codes {
			if state, ok := s.states.Lookup(c); ok {
				d.Members = append(d.Members, localName(state, lang))
			}
		}
		collator := collatorFor(lang)
		slices.SortFunc(d.Members, collator.CompareString)
	}
	return s.render(w, r, http.StatusOK, "statement", d)
}

type eventFormData struct {
	Event     statement.Event
	Symbols   string
	Bodies    []statement.Body
	Campaigns []campaign.Campaign
	Errors    map[string]string
}

func (s *Server) newEventForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderEventForm(w, r, http.StatusOK, statement.Event{Body: statement.GAPlenary}, nil)
}

func (s *Server) renderEventForm(w http.ResponseWriter, r *http.Request, status int, e statement.Event,
	errs map[string]string) error {
	camps, err := s.store.Campaigns(r.Context())
	if err != nil {
		return err
	}
	d := eventFormData{Event: e, Symbols: strings.Join(e.Symbols, "\n"), Bodies: statement.Bodies,
		Campaigns: camps, Errors: errs}
	return s.render(w, r, status, "event_form", d)
}

// createEvent stores a new event from the form.
func (s *Server) createEvent(w http.ResponseWriter, r *http.Request) error {
	e := statement.Event{Body: statement.Body(r.PostFormValue("body")), Title: r.PostFormValue("title"),
		Start: r.PostFormValue("start"), End: r.PostFormValue("end"), Session: r.PostFormValue("session"),
		Symbols: strings.Split(r.PostFormValue("symbols"), "\n")}
	for _, v := range r.PostForm["campaign"] {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			e.Campaigns = append(e.Campaigns, id)
		}
	}
	e.Normalize()
	if err := e.Validate(); err != nil {
		var fe *statement.FieldError
		if errors.As(err, &fe) {
			field := fe.Field
			if field == "year" {
				field = "start"
			}
			return s.renderEventForm(w, r, http.StatusUnprocessableEntity, e, map[string]string{field: fe.Problem})
		}
		return err
	}
	var created statement.Event
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		var err error
		created, err = tx.CreateEvent(r.Context(), visitorFrom(r).actor(), e)
		return err
	})
	if errors.Is(err, store.ErrDuplicate) {
		L := visitorFrom(r).printer
		return s.renderEventForm(w, r, http.StatusConflict, e, map[string]string{"title": L.T("events.duplicate")})
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/events/"+strconv.FormatInt(created.ID, 10), http.StatusSeeOther)
	return nil
}

type importStatementsData struct {
	Event    statement.Event
	Formats  []statementfile.Format
	Form     map[string]string
	Problems []statementfile.Problem
	Counts   *store.StatementCounts
	Error    string
}

// uploadFormats are the formats the upload page offers; "" guesses.
var uploadFormats = []statementfile.Format{"", statementfile.Verbatim, statementfile.Text, statementfile.HTML,
	statementfile.DOCX,
	statementfile.PDF, statementfile.CSV, statementfile.JSONL}

func (s *Server) importStatementsForm(w http.ResponseWriter, r *http.Request) error {
	ev, err := s.pathEvent(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "statements_import",
		importStatementsData{Event: ev, Formats: uploadFormats, Form: map[string]string{}})
}

func (s *Server) pathEvent(r *http.Request) (statement.Event, error) {
	id, err := pathID(r)
	if err != nil {
		return statement.Event{}, err
	}
	ev, err := s.store.Event(r.Context(), id)
	return ev, notFound(err, "event %d", id)
}

// importStatements stores the statements of the uploaded files in the
// event, and shows what was stored and each bad file or row.
func (s *Server) importStatements(w http.ResponseWriter, r *http.Request) error {
	ev, err := s.pathEvent(r)
	if err != nil {
		return err
	}
	d := importStatementsData{Event: ev, Formats: uploadFormats, Form: map[string]string{}}
	for _, k := range []string{"format", "speaker", "on_behalf_of", "language", "date", "source"} {
		d.Form[k] = strings.TrimSpace(r.PostFormValue(k))
	}
	opts := statementfile.Options{
		Format: statementfile.Format(d.Form["format"]),
		Event:  ev.ID,
		Symbol: d.Form["source"],
		Defaults: statement.Statement{Speaker: d.Form["speaker"], OnBehalfOf: d.Form["on_behalf_of"],
			Language: d.Form["language"], Date: d.Form["date"]},
	}
	if opts.Format != "" && !slices.Contains(uploadFormats, opts.Format) {
		return errorf(http.StatusBadRequest, "invalid_parameter", "format %q", opts.Format)
	}
	if strings.Contains(d.Form["source"], "://") {
		opts.Defaults.SourceURL = d.Form["source"]
	} else {
		opts.Defaults.SourceSymbol = strings.ReplaceAll(d.Form["source"], " ", "")
	}
	files, err := uploadedFiles(r)
	if err != nil {
		return err
	}
	if len(files) == 0 {
		d.Error = visitorFrom(r).printer.T("statements.no_file")
		return s.render(w, r, http.StatusUnprocessableEntity, "statements_import", d)
	}
	p := statementfile.Prepare(r.Context(), s.states, s.store.Event, files, opts)
	var n store.StatementCounts
	if len(p.Statements) > 0 {
		err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
			var err error
			n, err = tx.AddStatements(r.Context(), visitorFrom(r).actor(), fileNames(files), p.Statements)
			return err
		})
		if err != nil {
			return err
		}
		if _, err := s.coder.CodeStale(r.Context(), ev.ID); err != nil {
			return err
		}
	}
	if len(p.Problems) == 0 {
		to := "/admin/events/" + strconv.FormatInt(ev.ID, 10) +
			"?created=" + strconv.Itoa(n.Created) + "&existing=" + strconv.Itoa(n.Existing)
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	d.Problems, d.Counts = p.Problems, &n
	return s.render(w, r, http.StatusUnprocessableEntity, "statements_import", d)
}

func uploadedFiles(r *http.Request) ([]statementfile.File, error) {
	var files []statementfile.File
	for _, h := range r.MultipartForm.File["file"] {
		f, err := h.Open()
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(f)
		f.Close()
		if err != nil {
			return nil, err
		}
		if len(data) > 0 {
			files = append(files, statementfile.File{Name: h.Filename, Data: data})
		}
	}
	return files, nil
}

func fileNames(files []statementfile.File) string {
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

// eventReport is the report of the path's event.
func (s *Server) eventReport(r *http.Request) (store.EventReport, error) {
	id, err := pathID(r)
	if err != nil {
		return store.EventReport{}, err
	}
	report, err := s.store.EventReport(r.Context(), s.states, id)
	return report, notFound(err, "event %d", id)
}
