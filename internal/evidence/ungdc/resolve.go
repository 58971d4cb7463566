package ungdc

import (
	"fmt"
	"strconv"
	"sync"

	"github.com/r2p-coalition/r2p/internal/states"
)

// historicalCode is one of the corpus's year-dependent codes: the corpus
// files every speech under the code its speaker's territory has today, so
// Code in years From..Until (inclusive, 0 = open) was spoken by Speaker.
//
// The years are the corpus's convention, not reference data; the entities
// and their dates are in internal/states, and TestHistoricalCodesAgreeWith
// TheReferenceData checks every boundary below against them. A year is
// enough because the General Debate is held in September and October,
// months away from every change of seat:
//
//   - RUS until 1991 is the USSR (SUN). The USSR's last day in the
//     reference data is 24 December 1991, the date of the letter by which
//     the Russian Federation continued its membership; the Russian
//     Federation holds the seat from 25 December 1991. The 1991 debate
//     (September–October) was the USSR's.
//   - YEM until 1989 is the Yemen Arab Republic (YAR, North Yemen). Both
//     Yemens' last day is 21 May 1990; the 1990 debate was unified
//     Yemen's, so YEM from 1990 is YEM. South Yemen is filed as YMD, which
//     is a reference code of its own (Democratic Yemen, 1967–1990).
//   - YUG from 1992 is the Federal Republic of Yugoslavia, renamed Serbia
//     and Montenegro in 2003, which the reference data models as one
//     entity, SCG (it lists the aliases "Federal Republic of Yugoslavia"
//     and "FRY" for it). The SFRY (YUG) ends on 22 September 1992
//     (A/RES/47/1), but the FRY was proclaimed on 27 April 1992 and any
//     1992 statement under this name was the FRY's, as the issue says.
//     The FRY did not take part in the General Assembly from 1992 until
//     its admission on 1 November 2000, so speeches filed as YUG in
//     1992–1999 would be reported as by a non-member; the corpus has none
//     (its YUG speeches after 1991 are 2001–2005). From June 2006 the
//     corpus uses SRB and MNE.
var historicalCodes = []struct {
	Code        string
	From, Until int
	Speaker     string
}{
	{Code: "RUS", Until: 1991, Speaker: "SUN"},
	{Code: "YEM", Until: 1989, Speaker: "YAR"},
	{Code: "YUG", From: 1992, Speaker: "SCG"},
}

// euCode is the corpus's code for the European Union. The reference data
// files the EU under the project code EUU (and resolves the name "EU" to
// it), because EU is only an exceptionally reserved ISO 3166-1 code.
const euCode = "EU"

// debateWindow is the part of a year in which the General Debate is held.
// The regular session usually opens in September and the debate follows
// in its first weeks, but some sessions opened later: the eleventh on 12
// November 1956 and the nineteenth on 1 December 1964, whose debates
// heard states admitted on those very days (Morocco, Sudan and Tunisia;
// Malawi, Malta and Zambia). A speaker counts as a member in a year when
// its UN membership covers at least one day of the window; a window ending
// on 31 October would wrongly flag those six speeches.
var debateWindow = struct{ from, until string }{"-09-01", "-12-31"}

// Standing says in what capacity a speaker took part in the General
// Assembly in the year of a speech.
type Standing string

// The standings a speaker can have in a year.
const (
	// StandingMember: a UN member state (or a former member while it
	// existed) in the year.
	StandingMember Standing = "member"
	// StandingObserver: a non-member observer state (the Holy See, the
	// State of Palestine). The reference data has no dates for observer
	// status, so these are accepted in every year: the Holy See has been an
	// observer since 1964; Palestine spoke as an observer entity before
	// it became an observer State on 29 November 2012 (A/RES/67/19).
	StandingObserver Standing = "observer"
	// StandingOrganization: the European Union, an observer organization
	// with enhanced participation rights from 3 May 2011 (A/RES/65/276).
	StandingOrganization Standing = "organization"
	// StandingNonMember: none of the above in that year — a speech to
	// report as a warning, not to reject.
	StandingNonMember Standing = "non-member"
)

// Resolver maps the corpus's country codes to reference codes of
// internal/states, by code and year. It is safe for concurrent use.
type Resolver struct {
	table *states.Table
	seats map[string][]dateSpan // UN memberships by reference code
}

// dateSpan is a closed span of YYYY-MM-DD dates; "" is open.
type dateSpan struct{ from, until string }

// NewResolver returns a Resolver over table.
func NewResolver(table *states.Table) *Resolver {
	r := &Resolver{table: table, seats: map[string][]dateSpan{}}
	for _, m := range table.Memberships() {
		if m.Group == states.GroupUnitedNations {
			r.seats[m.Code] = append(r.seats[m.Code], dateSpan{m.From, m.Until})
		}
	}
	return r
}

var defaultResolver = sync.OnceValue(func() *Resolver { return NewResolver(states.Default()) })

// DefaultResolver returns the Resolver over states.Default().
func DefaultResolver() *Resolver { return defaultResolver() }

// Resolve maps a corpus code and year to the reference code of the speaker
// with the default reference data. See Resolver.Resolve.
func Resolve(code string, year int) (speaker string, err error) {
	return DefaultResolver().Resolve(code, year)
}

// Resolve maps a corpus code and year to the reference code of the
// speaker:
//
//   - RUS until 1991 → SUN, YEM until 1989 → YAR, YUG from 1992 → SCG
//     (see historicalCodes for why);
//   - EU → EUU, the reference data's European Union;
//   - any other code of the reference data → itself: the 193 members, the
//     two observer states, and the former members the corpus files under
//     their own codes (CSK Czechoslovakia, DDR the German Democratic
//     Republic, YMD Democratic Yemen, YUG the SFRY until 1991).
//
// The code must be written exactly: three capital letters as in the
// reference data, or "EU". Alpha-2 codes and lower case are rejected,
// because the corpus never uses them. An unknown code gives an error
// wrapping ErrUnknownCode. Whether the speaker was a UN member that year
// is a separate question: see Standing.
func (r *Resolver) Resolve(code string, year int) (speaker string, err error) {
	if code == euCode {
		code = "EUU"
	}
	for _, h := range historicalCodes {
		if code == h.Code && (h.From == 0 || year >= h.From) && (h.Until == 0 || year <= h.Until) {
			return h.Speaker, nil
		}
	}
	if s, ok := r.table.Lookup(code); ok && s.Code == code {
		return s.Code, nil
	}
	return "", fmt.Errorf("%w %q", ErrUnknownCode, code)
}

// Standing says in what capacity speaker, a reference code that Resolve
// returned, took part in the General Assembly in year. For
// StandingNonMember the string explains why, for a warning; otherwise it
// is empty. A speaker takes part in a year when its UN membership (or for
// the EU its enhanced observer status) covers a day between 1 September
// and 31 December of that year, when the General Debate is held.
func (r *Resolver) Standing(speaker string, year int) (Standing, string) {
	s, ok := r.table.Lookup(speaker)
	if !ok || s.Code != speaker {
		return StandingNonMember, fmt.Sprintf("%s is not in the reference data", speaker)
	}
	if year < FirstYear || year > LastYear {
		return StandingNonMember, fmt.Sprintf("%d is outside %d–%d", year, FirstYear, LastYear)
	}
	window := dateSpan{strconv.Itoa(year) + debateWindow.from, strconv.Itoa(year) + debateWindow.until}
	switch s.Status {
	case states.Observer:
		return StandingObserver, ""
	case states.Organization:
		if window.overlaps(dateSpan{s.Admitted, ""}) {
			return StandingOrganization, ""
		}
		return StandingNonMember, fmt.Sprintf("%s (%s) takes part in the General Assembly from %s, not in %d",
			s.Code, s.Name, s.Admitted, year)
	}
	for _, seat := range r.seats[speaker] {
		if window.overlaps(seat) {
			return StandingMember, ""
		}
	}
	return StandingNonMember, fmt.Sprintf("%s (%s) was not a UN member in %d (member %s)", s.Code, s.Name, year,
		r.seatText(speaker))
}

func (r *Resolver) seatText(code string) string {
	seats := r.seats[code]
	if len(seats) == 0 {
		return "never"
	}
	out := ""
	for i, s := range seats {
		if i > 0 {
			out += ", "
		}
		out += "from " + s.from
		if s.until != "" {
			out += " to " + s.until
		}
	}
	return out
}

// overlaps reports whether two closed spans share a day. Dates written
// YYYY-MM-DD compare as strings.
func (a dateSpan) overlaps(b dateSpan) bool {
	return (b.until == "" || a.from <= b.until) && (b.from == "" || b.from <= a.until)
}
