package states

import (
	"bufio"
	"cmp"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/states/internal/namekey"
)

// The data file is tab-separated, UTF-8. Lines starting with "#" and blank
// lines are comments. Every other line starts with its kind:
//
//	state      code iso2 iso4 m49 status admitted until name formal_name name_fr name_es regional_group successors continued_by group_note note
//	group      group code from until source note
//	groupname  name group lang
//
// Lists (successors, codes) are comma-separated. Dates are YYYY-MM-DD.
var columns = map[string][]string{
	"state": {"kind", "code", "iso2", "iso4", "m49", "status", "admitted", "until", "name", "formal_name",
		"name_fr", "name_es", "regional_group", "successors", "continued_by", "group_note", "note"},
	"group":     {"kind", "group", "code", "from", "until", "source", "note"},
	"name":      {"kind", "name", "codes", "sources"},
	"groupname": {"kind", "name", "group", "lang"},
}

// ParseError reports a malformed line of the data file.
type ParseError struct {
	Line  int    // 1-based line number
	Field string // column name, e.g. "admitted"
	Msg   string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("states.Parse: line %d, field %s: %s", e.Line, e.Field, e.Msg)
}

var (
	alpha2 = regexp.MustCompile(`^[A-Z]{2}$`)
	alpha3 = regexp.MustCompile(`^[A-Z]{3}$`)
	alpha4 = regexp.MustCompile(`^[A-Z]{4}$`)
	m49    = regexp.MustCompile(`^[0-9]{3}$`)
)

// record is one data line split into named fields.
type record struct {
	line   int
	fields map[string]string
}

func (r record) errorf(field, format string, args ...any) error {
	return &ParseError{Line: r.line, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Parse reads a table in the format of data/states.tsv. Errors are
// *ParseError values naming the line and the field.
func Parse(r io.Reader) (*Table, error) {
	byKind, err := readRecords(r)
	if err != nil {
		return nil, err
	}
	t := &Table{byCode: map[string]int{}, names: map[string][]int{}, groupNames: map[string]string{}}
	stateLines := map[string]record{}
	for _, rec := range byKind["state"] {
		s, err := parseState(rec)
		if err != nil {
			return nil, err
		}
		if err := t.addState(s, rec); err != nil {
			return nil, err
		}
		stateLines[s.Code] = rec
	}
	for _, s := range t.states {
		if err := t.checkLinks(s, stateLines[s.Code]); err != nil {
			return nil, err
		}
	}
	t.deriveSeats()
	spells := map[string][]spellLine{}
	for _, rec := range byKind["group"] {
		if err := t.addGroupRow(rec, spells); err != nil {
			return nil, err
		}
	}
	seen := map[string]int{}
	for _, rec := range byKind["name"] {
		if err := t.addName(rec, seen); err != nil {
			return nil, err
		}
	}
	seenGroupNames := map[string]int{}
	for _, rec := range byKind["groupname"] {
		if err := t.addGroupName(rec, seenGroupNames); err != nil {
			return nil, err
		}
	}
	t.sortMemberships()
	return t, nil
}

func readRecords(r io.Reader) (map[string][]record, error) {
	byKind := map[string][]record{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 1024*1024)
	n := 0
	for sc.Scan() {
		n++
		line := strings.TrimSuffix(sc.Text(), "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		parts := strings.Split(line, "\t")
		names, ok := columns[parts[0]]
		if !ok {
			return nil, &ParseError{Line: n, Field: "kind",
				Msg: fmt.Sprintf("unknown record kind %q (want state, group, name or groupname)", parts[0])}
		}
		if len(parts) != len(names) {
			return nil, &ParseError{Line: n, Field: "columns",
				Msg: fmt.Sprintf("%s line has %d columns, want %d", parts[0], len(parts), len(names))}
		}
		rec := record{line: n, fields: make(map[string]string, len(names))}
		for i, name := range names {
			rec.fields[name] = parts[i]
		}
		byKind[parts[0]] = append(byKind[parts[0]], rec)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("states.Parse: reading line %d: %w", n+1, err)
	}
	return byKind, nil
}

func parseState(rec record) (State, error) {
	f := rec.fields
	s := State{
		Code: f["code"], ISO2: f["iso2"], ISO4: f["iso4"], M49: f["m49"], Status: Status(f["status"]),
		Admitted: f["admitted"], Until: f["until"], Name: f["name"], FormalName: f["formal_name"],
		NameFR: f["name_fr"], NameES: f["name_es"], RegionalGroup: f["regional_group"],
		ContinuedBy: f["continued_by"], GroupNote: f["group_note"], Note: f["note"],
	}
	if f["successors"] != "" {
		s.Successors = strings.Split(f["successors"], ",")
	}
	checks := []struct {
		field string
		ok    bool
		want  string
	}{
		{"code", alpha3.MatchString(s.Code), "three capital letters"},
		{"iso2", s.ISO2 == "" || alpha2.MatchString(s.ISO2), "two capital letters or empty"},
		{"iso4", s.ISO4 == "" || alpha4.MatchString(s.ISO4), "four capital letters or empty"},
		{"m49", s.M49 == "" || m49.MatchString(s.M49), "three digits or empty"},
		{"status", slices.Contains([]Status{Member, Observer, Former, Organization}, s.Status),
			"member, observer, former or organization"},
		{"name", s.Name != "", "a name"},
		{"formal_name", s.FormalName != "", "a name"},
		{"name_fr", s.NameFR != "", "a name"},
		{"name_es", s.NameES != "", "a name"},
		{"regional_group", s.RegionalGroup == "" || slices.Contains(regionalGroups, s.RegionalGroup),
			"a UN regional group or empty"},
	}
	for _, c := range checks {
		if !c.ok {
			return State{}, rec.errorf(c.field, "%q is not valid: want %s", f[c.field], c.want)
		}
	}
	if err := checkDates(rec, "admitted", "until"); err != nil {
		return State{}, err
	}
	return s, checkStatusFields(s, rec)
}

// checkStatusFields enforces what each status needs: members an admission
// date, former entities an end and successors, current ones neither.
func checkStatusFields(s State, rec record) error {
	switch {
	case s.Status == Member && s.Admitted == "":
		return rec.errorf("admitted", "a member needs an admission date")
	case s.Status == Former && s.Until == "":
		return rec.errorf("until", "a former entity needs its last day")
	case s.Status == Former && len(s.Successors) == 0:
		return rec.errorf("successors", "a former entity needs successors")
	case s.Status != Former && s.Until != "":
		return rec.errorf("until", "only former entities have an end date, %s is %s", s.Code, s.Status)
	}
	return nil
}

// checkDates validates the named date fields of rec and their order.
func checkDates(rec record, from, until string) error {
	for _, field := range []string{from, until} {
		v := rec.fields[field]
		if v == "" {
			continue
		}
		if _, err := time.Parse(dateLayout, v); err != nil {
			return rec.errorf(field, "bad date %q: want YYYY-MM-DD", v)
		}
	}
	if a, b := rec.fields[from], rec.fields[until]; a != "" && b != "" && b < a {
		return rec.errorf(until, "%s is before %s %s", b, from, a)
	}
	return nil
}

func (t *Table) addState(s State, rec record) error {
	if _, dup := t.byCode[s.Code]; dup {
		return rec.errorf("code", "duplicate code %s", s.Code)
	}
	if s.ISO2 != "" {
		if _, dup := t.byCode[s.ISO2]; dup {
			return rec.errorf("iso2", "duplicate code %s", s.ISO2)
		}
		t.byCode[s.ISO2] = len(t.states)
	}
	t.byCode[s.Code] = len(t.states)
	t.states = append(t.states, s)
	if len(t.states) > 1 && t.states[len(t.states)-2].Code > s.Code {
		return rec.errorf("code", "%s is out of order: state lines are sorted by code", s.Code)
	}
	return nil
}

// checkLinks verifies that successors and continued_by name known entries.
func (t *Table) checkLinks(s State, rec record) error {
	for _, c := range s.Successors {
		if !t.isCode(c) {
			return rec.errorf("successors", "unknown code %q", c)
		}
	}
	if s.ContinuedBy != "" && !slices.Contains(s.Successors, s.ContinuedBy) {
		return rec.errorf("continued_by", "%q is not one of the successors %v", s.ContinuedBy, s.Successors)
	}
	return nil
}

// isCode reports whether c is the alpha-3 code of an entry (not an alpha-2).
func (t *Table) isCode(c string) bool {
	i, ok := t.byCode[c]
	return ok && t.states[i].Code == c
}

// deriveSeats computes UN membership spans from Admitted and Until, moving a
// continuing state's start to the day after its predecessor's end.
func (t *Table) deriveSeats() {
	t.seats = map[string]span{}
	for _, s := range t.states {
		if s.Status == Member || s.Status == Former {
			t.seats[s.Code] = span{s.Admitted, s.Until}
		}
	}
	notes := map[string][]string{}
	for _, s := range t.states {
		if s.ContinuedBy == "" {
			continue
		}
		next := dayAfter(s.Until)
		seat := t.seats[s.ContinuedBy]
		if next > seat.from {
			seat.from = next
		}
		t.seats[s.ContinuedBy] = seat
		notes[s.ContinuedBy] = append(notes[s.ContinuedBy],
			fmt.Sprintf("continues the UN membership of %s (until %s)", s.Code, s.Until))
	}
	for code, seat := range t.seats {
		note := strings.Join(notes[code], "; ")
		if note != "" {
			note += "; the UN dates this member's admission " + t.states[t.byCode[code]].Admitted
		}
		t.memberships = append(t.memberships,
			Membership{Group: GroupUnitedNations, Code: code, From: seat.from, Until: seat.until, Note: note})
	}
}

func dayAfter(day string) string {
	d, _ := time.Parse(dateLayout, day) // validated by parseState
	return d.AddDate(0, 0, 1).Format(dateLayout)
}

// spellLine is a membership read from the data file and its line number.
type spellLine struct {
	span span
	line int
}

// addGroupRow adds one group line. spells maps "group/code" to the spells
// read so far, so that two spells of one state in one group that overlap
// are reported; "United Nations" is derived, never stored.
func (t *Table) addGroupRow(rec record, spells map[string][]spellLine) error {
	f := rec.fields
	m := Membership{Group: f["group"], Code: f["code"], From: f["from"], Until: f["until"], Source: f["source"],
		Note: f["note"]}
	if m.Group == GroupUnitedNations || !slices.Contains(groups, m.Group) {
		return rec.errorf("group", "unknown group %q", m.Group)
	}
	if !t.isCode(m.Code) {
		return rec.errorf("code", "unknown code %q", m.Code)
	}
	if err := checkDates(rec, "from", "until"); err != nil {
		return err
	}
	if _, ok := t.seats[m.Code]; !ok && m.From == "" {
		return rec.errorf("from", "%s has no UN membership to take an empty date from", m.Code)
	}
	if m.Source == "" {
		return rec.errorf("source", "a membership needs a source")
	}
	key := m.Group + "/" + m.Code
	s := t.effectiveSpan(m)
	for _, prev := range spells[key] {
		if overlaps(s, prev.span) {
			return rec.errorf("from", "%s in %q overlaps the spell on line %d", m.Code, m.Group, prev.line)
		}
	}
	spells[key] = append(spells[key], spellLine{s, rec.line})
	t.memberships = append(t.memberships, m)
	return nil
}

// overlaps reports whether two spans share a day.
func overlaps(a, b span) bool {
	return (a.from == "" || b.until == "" || a.from <= b.until) && (b.from == "" || a.until == "" || b.from <= a.until)
}

// addGroupName indexes one groupname line; seen maps name keys to the line
// that defined them.
func (t *Table) addGroupName(rec record, seen map[string]int) error {
	f := rec.fields
	key := namekey.Key(f["name"])
	switch {
	case key == "":
		return rec.errorf("name", "%q has no letters", f["name"])
	case !slices.Contains(groups, f["group"]):
		return rec.errorf("group", "unknown group %q", f["group"])
	case !slices.Contains([]string{"en", "fr", "es"}, f["lang"]):
		return rec.errorf("lang", "%q is not en, fr or es", f["lang"])
	}
	if first, dup := seen[key]; dup {
		return rec.errorf("name", "%q has the key %q, already defined on line %d", f["name"], key, first)
	}
	seen[key] = rec.line
	t.groupNames[key] = f["group"]
	return nil
}

// addName indexes one name line; seen maps name keys to the line that
// defined them, so that a key defined twice is reported with both lines.
func (t *Table) addName(rec record, seen map[string]int) error {
	key := namekey.Key(rec.fields["name"])
	if key == "" {
		return rec.errorf("name", "%q has no letters", rec.fields["name"])
	}
	if first, dup := seen[key]; dup {
		return rec.errorf("name", "%q has the key %q, already defined on line %d", rec.fields["name"], key, first)
	}
	seen[key] = rec.line
	var idx []int
	for _, c := range strings.Split(rec.fields["codes"], ",") {
		if !t.isCode(c) {
			return rec.errorf("codes", "unknown code %q", c)
		}
		if slices.Contains(idx, t.byCode[c]) {
			return rec.errorf("codes", "code %s is listed twice", c)
		}
		idx = append(idx, t.byCode[c])
	}
	slices.Sort(idx) // states are sorted by code, so candidates are too
	t.names[key] = idx
	return nil
}

func (t *Table) sortMemberships() {
	slices.SortFunc(t.memberships, func(a, b Membership) int {
		return cmp.Or(strings.Compare(a.Group, b.Group), strings.Compare(a.Code, b.Code),
			strings.Compare(a.From, b.From))
	})
}
