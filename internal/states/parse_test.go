package states_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

func TestEmbeddedDataParses(t *testing.T) {
	f, err := os.Open("data/states.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := states.Parse(f)
	if err != nil {
		t.Fatalf("Parse(data/states.tsv): %v", err)
	}
	if got := len(tab.All()); got != 203 { // 193 + 2 + 7 former + the EU
		t.Errorf("data/states.tsv has %d entries, want 203", got)
	}
}

// validTable is a small well-formed table; the error cases below each break
// one line of it. Line numbers: 1 comment, 2 AAA, 3 BBB, 4 group, 5 name.
var validTable = strings.Join([]string{
	"# test table",
	"state\tAAA\tAA\t\t001\tmember\t2000-01-01\t\tAland\tAland\tAlande\tAlandia\tAfrican\t\t\t\t",
	"state\tBBB\t\tBBHH\t002\tformer\t1990-01-01\t1999-12-31\tBland\tBland\tBlande\tBlandia\tAfrican\tAAA\tAAA\t\t",
	"group\tEuropean Union\tAAA\t2001-01-01\t\ttest source\t",
	"name\tAland\tAAA\ttest",
}, "\n") + "\n"

func TestParseSmallTable(t *testing.T) {
	tab, err := states.Parse(strings.NewReader(validTable))
	if err != nil {
		t.Fatal(err)
	}
	if s, err := tab.Resolve("ALAND"); err != nil || s.Code != "AAA" {
		t.Errorf("Resolve(ALAND) = %v, %v", s.Code, err)
	}
	// BBB's seat is continued by AAA, whose UN membership therefore starts
	// the day after BBB's last day, not on its own admission date.
	want := []states.Membership{
		{Group: "European Union", Code: "AAA", From: "2001-01-01", Source: "test source"},
		{Group: "United Nations", Code: "AAA", From: "2000-01-01", Note: "continues the UN membership of BBB (until 1999-12-31); the UN dates this member's admission 2000-01-01"},
		{Group: "United Nations", Code: "BBB", From: "1990-01-01", Until: "1999-12-31"},
	}
	got := tab.Memberships()
	if len(got) != len(want) {
		t.Fatalf("Memberships() = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Memberships()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	if m := tab.Members("European Union", time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)); len(m) != 1 || m[0].Code != "AAA" {
		t.Errorf("EU members on 2001-01-01 = %v", m)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name          string
		line          int
		from, to      string // replace from with to in validTable
		wantLine      int
		wantField     string
		wantErrorText string
	}{
		{"bad date", 2, "2000-01-01", "2000-13-01", 2, "admitted",
			`states.Parse: line 2, field admitted: bad date "2000-13-01": want YYYY-MM-DD`},
		{"wrong column count", 3, "\tBBHH\t", "\t", 3, "columns",
			`states.Parse: line 3, field columns: state line has 16 columns, want 17`},
		{"unknown status", 2, "member", "membre", 2, "status",
			`states.Parse: line 2, field status: "membre" is not valid: want member, observer, former or organization`},
		{"unknown kind", 5, "name\tAland", "nom\tAland", 5, "kind",
			`states.Parse: line 5, field kind: unknown record kind "nom" (want state, group, name or groupname)`},
		{"until before admitted", 3, "1999-12-31", "1989-12-31", 3, "until",
			`states.Parse: line 3, field until: 1989-12-31 is before admitted 1990-01-01`},
		{"unknown successor", 3, "\tAAA\tAAA\t", "\tCCC\t\t", 3, "successors",
			`states.Parse: line 3, field successors: unknown code "CCC"`},
		{"unknown group", 4, "European Union", "Europe", 4, "group",
			`states.Parse: line 4, field group: unknown group "Europe"`},
		{"group without source", 4, "test source", "", 4, "source",
			`states.Parse: line 4, field source: a membership needs a source`},
		{"derived group stored", 4, "European Union", "United Nations", 4, "group",
			`states.Parse: line 4, field group: unknown group "United Nations"`},
		{"unknown code in name", 5, "Aland\tAAA\ttest", "Aland\tAAA,ZZZ\ttest", 5, "codes",
			`states.Parse: line 5, field codes: unknown code "ZZZ"`},
		{"lower-case code", 2, "state\tAAA", "state\taaa", 2, "code",
			`states.Parse: line 2, field code: "aaa" is not valid: want three capital letters`},
		{"bad m49", 2, "\t001\t", "\t1\t", 2, "m49",
			`states.Parse: line 2, field m49: "1" is not valid: want three digits or empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			input := replaceOnLine(t, validTable, tt.line, tt.from, tt.to)
			_, err := states.Parse(strings.NewReader(input))
			var pe *states.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse error = %v, want a *ParseError", err)
			}
			if pe.Line != tt.wantLine || pe.Field != tt.wantField || err.Error() != tt.wantErrorText {
				t.Errorf("Parse error = line %d field %s %q, want line %d field %s %q", pe.Line, pe.Field, err.Error(), tt.wantLine, tt.wantField, tt.wantErrorText)
			}
		})
	}
}

func TestParseGroupLines(t *testing.T) {
	tests := []struct{ extra, want string }{
		{"group\tEuropean Union\tAAA\t2005-01-01\t\tx\t\n",
			`states.Parse: line 6, field from: AAA in "European Union" overlaps the spell on line 4`},
		{"group\tNordic countries\tBBB\t\t1995-01-01\tx\t\n",
			""},
		{"groupname\tEU\tEuropean Union\tde\n",
			`states.Parse: line 6, field lang: "de" is not en, fr or es`},
		{"groupname\tEU\tEurope\ten\n",
			`states.Parse: line 6, field group: unknown group "Europe"`},
		{"groupname\tEU\tEuropean Union\ten\ngroupname\tE.U.\tEuropean Union\tfr\n",
			`states.Parse: line 7, field name: "E.U." has the key "eu", already defined on line 6`},
	}
	for _, tt := range tests {
		_, err := states.Parse(strings.NewReader(validTable + tt.extra))
		if got := fmt.Sprint(err); (tt.want == "" && err != nil) || (tt.want != "" && got != tt.want) {
			t.Errorf("Parse(+%q) error = %v, want %q", tt.extra, err, tt.want)
		}
	}
}

func TestParseObserverMembershipNeedsAFromDate(t *testing.T) {
	table := strings.Replace(validTable, "\tmember\t2000-01-01\t", "\tobserver\t\t", 1)
	table = strings.Replace(table, "\tAAA\tAAA\t\t", "\tAAA\t\t\t", 1) // AAA no longer continues BBB
	_, err := states.Parse(strings.NewReader(table + "group\tArab Group\tAAA\t\t\tx\t\n"))
	want := `states.Parse: line 6, field from: AAA has no UN membership to take an empty date from`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %v, want %s", err, want)
	}
	tab, err := states.Parse(strings.NewReader(table + "group\tArab Group\tAAA\t1976-09-09\t\tx\t\n"))
	if err != nil {
		t.Fatal(err)
	}
	if got := tab.Members(states.GroupArab, time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)); len(got) != 1 || got[0].Code != "AAA" {
		t.Errorf("Arab Group in 2030 = %v, want the observer AAA", got)
	}
}

func TestParseDuplicateNameKey(t *testing.T) {
	input := validTable + "name\tÅland\tAAA\ttest\n"
	_, err := states.Parse(strings.NewReader(input))
	want := `states.Parse: line 6, field name: "Åland" has the key "aland", already defined on line 5`
	if err == nil || err.Error() != want {
		t.Errorf("Parse error = %v, want %s", err, want)
	}
}

// replaceOnLine replaces the first from with to on the given 1-based line.
func replaceOnLine(t *testing.T, text string, line int, from, to string) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	if !strings.Contains(lines[line-1], from) {
		t.Fatalf("line %d %q does not contain %q", line, lines[line-1], from)
	}
	lines[line-1] = strings.Replace(lines[line-1], from, to, 1)
	return strings.Join(lines, "\n")
}
