package coding

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/r2p-coalition/r2p/internal/evidence/coding/reliability"
)

// Figure is one agreement coefficient and the number of units it rests
// on. Value is nil when the coefficient is undefined, and Error says why
// (no unit coded by two coders; no variation).
type Figure struct {
	Value *float64 `json:"value"`
	Units int      `json:"units"`
	Error string   `json:"error,omitempty"`
}

// String gives the value to three decimals, "-" when undefined, and the
// units in brackets: "0.533 (4)".
func (f Figure) String() string {
	if f.Value == nil {
		return fmt.Sprintf("- (%d)", f.Units)
	}
	return fmt.Sprintf("%.3f (%d)", *f.Value, f.Units)
}

// PairFigure is Cohen's kappa for one pair of coders.
type PairFigure struct {
	First  string `json:"first"`
	Second string `json:"second"`
	Kappa  Figure `json:"kappa"`
}

// Figures are the agreement figures of one variable: a code (present or
// absent), the stance, or all codes pooled: Krippendorff's alpha (nominal)
// over every coder, and Cohen's kappa for every pair.
type Figures struct {
	Name  string       `json:"name"`
	Alpha Figure       `json:"alpha"`
	Kappa []PairFigure `json:"kappa"`
}

// Agreement is how far the coders of a set of statements agree.
//
// The units are the statements coded blind by at least one person (see
// BlindView), with the automatic coder, AutoCoder, as one more coder; a
// statement coded blind by only one person thus compares that person with
// the automatic coder. A coder who did not code a statement is missing
// data for it. Only the codings of Coders are compared.
type Agreement struct {
	Units   int       `json:"units"`
	Coders  []string  `json:"coders"`
	Overall Figures   `json:"overall"` // every (statement, code) pair a unit of its own (reliability.Codings.Overall)
	Stance  Figures   `json:"stance"`
	Codes   []Figures `json:"codes"`
}

// Compare computes the agreement of the blind codings of units on codes
// (the codebook's, so that codes nobody applied are reported too), among
// coders (all of them when empty; AutoCoder names the automatic coder).
func Compare(units []Unit, codes []string, coders []string) Agreement {
	keep := func(c string) bool { return len(coders) == 0 || slices.Contains(coders, c) }
	var codings reliability.Codings
	var stances, pooled reliability.Ratings
	a := Agreement{}
	seen := map[string]bool{}
	for _, u := range units {
		id := strconv.FormatInt(u.Statement.ID, 10)
		var present = map[string][]string{}
		stance := map[string]string{}
		for _, s := range u.Sessions {
			if s.Blind && keep(s.Coder) {
				present[s.Coder] = PresentCodes(u.BlindView(s.Coder))
				stance[s.Coder] = s.Stance
			}
		}
		if len(present) == 0 {
			continue
		}
		if u.Auto.Stamp != "" && keep(AutoCoder) {
			present[AutoCoder] = u.Auto.Present()
			stance[AutoCoder] = u.Auto.Stance
		}
		if len(present) < 2 {
			continue
		}
		a.Units++
		for coder, list := range present {
			seen[coder] = true
			codings.Add(id, coder, list...)
			if stance[coder] != "" {
				stances.Add(id, coder, stance[coder])
			}
			for _, code := range codes {
				value := reliability.Absent
				if slices.Contains(list, code) {
					value = reliability.Present
				}
				pooled.Add(id+"#"+code, coder, value)
			}
		}
	}
	for c := range seen {
		a.Coders = append(a.Coders, c)
	}
	slices.Sort(a.Coders)
	overall, err := codings.Overall(codes)
	a.Overall = Figures{Name: "overall", Alpha: alphaFigure(overall, err), Kappa: pairFigures(&pooled)}
	stanceAlpha, err := reliability.KrippendorffAlpha(&stances, reliability.Nominal)
	a.Stance = Figures{Name: "stance", Alpha: alphaFigure(stanceAlpha, err), Kappa: pairFigures(&stances)}
	for i, ca := range codings.PerCode(codes) {
		a.Codes = append(a.Codes,
			Figures{Name: codes[i], Alpha: alphaFigure(ca.Alpha, ca.Err), Kappa: pairFigures(codings.Binary(codes[i]))})
	}
	return a
}

func alphaFigure(a reliability.Alpha, err error) Figure {
	return figure(a.Value, a.Units, err)
}

func figure(v float64, units int, err error) Figure {
	f := Figure{Units: units}
	if err != nil {
		f.Error = err.Error()
	}
	if !math.IsNaN(v) {
		f.Value = &v
	}
	return f
}

func pairFigures(r *reliability.Ratings) []PairFigure {
	var out []PairFigure
	for _, p := range reliability.PairwiseKappa(r) {
		out = append(out,
			PairFigure{First: p.First, Second: p.Second, Kappa: figure(p.Kappa.Value, p.Kappa.Units, p.Err)})
	}
	return out
}
