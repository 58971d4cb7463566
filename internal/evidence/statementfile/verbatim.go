package statementfile

import (
	"context"
	"errors"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/evidence/verbatim"
	"github.com/r2p-coalition/r2p/internal/states"
)

// Verbatim is a UN verbatim record (PDF, text or DOCX), whose speaker
// turns become statements of one event.
const Verbatim Format = "verbatim"

// ErrNoSymbol says that a verbatim record's text gives no document
// symbol, which its turns need to be told apart on a second import.
var ErrNoSymbol = errors.New("the record gives no document symbol (such as A/63/PV.97): give it with the import")

// RecordStatements turns a verbatim record into statements: one per turn,
// in order, the presiding officer's procedural turns marked Procedural, a
// turn that opens "on behalf of" a known group a joint statement. symbol
// is used when the record's text gives none.
func RecordStatements(table *states.Table, rec verbatim.Record, symbol string) ([]statement.Statement, error) {
	if rec.Symbol != "" {
		symbol = rec.Symbol
	}
	if symbol == "" {
		return nil, ErrNoSymbol
	}
	date := ""
	if !rec.Date.IsZero() {
		date = rec.Date.Format(statement.DateLayout)
	}
	list := make([]statement.Statement, 0, len(rec.Turns))
	for _, t := range rec.Turns {
		st := statement.Statement{SpeakerName: t.Speaker, SpeakerTitle: t.Role, Order: t.Order,
			Procedural: t.Procedural,
			Text:       t.Text, SourceSymbol: symbol, Date: date}
		st.Language, _ = statement.LanguageCode(t.Language)
		switch {
		case t.State != "":
			st.Speaker = t.State
		case t.Procedural || t.Role != "":
			// A presiding officer, or a delegate speaking in an office
			// (a rapporteur): not for their state.
			st.Kind = statement.Official
		default:
			st.Kind = statement.Organization
			if kind, code, err := statement.ResolveSpeaker(table,
				strings.TrimPrefix(t.Speaker, "The ")); err == nil && kind != statement.State {
				st.Kind, st.Speaker = kind, code
			} else if kind, code, err := statement.ResolveSpeaker(table,
				t.Affiliation); err == nil && kind != statement.State {
				st.Kind, st.Speaker = kind, code
			} else {
				st.SpeakerTitle = t.Affiliation
			}
		}
		if !t.Procedural {
			st.OnBehalfOf = statement.DetectOnBehalfOf(table, statement.Normalize(t.Text))
		}
		list = append(list, st)
	}
	return list, nil
}

// recordText reads a verbatim record's text: a PDF's text layer, pages
// separated by form feeds, as verbatim.Parse expects; else a document.
func recordText(ctx context.Context, f File) (string, error) {
	format := FormatOf(f.Name, f.Data)
	if format == PDF {
		return readPDF(ctx, f.Data, "\f")
	}
	return ReadText(ctx, format, f.Name, f.Data)
}

func (p *Prepared) prepareRecord(ctx context.Context, table *states.Table,
	event func(int64) (statement.Event, error), f File, symbol string) {
	fail := func(err error) { p.Problems = append(p.Problems, Problem{File: f.Name, Problem: err.Error()}) }
	text, err := recordText(ctx, f)
	if err != nil {
		fail(err)
		return
	}
	rec, err := verbatim.Parse(text)
	if err != nil {
		fail(err)
		return
	}
	list, err := RecordStatements(table, rec, symbol)
	if err != nil {
		fail(err)
		return
	}
	ev, err := event(0)
	if err != nil {
		fail(err)
		return
	}
	if d := list[0].Date; d != "" && ev.Start != "" && (d < ev.Start || d > ev.End) {
		fail(errors.New("the record is of " + d + ", outside the event's dates, " + ev.Start + " to " + ev.End))
		return
	}
	for _, st := range list {
		st.SourceFile = baseName(f.Name)
		p.addTurn(table, ev, f.Name, st)
	}
}
