package publish

import (
	"fmt"
	"io"
	"strings"

	"github.com/r2p-coalition/r2p/internal/format/spreadsheet"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
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
func record(e orglist.Entry, line string) []string {
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
func joinLabels(e orglist.Entry) string {
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
func rows(entries []orglist.Entry, opt Options) [][]string {
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
func CSV(w io.Writer, entries []orglist.Entry, opt Options) error {
	if opt.ExcelBOM {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return fmt.Errorf("publish.CSV: %w", err)
		}
	}
	if err := spreadsheet.TableCSV(w, rows(entries, opt)); err != nil {
		return fmt.Errorf("publish.CSV: %w", err)
	}
	return nil
}

// SheetName is the name of the XLSX export's only sheet.
const SheetName = "Signatories"

// XLSX writes the list as an Excel workbook with one sheet, SheetName: a
// bold, frozen header row of Columns, then one row per entry, every cell a
// string (so that a name beginning with "=" is never read as a formula),
// each column as wide as its longest cell up to 80 characters.
func XLSX(w io.Writer, entries []orglist.Entry, opt Options) error {
	if err := spreadsheet.Workbook(w, clean(opt.Title),
		spreadsheet.Sheet{Name: SheetName, Rows: rows(entries, opt)}); err != nil {
		return fmt.Errorf("publish.XLSX: %w", err)
	}
	return nil
}
