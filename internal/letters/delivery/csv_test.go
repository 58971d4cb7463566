package delivery_test

import (
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/delivery"
)

func TestReadStatesCSV(t *testing.T) {
	for _, c := range []struct{ name, file, want string }{
		{"iso3 column", "\ufeffname,ISO3\r\nGhana,GHA\r\nFrance, fra\r\nGhana again,GHA\r\n,\r\n", "states:FRA,GHA"},
		{"first column", "KEN\nvat\nGH\n\n", "states:GHA,KEN,VAT"},
		{"short rows", "name,iso3\nNo code\nSenegal,SEN\n", "states:SEN"},
	} {
		r, err := delivery.ReadStatesCSV(strings.NewReader(c.file))
		if err != nil || r.String() != c.want || r.Kind != delivery.Pick {
			t.Errorf("%s: %s, %v; want %s", c.name, r, err, c.want)
		}
	}
	for _, c := range []struct{ name, file, want string }{
		{"unknown code", "name,iso3\nGhana,GHA\nNowhere,ZZZ\n", `line 3: "ZZZ" is not a UN member or observer state`},
		{"former state", "GHA\nSUN\n", `line 2: "SUN" is not a UN member or observer state`},
		{"header without iso3", "code\nGHA\n", `line 1: "CODE" is not a UN member or observer state`},
		{"bad quote", "GHA\n\"FRA\n", `line 2: extraneous or missing " in quoted-field`},
		{"empty", "iso3\n\n", "the file names no state: put ISO3 codes in its first column or in a column named iso3"},
		{"too many", strings.Repeat("GHA\n", delivery.MaxCSVStates+1), "line 1001: the file names more than 1000 states"},
	} {
		if _, err := delivery.ReadStatesCSV(strings.NewReader(c.file)); err == nil || err.Error() != c.want {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func FuzzReadStatesCSV(f *testing.F) {
	f.Add("name,iso3\nGhana,GHA\n")
	f.Add("KEN\n\"VAT\"\n")
	f.Fuzz(func(t *testing.T, file string) {
		r, err := delivery.ReadStatesCSV(strings.NewReader(file))
		if err != nil {
			return
		}
		again, err := delivery.ParseRecipients(r.String())
		if err != nil || again.String() != r.String() {
			t.Errorf("%q read as %s, which reads back as %s, %v", file, r, again, err)
		}
	})
}
