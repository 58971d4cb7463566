package coding

import (
	"fmt"
	"io"

	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/format/spreadsheet"
)

// Export formats.
const (
	FormatLong = "long"
	FormatWide = "wide"
)

// WriteExport writes the coded data of units in format (FormatLong or
// FormatWide): as CSV, or, with xlsx, as a workbook whose "data" sheet is
// followed by a "codebook" sheet describing each code.
func WriteExport(w io.Writer, units []Unit, cb *codebook.Codebook, format string, xlsx bool) error {
	var table [][]string
	var numeric []bool
	switch format {
	case FormatLong:
		table = Long(units, cb)
		numeric = columnsNamed(LongColumns, "statement_id", "event_id", "year", "value", "evidence_start",
			"evidence_end")
	case FormatWide:
		table = Wide(units, cb)
		numeric = columnsNamed(table[0], "statement_id", "event_id", "year")
		for i := len(WideColumns); i < len(numeric); i++ {
			numeric[i] = true // the codes' 0 and 1
		}
	default:
		return fmt.Errorf("format %q: want %s or %s", format, FormatLong, FormatWide)
	}
	if !xlsx {
		return spreadsheet.TableCSV(w, table)
	}
	return spreadsheet.Workbook(w, cb.Title, spreadsheet.Sheet{Name: "data", Rows: table, Numeric: numeric},
		spreadsheet.Sheet{Name: "codebook", Rows: CodebookTable(cb)})
}

func columnsNamed(header []string, names ...string) []bool {
	numeric := make([]bool, len(header))
	for i, h := range header {
		for _, n := range names {
			if h == n {
				numeric[i] = true
			}
		}
	}
	return numeric
}
