package export

import (
	"encoding/csv"
	"fmt"
	"github.com/r2p-coalition/r2p/internal/csvcell"
	"io"
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
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	table := rows(entries, opt)
	for _, row := range table {
		for i := range row {
			row[i] = csvcell.Escape(row[i])
		}
	}
	if err := cw.WriteAll(table); err != nil {
		return fmt.Errorf("export.CSV: %w", err)
	}
	return nil
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
func XLSX(w io.Writer, entries []signatory.Entry, opt Options) (err error) {
	f := excelize.NewFile()
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("export.XLSX: %w", cerr)
		}
	}()
	if err := fillSheet(f, rows(entries, opt), clean(opt.Title)); err != nil {
		return fmt.Errorf("export.XLSX: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("export.XLSX: %w", err)
	}
	return nil
}

func fillSheet(f *excelize.File, table [][]string, title string) error {
	if err := f.SetSheetName(f.GetSheetName(0), SheetName); err != nil {
		return err
	}
	if title != "" {
		if err := f.SetDocProps(&excelize.DocProperties{Title: title}); err != nil {
			return err
		}
	}
	widths := make([]int, len(Columns))
	for r, row := range table {
		for c, value := range row {
			cell, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				return err
			}
			if err := f.SetCellStr(SheetName, cell, value); err != nil {
				return err
			}
			widths[c] = max(widths[c], utf8.RuneCountInString(value))
		}
	}
	return formatSheet(f, widths)
}

// formatSheet makes the header bold and frozen and sets the column widths.
func formatSheet(f *excelize.File, widths []int) error {
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	if err := f.SetRowStyle(SheetName, 1, 1, bold); err != nil {
		return err
	}
	err = f.SetPanes(SheetName, &excelize.Panes{
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
		if err := f.SetColWidth(SheetName, col, col, w); err != nil {
			return err
		}
	}
	return nil
}
