package reliability

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Metric is the level of measurement alpha compares values at: it says how
// far apart two different values are (the paper's δ²).
type Metric int

const (
	// Nominal treats values as unordered categories: two values differ
	// entirely or not at all. Binary present/absent data is nominal.
	Nominal Metric = iota
	// Ordinal reads values as numbers and uses only their rank order: the
	// distance between two values grows with how many values were coded
	// between them.
	Ordinal
	// Interval reads values as numbers; the distance is their squared
	// difference.
	Interval
	// Ratio reads values as non-negative numbers; the distance is the
	// squared difference over the squared sum.
	Ratio
)

// String returns the metric's name as the paper writes it.
func (m Metric) String() string {
	switch m {
	case Nominal:
		return "nominal"
	case Ordinal:
		return "ordinal"
	case Interval:
		return "interval"
	case Ratio:
		return "ratio"
	}
	return "Metric(" + strconv.Itoa(int(m)) + ")"
}

// Coincidences is the paper's coincidence matrix: every ordered pair of
// values that two different coders gave the same unit, each unit's pairs
// weighted by 1/(m_u − 1) where m_u is the number of values the unit has, so
// that each pairable value counts once.
type Coincidences struct {
	// Values labels the rows and columns: sorted as strings for Nominal,
	// in numeric order for the other metrics (which write each number in
	// its shortest form, so "1.0" and "1" are one value, "1").
	Values []string
	// Counts[i][j] is o_ck for c = Values[i], k = Values[j]; it is symmetric.
	Counts [][]float64
	// Marginals[i] is n_c, the number of pairable values equal to Values[i]
	// (the row sum of Counts, counted exactly rather than summed).
	Marginals []float64
}

// Alpha is Krippendorff's alpha with the figures it was computed from.
type Alpha struct {
	// Value is alpha = 1 − D_o/D_e: 1 for perfect agreement, 0 for
	// agreement at chance, below 0 for systematic disagreement. It is NaN
	// whenever KrippendorffAlpha returns an error.
	Value  float64
	Metric Metric
	// ObservedDisagreement is D_o and ExpectedDisagreement is D_e, both
	// computed from the coincidence matrix.
	ObservedDisagreement float64
	ExpectedDisagreement float64
	// Pairable is n, the number of values in units that have two or more.
	Pairable int
	// Units counts the units with two or more values, the ones compared.
	Units int
	// Unpaired counts the units with exactly one value; as in the paper
	// they cannot be paired and are left out.
	Unpaired     int
	Coincidences Coincidences
}

// KrippendorffAlpha computes alpha over r at metric m. Each unit is compared
// through the values of whichever coders coded it; units with fewer than two
// values are dropped. The error wraps ErrNoUnits when no unit has two
// values, ErrNoVariation when all compared values are the same (the counts
// are still returned), and ErrNotNumeric when a numeric metric meets a value
// that is not a number.
func KrippendorffAlpha(r *Ratings, m Metric) (Alpha, error) {
	a, err := alphaOf(r.unitValues(), m)
	if err != nil {
		return a, fmt.Errorf("reliability.KrippendorffAlpha(%s): %w", m, err)
	}
	return a, nil
}

// alphaOf computes alpha over units, each the list of values coders gave one
// unit (missing values left out).
func alphaOf(units [][]string, m Metric) (Alpha, error) {
	a := Alpha{Value: math.NaN(), Metric: m}
	if m < Nominal || m > Ratio {
		return a, errors.New("unknown metric")
	}
	var pairable [][]string
	for _, values := range units {
		switch {
		case len(values) >= 2:
			pairable = append(pairable, values)
			a.Pairable += len(values)
		case len(values) == 1:
			a.Unpaired++
		}
	}
	a.Units = len(pairable)
	if a.Units == 0 {
		return a, ErrNoUnits
	}
	s, err := newScale(pairable, m)
	if err != nil {
		return a, err
	}
	a.Coincidences = s.coincidences(pairable)
	if len(s.labels) < 2 {
		return a, ErrNoVariation
	}
	delta := s.distances(m, a.Coincidences.Marginals)
	var observed, expected float64
	for c := range s.labels {
		for k := range s.labels {
			observed += a.Coincidences.Counts[c][k] * delta[c][k]
			expected += a.Coincidences.Marginals[c] * a.Coincidences.Marginals[k] * delta[c][k]
		}
	}
	n := float64(a.Pairable)
	a.ObservedDisagreement = observed / n
	a.ExpectedDisagreement = expected / (n * (n - 1))
	a.Value = 1 - a.ObservedDisagreement/a.ExpectedDisagreement
	return a, nil
}

// scale is the ordered set of distinct values alpha compares.
type scale struct {
	labels  []string       // in matrix order
	numbers []float64      // numbers[i] is labels[i] read as a number (numeric metrics)
	index   map[string]int // raw value -> position in labels
}

func newScale(units [][]string, m Metric) (scale, error) {
	s := scale{index: make(map[string]int)}
	if m == Nominal {
		for _, values := range units {
			for _, v := range values {
				s.index[v] = 0
			}
		}
		s.labels = sortedKeys(s.index)
		for i, v := range s.labels {
			s.index[v] = i
		}
		return s, nil
	}
	raw := make(map[string]float64)
	for _, values := range units {
		for _, v := range values {
			x, err := strconv.ParseFloat(v, 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || (m == Ratio && x < 0) {
				return s, fmt.Errorf("%q at the %s metric: %w", v, m, ErrNotNumeric)
			}
			raw[v] = x
		}
	}
	for _, x := range raw {
		s.numbers = append(s.numbers, x)
	}
	slices.Sort(s.numbers)
	s.numbers = slices.Compact(s.numbers)
	for _, x := range s.numbers {
		s.labels = append(s.labels, strconv.FormatFloat(x, 'g', -1, 64))
	}
	for v, x := range raw {
		i, _ := slices.BinarySearch(s.numbers, x)
		s.index[v] = i
	}
	return s, nil
}

// coincidences builds the coincidence matrix of the pairable units.
func (s scale) coincidences(units [][]string) Coincidences {
	v := len(s.labels)
	c := Coincidences{Values: s.labels, Counts: make([][]float64, v), Marginals: make([]float64, v)}
	for i := range c.Counts {
		c.Counts[i] = make([]float64, v)
	}
	for _, values := range units {
		count := make(map[int]int, len(values))
		for _, x := range values {
			count[s.index[x]]++
		}
		present := sortedKeys(count)
		weight := 1 / float64(len(values)-1)
		for _, i := range present {
			c.Marginals[i] += float64(count[i])
			for _, j := range present {
				pairs := count[i] * count[j]
				if i == j {
					pairs = count[i] * (count[i] - 1)
				}
				c.Counts[i][j] += float64(pairs) * weight
			}
		}
	}
	return c
}

// distances returns δ²_ck for every pair of values at metric m; marginals
// are needed by the ordinal metric, which measures distance in coded values.
func (s scale) distances(m Metric, marginals []float64) [][]float64 {
	v := len(s.labels)
	below := make([]float64, v+1) // below[i] = n_0 + … + n_{i-1}
	for i, n := range marginals {
		below[i+1] = below[i] + n
	}
	d := make([][]float64, v)
	for c := range d {
		d[c] = make([]float64, v)
		for k := range d[c] {
			if c != k {
				d[c][k] = s.distance(m, c, k, below, marginals)
			}
		}
	}
	return d
}

func (s scale) distance(m Metric, c, k int, below, marginals []float64) float64 {
	switch m {
	case Ordinal:
		lo, hi := min(c, k), max(c, k)
		x := below[hi+1] - below[lo] - (marginals[c]+marginals[k])/2
		return x * x
	case Interval:
		x := s.numbers[c] - s.numbers[k]
		return x * x
	case Ratio:
		// Two different non-negative numbers never sum to zero.
		x := (s.numbers[c] - s.numbers[k]) / (s.numbers[c] + s.numbers[k])
		return x * x
	}
	return 1
}
