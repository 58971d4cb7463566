package delivery_test

import (
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/delivery"
)

func TestRecipients(t *testing.T) {
	july2009 := time.Date(2009, 7, 23, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		spec, canonical string
		n               int
		first, last     string
	}{
		{"members", "members", 193, "AFG", "ZWE"},
		{"observers", "observers", 2, "PSE", "VAT"},
		{" all ", "all", 195, "AFG", "ZWE"},
		{"group:Nordic countries", "group:Nordic countries", 5, "DNK", "SWE"},
		{"group:NAM", "group:Non-Aligned Movement", 118, "AFG", "ZWE"},
		{"group:Groupe des États arabes", "group:Arab Group", 22, "ARE", "YEM"},
		{"states:gha,NGA,GHA, sen", "states:GHA,NGA,SEN", 3, "GHA", "SEN"},
		{"states:PS", "states:PSE", 1, "PSE", "PSE"},
	} {
		r, err := delivery.ParseRecipients(c.spec)
		if err != nil {
			t.Errorf("%q: %v", c.spec, err)
			continue
		}
		got := r.States(july2009)
		if r.String() != c.canonical || len(got) != c.n || got[0] != c.first || got[len(got)-1] != c.last {
			t.Errorf("%q = %s: %d states %s…%s, want %s: %d states %s…%s", c.spec, r, len(got), got[0], got[len(got)-1], c.canonical, c.n, c.first, c.last)
		}
	}
	// Members on the day: South Sudan joined in 2011.
	if r, _ := delivery.ParseRecipients("group:African"); len(r.States(july2009)) != 53 || len(r.States(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC))) != 54 {
		t.Errorf("the African Group in 2009 and 2012: %d, %d", len(r.States(july2009)), len(r.States(time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC))))
	}
	for spec, want := range map[string]string{
		"everyone":       `recipients "everyone": want members, observers, all, group:NAME or states:ISO3,ISO3 (any number)`,
		"members:x":      `recipients "members:x": want members, observers, all, group:NAME or states:ISO3,ISO3 (any number)`,
		"group:Benelux":  `recipients "group:Benelux": no group "Benelux"; groups: `,
		"states:GHA,XYZ": `recipients "states:GHA,XYZ": state 2, "XYZ": not a UN member or observer state`,
		"states:SUN":     `recipients "states:SUN": state 1, "SUN": not a UN member or observer state`,
		"states:":        `recipients "states:": state 1, "": not a UN member or observer state`,
		"group:":         `recipients "group:": no group ""; groups: `,
		"states:EUU":     `recipients "states:EUU": state 1, "EUU": not a UN member or observer state`,
		"STATES:GHA":     `recipients "STATES:GHA": want members, observers, all, group:NAME or states:ISO3,ISO3 (any number)`,
	} {
		if _, err := delivery.ParseRecipients(spec); err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q: %v, want %q", spec, err, want)
		}
	}
}
