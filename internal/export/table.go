package export

import (
	"encoding/csv"
	"fmt"
	"github.com/r2p-coalition/r2p/internal/csvcell"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/r2p-coalition/r2p/internal/signatory"
)

// Columns are the header of the CSV and XLSX exports: the entry's fields,
// then the entry as Line renders it. Lists in a cell are joined by ";":
// countries are ISO 3166-1 alpha-3 codes, and country_labels are the
// countries as the organization wrote them, parallel to countries, with an
// empty slot where the UN short name is meant ("" when every slot is empty).
var Columns = []string{"name", "acronym", "countries", "country_labels", "place", "line"}

// ListSeparator joins the codes and the labels in the countries and
// country_labels columns.
const ListSeparator = ";"

// record is an entry as a row of the CSV and XLSX exports.
func record(e signatory.Entry, line string) []string {
	return []string{
		e.Name,
		e.Acronym,
		strings.Join(e.Countries, ListSeparator),
		joinLabels(e),
		e.Place,
		line,
	}
}

// joinLabels joins the labels of e's countries, one slot per country.
func joinLabels(e signatory.Entry) string {
	labels := make([]string, len(e.Countries))
	empty := true
	for i := range labels {
		if i < len(e.CountryLabels) && e.CountryLabels[i] != "" {
			labels[i] = e.CountryLabels[i]
			empty = false
		}
	}
	if empty {
		return ""
	}
	return strings.Join(labels, ListSeparator)
}

// rows returns the header and one record per entry, sorted as Lines sorts.
func rows(entries []signatory.Entry, opt Options) [][]string {
	sorted := Sorted(entries, opt.Lang)
	out := make([][]string, 0, len(sorted)+1)
	out = append(out, Columns)
	for _, e := range sorted {
		out = append(out, record(e, Line(e, opt.Lang)))
	}
	return out
}

// CSV writes the list as comma-separated values (RFC 4180, UTF-8, CRLF line
// ends) under a header row of Columns, starting with a byte order mark when
// opt.ExcelBOM is set.
func CSV(w io.Writer, entries []signatory.Entry, opt Options) error {
	if opt.ExcelBOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return fmt.Errorf("export.CSV: %w", err)
		}
	}
	if err := TableCSV(w, rows(entries, opt)); err != nil {
		return fmt.Errorf("export.CSV: %w", err)
	}
	return nil
}

// TableCSV writes rows as comma-separated values (RFC 4180, UTF-8, CRLF
// line ends), each cell that a spreadsheet would run as a formula escaped
// (see csvcell).
func TableCSV(w io.Writer, table [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, row := range table {
		escaped := make([]string, len(row))
		for i, cell := range row {
			escaped[i] = csvcell.Escape(cell)
		}
		if err := cw.Write(escaped); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// SheetName is the name of the XLSX export's only sheet.
const SheetName = "Signatories"

// Width limits of the XLSX columns, in characters.
const (
	minColumnWidth = 8
	maxColumnWidth = 80
)

// XLSX writes the list as an Excel workbook with one sheet, SheetName: a
// bold, frozen header row of Columns, then one row per entry, every cell a
// string (so that a name beginning with "=" is never read as a formula),
// each column as wide as its longest cell up to 80 characters.
func XLSX(w io.Writer, entries []signatory.Entry, opt Options) error {
	if err := Workbook(w, clean(opt.Title), Sheet{Name: SheetName, Rows: rows(entries, opt)}); err != nil {
		return fmt.Errorf("export.XLSX: %w", err)
	}
	return nil
}

// Sheet is one sheet of a workbook: a header row, then the data rows.
type Sheet struct {
	Name string
	Rows [][]string
	// Numeric marks the columns whose cells that read as whole numbers are
	// written as numbers (for statistics programs); every other cell is a
	// string, so that nothing is ever read as a formula.
	Numeric []bool
}

// Workbook writes sheets as an Excel workbook, titled title when it is not
// "": each sheet with a bold, frozen header row and each column as wide as
// its longest cell, up to 80 characters.
func Workbook(w io.Writer, title string, sheets ...Sheet) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = cerr
		}
	}()
	if title != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: title}); err != nil {
			return err
		}
	}
	for i, sheet := range sheets {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), sheet.Name)
		} else {
			_, err = f.NewSheet(sheet.Name)
		}
		if err != nil {
			return err
		}
		if err := fillSheet(f, sheet); err != nil {
			return err
		}
	}
	return f.Write(w)
}

func fillSheet(f *excelize.File, sheet Sheet) error {
	var widths []int
	for r, row := range sheet.Rows {
		for c, value := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if n, nerr := strconv.Atoi(value); nerr == nil && r > 0 && c < len(sheet.Numeric) && sheet.Numeric[c] {
				err = f.SetCellInt(sheet.Name, cell, int64(n))
			} else {
				err = f.SetCellStr(sheet.Name, cell, value)
			}
			if err != nil {
				return err
			}
			for len(widths) <= c {
				widths = append(widths, 0)
			}
			widths[c] = max(widths[c], utf8.RuneCountInString(value))
		}
	}
	return formatSheet(f, sheet.Name, widths)
}

// formatSheet makes the header bold and frozen and sets the column widths.
func formatSheet(f *excelize.File, name string, widths []int) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := f.SetRowStyle(name, 1, 1, bold); err != nil {
		return err
	}
	err = f.SetPanes(name, &excelize.Panes{
		Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
	})
	if err != nil {
		return err
	}
	for c, width := range widths {
		col, err := excelize.ColumnNumberToName(c + 1)
		if err != nil {
			return err
		}
		w := float64(min(max(width+2, minColumnWidth), maxColumnWidth))
		if err := f.SetColWidth(name, col, col, w); err != nil {
			return err
		}
	}
	return nil
}
