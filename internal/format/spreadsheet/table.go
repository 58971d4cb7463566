package spreadsheet

import (
	"encoding/csv"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// TableCSV writes rows as comma-separated values (RFC 4180, UTF-8, CRLF
// line ends), each cell that a spreadsheet would run as a formula escaped
// (see Escape).
func TableCSV(w io.Writer, table [][]string) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	for _, row := range table {
		escaped := make([]string, len(row))
		for i, cell := range row {
			escaped[i] = Escape(cell)
		}
		if err := cw.Write(escaped); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Width limits of the XLSX columns, in characters.
const (
	minColumnWidth = 8
	maxColumnWidth = 80
)

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
