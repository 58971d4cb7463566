package delivery

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states"
)

// MaxCSVStates bounds the rows of a file of states: there are 195 states
// to write to, and a file may name some of them twice.
const MaxCSVStates = 1000

// ReadStatesCSV reads a pick of states from a CSV file: the codes (ISO3
// or ISO2) in its iso3 column when its first row names one, else in its
// first column. Blank cells are skipped and a state named twice counts
// once. An error names the line: a code that is not a UN member or
// observer state, a malformed row, or a file that names no state.
func ReadStatesCSV(r io.Reader) (Recipients, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	column, first := 0, true
	var picked []string
	for {
		row, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return Recipients{}, csvSyntaxError(err)
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			if i := slices.IndexFunc(row, isISO3Header); i >= 0 {
				column = i
				continue
			}
		}
		if column >= len(row) || strings.TrimSpace(row[column]) == "" {
			continue
		}
		code := strings.ToUpper(strings.TrimSpace(row[column]))
		st, ok := states.Default().Lookup(code)
		if !ok || !sendable(st) {
			return Recipients{}, fmt.Errorf("line %d: %q is not a UN member or observer state", line, code)
		}
		if len(picked) == MaxCSVStates {
			return Recipients{}, fmt.Errorf("line %d: the file names more than %d states", line, MaxCSVStates)
		}
		picked = append(picked, st.Code)
	}
	if len(picked) == 0 {
		return Recipients{}, errors.New("the file names no state: put ISO3 codes in its first column or in a column named iso3")
	}
	slices.Sort(picked)
	return Recipients{Kind: Pick, Picked: slices.Compact(picked)}, nil
}

func isISO3Header(h string) bool {
	return strings.EqualFold(strings.TrimSpace(strings.TrimPrefix(h, "\ufeff")), "iso3")
}

// csvSyntaxError says where a file is not CSV, by its line.
func csvSyntaxError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("line %d: %v", pe.StartLine, pe.Err)
	}
	return err
}
