package coding

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
)

// The exports give the consensus view (see Unit.Consensus): what every
// count uses. Column names are safe for R and Stata: lower-case letters,
// digits and underscores, starting with a letter, at most 32 characters.

// LongColumns are the columns of the long export, one row per statement
// and code of the codebook.
var LongColumns = []string{"statement_id", "event_id", "speaker", "speaker_kind", "on_behalf_of", "year",
	"date", "language", "category", "code", "value", "evidence", "evidence_start", "evidence_end", "coder", "codebook"}

// Long is the long export: for each statement, one row per code of the
// codebook, value 1 when the code is present, 0 when not, and empty for a
// statement no one has coded yet (missing, not absent), with the
// evidence of a present code (its first: the words, and their byte offsets
// in the statement's text) and who decided it ("auto", or a person's
// actor id). The first row is LongColumns.
func Long(units []Unit, cb *codebook.Codebook) [][]string {
	table := [][]string{LongColumns}
	for _, u := range units {
		view := u.Consensus()
		st := u.Statement
		for _, cat := range cb.Categories {
			for _, def := range cat.Codes {
				value, evidence, start, end, by := "", "", "", "", ""
				if u.Auto.Stamp != "" { // the automatic coder found the code absent
					value, by = "0", AutoCoder
				}
				if v, ok := view[def.ID]; ok {
					value, by = "0", v.By
					if v.Present {
						value = "1"
						if s, e, ok := evidenceOf(u, def.ID, v); ok {
							evidence, start, end = st.Text[s:e], strconv.Itoa(s), strconv.Itoa(e)
						}
					}
				}
				table = append(table, []string{
					strconv.FormatInt(st.ID, 10), strconv.FormatInt(st.EventID, 10), st.Speaker, string(st.Kind),
					st.OnBehalfOf, strconv.Itoa(st.Year), st.Date, st.Language,
					cat.ID, def.ID, value, evidence, start, end, by, u.Auto.Stamp,
				})
			}
		}
	}
	return table
}

// evidenceOf is where the text justifies a present code: the span of the
// deciding person's decision when it has one, else the automatic coder's
// first span for the code.
func evidenceOf(u Unit, code string, v Value) (start, end int, ok bool) {
	if v.Decision != nil && v.Decision.End > v.Decision.Start {
		return v.Decision.Start, v.Decision.End, validSpan(u, v.Decision.Start, v.Decision.End)
	}
	for _, c := range u.Auto.Codes {
		if c.Code == code && !c.Negated {
			return c.Start, c.End, validSpan(u, c.Start, c.End)
		}
	}
	return 0, 0, false
}

func validSpan(u Unit, start, end int) bool {
	return 0 <= start && start < end && end <= len(u.Statement.Text)
}

// WideColumns are the first columns of the wide export; one column per
// code follows, named by VariableName.
var WideColumns = []string{"statement_id", "event_id", "speaker", "speaker_kind", "on_behalf_of", "year",
	"date", "language", "stance", "codebook"}

// Wide is the wide export: one row per statement, one column per code of
// the codebook (1 present, 0 absent), after WideColumns. The first row is
// the header.
func Wide(units []Unit, cb *codebook.Codebook) [][]string {
	header := append([]string(nil), WideColumns...)
	var ids []string
	for _, cat := range cb.Categories {
		for _, def := range cat.Codes {
			ids = append(ids, def.ID)
			header = append(header, VariableName(def.ID))
		}
	}
	table := [][]string{header}
	for _, u := range units {
		view := u.Consensus()
		st := u.Statement
		stance, _ := u.Stance()
		row := []string{strconv.FormatInt(st.ID, 10), strconv.FormatInt(st.EventID, 10), st.Speaker,
			string(st.Kind), st.OnBehalfOf,
			strconv.Itoa(st.Year), st.Date, st.Language, stance, u.Auto.Stamp}
		for _, id := range ids {
			v, decided := view[id]
			switch {
			case v.Present:
				row = append(row, "1")
			case decided || u.Auto.Stamp != "":
				row = append(row, "0")
			default:
				row = append(row, "") // not coded yet: missing, not absent
			}
		}
		table = append(table, row)
	}
	return table
}

// CodebookColumns are the columns of the codebook sheet.
var CodebookColumns = []string{"variable", "code", "category", "label", "description", "codebook"}

// CodebookTable describes each code of cb, for the sheet that goes with
// the data: its variable name in the wide export, its id, category, label
// and description, and the codebook's stamp.
func CodebookTable(cb *codebook.Codebook) [][]string {
	table := [][]string{CodebookColumns}
	for _, cat := range cb.Categories {
		for _, def := range cat.Codes {
			table = append(table,
				[]string{VariableName(def.ID), def.ID, cat.ID, def.Label,
					strings.Join(strings.Fields(def.Description), " "), cb.Stamp()})
		}
	}
	return table
}

// VariableName makes a code's id a variable name R and Stata accept:
// lower-case letters, digits and underscores, starting with a letter, at
// most 32 characters.
func VariableName(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	name := b.String()
	if name == "" || name[0] < 'a' || name[0] > 'z' {
		name = "c_" + name
	}
	if len(name) > 32 {
		name = name[:32]
	}
	return name
}
