package ungdc

import (
	"errors"
	"testing"

	"github.com/r2p-coalition/r2p/internal/states"
)

func TestResolve(t *testing.T) {
	cases := []struct {
		code    string
		year    int
		speaker string
	}{
		{"RUS", 1946, "SUN"}, {"RUS", 1991, "SUN"}, {"RUS", 1992, "RUS"}, {"RUS", 2024, "RUS"},
		{"YEM", 1951, "YAR"}, {"YEM", 1989, "YAR"}, {"YEM", 1990, "YEM"}, {"YEM", 2023, "YEM"},
		{"YMD", 1968, "YMD"}, {"YMD", 1989, "YMD"},
		{"YUG", 1946, "YUG"}, {"YUG", 1991, "YUG"}, {"YUG", 1992, "SCG"}, {"YUG", 2002, "SCG"}, {"YUG", 2005, "SCG"},
		{"SRB", 2006, "SRB"}, {"MNE", 2006, "MNE"},
		{"CSK", 1946, "CSK"}, {"CSK", 1992, "CSK"}, {"CZE", 1993, "CZE"},
		{"DDR", 1973, "DDR"}, {"DDR", 1990, "DDR"}, {"DEU", 1973, "DEU"},
		{"EU", 2011, "EUU"}, {"EU", 2024, "EUU"},
		{"PSE", 1998, "PSE"}, {"VAT", 1979, "VAT"}, {"USA", 1946, "USA"}, {"SSD", 2011, "SSD"},
		{"SUN", 1980, "SUN"}, {"SCG", 2004, "SCG"}, {"YAR", 1980, "YAR"}, {"EUU", 2012, "EUU"},
	}
	for _, c := range cases {
		got, err := Resolve(c.code, c.year)
		if err != nil || got != c.speaker {
			t.Errorf("Resolve(%q, %d) = %q, %v; want %q", c.code, c.year, got, err, c.speaker)
		}
	}
}

func TestResolveUnknown(t *testing.T) {
	for _, code := range []string{"", "XXX", "rus", "RU", "DE", "eu", "EUR", " RUS", "TWN"} {
		got, err := Resolve(code, 2000)
		if !errors.Is(err, ErrUnknownCode) || got != "" {
			t.Errorf("Resolve(%q, 2000) = %q, %v; want ErrUnknownCode", code, got, err)
		}
	}
}

// TestHistoricalCodesAgreeWithTheReferenceData checks the year boundaries
// of historicalCodes against internal/states, so that a change there is
// noticed here.
func TestHistoricalCodesAgreeWithTheReferenceData(t *testing.T) {
	table := states.Default()
	lookup := func(code string) states.State {
		s, ok := table.Lookup(code)
		if !ok {
			t.Fatalf("%s is not in the reference data", code)
		}
		return s
	}
	sun, yar, ymd, yug, scg := lookup("SUN"), lookup("YAR"), lookup("YMD"), lookup("YUG"), lookup("SCG")
	checks := []struct {
		what      string
		got, want string
	}{
		{"SUN ends in 1991, after the 1991 debate", sun.Until, "1991-12-24"},
		{"SUN is continued by RUS", sun.ContinuedBy, "RUS"},
		{"YAR ends before the 1990 debate", yar.Until, "1990-05-21"},
		{"YAR is continued by YEM", yar.ContinuedBy, "YEM"},
		{"YMD ends with YAR", ymd.Until, yar.Until},
		{"YUG (SFRY) ends in 1992", yug.Until, "1992-09-22"},
		{"SCG is among YUG's successors", yug.Successors[3], "SCG"},
		{"SCG is admitted as the FRY in 2000", scg.Admitted, "2000-11-01"},
		{"SCG ends in 2006, before the corpus's SRB and MNE", scg.Until, "2006-06-03"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: reference data has %q, want %q", c.what, c.got, c.want)
		}
	}
	if s, err := states.Resolve("Federal Republic of Yugoslavia"); err != nil || s.Code != "SCG" {
		t.Errorf("the reference data resolves the FRY to %q, %v; want SCG", s.Code, err)
	}
	if s, err := states.Resolve("EU"); err != nil || s.Code != "EUU" || s.Status != states.Organization {
		t.Errorf("the reference data resolves EU to %+v, %v; want the organization EUU", s, err)
	}
}

func TestStanding(t *testing.T) {
	r := DefaultResolver()
	cases := []struct {
		speaker  string
		year     int
		standing Standing
		warning  string
	}{
		{"SUN", 1991, StandingMember, ""},
		{"RUS", 1990, StandingNonMember, "RUS (Russian Federation) was not a UN member in 1990 (member from 1991-12-25)"},
		{"RUS", 1991, StandingMember, ""}, // from 25 December; Resolve gives SUN for 1991 anyway
		{"YAR", 1990, StandingNonMember, "YAR (Yemen Arab Republic) was not a UN member in 1990 (member from 1947-09-30 to 1990-05-21)"},
		{"YEM", 1990, StandingMember, ""},
		{"DDR", 1990, StandingMember, ""}, // until 2 October 1990: the debate began in September
		{"DDR", 1991, StandingNonMember, "DDR (German Democratic Republic) was not a UN member in 1991 (member from 1973-09-18 to 1990-10-02)"},
		{"CSK", 1992, StandingMember, ""},
		{"YUG", 1992, StandingMember, ""},
		{"SCG", 2000, StandingMember, ""},
		{"SCG", 1999, StandingNonMember, "SCG (Serbia and Montenegro) was not a UN member in 1999 (member from 2000-11-01 to 2006-06-03)"},
		{"MAR", 1956, StandingMember, ""}, // admitted 12 November 1956, when the eleventh session opened
		{"ZMB", 1964, StandingMember, ""}, // admitted 1 December 1964, when the nineteenth session opened
		{"CHE", 2001, StandingNonMember, "CHE (Switzerland) was not a UN member in 2001 (member from 2002-09-10)"},
		{"CHE", 2002, StandingMember, ""},
		{"VAT", 1979, StandingObserver, ""},
		{"PSE", 1998, StandingObserver, ""},
		{"EUU", 2011, StandingOrganization, ""},
		{"EUU", 2010, StandingNonMember, "EUU (European Union) takes part in the General Assembly from 2011-05-03, not in 2010"},
		{"XXX", 2000, StandingNonMember, "XXX is not in the reference data"},
		{"FRA", 1945, StandingNonMember, "1945 is outside 1946–9999"},
		{"FRA", 10000, StandingNonMember, "10000 is outside 1946–9999"},
	}
	for _, c := range cases {
		standing, warning := r.Standing(c.speaker, c.year)
		if standing != c.standing || warning != c.warning {
			t.Errorf("Standing(%s, %d) = %s, %q; want %s, %q", c.speaker, c.year, standing, warning, c.standing, c.warning)
		}
	}
}
