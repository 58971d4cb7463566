package publish_test

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/format/spreadsheet"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

// tableEntries are the seed's entries and some that test quoting, empty
// labels and formulas.
func tableEntries(t *testing.T) []orglist.Entry {
	return append(seedEntries(t),
		memorial,
		orglist.Entry{Name: "Peace, \"Justice\"\nand Rights", Acronym: "PJR", Countries: []string{"UGA", "USA"}, CountryLabels: []string{"", "USA"}},
		orglist.Entry{Name: `=HYPERLINK("http://example.com","click")`},
		orglist.Entry{Name: "Geneva Centre", Place: "Geneva", Countries: []string{"CHE"}, CountryLabels: []string{""}},
	)
}

// canonical is e as the CSV and XLSX exports keep it: labels are one per
// country, or none when all are empty.
func canonical(e orglist.Entry) orglist.Entry {
	labels := make([]string, len(e.Countries))
	copy(labels, e.CountryLabels)
	if slices.IndexFunc(labels, func(l string) bool { return l != "" }) < 0 {
		labels = nil
	}
	e.CountryLabels = labels
	if len(e.Countries) == 0 {
		e.Countries = nil
	}
	return e
}

func splitList(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, publish.ListSeparator)
}

// checkTable checks that rows, read back from an export, are the header
// and the entries, sorted, each with its line.
func checkTable(t *testing.T, rows [][]string, entries []orglist.Entry) {
	t.Helper()
	if len(rows) == 0 || !slices.Equal(rows[0], publish.Columns) {
		t.Fatalf("header = %q, want %q", rows[:min(1, len(rows))], publish.Columns)
	}
	sorted := publish.Sorted(entries, language.English)
	if len(rows)-1 != len(sorted) {
		t.Fatalf("%d rows, want %d", len(rows)-1, len(sorted))
	}
	for i, row := range rows[1:] {
		if len(row) != len(publish.Columns) {
			t.Fatalf("row %d = %q: %d cells, want %d", i+1, row, len(row), len(publish.Columns))
		}
		got := orglist.Entry{Name: row[0], Acronym: row[1], Countries: splitList(row[2]), CountryLabels: splitList(row[3]), Place: row[4]}
		if want := canonical(sorted[i]); !reflect.DeepEqual(got, want) {
			t.Errorf("row %d = %#v, want %#v", i+1, got, want)
		}
		if want := publish.Line(sorted[i], language.English); row[5] != want {
			t.Errorf("row %d: line %q, want %q", i+1, row[5], want)
		}
	}
}

func TestCSVReadsBack(t *testing.T) {
	entries := tableEntries(t)
	for _, bom := range []bool{false, true} {
		data := render(t, publish.CSV, entries, publish.Options{ExcelBOM: bom})
		rest, hasBOM := bytes.CutPrefix(data, []byte("\xEF\xBB\xBF"))
		if hasBOM != bom {
			t.Errorf("ExcelBOM %v: output starts with %q", bom, data[:min(8, len(data))])
		}
		if !bytes.HasSuffix(data, []byte("\r\n")) {
			t.Errorf("ExcelBOM %v: lines do not end in CRLF", bom)
		}
		if !bytes.Contains(rest, []byte(`"'=HYPERLINK(`)) {
			t.Errorf("ExcelBOM %v: a name that reads as a formula is not escaped:\n%s", bom, rest)
		}
		rows, err := csv.NewReader(bytes.NewReader(rest)).ReadAll()
		if err != nil {
			t.Fatalf("ExcelBOM %v: %v", bom, err)
		}
		for _, row := range rows {
			for i := range row {
				row[i] = spreadsheet.Unescape(row[i])
			}
		}
		checkTable(t, rows, entries)
	}
}

func TestXLSXReadsBack(t *testing.T) {
	entries := tableEntries(t)
	data := render(t, publish.XLSX, entries, publish.Options{Title: seedTitle})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); !slices.Equal(sheets, []string{publish.SheetName}) {
		t.Errorf("sheets = %q, want only %q", sheets, publish.SheetName)
	}
	rows, err := f.GetRows(publish.SheetName)
	if err != nil {
		t.Fatal(err)
	}
	checkTable(t, rows, entries)

	t.Run("header bold and frozen", func(t *testing.T) {
		style, err := f.GetCellStyle(publish.SheetName, "A1")
		if err != nil {
			t.Fatal(err)
		}
		s, err := f.GetStyle(style)
		if err != nil {
			t.Fatal(err)
		}
		if s.Font == nil || !s.Font.Bold {
			t.Errorf("A1 style font = %+v, want bold", s.Font)
		}
		panes, err := f.GetPanes(publish.SheetName)
		if err != nil {
			t.Fatal(err)
		}
		if !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("panes = %+v, want the first row frozen", panes)
		}
	})
	t.Run("column widths", func(t *testing.T) {
		for col, want := range map[string]float64{"A": 68, "B": 9, "F": 80} {
			w, err := f.GetColWidth(publish.SheetName, col)
			if err != nil {
				t.Fatal(err)
			}
			if w != want {
				t.Errorf("column %s width %v, want %v", col, w, want)
			}
		}
	})
	t.Run("formulas stay text", func(t *testing.T) {
		for r, row := range rows {
			if strings.HasPrefix(row[0], "=") {
				cell, _ := excelize.CoordinatesToCellName(1, r+1)
				if formula, err := f.GetCellFormula(publish.SheetName, cell); err != nil || formula != "" {
					t.Errorf("%s has formula %q (%v)", cell, formula, err)
				}
			}
		}
	})
	t.Run("title", func(t *testing.T) {
		props, err := f.GetDocProps()
		if err != nil {
			t.Fatal(err)
		}
		if props.Title != seedTitle {
			t.Errorf("title %q, want %q", props.Title, seedTitle)
		}
	})
}
