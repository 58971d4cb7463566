// Package states is r2p's reference table of the governments a coalition
// writes to and listens to: the 193 UN member states, the 2 observer states,
// the former members whose names appear in older UN records (the USSR,
// Yugoslavia, Czechoslovakia, ...) and the European Union, which speaks in
// the General Assembly on behalf of its members; and the groups they have
// belonged to over time (regional groups, EU, Nordic countries, Non-Aligned
// Movement, Arab Group, CARICOM, Group of Friends of R2P), each membership
// dated and sourced, so that a statement made on behalf of a group can be
// counted for every member of the group on that day (Members).
//
// The table is compiled into the binary from data/states.tsv. That file is
// generated (go generate ./internal/states) from the checked table in
// shared/reference, Debian iso-codes, CLDR names from golang.org/x/text and
// the hand-maintained files in gen/; its header names every source.
package states

//go:generate go run ./gen

import (
	"bytes"
	_ "embed"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Status says what kind of entity a State is.
type Status string

// The statuses a State can have.
const (
	Member       Status = "member"       // UN member state
	Observer     Status = "observer"     // non-member observer state
	Former       Status = "former"       // former UN member that no longer exists
	Organization Status = "organization" // an organization, such as the European Union
)

// The names of the groups that Members and Memberships know. "United
// Nations" membership is derived from the admission dates (see
// Memberships); every other group is stored in the data file. A statement
// made at the UN on behalf of a group counts for the group's members on
// the day it was made. ResolveGroup finds a group by its other names
// ("African Group", "NAM", "Groupe des États arabes").
const (
	GroupAfrican         = "African"
	GroupAsiaPacific     = "Asia-Pacific"
	GroupEasternEuropean = "Eastern European"
	GroupLatinAmerican   = "Latin American and Caribbean"
	GroupWesternEuropean = "Western European and Others"
	GroupEuropeanUnion   = "European Union"
	GroupUnitedNations   = "United Nations"
	// GroupNordic is Denmark, Finland, Iceland, Norway and Sweden, who
	// often speak at the UN as one.
	GroupNordic = "Nordic countries"
	// GroupNonAligned is the Non-Aligned Movement, with the dates on which
	// its members joined and left the Movement, whether or not they were
	// UN members yet (Algeria 1961; Palestine, as the PLO, 1976).
	GroupNonAligned = "Non-Aligned Movement"
	// GroupArab is the Arab Group at the UN: the members of the League of
	// Arab States, each from the later of its accession to the League and
	// its UN admission, and the State of Palestine.
	GroupArab = "Arab Group"
	// GroupCaribbean is the Caribbean Community (CARICOM): its full members
	// that are UN members, each from the later of its accession and its UN
	// admission.
	GroupCaribbean = "Caribbean Community"
	// GroupFriendsOfR2P is the Group of Friends of the Responsibility to
	// Protect in New York. Only the members that public sources name are
	// known, from the date of the earliest such source: the list is far
	// from complete (see gen/memberships.tsv).
	GroupFriendsOfR2P = "Group of Friends of the Responsibility to Protect"
)

const dateLayout = "2006-01-02"

// regionalGroups are the five UN regional groups, in the UN's order.
var regionalGroups = []string{GroupAfrican, GroupAsiaPacific, GroupEasternEuropean, GroupLatinAmerican,
	GroupWesternEuropean}

// groups are all the groups that Members knows, in the order Groups
// returns them.
var groups = append(slices.Clone(regionalGroups), GroupEuropeanUnion, GroupUnitedNations,
	GroupNordic, GroupNonAligned, GroupArab, GroupCaribbean, GroupFriendsOfR2P)

// Groups returns the names of every group that Members knows: the five
// UN regional groups, the European Union, the United Nations, the Nordic
// countries, the Non-Aligned Movement, the Arab Group, the Caribbean
// Community and the Group of Friends of the Responsibility to Protect.
func Groups() []string { return slices.Clone(groups) }

// State is one entry of the table: a member or observer state, a former
// member, or an organization.
type State struct {
	// Code is the ISO 3166-1 alpha-3 code for current states; for former
	// entities the ISO 3166-3 alpha-3 code (SUN, YUG, SCG, CSK, DDR, YMD) or
	// a project code (YAR, EUU), which is not an ISO code.
	Code string `json:"code"`
	// ISO2 is the ISO 3166-1 alpha-2 code; empty for former entities, whose
	// withdrawn alpha-2 codes are not unique (CS was both CSK and SCG).
	ISO2 string `json:"iso2,omitempty"`
	// ISO4 is the ISO 3166-3 alpha-4 code of a withdrawn entity (SUHH).
	ISO4 string `json:"iso4,omitempty"`
	// M49 is the UN M49 code, three digits.
	M49        string `json:"m49,omitempty"`
	Name       string `json:"name"` // UN short name
	FormalName string `json:"formal_name"`
	NameFR     string `json:"name_fr"`
	NameES     string `json:"name_es"`
	Status     Status `json:"status"`
	// Admitted is the date of UN admission (YYYY-MM-DD) as the UN lists it
	// for the present member, so a continuing state carries its
	// predecessor's date (Russian Federation: 1945-10-24). For the EU it is
	// the start of its enhanced observer status.
	Admitted string `json:"admitted,omitempty"`
	// Until is the last day of a former entity (YYYY-MM-DD).
	Until string `json:"until,omitempty"`
	// Successors are the states that took a former entity's place.
	Successors []string `json:"successors,omitempty"`
	// ContinuedBy is the successor that continued a former entity's UN
	// membership (SUN: RUS), if one did.
	ContinuedBy string `json:"continued_by,omitempty"`
	// RegionalGroup is the UN regional group: the current one, or for a
	// former entity the one it belonged to; "" when none.
	RegionalGroup string `json:"regional_group"`
	GroupNote     string `json:"group_note,omitempty"`
	// Note records history and the sources of doubtful data.
	Note string `json:"note,omitempty"`
}

// Membership says that a state belonged to a group from one date until
// another, both inclusive. An empty From or Until means that the source
// gives no date, or that the group counts only UN members: the membership
// then runs from the start, or until the end, of the state's UN
// membership. A state may have several memberships of one group, for
// spells separated by a departure or a suspension.
type Membership struct {
	Group string `json:"group"`
	Code  string `json:"code"`
	From  string `json:"from,omitempty"`
	Until string `json:"until,omitempty"`
	// Source names where the membership and its dates come from; empty
	// for "United Nations", which is derived from Admitted and Until.
	Source string `json:"source,omitempty"`
	Note   string `json:"note,omitempty"`
}

// Table is a parsed reference table. Its methods are safe for concurrent use.
type Table struct {
	states      []State           // sorted by Code
	byCode      map[string]int    // alpha-3 and alpha-2 code -> index in states
	memberships []Membership      // sorted by group, code, from
	seats       map[string]span   // code -> UN membership, derived
	names       map[string][]int  // name key -> indexes in states
	groupNames  map[string]string // name key -> group
}

// span is a closed interval of dates written YYYY-MM-DD; "" is open.
type span struct{ from, until string }

func (s span) contains(day string) bool {
	return (s.from == "" || s.from <= day) && (s.until == "" || day <= s.until)
}

//go:embed data/states.tsv
var embedded []byte

var defaultTable = sync.OnceValue(func() *Table {
	t, err := Parse(bytes.NewReader(embedded))
	if err != nil {
		panic(fmt.Sprintf("states: embedded data/states.tsv is malformed: %v", err))
	}
	return t
})

// Default returns the table compiled into the binary, parsed on first use.
func Default() *Table { return defaultTable() }

// All returns every entry, sorted by Code.
func (t *Table) All() []State {
	out := make([]State, len(t.states))
	for i, s := range t.states {
		out[i] = s.clone()
	}
	return out
}

// Lookup finds a state by its alpha-3 or alpha-2 code, ignoring case.
func (t *Table) Lookup(code string) (State, bool) {
	i, ok := t.byCode[strings.ToUpper(strings.TrimSpace(code))]
	if !ok {
		return State{}, false
	}
	return t.states[i].clone(), true
}

// Members returns the states that belonged to group on the calendar date of
// at (in at's own location), sorted by Code. group is one of the Group
// constants (see Groups; ResolveGroup turns other names into one); an
// unknown group has no members. The Group of Friends of R2P counts the
// European Union (EUU) among its members.
func (t *Table) Members(group string, at time.Time) []State {
	day := at.Format(dateLayout)
	var out []State
	for _, m := range t.memberships {
		if m.Group == group && t.effectiveSpan(m).contains(day) {
			out = append(out, t.states[t.byCode[m.Code]].clone())
		}
	}
	slices.SortFunc(out, func(a, b State) int { return strings.Compare(a.Code, b.Code) })
	return out
}

// effectiveSpan fills a membership's missing dates from the state's UN
// membership.
func (t *Table) effectiveSpan(m Membership) span {
	s := span{m.From, m.Until}
	seat := t.seats[m.Code]
	if s.from == "" {
		s.from = seat.from
	}
	if s.until == "" {
		s.until = seat.until
	}
	return s
}

// Memberships returns every group membership: the regional groups, the EU
// and the other groups of the Group constants as stored in the data file, and "United Nations" membership derived
// from Admitted and Until. Where a state continued a former member's seat
// (Russian Federation, Serbia, Yemen), its United Nations membership starts
// the day after the predecessor's Until, so that no seat counts twice.
func (t *Table) Memberships() []Membership {
	return slices.Clone(t.memberships)
}

func (s State) clone() State {
	s.Successors = slices.Clone(s.Successors)
	return s
}
