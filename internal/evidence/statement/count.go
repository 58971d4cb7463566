package statement

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

// AdHocGroup is a list of states that staff typed for a joint statement
// made on behalf of a group the states table does not know ("the
// co-sponsors of the draft", "Argentina, Brazil and Chile"), with the date
// its membership is given for. A statement names it as OnBehalfOf
// "list:ID".
type AdHocGroup struct {
	ID      int64    `json:"id"`
	Name    string   `json:"name"`
	Members []string `json:"members"` // state codes, sorted
	// AsOf is the day the list is true of (YYYY-MM-DD).
	AsOf string `json:"as_of"`
	// Source says where the list comes from (a statement's opening words,
	// a document symbol, a URL).
	Source    string    `json:"source"`
	CreatedAt time.Time `json:"created_at"`
}

// Prepare normalizes and checks the list against the states table: every
// member a state (member, observer or former) by code or name.
func (g *AdHocGroup) Prepare(table *states.Table) error {
	g.Name = strings.Join(strings.Fields(g.Name), " ")
	g.AsOf = strings.TrimSpace(g.AsOf)
	g.Source = strings.TrimSpace(g.Source)
	if g.Name == "" {
		return fieldError("name", "required")
	}
	if _, err := time.Parse(DateLayout, g.AsOf); err != nil {
		return fieldError("as_of", "%q is not a date YYYY-MM-DD", g.AsOf)
	}
	var codes []string
	for _, m := range g.Members {
		if m = strings.TrimSpace(m); m == "" {
			continue
		}
		kind, code, err := ResolveSpeaker(table, m)
		if err != nil {
			return fieldError("members", "%q: %v", m, err)
		}
		if kind != State {
			return fieldError("members", "%q is not a state", m)
		}
		codes = append(codes, code)
	}
	if len(codes) == 0 {
		return fieldError("members", "name at least one state")
	}
	slices.Sort(codes)
	g.Members = slices.Compact(codes)
	return nil
}

// StateCount is what an event heard from or for one state.
type StateCount struct {
	State string `json:"state"`
	// National counts the statements the state made in its own name.
	National int `json:"national"`
	// Delivered counts the statements the state made on behalf of a group.
	Delivered int `json:"delivered"`
	// Represented counts the statements made on behalf of a group that
	// the state belonged to that day, whoever delivered them.
	Represented int `json:"represented"`
	// Groups are the groups whose statements represented it, sorted.
	Groups []string `json:"groups"`
	// Total counts the distinct statements that spoke for the state: a
	// statement it delivered for a group it belongs to counts once.
	Total int `json:"total"`
}

// Tally is the count of an event's statements. Procedural turns are left
// out.
type Tally struct {
	Statements int `json:"statements"`
	// Speakers counts the statements by a state, organization or official
	// that were not procedural: each took the floor once.
	Speakers int `json:"speakers"`
	// Joint counts the statements made on behalf of a group.
	Joint int `json:"joint"`
	// StatesSpeaking counts the states that took the floor, in their own
	// name or for a group.
	StatesSpeaking int `json:"states_speaking"`
	// StatesRepresented counts the states that some statement spoke for,
	// each once.
	StatesRepresented int `json:"states_represented"`
	// States has one row per state spoken for, by code.
	States []StateCount `json:"states"`
	// GroupMembers is the number of members of each group spoken for,
	// keyed by the statement's OnBehalfOf.
	GroupMembers map[string]int `json:"group_members"`
}

// GroupMembers returns the members of the group that onBehalfOf names on
// the day date: a group of the states table, or an ad hoc list from lists.
func GroupMembers(table *states.Table, lists map[int64]AdHocGroup, onBehalfOf, date string) ([]string, error) {
	if id, ok := AdHocID(onBehalfOf); ok {
		g, ok := lists[id]
		if !ok {
			return nil, fmt.Errorf("ad hoc list %d not found", id)
		}
		return g.Members, nil
	}
	day, err := time.Parse(DateLayout, date)
	if err != nil {
		return nil, fmt.Errorf("group %s: date %q: %w", onBehalfOf, date, err)
	}
	var codes []string
	for _, s := range table.Members(onBehalfOf, day.Add(12*time.Hour)) {
		codes = append(codes, s.Code)
	}
	return codes, nil
}

// Count tallies an event's statements: for each state, the statements it
// made in its own name, those it delivered for a group, and those made on
// behalf of a group it belonged to on the day (the members of a group of
// the states table on that day; of an ad hoc list, as listed). A state
// that also speaks nationally counts once as a speaker and once as
// represented; its Total counts each statement once.
func Count(table *states.Table, lists map[int64]AdHocGroup, list []Statement) (Tally, error) {
	t := Tally{GroupMembers: map[string]int{}}
	rows := map[string]*StateCount{}
	seen := map[string]map[int]bool{} // state -> statements (by index) counted in Total
	row := func(code string) *StateCount {
		if rows[code] == nil {
			rows[code] = &StateCount{State: code}
			seen[code] = map[int]bool{}
		}
		return rows[code]
	}
	speaking := map[string]bool{}
	for i, st := range list {
		if st.Procedural {
			continue
		}
		t.Statements++
		t.Speakers++
		if st.Kind == State {
			r := row(st.Speaker)
			speaking[st.Speaker] = true
			if st.OnBehalfOf == "" {
				r.National++
			} else {
				r.Delivered++
			}
			seen[st.Speaker][i] = true
		}
		if st.OnBehalfOf == "" {
			continue
		}
		t.Joint++
		members, err := GroupMembers(table, lists, st.OnBehalfOf, st.Date)
		if err != nil {
			return t, fmt.Errorf("statement %d: %w", st.ID, err)
		}
		t.GroupMembers[st.OnBehalfOf] = len(members)
		for _, code := range members {
			r := row(code)
			r.Represented++
			if !slices.Contains(r.Groups, st.OnBehalfOf) {
				r.Groups = append(r.Groups, st.OnBehalfOf)
			}
			seen[code][i] = true
		}
	}
	for code, r := range rows {
		r.Total = len(seen[code])
		slices.Sort(r.Groups)
		t.States = append(t.States, *r)
	}
	slices.SortFunc(t.States, func(a, b StateCount) int { return strings.Compare(a.State, b.State) })
	t.StatesSpeaking = len(speaking)
	t.StatesRepresented = len(t.States)
	return t, nil
}
