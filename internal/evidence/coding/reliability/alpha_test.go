package reliability

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// The worked examples of Krippendorff, K. (2011), "Computing Krippendorff's
// Alpha-Reliability", University of Pennsylvania, Annenberg School for
// Communication, Departmental Papers 43
// (https://repository.upenn.edu/asc_papers/43), sections A, B and C. Each
// string is one observer's row of the reliability data matrix, one value
// per unit, "*" where the observer did not code the unit.
var (
	paperA = map[string]string{
		"A": "0 1 0 0 0 0 0 0 1 0",
		"B": "1 1 1 0 0 1 0 0 0 0",
	}
	paperB = map[string]string{
		"Ben":   "a a b b d c c c e d d a",
		"Gerry": "b a b b b c c c e d d d",
	}
	paperC = map[string]string{
		"A": "1 2 3 3 2 1 4 1 2 * * *",
		"B": "1 2 3 3 2 2 4 1 2 5 * 3",
		"C": "* 3 3 3 2 3 4 2 2 5 1 *",
		"D": "1 2 3 3 2 4 4 1 2 5 1 *",
	}
)

// fromMatrix builds ratings from a reliability data matrix written as above;
// units are named u01, u02, ….
func fromMatrix(t testing.TB, rows map[string]string) *Ratings {
	t.Helper()
	r := &Ratings{}
	for coder, row := range rows {
		for i, v := range strings.Fields(row) {
			if v == "*" {
				continue
			}
			if err := r.Add(fmt.Sprintf("u%02d", i+1), coder, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	return r
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// near compares figures that are exact fractions computed in floating point.
func near(x, want float64) bool { return math.Abs(x-want) < 1e-12 }

func mustAlpha(t *testing.T, r *Ratings, m Metric) Alpha {
	t.Helper()
	a, err := KrippendorffAlpha(r, m)
	if err != nil {
		t.Fatalf("KrippendorffAlpha(%s): %v", m, err)
	}
	return a
}

func TestAlphaPaperA_BinaryTwoObservers(t *testing.T) {
	a := mustAlpha(t, fromMatrix(t, paperA), Nominal)
	// Paper: α = 1 − (n−1)·o_01/(n_0·n_1) = 1 − 19·4/(14·6) = 0.095.
	if round3(a.Value) != 0.095 || !near(a.Value, 2.0/21) {
		t.Errorf("alpha = %v, want 0.095 (2/21)", a.Value)
	}
	if a.Pairable != 20 || a.Units != 10 || a.Unpaired != 0 {
		t.Errorf("n = %d, units = %d, unpaired = %d; want 20, 10, 0", a.Pairable, a.Units, a.Unpaired)
	}
	want := Coincidences{
		Values:    []string{"0", "1"},
		Counts:    [][]float64{{10, 4}, {4, 2}},
		Marginals: []float64{14, 6},
	}
	checkCoincidences(t, a.Coincidences, want)
}

func TestAlphaPaperB_NominalTwoObservers(t *testing.T) {
	r := fromMatrix(t, paperB)
	a := mustAlpha(t, r, Nominal)
	// Paper: α = 1 − (n−1)·Σ_{c≠k} o_ck / Σ_{c≠k} n_c·n_k = 1 − 23·6/448 = 0.692.
	if round3(a.Value) != 0.692 || !near(a.Value, 155.0/224) {
		t.Errorf("alpha = %v, want 0.692 (155/224)", a.Value)
	}
	if a.Pairable != 24 || a.Units != 12 {
		t.Errorf("n = %d, units = %d; want 24, 12", a.Pairable, a.Units)
	}
	want := Coincidences{
		Values: []string{"a", "b", "c", "d", "e"},
		Counts: [][]float64{
			{2, 1, 0, 1, 0},
			{1, 4, 0, 1, 0},
			{0, 0, 6, 0, 0},
			{1, 1, 0, 4, 0},
			{0, 0, 0, 0, 2},
		},
		Marginals: []float64{4, 6, 6, 6, 2},
	}
	checkCoincidences(t, a.Coincidences, want)

	// Cohen's kappa on the same data, computed by hand from the confusion
	// table (the paper gives alpha only): p_o = 9/12, the marginals are
	// Ben a3 b2 c3 d3 e1 and Gerry a1 b4 c3 d3 e1, so p_e = 30/144 and
	// κ = (3/4 − 5/24)/(1 − 5/24) = 13/19 = 0.684.
	units := r.Units()
	ben, gerry := make([]string, len(units)), make([]string, len(units))
	for i, u := range units {
		ben[i], _ = r.Value(u, "Ben")
		gerry[i], _ = r.Value(u, "Gerry")
	}
	k, err := CohenKappa(ben, gerry)
	if err != nil {
		t.Fatal(err)
	}
	if round3(k.Value) != 0.684 || !near(k.Value, 13.0/19) || !near(k.ObservedAgreement, 0.75) || !near(k.ExpectedAgreement, 30.0/144) {
		t.Errorf("kappa = %v (p_o %v, p_e %v), want 13/19 (3/4, 30/144)", k.Value, k.ObservedAgreement, k.ExpectedAgreement)
	}
}

func TestAlphaPaperC_AnyObserversMissingData(t *testing.T) {
	r := fromMatrix(t, paperC)
	for _, tc := range []struct {
		metric Metric
		want   float64
	}{
		{Nominal, 0.743},
		{Ordinal, 0.815},
		{Interval, 0.849},
		{Ratio, 0.797},
	} {
		a := mustAlpha(t, r, tc.metric)
		if round3(a.Value) != tc.want {
			t.Errorf("%s alpha = %v, want %v", tc.metric, a.Value, tc.want)
		}
		// Unit 12 has one value: not pairable, dropped.
		if a.Pairable != 40 || a.Units != 11 || a.Unpaired != 1 {
			t.Errorf("%s: n = %d, units = %d, unpaired = %d; want 40, 11, 1", tc.metric, a.Pairable, a.Units, a.Unpaired)
		}
		if !slices.Equal(a.Coincidences.Values, []string{"1", "2", "3", "4", "5"}) ||
			!slices.Equal(a.Coincidences.Marginals, []float64{9, 13, 10, 5, 3}) {
			t.Errorf("%s: values %v with marginals %v, want 1…5 with 9 13 10 5 3", tc.metric, a.Coincidences.Values, a.Coincidences.Marginals)
		}
	}
	// Unit 6 (values 1 2 3 4, m_u = 4) puts 1/3 in each off-diagonal cell
	// between its values; unit 2 (2 3 2 2) puts 3·1/3 in o_23.
	a := mustAlpha(t, r, Nominal)
	if got := a.Coincidences.Counts[1][2]; !near(got, 4.0/3) {
		t.Errorf("o_23 = %v, want 4/3", got)
	}
}

func checkCoincidences(t *testing.T, got, want Coincidences) {
	t.Helper()
	if !slices.Equal(got.Values, want.Values) || !slices.Equal(got.Marginals, want.Marginals) {
		t.Errorf("values %v, marginals %v; want %v, %v", got.Values, got.Marginals, want.Values, want.Marginals)
	}
	if !slices.EqualFunc(got.Counts, want.Counts, slices.Equal) {
		t.Errorf("counts %v, want %v", got.Counts, want.Counts)
	}
}

func TestAlphaErrors(t *testing.T) {
	one := &Ratings{}
	_ = one.Add("s1", "ana", "supports")
	_ = one.Add("s2", "ben", "opposed")
	if _, err := KrippendorffAlpha(one, Nominal); !errors.Is(err, ErrNoUnits) {
		t.Errorf("no unit with two values: err = %v, want ErrNoUnits", err)
	}
	if _, err := KrippendorffAlpha(&Ratings{}, Nominal); !errors.Is(err, ErrNoUnits) {
		t.Errorf("empty ratings: err = %v, want ErrNoUnits", err)
	}

	same := &Ratings{}
	for _, u := range []string{"s1", "s2"} {
		_ = same.Add(u, "ana", "supports")
		_ = same.Add(u, "auto", "supports")
	}
	a, err := KrippendorffAlpha(same, Nominal)
	if !errors.Is(err, ErrNoVariation) || !math.IsNaN(a.Value) || a.Pairable != 4 || a.Units != 2 {
		t.Errorf("one value everywhere: alpha %v, n %d, units %d, err %v; want NaN, 4, 2, ErrNoVariation", a.Value, a.Pairable, a.Units, err)
	}

	words := fromMatrix(t, paperB)
	if _, err := KrippendorffAlpha(words, Interval); !errors.Is(err, ErrNotNumeric) {
		t.Errorf("letters at interval: err = %v, want ErrNotNumeric", err)
	}
	negative := fromMatrix(t, map[string]string{"A": "-1 2", "B": "1 2"})
	if _, err := KrippendorffAlpha(negative, Ratio); !errors.Is(err, ErrNotNumeric) {
		t.Errorf("negative at ratio: err = %v, want ErrNotNumeric", err)
	}
	if _, err := KrippendorffAlpha(negative, Interval); err != nil {
		t.Errorf("negative at interval: %v", err)
	}
	if _, err := KrippendorffAlpha(words, Metric(9)); err == nil || !strings.Contains(err.Error(), "Metric(9)") {
		t.Errorf("unknown metric: err = %v", err)
	}
}

func TestAlphaNumericValuesAreNumbers(t *testing.T) {
	// "1.0" and "1" are one value at a numeric metric, two at nominal.
	r := fromMatrix(t, map[string]string{"A": "1.0 2 3", "B": "1 2 3"})
	if a := mustAlpha(t, r, Interval); a.Value != 1 || !slices.Equal(a.Coincidences.Values, []string{"1", "2", "3"}) {
		t.Errorf("interval: alpha %v over %v, want 1 over [1 2 3]", a.Value, a.Coincidences.Values)
	}
	if a := mustAlpha(t, r, Nominal); a.Value >= 1 || len(a.Coincidences.Values) != 4 {
		t.Errorf("nominal: alpha %v over %v, want < 1 over four values", a.Value, a.Coincidences.Values)
	}
	// Numeric order, not string order: 10 sorts after 9.
	r = fromMatrix(t, map[string]string{"A": "9 10", "B": "9 10"})
	if a := mustAlpha(t, r, Ordinal); !slices.Equal(a.Coincidences.Values, []string{"9", "10"}) {
		t.Errorf("ordinal values %v, want [9 10]", a.Coincidences.Values)
	}
}

func TestRatingsAdd(t *testing.T) {
	r := &Ratings{}
	if err := r.Add("s1", "ana", "supports"); err != nil {
		t.Fatal(err)
	}
	if err := r.Add("s1", "ana", "supports"); err != nil {
		t.Errorf("same value again: %v", err)
	}
	if err := r.Add("s1", "ana", "opposed"); !errors.Is(err, ErrConflictingValue) {
		t.Errorf("different value: err = %v, want ErrConflictingValue", err)
	}
	for _, args := range [][3]string{{"", "ana", "x"}, {"s1", "", "x"}, {"s1", "ben", ""}} {
		if err := r.Add(args[0], args[1], args[2]); !errors.Is(err, ErrEmptyField) {
			t.Errorf("Add(%q): err = %v, want ErrEmptyField", args, err)
		}
	}
	if v, ok := r.Value("s1", "ana"); v != "supports" || !ok {
		t.Errorf("Value = %q, %v", v, ok)
	}
	if _, ok := r.Value("s1", "ben"); ok {
		t.Error("ben has a value he never gave")
	}
	if !slices.Equal(r.Units(), []string{"s1"}) || !slices.Equal(r.Coders(), []string{"ana"}) {
		t.Errorf("units %v, coders %v", r.Units(), r.Coders())
	}
}

// randomRatings gives units u0… a value from values for a random subset of
// coders c0…; with agree set every coder gives a unit the same value.
func randomRatings(rng *rand.Rand, values []string, agree bool) *Ratings {
	r := &Ratings{}
	units, coders := 2+rng.IntN(30), 2+rng.IntN(5)
	for u := range units {
		truth := values[rng.IntN(len(values))]
		for c := range coders {
			if rng.IntN(4) == 0 {
				continue // missing
			}
			v := truth
			if !agree {
				v = values[rng.IntN(len(values))]
			}
			_ = r.Add(fmt.Sprintf("u%d", u), fmt.Sprintf("c%d", c), v)
		}
	}
	return r
}

var allMetrics = []Metric{Nominal, Ordinal, Interval, Ratio}

func TestAlphaPerfectAgreementIsOne(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	checked := 0
	for range 500 {
		r := randomRatings(rng, []string{"1", "2", "3", "4"}, true)
		for _, m := range allMetrics {
			a, err := KrippendorffAlpha(r, m)
			if errors.Is(err, ErrNoUnits) || errors.Is(err, ErrNoVariation) {
				continue
			}
			if err != nil || a.Value != 1 || a.ObservedDisagreement != 0 {
				t.Fatalf("%s: alpha %v, D_o %v, err %v; want exactly 1, 0", m, a.Value, a.ObservedDisagreement, err)
			}
			checked++
		}
	}
	if checked < 1000 {
		t.Errorf("only %d cases had variation", checked)
	}
}

// relabel gives every unit and coder a new id in a random order, so that
// sorted order, and with it the order alpha visits them, changes.
func relabel(rng *rand.Rand, r *Ratings) *Ratings {
	units, coders := r.Units(), r.Coders()
	unitID, coderID := rng.Perm(len(units)), rng.Perm(len(coders))
	out := &Ratings{}
	for i, u := range units {
		for j, c := range coders {
			if v, ok := r.Value(u, c); ok {
				_ = out.Add(fmt.Sprintf("unit%03d", unitID[i]), fmt.Sprintf("coder%03d", coderID[j]), v)
			}
		}
	}
	return out
}

func TestAlphaInvariantToCoderAndUnitOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	inputs := []*Ratings{fromMatrix(t, paperC)}
	for range 200 {
		inputs = append(inputs, randomRatings(rng, []string{"1", "2", "3", "5"}, false))
	}
	for _, r := range inputs {
		shuffled := relabel(rng, r)
		for _, m := range allMetrics {
			a, errA := KrippendorffAlpha(r, m)
			b, errB := KrippendorffAlpha(shuffled, m)
			if (errA == nil) != (errB == nil) {
				t.Fatalf("%s: errors %v and %v", m, errA, errB)
			}
			if errA != nil {
				continue
			}
			if !near(a.Value, b.Value) || a.Pairable != b.Pairable || a.Units != b.Units || a.Unpaired != b.Unpaired {
				t.Fatalf("%s: %+v\nreordered: %+v", m, a, b)
			}
		}
	}
}

// FuzzAlpha reads triples of bytes as (unit, coder, value) and checks that
// alpha never panics, fails only with the package's errors, and otherwise
// stays at most 1 with non-negative disagreements.
func FuzzAlpha(f *testing.F) {
	f.Add([]byte{0, 0, 1, 0, 1, 1, 1, 0, 2, 1, 1, 3})
	f.Add([]byte{0, 0, 5, 0, 1, 6})
	f.Add([]byte{0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0})
	values := []string{"0", "1", "2", "4.5", "10", "-1", "x"}
	f.Fuzz(func(t *testing.T, data []byte) {
		r := &Ratings{}
		for i := 0; i+2 < len(data); i += 3 {
			unit := fmt.Sprintf("u%d", data[i]%16)
			coder := fmt.Sprintf("c%d", data[i+1]%5)
			if _, ok := r.Value(unit, coder); ok {
				continue
			}
			if err := r.Add(unit, coder, values[int(data[i+2])%len(values)]); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range allMetrics {
			a, err := KrippendorffAlpha(r, m)
			if err != nil {
				if !errors.Is(err, ErrNoUnits) && !errors.Is(err, ErrNoVariation) && !errors.Is(err, ErrNotNumeric) {
					t.Fatalf("%s: unexpected error %v", m, err)
				}
				continue
			}
			if math.IsNaN(a.Value) || a.Value > 1 || a.ObservedDisagreement < 0 || a.ExpectedDisagreement <= 0 {
				t.Fatalf("%s: alpha %v, D_o %v, D_e %v", m, a.Value, a.ObservedDisagreement, a.ExpectedDisagreement)
			}
		}
	})
}
