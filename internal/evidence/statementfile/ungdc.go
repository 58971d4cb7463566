package statementfile

import (
	"strconv"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/evidence/ungdc"
)

// UNGDCFile names the corpus in the statements' source.
const UNGDCFile = "UN General Debate Corpus"

// SpeechEvent is the event of a speech of the UN General Debate Corpus:
// the General Debate of its session, known by its year only.
func SpeechEvent(sp ungdc.Speech) statement.Event {
	e := statement.Event{Body: statement.GAPlenary, Title: statement.GeneralDebateTitle(sp.Session), Year: sp.Year,
		Session: strconv.Itoa(sp.Session)}
	e.Normalize()
	return e
}

// SpeechStatement is a speech of the corpus as a statement, in English
// (the corpus holds the UN's English texts), not yet prepared. A speech of
// an unverified year, or by a speaker that was not a member that year,
// carries a note that says so.
func SpeechStatement(sp ungdc.Speech) statement.Statement {
	st := statement.Statement{Speaker: sp.Speaker, Language: "en", Text: sp.Text, SourceFile: UNGDCFile}
	switch {
	case !sp.Verified:
		st.Note = "UNGDC: a year after " + strconv.Itoa(ungdc.LastVerifiedYear) + ", of undocumented origin: unverified"
	case sp.Warning != "":
		st.Note = "UNGDC: " + sp.Warning
	}
	return st
}
