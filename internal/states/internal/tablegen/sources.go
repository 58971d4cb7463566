package tablegen

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
)

// unRow is one row of shared/reference/un_states.csv.
type unRow struct {
	ISO3, ISO2, M49, Name, Status, Admitted, Group, GroupNote string
}

// euRow is one row of shared/reference/eu_members.csv.
type euRow struct{ ISO3, Joined, Left string }

// iso1Entry is one entry of iso-codes' iso_3166-1.json.
type iso1Entry struct {
	Alpha2       string `json:"alpha_2"`
	Alpha3       string `json:"alpha_3"`
	Numeric      string `json:"numeric"`
	Name         string `json:"name"`
	OfficialName string `json:"official_name"`
	CommonName   string `json:"common_name"`
}

// iso3Entry is one entry of iso-codes' iso_3166-3.json (withdrawn codes).
type iso3Entry struct {
	Alpha3  string `json:"alpha_3"`
	Alpha4  string `json:"alpha_4"`
	Numeric string `json:"numeric"`
	Name    string `json:"name"`
	Comment string `json:"comment"`
}

// readCSV reads a CSV file whose header must be exactly header.
func readCSV(path string, header []string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if len(rows) == 0 || !slices.Equal(rows[0], header) {
		return nil, fmt.Errorf("%s: header is not %v", path, header)
	}
	return rows[1:], nil
}

func loadUNStates(path string) ([]unRow, error) {
	rows, err := readCSV(path,
		[]string{"iso3", "iso2", "m49", "un_name", "status", "admitted", "regional_group", "group_note"})
	if err != nil {
		return nil, err
	}
	out := make([]unRow, len(rows))
	for i, r := range rows {
		out[i] = unRow{r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]}
	}
	return out, nil
}

func loadEU(path string) ([]euRow, error) {
	rows, err := readCSV(path, []string{"iso3", "joined", "left"})
	if err != nil {
		return nil, err
	}
	out := make([]euRow, len(rows))
	for i, r := range rows {
		out[i] = euRow{r[0], r[1], r[2]}
	}
	return out, nil
}

// loadISOJSON reads an iso-codes JSON file holding {key: [entries]} and
// indexes the entries by alpha-3 code.
func loadISOJSON[E interface{ alpha3() string }](path, key string) (map[string]E, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc map[string][]E
	if err := json.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("decoding %s: %w", path, err)
	}
	entries, ok := doc[key]
	if !ok {
		return nil, fmt.Errorf("%s has no %q list", path, key)
	}
	out := make(map[string]E, len(entries))
	for _, e := range entries {
		out[e.alpha3()] = e
	}
	return out, nil
}

func (e iso1Entry) alpha3() string { return e.Alpha3 }
func (e iso3Entry) alpha3() string { return e.Alpha3 }

// tsvRow is one data row of a hand-maintained TSV file, by column name.
type tsvRow struct {
	line   int
	fields map[string]string
}

func (r tsvRow) errorf(path, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s", path, r.line, fmt.Sprintf(format, args...))
}

// readTSV reads a hand-maintained TSV file: "#" lines are comments, the
// first other line is the header, which must equal header.
func readTSV(path string, header []string) ([]tsvRow, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var rows []tsvRow
	seenHeader := false
	for i, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cells := strings.Split(line, "\t")
		if !seenHeader {
			if !slices.Equal(cells, header) {
				return nil, fmt.Errorf("%s:%d: header is not %v", path, i+1, header)
			}
			seenHeader = true
			continue
		}
		if len(cells) < len(header)-1 || len(cells) > len(header) {
			return nil, fmt.Errorf("%s:%d: %d columns, want %d", path, i+1, len(cells), len(header))
		}
		row := tsvRow{line: i + 1, fields: map[string]string{}}
		for j, name := range header {
			if j < len(cells) {
				row.fields[name] = strings.TrimSpace(cells[j])
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}
