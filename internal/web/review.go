package web

import (
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Coding statements by hand is an Editor's work; a coder is the signed-in
// editor, whose actor id ("user:12") each decision keeps with its time.
// Decisions are data, not audit events: each is stored with its coder and
// time and never changed, which is the record the audit log would keep.
//
// The review page shows the automatic codes and their evidence, for a
// coder to accept, reject or add to them. The blind page (/code) hides
// them: the coder ticks the codes found, and those blind codings are what
// the agreement figures compare.

// segment is a stretch of a statement's text and the codes whose evidence
// covers it, none for plain text.
type segment struct {
	Text  string
	Codes []string
}

// Title names the codes, for the mark's tooltip.
func (s segment) Title() string { return strings.Join(s.Codes, ", ") }

// span is the evidence of one code: bytes [start, end) of the text.
type span struct {
	start, end int
	code       string
}

// highlight cuts text at every start and end of the spans and returns the
// pieces in order, each with the codes covering it. Offsets are bytes; a
// span outside the text, or not on rune boundaries, is left out, so a
// piece is always valid UTF-8 for the template to escape.
func highlight(text string, spans []span) []segment {
	cuts := []int{0, len(text)}
	var ok []span
	for _, sp := range spans {
		if sp.start < 0 || sp.end > len(text) || sp.start >= sp.end || !utf8.RuneStart(byteAt(text,
			sp.start)) || !utf8.RuneStart(byteAt(text, sp.end)) {
			continue
		}
		ok = append(ok, sp)
		cuts = append(cuts, sp.start, sp.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var out []segment
	for i := 0; i+1 < len(cuts); i++ {
		from, to := cuts[i], cuts[i+1]
		seg := segment{Text: text[from:to]}
		for _, sp := range ok {
			if sp.start <= from && to <= sp.end && !slices.Contains(seg.Codes, sp.code) {
				seg.Codes = append(seg.Codes, sp.code)
			}
		}
		out = append(out, seg)
	}
	return out
}

// byteAt is text[i], or a rune start at the end of the text.
func byteAt(text string, i int) byte {
	if i == len(text) {
		return 0
	}
	return text[i]
}

// reviewCode is a line of the review page's list of codes.
type reviewCode struct {
	ID, Category, Label string
	Auto                bool     // the automatic coder found it
	Rules               []string // the rules that fired
	Mine                string   // my latest decision about it, "" for none
	Present             bool     // in the consensus
	By                  string   // who decided the consensus
}

// sentenceChoice is a sentence offered as the evidence of an added code.
type sentenceChoice struct {
	Index int
	Text  string
}

type reviewData struct {
	Statement statement.Statement
	Name      string
	Stamp     string // the codebook the automatic codes come from
	Stale     bool   // coded with another version than the active one
	Segments  []segment
	Codes     []reviewCode
	Codebook  *codebook.Codebook
	Sentences []sentenceChoice
	Stance    string // the consensus stance
	StanceBy  string
	MyStance  string
	Reviewed  bool
}

// codingUnit returns the statement of the path's id with its coding, and
// the active codebook every coding page works with.
func (s *Server) codingUnit(r *http.Request) (coding.Unit, coding.CodebookVersion, *codebook.Codebook, error) {
	id, err := pathID(r)
	if err != nil {
		return coding.Unit{}, coding.CodebookVersion{}, nil, err
	}
	u, err := s.store.CodingUnit(r.Context(), id)
	if err != nil {
		return u, coding.CodebookVersion{}, nil, notFound(err, "statement %d", id)
	}
	v, cb, err := s.coder.Active(r.Context())
	return u, v, cb, err
}

// reviewPage shows a statement with its automatic codes' evidence marked,
// for the signed-in coder to accept, reject or add codes.
func (s *Server) reviewPage(w http.ResponseWriter, r *http.Request) error {
	u, v, cb, err := s.codingUnit(r)
	if err != nil {
		return err
	}
	me := visitorFrom(r).actor()
	d := reviewData{Statement: u.Statement, Name: s.speakerName(r, u.Statement), Stamp: u.Auto.Stamp,
		Stale: u.Auto.Stamp != v.Stamp(), Codebook: cb}
	var spans []span
	for _, c := range u.Auto.Codes {
		spans = append(spans, span{c.Start, c.End, c.Code})
	}
	for _, dec := range u.Decisions {
		if !dec.Blind && dec.Verdict == coding.Add && dec.End > 0 {
			spans = append(spans, span{dec.Start, dec.End, dec.Code})
		}
	}
	d.Segments = highlight(u.Statement.Text, spans)
	consensus, mine := u.Consensus(), u.CoderView(me)
	for _, id := range slices.Sorted(maps.Keys(consensus)) {
		rc := reviewCode{ID: id, Present: consensus[id].Present, By: consensus[id].By}
		if def, ok := cb.Lookup(id); ok {
			rc.Category, rc.Label = def.Category, def.Label
		}
		for _, c := range u.Auto.Codes {
			if c.Code == id {
				rc.Auto = true
				rc.Category = c.Category
				if !slices.Contains(rc.Rules, c.Rule) {
					rc.Rules = append(rc.Rules, c.Rule)
				}
			}
		}
		if m := mine[id]; m.Decision != nil {
			rc.Mine = string(m.Decision.Verdict)
		}
		d.Codes = append(d.Codes, rc)
	}
	for i, sp := range codebook.Sentences([]byte(u.Statement.Text)) {
		text := strings.Join(strings.Fields(u.Statement.Text[sp.Start:sp.End]), " ")
		if utf8.RuneCountInString(text) > 90 {
			text = string([]rune(text)[:90]) + "…"
		}
		d.Sentences = append(d.Sentences, sentenceChoice{Index: i, Text: text})
	}
	d.Stance, d.StanceBy = u.Stance()
	if sess, ok := u.Session(me, false); ok {
		d.Reviewed, d.MyStance = true, sess.Stance
	}
	return s.render(w, r, http.StatusOK, "review", d)
}

// decide stores the signed-in coder's decision about a code of the
// statement: accept, reject, or add (with a sentence as its evidence).
func (s *Server) decide(w http.ResponseWriter, r *http.Request) error {
	u, _, cb, err := s.codingUnit(r)
	if err != nil {
		return err
	}
	dec := coding.Decision{StatementID: u.Statement.ID, Coder: visitorFrom(r).actor(),
		Code: r.PostFormValue("code"), Verdict: coding.Verdict(r.PostFormValue("decision"))}
	if !slices.Contains(coding.Verdicts, dec.Verdict) {
		return errorf(http.StatusBadRequest, "invalid_parameter", "decision %q: want accept, reject or add",
			dec.Verdict)
	}
	if _, ok := cb.Lookup(dec.Code); !ok {
		return errorf(http.StatusBadRequest, "invalid_parameter", "code %q is not in the codebook", dec.Code)
	}
	if v := r.PostFormValue("sentence"); v != "" && dec.Verdict == coding.Add {
		sentences := codebook.Sentences([]byte(u.Statement.Text))
		i, err := strconv.Atoi(v)
		if err != nil || i < 0 || i >= len(sentences) {
			return errorf(http.StatusBadRequest, "invalid_parameter", "sentence %q: want a number from 0 to %d",
				v, len(sentences)-1)
		}
		dec.Start, dec.End = sentences[i].Start, sentences[i].End
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		_, err := tx.AddDecision(r.Context(), dec)
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/statements/"+strconv.FormatInt(u.Statement.ID, 10)+"/review", http.StatusSeeOther)
	return nil
}

// checkStance reads the stance field: "" or a stance of the codebook.
func checkStance(cb *codebook.Codebook, stance string) error {
	if stance == "" || slices.ContainsFunc(cb.Stances, func(st codebook.Stance) bool { return st.ID == stance }) {
		return nil
	}
	return errorf(http.StatusBadRequest, "invalid_parameter", "stance %q is not in the codebook", stance)
}

// markReviewed records that the signed-in coder reviewed the statement,
// with the stance given, and goes on to the coder's next statement.
func (s *Server) markReviewed(w http.ResponseWriter, r *http.Request) error {
	return s.saveSession(w, r, false, nil)
}

// saveSession stores the coder's session (and, for a blind coding, the
// decisions that bring the coder's blind view to the codes ticked), then
// redirects to the coder's next statement of the event.
func (s *Server) saveSession(w http.ResponseWriter, r *http.Request, blind bool, ticked []string) error {
	u, _, cb, err := s.codingUnit(r)
	if err != nil {
		return err
	}
	me := visitorFrom(r).actor()
	stance := r.PostFormValue("stance")
	if err := checkStance(cb, stance); err != nil {
		return err
	}
	var decisions []coding.Decision
	if blind {
		for _, id := range ticked {
			if _, ok := cb.Lookup(id); !ok {
				return errorf(http.StatusBadRequest, "invalid_parameter", "code %q is not in the codebook", id)
			}
		}
		decisions = blindDecisions(u, me, ticked)
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		for _, d := range decisions {
			if _, err := tx.AddDecision(r.Context(), d); err != nil {
				return err
			}
		}
		_, err := tx.SaveSession(r.Context(),
			coding.Session{StatementID: u.Statement.ID, Coder: me, Blind: blind, Stance: stance})
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, nextURL(u.Statement.EventID, blind), http.StatusSeeOther)
	return nil
}

// blindDecisions are the decisions that turn coder's blind view of u into
// exactly the codes ticked: add what is newly ticked, reject what no
// longer is.
func blindDecisions(u coding.Unit, coder string, ticked []string) []coding.Decision {
	before := coding.PresentCodes(u.BlindView(coder))
	var out []coding.Decision
	for _, id := range ticked {
		if !slices.Contains(before, id) {
			out = append(out,
				coding.Decision{StatementID: u.Statement.ID, Coder: coder, Code: id, Verdict: coding.Add, Blind: true})
		}
	}
	for _, id := range before {
		if !slices.Contains(ticked, id) {
			out = append(out,
				coding.Decision{StatementID: u.Statement.ID, Coder: coder, Code: id, Verdict: coding.Reject,
					Blind: true})
		}
	}
	return out
}

func nextURL(event int64, blind bool) string {
	u := "/admin/events/" + strconv.FormatInt(event, 10) + "/coding/next"
	if blind {
		u += "?blind=1"
	}
	return u
}

type blindData struct {
	Statement  statement.Statement
	Name       string
	Categories []codebook.Category
	Stances    []codebook.Stance
	Ticked     map[string]bool
	Stance     string
	Done       bool
}

// blindPage shows a statement without its automatic codes, with every
// code of the codebook to tick: a blind coding, for agreement figures.
func (s *Server) blindPage(w http.ResponseWriter, r *http.Request) error {
	u, _, cb, err := s.codingUnit(r)
	if err != nil {
		return err
	}
	me := visitorFrom(r).actor()
	d := blindData{Statement: u.Statement, Name: s.speakerName(r, u.Statement), Categories: cb.Categories,
		Stances: cb.Stances, Ticked: map[string]bool{}}
	for _, id := range coding.PresentCodes(u.BlindView(me)) {
		d.Ticked[id] = true
	}
	if sess, ok := u.Session(me, true); ok {
		d.Done, d.Stance = true, sess.Stance
	}
	return s.render(w, r, http.StatusOK, "code_blind", d)
}

// saveBlind stores a blind coding.
func (s *Server) saveBlind(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return errorf(http.StatusBadRequest, "invalid_form", "%v", err)
	}
	ticked := slices.Compact(slices.Sorted(slices.Values(r.PostForm["code"])))
	return s.saveSession(w, r, true, ticked)
}

type queueData struct {
	Event         statement.Event
	Review, Blind store.CodingProgress
}

// codingQueue shows the signed-in coder's progress through an event's
// statements, reviewing and coding blind, with links to the next of each.
func (s *Server) codingQueue(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	ev, err := s.store.Event(r.Context(), id)
	if err != nil {
		return notFound(err, "event %d", id)
	}
	me := visitorFrom(r).actor()
	d := queueData{Event: ev}
	if d.Review, err = s.store.NextToCode(r.Context(), id, me, false); err != nil {
		return err
	}
	if d.Blind, err = s.store.NextToCode(r.Context(), id, me, true); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "coding_queue", d)
}

// nextToCode sends the coder to the next statement of the event to review
// (or, with ?blind=1, to code blind), or back to the queue when none is
// left.
func (s *Server) nextToCode(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	blind := r.URL.Query().Get("blind") == "1"
	p, err := s.store.NextToCode(r.Context(), id, visitorFrom(r).actor(), blind)
	if err != nil {
		return err
	}
	target := "/admin/events/" + strconv.FormatInt(id, 10) + "/coding"
	switch {
	case p.Next != 0 && blind:
		target = "/admin/statements/" + strconv.FormatInt(p.Next, 10) + "/code"
	case p.Next != 0:
		target = "/admin/statements/" + strconv.FormatInt(p.Next, 10) + "/review"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}
