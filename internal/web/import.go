package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/format/document"
	"github.com/r2p-coalition/r2p/internal/letters/dedup"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/store"
)

type importData struct {
	Text     string
	Error    string
	Rows     []importRow
	RowsJSON string
	Low      int // rows of low confidence
}

// importRow is a parsed row with the registry entries it may be.
type importRow struct {
	orglist.Row
	Matches     []importMatch
	Matched     bool // a match is chosen
	SameAsLine  int  // an earlier row of the list that may be the same organization
	SameAsScore int  // percent
}

type importMatch struct {
	Org     organization.Organization
	Score   int // percent
	Reasons []string
	Chosen  bool
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "import", importData{})
}

// previewImport parses a pasted or uploaded list and shows what it found,
// each row beside the registry entries it may be. Nothing is stored.
func (s *Server) previewImport(w http.ResponseWriter, r *http.Request) error {
	L := visitorFrom(r).printer
	text, err := uploadedText(r)
	if err != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "import",
			importData{Text: r.PostFormValue("list"), Error: L.T("import.unreadable", err.Error())})
	}
	rows, err := orglist.Parse(text)
	if err != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "import",
			importData{Text: text, Error: L.T("import.unreadable", err.Error())})
	}
	if len(rows) == 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "import",
			importData{Text: text, Error: L.T("import.empty")})
	}
	d := importData{Text: text}
	ix, byID, err := s.registryIndex(r)
	if err != nil {
		return err
	}
	for i, row := range rows {
		ir := importRow{Row: row}
		for _, m := range ix.Candidates(dedup.Record{ID: int64(i), Name: row.Name, Acronym: row.Acronym,
			Countries: row.Countries}, dedup.ReviewScore) {
			im := importMatch{Org: byID[m.B.ID], Score: percent(m.Score), Reasons: reasonTexts(m.Reasons)}
			if !ir.Matched {
				im.Chosen, ir.Matched = true, true // the best match is proposed; the person confirms
			}
			ir.Matches = append(ir.Matches, im)
		}
		if row.Confidence == orglist.Low {
			d.Low++
		}
		d.Rows = append(d.Rows, ir)
	}
	markRepeats(d.Rows)
	b, err := json.Marshal(entriesOf(rows))
	if err != nil {
		return err
	}
	d.RowsJSON = string(b)
	return s.render(w, r, http.StatusOK, "import", d)
}

// markRepeats notes, on each row, an earlier row of the same list that may
// be the same organization: lists pasted together repeat signatories.
func markRepeats(rows []importRow) {
	records := make([]dedup.Record, len(rows))
	for i, r := range rows {
		records[i] = dedup.Record{ID: int64(i), Name: r.Name, Acronym: r.Acronym, Countries: r.Countries}
	}
	for _, m := range dedup.Within(records, dedup.ReviewScore) {
		later, earlier := m.A.ID, m.B.ID
		if later < earlier {
			later, earlier = earlier, later
		}
		if rows[later].SameAsLine == 0 {
			rows[later].SameAsLine, rows[later].SameAsScore = rows[earlier].Line, percent(m.Score)
		}
	}
}

// uploadedText is the uploaded file's text, else the pasted text.
func uploadedText(r *http.Request) (string, error) {
	file, header, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return r.PostFormValue("list"), nil
	}
	if err != nil {
		return "", err
	}
	defer file.Close()
	return readDocument(header.Filename, file, header.Size)
}

// importedEntry is a row as the confirmation form carries it.
type importedEntry struct {
	Line          int      `json:"line"`
	Name          string   `json:"name"`
	Acronym       string   `json:"acronym"`
	Countries     []string `json:"countries"`
	CountryLabels []string `json:"country_labels"`
	Place         string   `json:"place"`
}

func entriesOf(rows []orglist.Row) []importedEntry {
	out := make([]importedEntry, len(rows))
	for i, r := range rows {
		out[i] = importedEntry{r.Line, r.Name, r.Acronym, r.Countries, r.CountryLabels, r.Place}
	}
	return out
}

// confirmImport stores the rows a person confirmed, in one transaction: a
// new entry for "new", the row's name as an alias of the chosen entry for
// "match", nothing for "skip". Each change is audited.
func (s *Server) confirmImport(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	var entries []importedEntry
	if err := json.Unmarshal([]byte(r.PostFormValue("rows")), &entries); err != nil {
		return errorf(http.StatusBadRequest, "invalid_parameter", "rows: %v", err)
	}
	type plan struct {
		org     organization.Organization
		matchID int64
	}
	var plans []plan
	for i, e := range entries {
		o := organization.FromEntry(orglist.Entry{Name: e.Name, Acronym: e.Acronym, Countries: e.Countries,
			CountryLabels: e.CountryLabels, Place: e.Place})
		o.Normalize()
		if err := o.Validate(); err != nil {
			return errorf(http.StatusBadRequest, "invalid_parameter", "line %d: %v", e.Line, err)
		}
		action := r.PostFormValue("action-" + strconv.Itoa(i))
		switch {
		case action == "skip":
		case action == "new":
			plans = append(plans, plan{org: o})
		case strings.HasPrefix(action, "match:"):
			id, err := strconv.ParseInt(strings.TrimPrefix(action, "match:"), 10, 64)
			if err != nil {
				return errorf(http.StatusBadRequest, "invalid_parameter", "line %d: action %q", e.Line, action)
			}
			plans = append(plans, plan{org: o, matchID: id})
		default:
			return errorf(http.StatusBadRequest, "invalid_parameter",
				"line %d: action %q: want new, skip or match:ID", e.Line, action)
		}
	}
	defer s.registryChanged()
	created, matched := 0, 0
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		created, matched = 0, 0
		for _, p := range plans {
			if p.matchID == 0 {
				o, err := tx.CreateOrganization(r.Context(), p.org)
				if err != nil {
					return err
				}
				after, _ := json.Marshal(o)
				if _, err := tx.RecordAudit(r.Context(),
					audit.Event{Actor: v.actor(), Action: "organization.import", Subject: o.Subject(),
						After: after}); err != nil {
					return err
				}
				created++
				continue
			}
			if err := addImportedName(r, tx, v.actor(), p.matchID, p.org); err != nil {
				return err
			}
			matched++
		}
		return nil
	})
	if errors.Is(err, store.ErrNotFound) {
		return wrapf(err, http.StatusBadRequest, "invalid_parameter",
			"a chosen organization no longer exists; preview the list again")
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/organizations?imported=%d&matched=%d", created, matched),
		http.StatusSeeOther)
	return nil
}

// addImportedName records a list's spelling of an existing organization
// as an alias, so that the next list finds it at once.
func addImportedName(r *http.Request, tx *store.Tx, actor string, id int64, row organization.Organization) error {
	o, err := tx.Organization(r.Context(), id)
	if err != nil {
		return err
	}
	names := organization.NamesOf(row, o)
	if len(names) == 0 {
		return nil
	}
	o.Aliases = append(o.Aliases, names...)
	return updateAudited(r.Context(), tx, actor, o)
}

// readDocument reads an uploaded file (txt, docx, csv, xlsx) as text.
func readDocument(name string, file io.ReaderAt, size int64) (string, error) {
	text, err := document.Read(name, file, size)
	if err != nil {
		return "", err
	}
	return text.String(), nil
}
