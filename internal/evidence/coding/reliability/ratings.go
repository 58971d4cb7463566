// Package reliability measures how far the coders of statements agree:
// Cohen's kappa for two coders and Krippendorff's alpha for any number of
// coders with missing data, per code and overall.
//
// A coder is anyone who codes statements: a member of staff, a volunteer, or
// the automatic coder, which is just one more coder id (say "auto"). A unit
// is what is coded: a statement, or a statement and a code. Values are
// strings: a nominal category ("supports", "opposed"), "1"/"0" for a code
// present or absent, or a number for the numeric metrics of alpha.
//
// The computations follow Krippendorff, K. (2011), "Computing Krippendorff's
// Alpha-Reliability", University of Pennsylvania, Annenberg School for
// Communication, Departmental Papers 43, and Cohen, J. (1960), "A
// coefficient of agreement for nominal scales", Educational and
// Psychological Measurement 20(1), 37–46. The tests reproduce their worked
// examples.
package reliability

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"slices"
)

var (
	// ErrEmptyField reports a unit id, coder id or value that is the empty
	// string. A value is never empty: a coder who did not code a unit simply
	// has no value for it.
	ErrEmptyField = errors.New("empty unit, coder or value")
	// ErrConflictingValue reports a second, different value from the same
	// coder for the same unit.
	ErrConflictingValue = errors.New("coder already gave this unit a different value")
	// ErrLengthMismatch reports two coders' value lists of different lengths.
	ErrLengthMismatch = errors.New("the coders rated different numbers of units")
	// ErrNoUnits reports that there is nothing to compare: no units for
	// kappa, or no unit coded by two or more coders for alpha.
	ErrNoUnits = errors.New("no units coded by two or more coders")
	// ErrNoVariation reports that every value compared is the same, so
	// chance agreement is perfect and agreement beyond chance is 0/0. The
	// result returned with it carries the counts, and NaN as the coefficient.
	ErrNoVariation = errors.New("every value is the same, so agreement beyond chance is undefined")
	// ErrNotNumeric reports a value that an ordinal, interval or ratio alpha
	// cannot read as a number (or, for ratio, a negative number).
	ErrNotNumeric = errors.New("value is not a number the metric accepts")
)

// Ratings holds reliability data: for each unit, the value each coder gave
// it. A coder who did not code a unit has no value for it (missing data).
// The zero value is empty and ready to use.
type Ratings struct {
	byUnit map[string]map[string]string // unit -> coder -> value
	coders map[string]struct{}
}

// Add records that coder gave unit the value. Adding the same value again
// does nothing; a different value is an error wrapping ErrConflictingValue,
// and empty strings are an error wrapping ErrEmptyField.
func (r *Ratings) Add(unit, coder, value string) error {
	if unit == "" || coder == "" || value == "" {
		return fmt.Errorf("reliability.Ratings.Add(%q, %q, %q): %w", unit, coder, value, ErrEmptyField)
	}
	if old, ok := r.Value(unit, coder); ok && old != value {
		return fmt.Errorf("reliability.Ratings.Add(%q, %q, %q): already %q: %w", unit, coder, value, old,
			ErrConflictingValue)
	}
	r.set(unit, coder, value)
	return nil
}

// set records a value already checked to be non-empty and not conflicting.
func (r *Ratings) set(unit, coder, value string) {
	if r.byUnit == nil {
		r.byUnit = make(map[string]map[string]string)
		r.coders = make(map[string]struct{})
	}
	values := r.byUnit[unit]
	if values == nil {
		values = make(map[string]string)
		r.byUnit[unit] = values
	}
	values[coder] = value
	r.coders[coder] = struct{}{}
}

// Value returns the value coder gave unit, and false if there is none.
func (r *Ratings) Value(unit, coder string) (string, bool) {
	v, ok := r.byUnit[unit][coder]
	return v, ok
}

// Units returns the ids of the units that have at least one value, sorted.
func (r *Ratings) Units() []string {
	return sortedKeys(r.byUnit)
}

// Coders returns the ids of the coders that gave at least one value, sorted.
func (r *Ratings) Coders() []string {
	return sortedKeys(r.coders)
}

// unitValues returns, unit by unit in sorted order, the values present for
// the unit in sorted coder order: the columns of the paper's reliability
// data matrix with the missing cells left out.
func (r *Ratings) unitValues() [][]string {
	units := r.Units()
	out := make([][]string, 0, len(units))
	for _, u := range units {
		byCoder := r.byUnit[u]
		values := make([]string, 0, len(byCoder))
		for _, c := range sortedKeys(byCoder) {
			values = append(values, byCoder[c])
		}
		out = append(out, values)
	}
	return out
}

func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K {
	return slices.Sorted(maps.Keys(m))
}
