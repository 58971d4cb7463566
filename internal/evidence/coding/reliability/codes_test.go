package reliability

import (
	"errors"
	"math"
	"slices"
	"testing"
)

// codedStatements is a small coding exercise worked by hand below: three
// coders, four statements, three codes; auto did not code s3, and only ana
// coded s4.
func codedStatements(t *testing.T) *Codings {
	t.Helper()
	c := &Codings{}
	for _, a := range []struct {
		unit, coder string
		codes       []string
	}{
		{"s1", "ana", []string{"pillar 1", "concern: selectivity"}},
		{"s1", "ben", []string{"pillar 1"}},
		{"s1", "auto", []string{"pillar 1"}},
		{"s2", "ana", []string{"pillar 2"}},
		{"s2", "ben", []string{"pillar 2"}},
		{"s2", "auto", nil},
		{"s3", "ana", nil},
		{"s3", "ben", []string{"concern: selectivity"}},
		{"s4", "ana", []string{"pillar 1"}},
	} {
		if err := c.Add(a.unit, a.coder, a.codes...); err != nil {
			t.Fatal(err)
		}
	}
	return c
}

func TestCodingsBinary(t *testing.T) {
	c := codedStatements(t)
	if !slices.Equal(c.Codes(), []string{"concern: selectivity", "pillar 1", "pillar 2"}) {
		t.Errorf("codes %v", c.Codes())
	}
	r := c.Binary("concern: selectivity")
	for _, tc := range []struct {
		unit, coder, want string
		ok                bool
	}{
		{"s1", "ana", Present, true},
		{"s1", "auto", Absent, true}, // coded, did not apply it
		{"s3", "ben", Present, true},
		{"s3", "auto", "", false}, // did not code s3: missing
	} {
		if v, ok := r.Value(tc.unit, tc.coder); v != tc.want || ok != tc.ok {
			t.Errorf("%s/%s = %q, %v; want %q, %v", tc.unit, tc.coder, v, ok, tc.want, tc.ok)
		}
	}
}

func TestCodingsPerCodeAndOverall(t *testing.T) {
	c := codedStatements(t)
	// Each code has 8 pairable values in s1–s3 (3 + 3 + 2); s4 has one
	// value and is dropped.
	//   pillar 1: no disagreement                           α = 1
	//   pillar 2: o_01 = 2·1/(3 − 1) = 1 from s2, n_0 = 6, n_1 = 2,
	//             α = 1 − 7·2/(2·6·2) = 5/12
	//   concern:  o_01 = 1 (s1) + 1 (s3) = 2, n_0 = 6, n_1 = 2,
	//             α = 1 − 7·4/(2·6·2) = −1/6
	// Pooled: n = 24, n_0 = 17, n_1 = 7, o_01 = 3, α = 1 − 23·6/(2·17·7) = 50/119.
	want := map[string]float64{"pillar 1": 1, "pillar 2": 5.0 / 12, "concern: selectivity": -1.0 / 6}
	per := c.PerCode(nil)
	if len(per) != 3 {
		t.Fatalf("%d codes, want 3", len(per))
	}
	for _, ca := range per {
		if ca.Err != nil || !near(ca.Alpha.Value, want[ca.Code]) {
			t.Errorf("%s: alpha %v, err %v; want %v", ca.Code, ca.Alpha.Value, ca.Err, want[ca.Code])
		}
		if ca.Alpha.Pairable != 8 || ca.Alpha.Units != 3 || ca.Alpha.Unpaired != 1 {
			t.Errorf("%s: n %d, units %d, unpaired %d; want 8, 3, 1", ca.Code, ca.Alpha.Pairable, ca.Alpha.Units, ca.Alpha.Unpaired)
		}
	}
	overall, err := c.Overall(nil)
	if err != nil {
		t.Fatal(err)
	}
	if !near(overall.Value, 50.0/119) || round3(overall.Value) != 0.42 {
		t.Errorf("overall alpha %v, want 50/119", overall.Value)
	}
	if overall.Pairable != 24 || overall.Units != 9 || overall.Unpaired != 3 ||
		!slices.Equal(overall.Coincidences.Marginals, []float64{17, 7}) {
		t.Errorf("overall: n %d, units %d, unpaired %d, marginals %v; want 24, 9, 3, [17 7]",
			overall.Pairable, overall.Units, overall.Unpaired, overall.Coincidences.Marginals)
	}
}

func TestCodingsCodebookCodeNobodyApplied(t *testing.T) {
	c := codedStatements(t)
	per := c.PerCode([]string{"pillar 1", "pillar 3"})
	if len(per) != 2 || per[1].Code != "pillar 3" {
		t.Fatalf("per code %+v", per)
	}
	if a := per[1]; !errors.Is(a.Err, ErrNoVariation) || !math.IsNaN(a.Alpha.Value) || a.Alpha.Pairable != 8 {
		t.Errorf("pillar 3: alpha %v, n %d, err %v; want NaN, 8, ErrNoVariation", a.Alpha.Value, a.Alpha.Pairable, a.Err)
	}
	// Pooled with a code of perfect agreement, the codebook is defined.
	overall, err := c.Overall([]string{"pillar 1", "pillar 3"})
	if err != nil || overall.Value != 1 || overall.Pairable != 16 {
		t.Errorf("overall alpha %v over %d, err %v; want 1 over 16", overall.Value, overall.Pairable, err)
	}
	if _, err := c.Overall([]string{}); !errors.Is(err, ErrNoUnits) {
		t.Errorf("empty codebook: err = %v, want ErrNoUnits", err)
	}
}

func TestCodingsAddRejectsEmpty(t *testing.T) {
	c := &Codings{}
	for _, tc := range []struct {
		unit, coder string
		codes       []string
	}{
		{"", "ana", nil},
		{"s1", "", nil},
		{"s1", "ana", []string{"pillar 1", ""}},
	} {
		if err := c.Add(tc.unit, tc.coder, tc.codes...); !errors.Is(err, ErrEmptyField) {
			t.Errorf("Add(%q, %q, %q): err = %v, want ErrEmptyField", tc.unit, tc.coder, tc.codes, err)
		}
	}
}
