package states_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

// debate is the day of the General Assembly debate on R2P that the seed
// letter was written for.
var debate = date(2009, 7, 23)

func TestGroupSizesOnKeyDates(t *testing.T) {
	tests := []struct {
		group string
		at    time.Time
		want  int
		why   string
	}{
		// Sweden spoke for the EU at the 2009 debate: the 27 members of that day.
		{states.GroupEuropeanUnion, debate, 27, "EU27 before Croatia"},
		{states.GroupEuropeanUnion, date(2013, 7, 1), 28, "Croatia joined"},
		{states.GroupEuropeanUnion, date(2020, 2, 1), 27, "the UK left"},
		// Egypt spoke for NAM: "118 countries" (BBC, Havana 2006) through Sharm el-Sheikh 2009.
		{states.GroupNonAligned, debate, 118, "after Sharm el-Sheikh, Palestine included"},
		{states.GroupNonAligned, date(2012, 9, 1), 120, "after Azerbaijan and Fiji (Bali 2011)"},
		{states.GroupNonAligned, date(1961, 9, 1), 25, "the Belgrade founders"},
		{states.GroupNonAligned, date(1973, 9, 5), 75, "Algiers summit"},
		{states.GroupNonAligned, date(2003, 2, 23), 114, "the 114-member movement before Kuala Lumpur"},
		{states.GroupNonAligned, date(2003, 2, 24), 116, "Timor-Leste and Saint Vincent admitted"},
		{states.GroupNonAligned, date(2006, 9, 10), 114, "after Cyprus and Malta left, before Havana"},
		{states.GroupNonAligned, date(2006, 9, 11), 118, "Havana: four Caribbean members"},
		// 21 UN members of the League of Arab States and Palestine.
		{states.GroupArab, debate, 22, "League members at the UN and Palestine"},
		{states.GroupArab, date(2015, 1, 1), 22, "Syria's League suspension does not change the UN group"},
		{states.GroupArab, date(1993, 11, 19), 21, "before the Comoros joined the League"},
		{states.GroupCaribbean, checked, 14, "the full members that are UN members, Montserrat aside"},
		{states.GroupCaribbean, debate, 14, "Haiti joined in 2002"},
		{states.GroupCaribbean, date(1973, 8, 1), 4, "the four signatories"},
		{states.GroupNordic, debate, 5, "Denmark, Finland, Iceland, Norway, Sweden"},
		{states.GroupNordic, checked, 5, "unchanged"},
		// Only the members the sources read name: see gen/memberships.tsv.
		{states.GroupFriendsOfR2P, date(2016, 9, 5), 0, "before the earliest source read"},
		{states.GroupFriendsOfR2P, date(2016, 9, 6), 3, "NLD, RWA, LIE"},
		{states.GroupFriendsOfR2P, checked, 7, "7 named of the 56 the Group reported in 2024"},
	}
	for _, tt := range tests {
		got := states.Default().Members(tt.group, tt.at)
		if len(got) != tt.want {
			t.Errorf("Members(%q, %s) has %d members, want %d (%s): %v", tt.group, tt.at.Format(time.DateOnly), len(got), tt.want, tt.why, codes(got))
		}
	}
}

func TestGroupMembersExactly(t *testing.T) {
	tests := []struct {
		group string
		at    time.Time
		want  []string
	}{
		{states.GroupNordic, debate, []string{"DNK", "FIN", "ISL", "NOR", "SWE"}},
		{states.GroupCaribbean, checked, []string{"ATG", "BHS", "BLZ", "BRB", "DMA", "GRD", "GUY", "HTI", "JAM", "KNA", "LCA", "SUR", "TTO", "VCT"}},
		{states.GroupArab, debate, []string{"ARE", "BHR", "COM", "DJI", "DZA", "EGY", "IRQ", "JOR", "KWT", "LBN", "LBY", "MAR", "MRT", "OMN", "PSE", "QAT", "SAU", "SDN", "SOM", "SYR", "TUN", "YEM"}},
		{states.GroupNonAligned, date(1961, 9, 1), []string{"AFG", "CUB", "COD", "CYP", "DZA", "EGY", "ETH", "GHA", "GIN", "IDN", "IND", "IRQ", "KHM", "LBN", "LKA", "MAR", "MLI", "MMR", "NPL", "SAU", "SDN", "SOM", "TUN", "YAR", "YUG"}},
		{states.GroupFriendsOfR2P, checked, []string{"EUU", "GTM", "HRV", "LIE", "MAR", "NLD", "RWA"}},
	}
	for _, tt := range tests {
		want := slices.Sorted(slices.Values(tt.want))
		if got := codes(states.Default().Members(tt.group, tt.at)); !slices.Equal(got, want) {
			t.Errorf("Members(%q, %s) = %v, want %v", tt.group, tt.at.Format(time.DateOnly), got, want)
		}
	}
}

// TestMembershipBoundaries checks joining and leaving days: a member on its
// first and last day, not on the day before or after.
func TestMembershipBoundaries(t *testing.T) {
	tests := []struct {
		group, code string
		at          time.Time
		want        bool
	}{
		// Haiti and Saint Kitts and Nevis joined NAM on the Monday of the Havana summit.
		{states.GroupNonAligned, "HTI", date(2006, 9, 10), false},
		{states.GroupNonAligned, "HTI", date(2006, 9, 11), true},
		// Cyprus left NAM on joining the EU on 1 May 2004.
		{states.GroupNonAligned, "CYP", date(2004, 4, 30), true},
		{states.GroupNonAligned, "CYP", date(2004, 5, 1), false},
		{states.GroupEuropeanUnion, "CYP", date(2004, 4, 30), false},
		{states.GroupEuropeanUnion, "CYP", date(2004, 5, 1), true},
		// Argentina left in 1991, day unknown: counted until the end of 1990.
		{states.GroupNonAligned, "ARG", date(1990, 12, 31), true},
		{states.GroupNonAligned, "ARG", date(1991, 1, 1), false},
		// Burma left in 1979 and rejoined at the Jakarta summit of 1992.
		{states.GroupNonAligned, "MMR", date(1985, 1, 1), false},
		{states.GroupNonAligned, "MMR", date(1992, 9, 1), true},
		// Algeria: NAM founder in 1961, before UN admission; Arab Group at the UN only from then.
		{states.GroupNonAligned, "DZA", date(1961, 9, 1), true},
		{states.GroupArab, "DZA", date(1962, 10, 7), false},
		{states.GroupArab, "DZA", date(1962, 10, 8), true},
		// Comoros joined the League on 20 November 1993.
		{states.GroupArab, "COM", date(1993, 11, 19), false},
		{states.GroupArab, "COM", date(1993, 11, 20), true},
		// Yemen: the two Yemens until 21 May 1990, unified Yemen from 22 May.
		{states.GroupArab, "YMD", date(1990, 5, 21), true},
		{states.GroupArab, "YEM", date(1990, 5, 21), false},
		{states.GroupArab, "YEM", date(1990, 5, 22), true},
		{states.GroupNonAligned, "YAR", date(1990, 5, 22), false},
		{states.GroupNonAligned, "YEM", date(1990, 5, 22), true},
		// Haiti became CARICOM's 15th member on 2 July 2002.
		{states.GroupCaribbean, "HTI", date(2002, 7, 1), false},
		{states.GroupCaribbean, "HTI", date(2002, 7, 2), true},
		// Dominica: a CARICOM member from 1974, counted from UN admission (18 December 1978).
		{states.GroupCaribbean, "DMA", date(1978, 12, 17), false},
		{states.GroupCaribbean, "DMA", date(1978, 12, 18), true},
		// Azerbaijan: May 2011, counted from the last day of the month.
		{states.GroupNonAligned, "AZE", date(2011, 5, 30), false},
		{states.GroupNonAligned, "AZE", date(2011, 5, 31), true},
		// Syria stays in the Arab Group at the UN through its League suspension.
		{states.GroupArab, "SYR", date(2012, 1, 1), true},
		// Iceland, a Nordic country from its UN admission on 19 November 1946.
		{states.GroupNordic, "ISL", date(1946, 11, 18), false},
		{states.GroupNordic, "ISL", date(1946, 11, 19), true},
	}
	for _, tt := range tests {
		in := slices.Contains(codes(states.Default().Members(tt.group, tt.at)), tt.code)
		if in != tt.want {
			t.Errorf("%s in %q on %s = %v, want %v", tt.code, tt.group, tt.at.Format(time.DateOnly), in, tt.want)
		}
	}
}

func TestEveryStoredMembershipHasASource(t *testing.T) {
	counts := map[string]int{}
	for _, m := range states.Default().Memberships() {
		counts[m.Group]++
		if m.Group != states.GroupUnitedNations && m.Source == "" {
			t.Errorf("membership %+v has no source", m)
		}
	}
	for _, g := range states.Groups() {
		if counts[g] == 0 {
			t.Errorf("group %q has no memberships", g)
		}
	}
}

func TestResolveGroup(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Non-Aligned Movement", states.GroupNonAligned}, {"NAM", states.GroupNonAligned},
		{"non aligned movement", states.GroupNonAligned}, {"the Movement of Non-Aligned Countries", states.GroupNonAligned},
		{"Mouvement des pays non alignés", states.GroupNonAligned}, {"MOUVEMENT DES PAYS NON ALIGNES", states.GroupNonAligned},
		{"Movimiento de Países No Alineados", states.GroupNonAligned}, {"movimiento de paises no alineados", states.GroupNonAligned},
		{"Arab Group", states.GroupArab}, {"Groupe des États arabes", states.GroupArab}, {"Grupo de los Estados Árabes", states.GroupArab},
		{"League of Arab States", states.GroupArab},
		{"Nordic countries", states.GroupNordic}, {"Pays nordiques", states.GroupNordic}, {"Países nórdicos", states.GroupNordic},
		{"CARICOM", states.GroupCaribbean}, {"Caribbean Community", states.GroupCaribbean},
		{"Communauté des Caraïbes", states.GroupCaribbean}, {"Comunidad del Caribe", states.GroupCaribbean},
		{"Group of Friends of R2P", states.GroupFriendsOfR2P}, {"Group of Friends of the Responsibility to Protect", states.GroupFriendsOfR2P},
		{"Groupe des amis de la responsabilité de protéger", states.GroupFriendsOfR2P},
		{"Grupo de Amigos de la Responsabilidad de Proteger", states.GroupFriendsOfR2P},
		{"African Group", states.GroupAfrican}, {"African", states.GroupAfrican}, {"Groupe des États d'Afrique", states.GroupAfrican},
		{"Grupo de los Estados de África", states.GroupAfrican}, {"GRULAC", states.GroupLatinAmerican}, {"WEOG", states.GroupWesternEuropean},
		{"EU", states.GroupEuropeanUnion}, {"Union européenne", states.GroupEuropeanUnion}, {"Unión Europea", states.GroupEuropeanUnion},
		{"United Nations", states.GroupUnitedNations},
	}
	for _, tt := range tests {
		if got, ok := states.ResolveGroup(tt.name); !ok || got != tt.want {
			t.Errorf("ResolveGroup(%q) = %q, %v; want %q", tt.name, got, ok, tt.want)
		}
	}
	for _, name := range []string{"", "Group of 77", "Nordic-Baltic Eight", "Sweden", "Arab"} {
		if got, ok := states.ResolveGroup(name); ok {
			t.Errorf("ResolveGroup(%q) = %q, want not found", name, got)
		}
	}
}

func TestEveryGroupResolvesByItsOwnName(t *testing.T) {
	for _, g := range states.Groups() {
		if got, ok := states.ResolveGroup(strings.ToUpper(g)); !ok || got != g {
			t.Errorf("ResolveGroup(%q) = %q, %v", strings.ToUpper(g), got, ok)
		}
	}
}
