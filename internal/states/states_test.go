package states_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

// checked is the day shared/reference was compiled and checked.
var checked = date(2026, 11, 28)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, time.UTC) }

func codes(list []states.State) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = s.Code
	}
	return out
}

func TestStatusCounts(t *testing.T) {
	const (
		// "193 members and 2 observers" (shared/reference README; S9: "There are
		// currently two non-member observer states").
		wantMembers   = 193
		wantObservers = 2
		// The former entities this package models: SUN, YUG, SCG, CSK, DDR, YAR, YMD.
		wantFormer        = 7
		wantOrganizations = 1 // EUU
	)
	got := map[states.Status]int{}
	for _, s := range states.Default().All() {
		got[s.Status]++
	}
	want := map[states.Status]int{states.Member: wantMembers, states.Observer: wantObservers, states.Former: wantFormer, states.Organization: wantOrganizations}
	for status, n := range want {
		if got[status] != n {
			t.Errorf("%d entries with status %s, want %d", got[status], status, n)
		}
	}
	if len(got) != len(want) {
		t.Errorf("statuses %v, want only %v", got, want)
	}
}

func TestAllIsSortedAndObserversAreVATAndPSE(t *testing.T) {
	all := states.Default().All()
	if !slices.IsSortedFunc(all, func(a, b states.State) int { return strings.Compare(a.Code, b.Code) }) {
		t.Error("All() is not sorted by Code")
	}
	var observers []string
	for _, s := range all {
		if s.Status == states.Observer {
			observers = append(observers, s.Code)
		}
	}
	if !slices.Equal(observers, []string{"PSE", "VAT"}) {
		t.Errorf("observers = %v, want [PSE VAT]", observers)
	}
}

func TestRegionalGroupSizes(t *testing.T) {
	// Sizes as the sources state them (shared/reference README, section 5), not
	// counted from the data file.
	tests := []struct {
		group string
		want  int
	}{
		// "54: S1 table count; S3b/liquisearch (2011); Wikipedia".
		{states.GroupAfrican, 54},
		// "S1 table: 55 names including Türkiye, so 54 without it"; Kiribati in.
		{states.GroupAsiaPacific, 54},
		// "23 in every source".
		{states.GroupEasternEuropean, 23},
		// "33 in every source" (Wikipedia: "33 Member States").
		{states.GroupLatinAmerican, 33},
		// "28 + USA as observer (S3, S3b)", Türkiye and Israel included.
		{states.GroupWesternEuropean, 28},
	}
	total := 0
	for _, tt := range tests {
		got := states.Default().Members(tt.group, checked)
		if len(got) != tt.want {
			t.Errorf("Members(%q) has %d states, want %d", tt.group, len(got), tt.want)
		}
		total += len(got)
	}
	// Every member but the USA is in exactly one group: "Not a member of any
	// regional group" (S1 special cases; ask.un.org FAQ 14521).
	if total != 193-1 {
		t.Errorf("the groups hold %d states, want 192 (193 members less the USA)", total)
	}
}

func TestSpecialGroupCases(t *testing.T) {
	tab := states.Default()
	tests := []struct {
		code, group string
		noteWanted  bool
	}{
		{"USA", "", true},
		{"TUR", states.GroupWesternEuropean, true},
		{"ISR", states.GroupWesternEuropean, true},
		{"KIR", states.GroupAsiaPacific, true},
		{"VAT", "", true},
		{"PSE", "", true},
		{"FRA", states.GroupWesternEuropean, false},
	}
	for _, tt := range tests {
		s, ok := tab.Lookup(tt.code)
		if !ok {
			t.Fatalf("Lookup(%s) failed", tt.code)
		}
		if s.RegionalGroup != tt.group {
			t.Errorf("%s.RegionalGroup = %q, want %q", tt.code, s.RegionalGroup, tt.group)
		}
		if (s.GroupNote != "") != tt.noteWanted {
			t.Errorf("%s.GroupNote = %q, want a note: %v", tt.code, s.GroupNote, tt.noteWanted)
		}
		if in := slices.Contains(codes(tab.Members(states.GroupAsiaPacific, checked)), tt.code); in != (tt.group == states.GroupAsiaPacific) {
			t.Errorf("%s in Asia-Pacific = %v", tt.code, in)
		}
	}
}

func TestIsraelJoinedWEOGInMay2000(t *testing.T) {
	tab := states.Default()
	if slices.Contains(codes(tab.Members(states.GroupWesternEuropean, date(2000, 4, 30))), "ISR") {
		t.Error("Israel in WEOG on 2000-04-30, want not before May 2000")
	}
	if !slices.Contains(codes(tab.Members(states.GroupWesternEuropean, date(2000, 5, 1))), "ISR") {
		t.Error("Israel not in WEOG on 2000-05-01")
	}
}

func TestEuropeanUnionSizes(t *testing.T) {
	// Enlargement dates from EU1 (European Commission, "From 6 to 27 members"),
	// EU3 (1973), EU4 (1958) and EU5 (UK left on 31 January 2020); the counts
	// are those of the waves EU6 (country_converter) names EU12, EU15, EU25,
	// EU27_2007, EU28 and EU27.
	tests := []struct {
		at   time.Time
		want int
	}{
		{date(1957, 12, 31), 0},
		{date(1958, 1, 1), 6},
		{date(1973, 1, 1), 9},
		{date(1981, 1, 1), 10},
		{date(1986, 1, 1), 12},
		{date(1995, 1, 1), 15},
		{date(2004, 5, 1), 25},
		{date(2007, 1, 1), 27},
		{date(2013, 7, 1), 28},
		{date(2019, 12, 31), 28},
		{date(2020, 1, 31), 28}, // the UK's last day of membership
		{date(2020, 2, 1), 27},
		{checked, 27},
	}
	for _, tt := range tests {
		got := states.Default().Members(states.GroupEuropeanUnion, tt.at)
		if len(got) != tt.want {
			t.Errorf("EU on %s: %d members, want %d", tt.at.Format(time.DateOnly), len(got), tt.want)
		}
	}
}

func TestUnitedNationsMembersOnDates(t *testing.T) {
	tests := []struct {
		at   time.Time
		want int
		why  string
	}{
		// The Charter came into force on 24 October 1945, ratified by the five
		// permanent members and a majority of the other signatories: the 27 rows
		// of un_states.csv dated 1945-10-24 (the Russian Federation's being the
		// USSR's seat) plus the USSR, Yugoslavia and Czechoslovakia = 29.
		{date(1945, 10, 24), 29, "ratifications by 24 October 1945"},
		// Belgium (1945-12-27) is the last original member to ratify; the
		// Charter's 51 original members include Poland, which signed later.
		{date(1945, 12, 26), 50, "all original members but Belgium"},
		{date(1945, 12, 27), 51, "the 51 original members"},
		// Timor-Leste, 27 September 2002: "191 member states" (source F, filaw).
		{date(2002, 9, 27), 191, "after Timor-Leste"},
		// Montenegro was admitted by "the 191-nation body" and became "the 192nd
		// member" (press reports of 28 June 2006); Serbia kept one seat.
		{date(2006, 6, 27), 191, "Serbia continues Serbia and Montenegro"},
		{date(2006, 6, 28), 192, "after Montenegro"},
		// South Sudan, 14 July 2011, "the 193rd Member" (source G4).
		{date(2011, 7, 13), 192, "before South Sudan"},
		{date(2011, 7, 14), 193, "after South Sudan"},
		{checked, 193, "today"},
	}
	for _, tt := range tests {
		got := states.Default().Members(states.GroupUnitedNations, tt.at)
		if len(got) != tt.want {
			t.Errorf("UN on %s (%s): %d members, want %d", tt.at.Format(time.DateOnly), tt.why, len(got), tt.want)
		}
	}
}

func TestSeatsAreNotCountedTwice(t *testing.T) {
	tests := []struct {
		at       time.Time
		in, out  []string
		describe string
	}{
		{date(1980, 1, 1), []string{"SUN", "YUG", "CSK", "DDR", "DEU", "YAR", "YMD"}, []string{"RUS", "YEM", "SRB", "CZE", "SCG"}, "1980"},
		{date(1990, 5, 21), []string{"YAR", "YMD"}, []string{"YEM"}, "last day of the two Yemens"},
		{date(1990, 5, 22), []string{"YEM"}, []string{"YAR", "YMD"}, "Yemen merged"},
		{date(1990, 10, 2), []string{"DDR", "DEU"}, nil, "last day of the GDR"},
		{date(1990, 10, 3), []string{"DEU"}, []string{"DDR"}, "German unity"},
		{date(1991, 12, 24), []string{"SUN"}, []string{"RUS"}, "letter of 24 December 1991"},
		{date(1991, 12, 25), []string{"RUS"}, []string{"SUN"}, "Russian Federation continues"},
		{date(1992, 12, 31), []string{"CSK"}, []string{"CZE", "SVK"}, "last day of Czechoslovakia"},
		{date(1993, 1, 19), []string{"CZE", "SVK"}, []string{"CSK"}, "Czechia and Slovakia admitted"},
		{date(2000, 11, 1), []string{"SCG"}, []string{"YUG", "SRB"}, "FRY admitted"},
		{date(2006, 6, 4), []string{"SRB"}, []string{"SCG", "MNE"}, "Serbia continues"},
	}
	for _, tt := range tests {
		members := codes(states.Default().Members(states.GroupUnitedNations, tt.at))
		for _, c := range tt.in {
			if !slices.Contains(members, c) {
				t.Errorf("%s (%s): %s is not a UN member, want it to be", tt.at.Format(time.DateOnly), tt.describe, c)
			}
		}
		for _, c := range tt.out {
			if slices.Contains(members, c) {
				t.Errorf("%s (%s): %s is a UN member, want it not to be", tt.at.Format(time.DateOnly), tt.describe, c)
			}
		}
	}
}

func TestEasternEuropeanGroupIn1980(t *testing.T) {
	got := codes(states.Default().Members(states.GroupEasternEuropean, date(1980, 1, 1)))
	want := []string{"ALB", "BGR", "BLR", "CSK", "DDR", "HUN", "POL", "ROU", "SUN", "UKR", "YUG"}
	if !slices.Equal(got, want) {
		t.Errorf("Eastern European group in 1980 = %v, want %v", got, want)
	}
}

func TestMembersOfUnknownGroupIsEmpty(t *testing.T) {
	if got := states.Default().Members("Western European", checked); len(got) != 0 {
		t.Errorf("Members(unknown group) = %v, want none", codes(got))
	}
}

var (
	m49Code  = regexp.MustCompile(`^[0-9]{3}$`)
	iso2Code = regexp.MustCompile(`^[A-Z]{2}$`)
	isoDate  = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)
)

func TestEveryCurrentStateIsComplete(t *testing.T) {
	for _, s := range states.Default().All() {
		if s.Status != states.Member && s.Status != states.Observer {
			continue
		}
		if !iso2Code.MatchString(s.ISO2) || !m49Code.MatchString(s.M49) {
			t.Errorf("%s: iso2 %q, m49 %q", s.Code, s.ISO2, s.M49)
		}
		if s.Name == "" || s.FormalName == "" || s.NameFR == "" || s.NameES == "" {
			t.Errorf("%s: a name is missing: %+v", s.Code, s)
		}
		if (s.Status == states.Member) != isoDate.MatchString(s.Admitted) {
			t.Errorf("%s (%s): admitted %q", s.Code, s.Status, s.Admitted)
		}
		if s.Until != "" || len(s.Successors) != 0 {
			t.Errorf("%s: a current state has until %q, successors %v", s.Code, s.Until, s.Successors)
		}
	}
}

func TestEveryFormerEntityHasAnEndAndKnownSuccessors(t *testing.T) {
	tab := states.Default()
	for _, s := range tab.All() {
		if s.Status != states.Former {
			continue
		}
		if !isoDate.MatchString(s.Until) || s.Until < s.Admitted {
			t.Errorf("%s: admitted %q, until %q", s.Code, s.Admitted, s.Until)
		}
		if len(s.Successors) == 0 {
			t.Errorf("%s has no successors", s.Code)
		}
		for _, c := range s.Successors {
			if succ, ok := tab.Lookup(c); !ok || succ.Code != c {
				t.Errorf("%s: successor %s is not in the table", s.Code, c)
			}
		}
	}
}

func TestFormerEntities(t *testing.T) {
	tests := []struct {
		code, iso4, admitted, until, continuedBy string
		successors                               []string
	}{
		{"SUN", "SUHH", "1945-10-24", "1991-12-24", "RUS", []string{"RUS"}},
		{"YUG", "YUCS", "1945-10-24", "1992-09-22", "", []string{"BIH", "HRV", "MKD", "SCG", "SVN"}},
		{"SCG", "CSXX", "2000-11-01", "2006-06-03", "SRB", []string{"MNE", "SRB"}},
		{"CSK", "CSHH", "1945-10-24", "1992-12-31", "", []string{"CZE", "SVK"}},
		{"DDR", "DDDE", "1973-09-18", "1990-10-02", "", []string{"DEU"}},
		{"YAR", "", "1947-09-30", "1990-05-21", "YEM", []string{"YEM"}},
		{"YMD", "YDYE", "1967-12-14", "1990-05-21", "YEM", []string{"YEM"}},
	}
	for _, tt := range tests {
		s, ok := states.Default().Lookup(tt.code)
		if !ok {
			t.Fatalf("Lookup(%s) failed", tt.code)
		}
		if s.Status != states.Former || s.ISO4 != tt.iso4 || s.Admitted != tt.admitted || s.Until != tt.until ||
			s.ContinuedBy != tt.continuedBy || !slices.Equal(s.Successors, tt.successors) || s.ISO2 != "" {
			t.Errorf("%s = %+v, want iso4 %s, %s to %s, continued by %q, successors %v", tt.code, s, tt.iso4, tt.admitted, tt.until, tt.continuedBy, tt.successors)
		}
	}
}

func TestEuropeanUnionEntity(t *testing.T) {
	s, ok := states.Default().Lookup("euu")
	if !ok {
		t.Fatal("Lookup(euu) failed")
	}
	if s.Status != states.Organization || s.Admitted != "2011-05-03" || s.NameFR != "Union européenne" || s.NameES != "Unión Europea" {
		t.Errorf("EUU = %+v", s)
	}
}

func TestLookup(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"DEU", "DEU"}, {"de", "DEU"}, {" gbr ", "GBR"}, {"GB", "GBR"}, {"VA", "VAT"}, {"ps", "PSE"},
		{"SUN", "SUN"}, {"yar", "YAR"}, {"EUU", "EUU"},
	}
	for _, tt := range tests {
		if s, ok := states.Default().Lookup(tt.in); !ok || s.Code != tt.want {
			t.Errorf("Lookup(%q) = %s, %v, want %s", tt.in, s.Code, ok, tt.want)
		}
	}
	for _, in := range []string{"", "XX", "SU", "CS", "EU", "Germany", "ZZZ"} {
		if s, ok := states.Default().Lookup(in); ok {
			t.Errorf("Lookup(%q) = %s, want not found", in, s.Code)
		}
	}
}

func TestResultsAreCopies(t *testing.T) {
	tab := states.Default()
	s, _ := tab.Lookup("YUG")
	s.Successors[0] = "XXX"
	again, _ := tab.Lookup("YUG")
	if again.Successors[0] != "BIH" {
		t.Errorf("changing a returned State changed the table: %v", again.Successors)
	}
}

func TestJSONFieldNames(t *testing.T) {
	s, _ := states.Default().Lookup("SUN")
	data, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(data, &fields); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"code", "iso4", "m49", "name", "formal_name", "name_fr", "name_es", "status", "admitted", "until", "successors", "continued_by", "regional_group", "note"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("JSON of SUN lacks %q: %s", k, data)
		}
	}
	if _, ok := fields["iso2"]; ok {
		t.Errorf("JSON of SUN has an empty iso2: %s", data)
	}
}
