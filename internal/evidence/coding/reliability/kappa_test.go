package reliability

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// fromTable expands a confusion table into the two coders' value lists:
// table[i][j] units that the first coder put in categories[i] and the
// second in categories[j].
func fromTable(categories []string, table [][]int) (first, second []string) {
	for i, row := range table {
		for j, n := range row {
			for range n {
				first = append(first, categories[i])
				second = append(second, categories[j])
			}
		}
	}
	return first, second
}

func TestCohenKappaCohen1960(t *testing.T) {
	// Cohen, J. (1960), "A coefficient of agreement for nominal scales",
	// Educational and Psychological Measurement 20(1), 37–46, Table 1:
	// 200 units, three categories, judge A's marginals .60 .30 .10 and
	// judge B's .50 .30 .20; p_o = .70, p_c = .41, κ = .492.
	categories := []string{"1", "2", "3"}
	table := [][]int{{88, 14, 18}, {10, 40, 10}, {2, 6, 12}}
	k, err := CohenKappa(fromTable(categories, table))
	if err != nil {
		t.Fatal(err)
	}
	if round3(k.Value) != 0.492 || !near(k.Value, 29.0/59) {
		t.Errorf("kappa = %v, want .492 (29/59)", k.Value)
	}
	if !near(k.ObservedAgreement, 0.70) || !near(k.ExpectedAgreement, 0.41) || k.Units != 200 {
		t.Errorf("p_o %v, p_e %v, N %d; want .70, .41, 200", k.ObservedAgreement, k.ExpectedAgreement, k.Units)
	}
	if !slices.Equal(k.Categories, categories) || !slices.EqualFunc(k.Table, table, slices.Equal) {
		t.Errorf("table %v over %v, want %v", k.Table, k.Categories, table)
	}
}

func TestCohenKappaFiftyProposals(t *testing.T) {
	// The worked example of Wikipedia's "Cohen's kappa" article (and many
	// textbooks after it): two readers, 50 grant proposals, 20 yes–yes,
	// 5 yes–no, 10 no–yes, 15 no–no; p_o = 0.7, p_e = 0.5, κ = 0.40.
	k, err := CohenKappa(fromTable([]string{"no", "yes"}, [][]int{{15, 10}, {5, 20}}))
	if err != nil {
		t.Fatal(err)
	}
	if round3(k.Value) != 0.4 || !near(k.ObservedAgreement, 0.7) || !near(k.ExpectedAgreement, 0.5) {
		t.Errorf("kappa %v, p_o %v, p_e %v; want 0.4, 0.7, 0.5", k.Value, k.ObservedAgreement, k.ExpectedAgreement)
	}
}

func TestCohenKappaErrors(t *testing.T) {
	if _, err := CohenKappa([]string{"a", "b"}, []string{"a"}); !errors.Is(err, ErrLengthMismatch) {
		t.Errorf("lengths 2 and 1: err = %v, want ErrLengthMismatch", err)
	}
	if _, err := CohenKappa(nil, nil); !errors.Is(err, ErrNoUnits) {
		t.Errorf("no units: err = %v, want ErrNoUnits", err)
	}
	if _, err := CohenKappa([]string{"a", ""}, []string{"a", "b"}); !errors.Is(err, ErrEmptyField) {
		t.Errorf("empty value: err = %v, want ErrEmptyField", err)
	}
	// Degenerate: both coders put every statement in one category, so
	// p_e = 1 and κ is 0/0.
	k, err := CohenKappa([]string{"supports", "supports"}, []string{"supports", "supports"})
	if !errors.Is(err, ErrNoVariation) || !math.IsNaN(k.Value) {
		t.Errorf("one category: kappa %v, err %v; want NaN, ErrNoVariation", k.Value, err)
	}
	if k.ObservedAgreement != 1 || k.ExpectedAgreement != 1 || k.Units != 2 || k.Table[0][0] != 2 {
		t.Errorf("one category: p_o %v, p_e %v, N %d, table %v; want 1, 1, 2, [[2]]", k.ObservedAgreement, k.ExpectedAgreement, k.Units, k.Table)
	}
	// One coder constant, the other not: p_e < 1, κ = 0, defined.
	k, err = CohenKappa([]string{"a", "a"}, []string{"a", "b"})
	if err != nil || k.Value != 0 {
		t.Errorf("one coder constant: kappa %v, err %v; want 0, nil", k.Value, err)
	}
}

func TestCohenKappaBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	values := []string{"supports", "concerns", "sceptical", "opposed"}
	for range 500 {
		n := 1 + rng.IntN(40)
		first, second := make([]string, n), make([]string, n)
		for i := range n {
			first[i] = values[rng.IntN(len(values))]
			second[i] = values[rng.IntN(len(values))]
		}
		k, err := CohenKappa(first, second)
		if errors.Is(err, ErrNoVariation) {
			continue
		}
		if err != nil || k.Value > 1 || k.Value < -1 {
			t.Fatalf("kappa %v, err %v", k.Value, err)
		}
		swapped, _ := CohenKappa(second, first)
		if !near(swapped.Value, k.Value) {
			t.Fatalf("kappa %v, with coders swapped %v", k.Value, swapped.Value)
		}
		same, _ := CohenKappa(first, first)
		if same.Value != 1 && !math.IsNaN(same.Value) {
			t.Fatalf("a coder against itself: %v", same.Value)
		}
	}
}

func TestPairwiseKappa(t *testing.T) {
	r := &Ratings{}
	add := func(unit, coder, value string) {
		t.Helper()
		if err := r.Add(unit, coder, value); err != nil {
			t.Fatal(err)
		}
	}
	// ana and auto share s1–s4 and agree on three: p_o = 3/4; ana is
	// supports×2, opposed×2 and auto supports×3, opposed×1, so
	// p_e = (2·3 + 2·1)/16 = 1/2 and κ = (3/4 − 1/2)/(1/2) = 1/2.
	for _, v := range [][3]string{
		{"s1", "ana", "supports"}, {"s1", "auto", "supports"},
		{"s2", "ana", "supports"}, {"s2", "auto", "supports"},
		{"s3", "ana", "opposed"}, {"s3", "auto", "opposed"},
		{"s4", "ana", "opposed"}, {"s4", "auto", "supports"},
		{"s5", "ben", "supports"}, {"s5", "auto", "opposed"},
		{"s6", "ben", "opposed"}, {"s6", "auto", "supports"},
	} {
		add(v[0], v[1], v[2])
	}
	pairs := PairwiseKappa(r)
	var names [][2]string
	for _, p := range pairs {
		names = append(names, [2]string{p.First, p.Second})
	}
	if !slices.Equal(names, [][2]string{{"ana", "auto"}, {"ana", "ben"}, {"auto", "ben"}}) {
		t.Fatalf("pairs %v", names)
	}
	if p := pairs[0]; p.Err != nil || !near(p.Kappa.Value, 0.5) || p.Kappa.Units != 4 {
		t.Errorf("ana–auto: kappa %v over %d units, err %v; want 0.5 over 4", p.Kappa.Value, p.Kappa.Units, p.Err)
	}
	if p := pairs[1]; !errors.Is(p.Err, ErrNoUnits) {
		t.Errorf("ana–ben share no unit: err = %v, want ErrNoUnits", p.Err)
	}
	// auto and ben disagree on both of their units, in a 2×2 table with
	// even marginals: κ = (0 − 1/2)/(1/2) = −1.
	if p := pairs[2]; p.Err != nil || p.Kappa.Value != -1 || p.Kappa.Units != 2 {
		t.Errorf("auto–ben: kappa %v over %d units, err %v; want −1 over 2", p.Kappa.Value, p.Kappa.Units, p.Err)
	}
}

// FuzzCohenKappa splits the input into two coders' values and checks that
// kappa never panics and stays within [−1, 1].
func FuzzCohenKappa(f *testing.F) {
	f.Add([]byte{0, 1, 2, 0, 1, 1})
	f.Add([]byte{3, 3})
	values := []string{"supports", "concerns", "sceptical", "opposed", "passing"}
	f.Fuzz(func(t *testing.T, data []byte) {
		half := len(data) / 2
		first, second := make([]string, half), make([]string, half)
		for i := range half {
			first[i] = values[int(data[i])%len(values)]
			second[i] = values[int(data[half+i])%len(values)]
		}
		k, err := CohenKappa(first, second)
		if err != nil {
			if !errors.Is(err, ErrNoUnits) && !errors.Is(err, ErrNoVariation) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		if math.IsNaN(k.Value) || k.Value > 1 || k.Value < -1 {
			t.Fatalf("kappa %v", k.Value)
		}
	})
}
