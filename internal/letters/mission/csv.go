package mission

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/format/spreadsheet"
	"github.com/r2p-coalition/r2p/internal/states"
)

// Columns are the columns of the directory's CSV file, in the order
// WriteCSV writes them. A file may hold them in any order; only iso3 is
// required.
var Columns = []string{"iso3", "station", "email", "postal_address", "head_name", "head_title", "salutation",
	"language"}

// RowError is a bad row, or a bad file: the line it starts on (1 is the
// header), the column and what is wrong.
type RowError struct {
	Line    int
	Field   string // a column name; "header" or "csv" for the file's structure
	Problem string
}

func (e *RowError) Error() string { return fmt.Sprintf("line %d: %s: %s", e.Line, e.Field, e.Problem) }

// Row is a good row: the record it holds and the line it starts on.
type Row struct {
	Line    int
	Mission Mission
}

// Parsed is what ReadCSV found: the good rows and the bad ones, each in
// the order of the file.
type Parsed struct {
	Rows []Row
	Bad  []RowError
}

// ReadCSV reads a directory file: UTF-8, comma-separated, a header row
// naming the columns (any order, any case; iso3 required), then one row
// per mission and station. A byte order mark and CRLF line ends are
// accepted, rows whose cells are all empty are ignored, an empty station
// is New York, and several addresses in the email cell are separated by
// ";". A cell that WriteCSV protected against formula injection (a leading
// apostrophe before = + - @ or ') is read back as it was.
//
// Each bad row is one RowError in Parsed.Bad, naming its line and its
// first bad field; a row repeating the state and station of an earlier
// row is bad and names that row's line. The error return is a *RowError
// for a file that cannot be read as a whole: no header, an unknown or
// repeated column, broken quoting, text that is not UTF-8.
func ReadCSV(r io.Reader, t *states.Table) (Parsed, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\uFEFF" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Parsed{}, &RowError{1, "header",
			"the file is empty; the first row must name the columns: " + strings.Join(Columns, ", ")}
	}
	if err != nil {
		return Parsed{}, syntaxError(err)
	}
	index, err := readHeader(header)
	if err != nil {
		return Parsed{}, err
	}
	var p Parsed
	seen := map[string]int{} // state and station -> line
	for {
		record, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return p, nil
		}
		if err != nil {
			return Parsed{}, syntaxError(err)
		}
		line, _ := cr.FieldPos(0)
		if blank(record) {
			continue
		}
		m, rowErr := rowMission(record, index, line)
		if rowErr == nil {
			if err := m.Validate(t); err != nil {
				var fe *FieldError
				errors.As(err, &fe)
				rowErr = &RowError{line, fe.Field, fe.Problem}
			}
		}
		if rowErr == nil {
			key := m.State + "\x00" + strings.ToLower(m.Station)
			if first, ok := seen[key]; ok {
				rowErr = &RowError{line, "station", fmt.Sprintf("%s at %q repeats line %d", m.State, m.Station, first)}
			} else {
				seen[key] = line
			}
		}
		if rowErr != nil {
			p.Bad = append(p.Bad, *rowErr)
			continue
		}
		p.Rows = append(p.Rows, Row{line, m})
	}
}

// readHeader maps each known column to its index in the file.
func readHeader(header []string) (map[string]int, error) {
	index := map[string]int{}
	var unknown []string
	for i, name := range header {
		if !utf8.ValidString(name) {
			return nil, &RowError{1, "header", "the file is not UTF-8 text; save it as CSV UTF-8"}
		}
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case !slices.Contains(Columns, name):
			unknown = append(unknown, fmt.Sprintf("%q", name))
		case hasKey(index, name):
			return nil, &RowError{1, "header", fmt.Sprintf("column %q appears twice", name)}
		default:
			index[name] = i
		}
	}
	if len(unknown) > 0 {
		return nil, &RowError{1, "header",
			fmt.Sprintf("unknown columns %s; the columns are %s", strings.Join(unknown, ", "),
				strings.Join(Columns, ", "))}
	}
	if !hasKey(index, "iso3") {
		return nil, &RowError{1, "header",
			"no iso3 column; the first row must name the columns: " + strings.Join(Columns, ", ")}
	}
	return index, nil
}

func hasKey(m map[string]int, k string) bool { _, ok := m[k]; return ok }

// rowMission reads one record's cells into a normalized Mission.
func rowMission(record []string, index map[string]int, line int) (Mission, *RowError) {
	if len(record) > len(index) {
		for _, cell := range record[len(index):] {
			if strings.TrimSpace(cell) != "" {
				return Mission{}, &RowError{line, "csv",
					fmt.Sprintf("%d cells, but the header names %d columns", len(record), len(index))}
			}
		}
	}
	cell := func(column string) string {
		i, ok := index[column]
		if !ok || i >= len(record) {
			return ""
		}
		return spreadsheet.Unescape(record[i])
	}
	for _, column := range Columns {
		if !utf8.ValidString(cell(column)) {
			return Mission{}, &RowError{line, column, "not UTF-8 text; save the file as CSV UTF-8"}
		}
	}
	m := Mission{
		State: cell("iso3"), Station: cell("station"), Emails: strings.Split(cell("email"), ";"),
		PostalAddress: cell("postal_address"), HeadName: cell("head_name"), HeadTitle: cell("head_title"),
		Salutation: cell("salutation"), Language: cell("language"),
	}
	m.Normalize()
	return m, nil
}

func blank(record []string) bool {
	for _, c := range record {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// syntaxError turns a CSV syntax error into a RowError on its line.
func syntaxError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &RowError{pe.Line, "csv",
			fmt.Sprintf("%v at column %d; a cell holding a quote must be quoted, its quotes doubled", pe.Err,
				pe.Column)}
	}
	return &RowError{0, "csv", err.Error()}
}

// WriteOptions change how WriteCSV writes.
type WriteOptions struct {
	// BOM starts the file with a byte order mark, so that spreadsheet
	// programs read it as UTF-8.
	BOM bool
}

// WriteCSV writes the directory with the header Columns: one row per
// mission and station, sorted by iso3, then station; and for each member
// or observer state of t without any record, a row with its code, the
// default station and empty details — so the file always lists every
// state, and a coalition fills in the rows it needs.
//
// A cell starting with = + - @ or ' gets a leading apostrophe, so that a
// spreadsheet shows it as text instead of running it as a formula (CSV
// injection); ReadCSV removes it again.
func WriteCSV(w io.Writer, list []Mission, t *states.Table, opts WriteOptions) error {
	all := slices.Clone(list)
	has := map[string]bool{}
	for _, m := range list {
		has[m.State] = true
	}
	for _, st := range States(t) {
		if !has[st.Code] {
			all = append(all, Mission{State: st.Code, Station: DefaultStation})
		}
	}
	slices.SortFunc(all, func(a, b Mission) int {
		return strings.Compare(a.State+"\x00"+a.Station, b.State+"\x00"+b.Station)
	})
	bw := bufio.NewWriter(w)
	if opts.BOM {
		bw.WriteString("\uFEFF")
	}
	cw := csv.NewWriter(bw)
	cw.Write(Columns)
	for _, m := range all {
		row := []string{m.State, m.Station, strings.Join(m.Emails, "; "), m.PostalAddress, m.HeadName,
			m.HeadTitle, m.Salutation, m.Language}
		for i := range row {
			row[i] = spreadsheet.Escape(row[i])
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("mission.WriteCSV: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("mission.WriteCSV: %w", err)
	}
	return nil
}
