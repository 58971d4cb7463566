package cli_test

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestExportCodes: a debate imported (and so coded), exported long and
// wide, as CSV and as a workbook with its codebook sheet.
func TestExportCodes(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	mustRun(t, env, 0, "import", "verbatim", "--event", "1", verbatimFixtures+"conventions.txt")

	out, _ := mustRun(t, env, 0, "export", "codes", "--event", "1")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "statement_id,event_id,speaker,speaker_kind,on_behalf_of,year,date,language,category,code,value,evidence,evidence_start,evidence_end,coder,codebook" {
		t.Errorf("long header = %q", rows[0])
	}
	// Each present code carries the words that justify it and its coder.
	var present int
	for _, row := range rows[1:] {
		if row[10] == "1" {
			present++
			if row[11] == "" || row[14] != "auto" {
				t.Errorf("a present code without its evidence or coder: %q", row)
			}
		}
		if row[10] != "0" && row[10] != "1" {
			t.Errorf("value %q in %q", row[10], row)
		}
	}
	if present == 0 {
		t.Errorf("no code present in %d rows", len(rows)-1)
	}

	out, _ = mustRun(t, env, 0, "export", "codes", "--format", "wide")
	wide, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	codes := len(wide[0]) - 10 // the default codebook's
	if codes < 20 || wide[0][8] != "stance" || !slices.Contains(wide[0], "pillar1") || (len(wide)-1)*codes != len(rows)-1 {
		t.Errorf("wide header %q with %d rows; long has %d rows: want one per statement and code", wide[0], len(wide)-1, len(rows)-1)
	}

	path := filepath.Join(t.TempDir(), "codes.xlsx")
	mustRun(t, env, 0, "export", "codes", "--xlsx", "--format", "wide", path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if sheets := f.GetSheetList(); strings.Join(sheets, ",") != "data,codebook" {
		t.Errorf("sheets = %q", sheets)
	}
	book, _ := f.GetRows("codebook")
	if len(book) != codes+1 || strings.Join(book[0], ",") != "variable,code,category,label,description,codebook" {
		t.Errorf("codebook sheet: %d rows, header %q", len(book), book[0])
	}
	if typ, _ := f.GetCellType("data", "K2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("a code's 0/1 is stored as %v, want a number", typ)
	}
	if code, _, errOut := r2p(t, env, "export", "codes", "--format", "tall"); code != 2 || !strings.Contains(errOut, `--format "tall": want long or wide`) {
		t.Errorf("bad format: %d %q", code, errOut)
	}
}
