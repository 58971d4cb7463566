package statementfile

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
)

// File is one file to import.
type File struct {
	Name string
	Data []byte
}

// Options say how to read the files of an import.
type Options struct {
	// Format is the files' format; "" guesses each file's from its name
	// and first bytes (FormatOf).
	Format Format
	// Event is the event of the statements whose file or row names none.
	Event int64
	// Defaults fill what a one-statement file cannot say: Speaker (else
	// the file's name without its extension, such as "Sweden.pdf"),
	// OnBehalfOf (else what the text's opening says, see
	// statement.DetectOnBehalfOf), Language, Date, Order, the source and
	// the speaker's name and title.
	Defaults statement.Statement
	// Symbol is a verbatim record's document symbol, when its text does
	// not give it.
	Symbol string
}

// Problem is a bad file or a bad row of one.
type Problem struct {
	File    string
	Line    int // 0 for a file as a whole
	Turn    int // the turn of a verbatim record, from 1; 0 otherwise
	Field   string
	Problem string
}

func (p Problem) String() string {
	if p.Turn > 0 {
		return fmt.Sprintf("%s: turn %d: %s: %s", p.File, p.Turn, p.Field, p.Problem)
	}
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.Problem)
	}
	return fmt.Sprintf("%s:%d: %s: %s", p.File, p.Line, p.Field, p.Problem)
}

// Prepared is what an import read: the statements, ready to store, and
// the problems.
type Prepared struct {
	Statements []statement.Statement
	Problems   []Problem
}

// EventLookup returns an event by id (store.Store.Event).
type EventLookup func(ctx context.Context, id int64) (statement.Event, error)

// Prepare reads the files and prepares their statements against the
// states table and their events. A bad file or row is a Problem; the
// others go on.
func Prepare(ctx context.Context, table *states.Table, events EventLookup, files []File, opts Options) Prepared {
	var p Prepared
	cache := map[int64]statement.Event{}
	event := func(id int64) (statement.Event, error) {
		if id == 0 {
			id = opts.Event
		}
		if id == 0 {
			return statement.Event{}, errors.New("no event: give the file's event, or an event column")
		}
		if e, ok := cache[id]; ok {
			return e, nil
		}
		e, err := events(ctx, id)
		if err != nil {
			return e, fmt.Errorf("event %d: %w", id, err)
		}
		cache[id] = e
		return e, nil
	}
	for _, f := range files {
		format := opts.Format
		if format == "" {
			format = FormatOf(f.Name, f.Data)
		}
		if format == Verbatim {
			p.prepareRecord(ctx, table, event, f, opts.Symbol)
			continue
		}
		if IsBatch(format) {
			p.prepareBatch(table, event, f, format)
			continue
		}
		text, err := ReadText(ctx, format, f.Name, f.Data)
		if err != nil {
			p.Problems = append(p.Problems, Problem{File: f.Name, Problem: err.Error()})
			continue
		}
		st := opts.Defaults
		st.Text = text
		if st.Speaker == "" && st.SpeakerName == "" {
			st.Speaker = strings.TrimSuffix(filepath.Base(f.Name), filepath.Ext(f.Name))
		}
		if st.OnBehalfOf == "" {
			st.OnBehalfOf = statement.DetectOnBehalfOf(table, statement.Normalize(text))
		}
		if st.SourceFile == "" {
			st.SourceFile = baseName(f.Name)
		}
		p.add(table, event, f.Name, 0, 0, st)
	}
	return p
}

func (p *Prepared) prepareBatch(table *states.Table, event func(int64) (statement.Event, error), f File,
	format Format) {
	rows, bad, err := ReadBatch(format, f.Data)
	if err != nil {
		p.Problems = append(p.Problems, Problem{File: f.Name, Problem: err.Error()})
		return
	}
	first := len(p.Problems)
	for _, b := range bad {
		p.Problems = append(p.Problems, Problem{File: f.Name, Line: b.Line, Field: b.Field, Problem: b.Problem})
	}
	for _, r := range rows {
		r.Statement.SourceFile = baseName(f.Name)
		p.add(table, event, f.Name, r.Line, r.Event, r.Statement)
	}
	slices.SortStableFunc(p.Problems[first:], func(a, b Problem) int { return a.Line - b.Line })
}

// add prepares one statement, or records why it cannot be.
func (p *Prepared) add(table *states.Table, event func(int64) (statement.Event, error), file string, line int,
	eventID int64, st statement.Statement) {
	problem := Problem{File: file, Line: line, Field: "event"}
	ev, err := event(eventID)
	if err == nil {
		err = st.Prepare(table, ev)
		var fe *statement.FieldError
		if errors.As(err, &fe) {
			problem.Field, err = fe.Field, errors.New(fe.Problem)
		}
	}
	if err != nil {
		problem.Problem = err.Error()
		if line == 0 {
			problem.Problem = problem.Field + ": " + problem.Problem
		}
		p.Problems = append(p.Problems, problem)
		return
	}
	p.Statements = append(p.Statements, st)
}

// addTurn prepares a turn of a verbatim record, or records why it cannot
// be.
func (p *Prepared) addTurn(table *states.Table, ev statement.Event, file string, st statement.Statement) {
	err := st.Prepare(table, ev)
	var fe *statement.FieldError
	if errors.As(err, &fe) {
		p.Problems = append(p.Problems, Problem{File: file, Turn: st.Order, Field: fe.Field, Problem: fe.Problem})
		return
	}
	p.Statements = append(p.Statements, st)
}

// baseName is the name of a file without its directory; standard input
// is "-".
func baseName(name string) string {
	if name == "-" || name == "standard input" {
		return "-"
	}
	return filepath.Base(name)
}
