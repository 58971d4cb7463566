package document

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/r2p-coalition/r2p/internal/format/spreadsheet"
)

// readCSV reads CSV records as tab-separated lines, each at the line of
// the file where it starts. sep 0 means: guess from the first line.
func readCSV(name, text string, sep rune) (Text, error) {
	if sep == 0 {
		sep = guessSeparator(text)
	}
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = sep
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	var lines []string
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return Text{}, &Error{Name: name, Line: pe.Line, Offset: -1, Err: pe.Err}
			}
			return Text{}, fail(name, err)
		}
		line, _ := r.FieldPos(0)
		for len(lines) < line-1 {
			lines = append(lines, "")
		}
		for i := range rec {
			rec[i] = spreadsheet.Unescape(rec[i]) // as r2p's own exports protect them
		}
		lines = append(lines, rowLine(rec))
	}
	return Text{Format: FormatCSV, Lines: lines}, nil
}

// guessSeparator returns whichever of comma, semicolon and tab the first
// line holds most (Excel writes semicolons where the comma is a decimal
// mark).
func guessSeparator(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, most := ',', strings.Count(first, ",")
	for _, c := range []rune{';', '\t'} {
		if n := strings.Count(first, string(c)); n > most {
			best, most = c, n
		}
	}
	return best
}
