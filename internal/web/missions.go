package web

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// The directory of permanent missions holds diplomats' names and
// addresses — personal data — so every page and API route of it needs an
// editor, like the sign-on contacts.

// missionGroups are the directory's filters by regional group, with the
// slugs the query string uses; "observers" are the observer states, which
// belong to no group.
var missionGroups = []struct{ Slug, Group string }{
	{"african", states.GroupAfrican},
	{"asia-pacific", states.GroupAsiaPacific},
	{"eastern-european", states.GroupEasternEuropean},
	{"latin-american", states.GroupLatinAmerican},
	{"western-european", states.GroupWesternEuropean},
	{"observers", ""},
}

// missionStateRow is one state of the directory with its records.
type missionStateRow struct {
	Code, Name string
	Missions   []mission.Mission
	NoEmail    bool // no record of the state has an address: nothing can be sent to it
}

type missionsData struct {
	Rows       []missionStateRow
	Group      string // a slug of missionGroups, or ""
	Groups     []string
	Missing    bool // only the states without an address
	States     int  // states in the directory, all of them
	WithEmail  int  // states with at least one address
	NoEmail    int  // states without one
	Imported   *store.MissionCounts
	Skipped    int
	Deleted    bool
	LangLabels map[string]string // language code -> its name in the reader's language
}

// missions shows the directory: every member and observer state, by name
// in the reader's language, with its records, the states without an
// address marked.
func (s *Server) missions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	d := missionsData{Group: q.Get("group"), Missing: q.Get("missing") == "1", Deleted: q.Has("deleted")}
	for _, g := range missionGroups {
		d.Groups = append(d.Groups, g.Slug)
	}
	if d.Group != "" && !slices.Contains(d.Groups, d.Group) {
		return errorf(http.StatusBadRequest, "invalid_parameter", "group %q: want one of %s", d.Group,
			strings.Join(d.Groups, ", "))
	}
	if q.Has("created") {
		d.Imported = &store.MissionCounts{}
		d.Imported.Created, _ = strconv.Atoi(q.Get("created"))
		d.Imported.Updated, _ = strconv.Atoi(q.Get("updated"))
		d.Imported.Unchanged, _ = strconv.Atoi(q.Get("unchanged"))
		d.Skipped, _ = strconv.Atoi(q.Get("skipped"))
	}
	list, err := s.store.Missions(r.Context(), store.MissionFilter{})
	if err != nil {
		return err
	}
	byState := map[string][]mission.Mission{}
	for _, m := range list {
		byState[m.State] = append(byState[m.State], m)
	}
	lang := visitorFrom(r).printer.Lang()
	for _, st := range mission.States(s.states) {
		row := missionStateRow{Code: st.Code, Name: localName(st, lang), Missions: byState[st.Code], NoEmail: true}
		for _, m := range row.Missions {
			if len(m.Emails) > 0 {
				row.NoEmail = false
			}
		}
		d.States++
		if row.NoEmail {
			d.NoEmail++
		} else {
			d.WithEmail++
		}
		if (d.Missing && !row.NoEmail) || (d.Group != "" && groupSlug(st) != d.Group) {
			continue
		}
		d.Rows = append(d.Rows, row)
	}
	collator := collatorFor(lang)
	slices.SortFunc(d.Rows, func(a, b missionStateRow) int { return collator.CompareString(a.Name, b.Name) })
	d.LangLabels = missionLanguages(visitorFrom(r).printer)
	return s.render(w, r, http.StatusOK, "missions", d)
}

func groupSlug(st states.State) string {
	for _, g := range missionGroups {
		if g.Group == st.RegionalGroup && (g.Group != "" || st.Status == states.Observer) {
			return g.Slug
		}
	}
	return ""
}

// missionLanguages names the working languages; "" is the default.
func missionLanguages(L *i18n.Printer) map[string]string {
	labels := map[string]string{"": L.T("missions.lang.default")}
	for _, l := range mission.Languages {
		labels[l] = L.T("missions.lang." + l)
	}
	return labels
}

// missionsCSV downloads the directory as 'r2p missions export' writes it,
// with a byte order mark for spreadsheets.
func (s *Server) missionsCSV(w http.ResponseWriter, r *http.Request) error {
	list, err := s.store.Missions(r.Context(), store.MissionFilter{})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := mission.WriteCSV(&buf, list, s.states, mission.WriteOptions{BOM: true}); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="missions.csv"`)
	w.Write(buf.Bytes())
	return nil
}

// missionsImportData is the upload form, or the preview of a file.
type missionsImportData struct {
	Error    string // the file cannot be read
	Text     string // pasted text, to show again
	Name     string // the file's name, for the audit log
	Preview  bool
	Parsed   mission.Parsed
	Encoded  string // the file, base64, carried to the confirmation
	MustSkip bool   // confirmed with bad rows without choosing to skip them
}

func (s *Server) missionsImportForm(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "missions_import", missionsImportData{})
}

// previewMissionsImport reads an uploaded or pasted file and shows every
// bad row and the good ones. Nothing is stored.
func (s *Server) previewMissionsImport(w http.ResponseWriter, r *http.Request) error {
	data, name, err := uploadedMissions(r)
	if err != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "missions_import",
			missionsImportData{Error: visitorFrom(r).printer.T("import.unreadable", err.Error()),
				Text: r.PostFormValue("text")})
	}
	return s.previewMissions(w, r, data, name, false)
}

// previewMissions parses data and renders the preview; a file that cannot
// be read shows the upload form again with the reason.
func (s *Server) previewMissions(w http.ResponseWriter, r *http.Request, data []byte, name string,
	mustSkip bool) error {
	L := visitorFrom(r).printer
	parsed, err := mission.ReadCSV(bytes.NewReader(data), s.states)
	if err != nil {
		return s.render(w, r, http.StatusUnprocessableEntity, "missions_import",
			missionsImportData{Error: L.T("import.unreadable", err.Error()), Text: string(data)})
	}
	if len(parsed.Rows) == 0 && len(parsed.Bad) == 0 {
		return s.render(w, r, http.StatusUnprocessableEntity, "missions_import",
			missionsImportData{Error: L.T("missions.import_empty"), Text: string(data)})
	}
	d := missionsImportData{Name: name, Preview: true, Parsed: parsed,
		Encoded: base64.StdEncoding.EncodeToString(data), MustSkip: mustSkip}
	status := http.StatusOK
	if mustSkip {
		status = http.StatusUnprocessableEntity
	}
	return s.render(w, r, status, "missions_import", d)
}

// maxMissionsUpload bounds a directory file. A full directory is some
// hundred kilobytes; the bound keeps the file, carried base64 in the
// confirmation form, under net/http's 10 MB limit on form bodies.
const maxMissionsUpload = 4 << 20

// uploadedMissions is the uploaded file and its name, else the pasted text.
func uploadedMissions(r *http.Request) ([]byte, string, error) {
	file, header, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		if text := r.PostFormValue("text"); len(text) <= maxMissionsUpload {
			return []byte(text), "", nil
		}
		return nil, "", fmt.Errorf("the text is larger than %d MiB", maxMissionsUpload>>20)
	}
	if err != nil {
		return nil, "", err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxMissionsUpload+1))
	if err != nil {
		return nil, "", err
	}
	if len(data) > maxMissionsUpload {
		return nil, "", fmt.Errorf("%s is larger than %d MiB", header.Filename, maxMissionsUpload>>20)
	}
	return data, header.Filename, nil
}

// confirmMissionsImport stores the file the preview showed, carried in the
// form: all of it when every row is good; the good rows when the person
// chose to skip the bad ones; otherwise nothing, and the preview again.
func (s *Server) confirmMissionsImport(w http.ResponseWriter, r *http.Request) error {
	data, err := base64.StdEncoding.DecodeString(r.PostFormValue("file"))
	if err != nil || len(data) == 0 {
		return errorf(http.StatusBadRequest, "invalid_parameter",
			"file: the previewed file is missing; upload it again")
	}
	name := r.PostFormValue("name")
	parsed, err := mission.ReadCSV(bytes.NewReader(data), s.states)
	if err != nil || (len(parsed.Bad) > 0 && r.PostFormValue("skip_bad") != "1") {
		return s.previewMissions(w, r, data, name, true)
	}
	list := make([]mission.Mission, len(parsed.Rows))
	for i, row := range parsed.Rows {
		list[i] = row.Mission
	}
	if name == "" {
		name = "pasted text"
	}
	var n store.MissionCounts
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		var err error
		n, err = tx.ImportMissions(r.Context(), visitorFrom(r).actor(), name, list)
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/missions?"+url.Values{
		"created": {strconv.Itoa(n.Created)}, "updated": {strconv.Itoa(n.Updated)},
		"unchanged": {strconv.Itoa(n.Unchanged)}, "skipped": {strconv.Itoa(len(parsed.Bad))},
	}.Encode(), http.StatusSeeOther)
	return nil
}

// missionFormData is the form for one record.
type missionFormData struct {
	Mission   mission.Mission
	Emails    string // as typed, one per line
	States    []missionStateRow
	Languages []string
	Labels    map[string]string
	Errors    map[string]string
	Action    string
}

func (s *Server) missionForm(r *http.Request, m mission.Mission, emails string,
	errs map[string]string) missionFormData {
	L := visitorFrom(r).printer
	d := missionFormData{Mission: m, Emails: emails, Languages: append([]string{""}, mission.Languages...),
		Labels: missionLanguages(L), Errors: errs, Action: "/admin/missions"}
	if m.ID != 0 {
		d.Action = fmt.Sprintf("/admin/missions/%d", m.ID)
	}
	for _, st := range mission.States(s.states) {
		d.States = append(d.States, missionStateRow{Code: st.Code, Name: localName(st, L.Lang())})
	}
	collator := collatorFor(L.Lang())
	slices.SortFunc(d.States, func(a, b missionStateRow) int { return collator.CompareString(a.Name, b.Name) })
	return d
}

// newMissionForm is the form for a new record, of the state ?state names.
func (s *Server) newMissionForm(w http.ResponseWriter, r *http.Request) error {
	m := mission.Mission{State: strings.ToUpper(r.URL.Query().Get("state")), Station: mission.DefaultStation}
	return s.render(w, r, http.StatusOK, "missions_form", s.missionForm(r, m, "", nil))
}

func (s *Server) missionByID(r *http.Request) (mission.Mission, error) {
	id, err := pathID(r)
	if err != nil {
		return mission.Mission{}, err
	}
	m, err := s.store.Mission(r.Context(), id)
	return m, notFound(err, "mission record %d", id)
}

func (s *Server) editMissionForm(w http.ResponseWriter, r *http.Request) error {
	m, err := s.missionByID(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "missions_form", s.missionForm(r, m, strings.Join(m.Emails, "\n"), nil))
}

func (s *Server) createMission(w http.ResponseWriter, r *http.Request) error {
	return s.saveMission(w, r, 0)
}

func (s *Server) updateMission(w http.ResponseWriter, r *http.Request) error {
	m, err := s.missionByID(r)
	if err != nil {
		return err
	}
	return s.saveMission(w, r, m.ID)
}

// saveMission stores the form as record id (0: a new one), or shows it
// again with the field that is wrong.
func (s *Server) saveMission(w http.ResponseWriter, r *http.Request, id int64) error {
	emails := r.PostFormValue("emails")
	m := mission.Mission{
		ID:            id,
		State:         r.PostFormValue("iso3"),
		Station:       r.PostFormValue("station"),
		Emails:        strings.FieldsFunc(emails, func(c rune) bool { return c == '\n' || c == ';' || c == ',' }),
		PostalAddress: r.PostFormValue("postal_address"),
		HeadName:      r.PostFormValue("head_name"),
		HeadTitle:     r.PostFormValue("head_title"),
		Salutation:    r.PostFormValue("salutation"),
		Language:      r.PostFormValue("language"),
	}
	m.Normalize()
	invalid := func(field, problem string) error {
		return s.render(w, r, http.StatusUnprocessableEntity, "missions_form",
			s.missionForm(r, m, emails, map[string]string{field: problem}))
	}
	if err := m.Validate(s.states); err != nil {
		var fe *mission.FieldError
		errors.As(err, &fe)
		return invalid(fe.Field, fe.Error())
	}
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		_, err := tx.SaveMission(r.Context(), visitorFrom(r).actor(), m)
		return err
	})
	if errors.Is(err, store.ErrDuplicate) {
		return invalid("station", visitorFrom(r).printer.T("missions.duplicate", m.State, m.Station))
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/missions#"+m.State, http.StatusSeeOther)
	return nil
}

func (s *Server) deleteMission(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		_, err := tx.DeleteMission(r.Context(), visitorFrom(r).actor(), id)
		return err
	})
	if err != nil {
		return notFound(err, "mission record %d", id)
	}
	http.Redirect(w, r, "/admin/missions?deleted=1", http.StatusSeeOther)
	return nil
}

// apiMissions lists the directory's records, filtered by ?state (ISO3
// codes, repeated or separated by commas) and ?station.
func (s *Server) apiMissions(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f := store.MissionFilter{Station: strings.TrimSpace(q.Get("station"))}
	for _, v := range q["state"] {
		for code := range strings.SplitSeq(v, ",") {
			code = strings.ToUpper(strings.TrimSpace(code))
			if err := mission.ValidState(s.states, code); err != nil {
				return errorf(http.StatusBadRequest, "invalid_parameter", "state: %s",
					strings.TrimPrefix(err.Error(), "iso3: "))
			}
			f.States = append(f.States, code)
		}
	}
	list, err := s.store.Missions(r.Context(), f)
	if err != nil {
		return err
	}
	if list == nil {
		list = []mission.Mission{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"missions": list})
	return nil
}
