package reliability

import (
	"fmt"
	"math"
)

// Kappa is Cohen's kappa for two coders with the figures it was computed
// from.
type Kappa struct {
	// Value is κ = (p_o − p_e)/(1 − p_e). It is NaN when the error is
	// ErrNoVariation: both coders put every unit in one and the same
	// category, so p_o = p_e = 1 and κ is 0/0.
	Value float64
	// ObservedAgreement is p_o, the share of units both coders put in the
	// same category.
	ObservedAgreement float64
	// ExpectedAgreement is p_e, the agreement expected by chance from each
	// coder's own marginal distribution.
	ExpectedAgreement float64
	// Units is the number of units compared.
	Units int
	// Categories labels the rows and columns of Table, sorted.
	Categories []string
	// Table is the confusion table: Table[i][j] counts the units the first
	// coder put in Categories[i] and the second in Categories[j].
	Table [][]int
}

// CohenKappa computes Cohen's kappa between two coders over nominal
// categories; first[i] and second[i] are their values for unit i. The error
// wraps ErrLengthMismatch when the lists differ in length, ErrNoUnits when
// they are empty, ErrEmptyField when a value is empty, and ErrNoVariation in
// the degenerate case p_e = 1, where the table and agreements are returned
// with Value NaN.
func CohenKappa(first, second []string) (Kappa, error) {
	k := Kappa{Value: math.NaN()}
	if len(first) != len(second) {
		return k, fmt.Errorf("reliability.CohenKappa: %d values from the first coder, %d from the second: %w",
			len(first), len(second), ErrLengthMismatch)
	}
	if len(first) == 0 {
		return k, fmt.Errorf("reliability.CohenKappa: %w", ErrNoUnits)
	}
	index := make(map[string]int)
	for i := range first {
		if first[i] == "" || second[i] == "" {
			return k, fmt.Errorf("reliability.CohenKappa: unit %d: %w", i, ErrEmptyField)
		}
		index[first[i]] = 0
		index[second[i]] = 0
	}
	k.Categories = sortedKeys(index)
	for i, c := range k.Categories {
		index[c] = i
	}
	k.Table = make([][]int, len(k.Categories))
	for i := range k.Table {
		k.Table[i] = make([]int, len(k.Categories))
	}
	for i := range first {
		k.Table[index[first[i]]][index[second[i]]]++
	}
	k.Units = len(first)

	// Counting in integers keeps p_e = 1 an exact test:
	// κ = (N·agree − chance) / (N² − chance), chance = Σ row_c·column_c.
	n := k.Units
	agree, chance := 0, 0
	for c := range k.Categories {
		row, column := 0, 0
		for j := range k.Categories {
			row += k.Table[c][j]
			column += k.Table[j][c]
		}
		agree += k.Table[c][c]
		chance += row * column
	}
	k.ObservedAgreement = float64(agree) / float64(n)
	k.ExpectedAgreement = float64(chance) / (float64(n) * float64(n))
	if chance == n*n {
		return k, fmt.Errorf("reliability.CohenKappa: every unit is %q for both coders: %w", k.Categories[0],
			ErrNoVariation)
	}
	k.Value = float64(n*agree-chance) / float64(n*n-chance)
	return k, nil
}

// CoderPair is the agreement between two coders, First < Second.
type CoderPair struct {
	First, Second string
	Kappa         Kappa
	// Err is CohenKappa's error for the pair: ErrNoUnits when the two
	// coded no unit in common, ErrNoVariation when kappa is undefined.
	Err error
}

// PairwiseKappa computes Cohen's kappa for every pair of coders in r over
// the units both of them coded, pairs in sorted order of coder ids. It
// treats an automatic coder like any other, so human–human and
// automatic–human pairs come out alike.
func PairwiseKappa(r *Ratings) []CoderPair {
	coders := r.Coders()
	units := r.Units()
	var pairs []CoderPair
	for i, first := range coders {
		for _, second := range coders[i+1:] {
			var a, b []string
			for _, u := range units {
				va, okA := r.Value(u, first)
				vb, okB := r.Value(u, second)
				if okA && okB {
					a = append(a, va)
					b = append(b, vb)
				}
			}
			k, err := CohenKappa(a, b)
			if err != nil {
				err = fmt.Errorf("coders %q and %q: %w", first, second, err)
			}
			pairs = append(pairs, CoderPair{First: first, Second: second, Kappa: k, Err: err})
		}
	}
	return pairs
}
