package statementfile

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/format/document"
)

// Columns are the columns of a CSV file and the keys of a JSON Lines
// object. Only speaker (or speaker_name) and text are required; event is
// required unless the import names an event for the whole file.
var Columns = []string{"event", "speaker", "speaker_kind", "speaker_name", "speaker_title", "on_behalf_of",
	"language", "date", "order", "procedural", "source", "page", "text"}

// ColumnHelp documents Columns, for --help and the upload page.
const ColumnHelp = `  event          the event's id (a number); empty: the event given with --event
  speaker        a state (ISO3 code such as SWE, or its name), EUU, an organization
                 (AU, ICRC, OIC, LAS, OIF, SMOM) or an office (PGA, SG, DSG, PSC,
                 PHRC, HCHR, SAPG, SAR2P)
  speaker_kind   state, organization or official; found from speaker when empty
  speaker_name   the person who spoke, or the organization when it has no code
  speaker_title  the person's title (Permanent Representative)
  on_behalf_of   the group of a joint statement: European Union, NAM, African
                 Group, Nordic countries, ... or list:ID for an ad hoc list
  language       ISO 639-1 code (en, fr, es, ...) or English name (French)
  date           YYYY-MM-DD; empty: the event's first day
  order          the statement's place in the meeting, from 1
  procedural     true for a presiding officer's procedural turn
  source         a document symbol (A/63/PV.97) or a URL (https://...)
  page           the page of the source document
  text           what was said`

// Row is one statement of a batch file, not yet prepared.
type Row struct {
	Line      int
	Event     int64 // 0: the import's event
	Statement statement.Statement
}

// RowError is a bad row: the line it starts on, the column, and why.
type RowError struct {
	Line    int
	Field   string
	Problem string
}

func (e RowError) Error() string { return fmt.Sprintf("%d: %s: %s", e.Line, e.Field, e.Problem) }

// ReadBatch reads a CSV or JSON Lines file. A problem with the file as a
// whole (no header, no text column) is an error; a bad row is reported in
// bad, and the other rows are read.
func ReadBatch(f Format, data []byte) (rows []Row, bad []RowError, err error) {
	if len(data) > document.MaxSize {
		return nil, nil, ErrTooLarge
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	switch f {
	case CSV:
		return readCSV(data)
	case JSONL:
		rows, bad = readJSONL(data)
		return rows, bad, nil
	}
	return nil, nil, fmt.Errorf("%s files hold one statement: read them with ReadText", f)
}

func readCSV(data []byte) ([]Row, []RowError, error) {
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, nil, errors.New("the file is empty")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("header: %w", err)
	}
	index := map[string]int{}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if !slices.Contains(Columns, h) {
			return nil, nil, fmt.Errorf("line 1: unknown column %q; the columns are %s", h, strings.Join(Columns, ", "))
		}
		index[h] = i
	}
	if _, ok := index["text"]; !ok {
		return nil, nil, errors.New("line 1: no text column")
	}
	var rows []Row
	var bad []RowError
	for {
		record, err := r.Read()
		if err == io.EOF {
			break
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad = append(bad, RowError{Line: pe.StartLine, Field: "row", Problem: pe.Err.Error()})
			if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
				break // the rest of the file cannot be told apart
			}
			continue
		}
		if err != nil {
			return rows, bad, err
		}
		line, _ := r.FieldPos(0)
		values := map[string]string{}
		for name, i := range index {
			if i < len(record) {
				values[name] = record[i]
			}
		}
		row, rerr := rowFromValues(line, values)
		if rerr != nil {
			bad = append(bad, *rerr)
			continue
		}
		rows = append(rows, row)
	}
	return rows, bad, nil
}

func readJSONL(data []byte) ([]Row, []RowError) {
	var rows []Row
	var bad []RowError
	for i, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		var raw map[string]any
		if err := json.Unmarshal(line, &raw); err != nil {
			bad = append(bad, RowError{Line: i + 1, Field: "line", Problem: "not a JSON object: " + err.Error()})
			continue
		}
		values := map[string]string{}
		var rerr *RowError
		for k, v := range raw {
			if !slices.Contains(Columns, k) {
				field := k
				if field == "" {
					field = `""`
				}
				rerr = &RowError{Line: i + 1, Field: field,
					Problem: "unknown key; the keys are " + strings.Join(Columns, ", ")}
				break
			}
			switch v := v.(type) {
			case string:
				values[k] = v
			case float64:
				values[k] = strconv.FormatFloat(v, 'f', -1, 64)
			case bool:
				values[k] = strconv.FormatBool(v)
			case nil:
			default:
				rerr = &RowError{Line: i + 1, Field: k, Problem: "want a string or a number"}
			}
		}
		if rerr == nil {
			var row Row
			if row, rerr = rowFromValues(i+1, values); rerr == nil {
				rows = append(rows, row)
				continue
			}
		}
		bad = append(bad, *rerr)
	}
	return rows, bad
}

// rowFromValues makes a row from its values by column.
func rowFromValues(line int, v map[string]string) (Row, *RowError) {
	fail := func(field, format string, args ...any) (Row, *RowError) {
		return Row{}, &RowError{Line: line, Field: field, Problem: fmt.Sprintf(format, args...)}
	}
	row := Row{Line: line}
	number := func(field string) (int64, bool) {
		s := strings.TrimSpace(v[field])
		if s == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(s, 10, 64)
		return n, err == nil && n >= 0
	}
	var ok bool
	if row.Event, ok = number("event"); !ok {
		return fail("event", "%q is not an event id", v["event"])
	}
	order, ok := number("order")
	if !ok {
		return fail("order", "%q is not a whole number from 1", v["order"])
	}
	page, ok := number("page")
	if !ok {
		return fail("page", "%q is not a page number", v["page"])
	}
	st := statement.Statement{
		Kind:         statement.SpeakerKind(strings.TrimSpace(v["speaker_kind"])),
		SpeakerName:  v["speaker_name"],
		SpeakerTitle: v["speaker_title"],
		OnBehalfOf:   v["on_behalf_of"],
		Language:     v["language"],
		Date:         v["date"],
		Order:        int(order),
		SourcePage:   int(page),
		Text:         v["text"],
	}
	switch p := strings.ToLower(strings.TrimSpace(v["procedural"])); p {
	case "", "false", "0", "no":
	case "true", "1", "yes":
		st.Procedural = true
	default:
		return fail("procedural", "%q: want true or false", v["procedural"])
	}
	if source := strings.TrimSpace(v["source"]); strings.Contains(source, "://") {
		st.SourceURL = source
	} else {
		st.SourceSymbol = strings.ReplaceAll(source, " ", "")
	}
	if strings.TrimSpace(v["speaker"]) != "" {
		row.Statement = st
		row.Statement.Speaker = strings.TrimSpace(v["speaker"])
		return row, nil
	}
	if strings.TrimSpace(st.SpeakerName) == "" {
		return fail("speaker", "required: a state, an organization or an official")
	}
	row.Statement = st
	return row, nil
}
