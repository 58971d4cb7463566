package coding

import (
	"math"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
)

// blindUnit is statement id coded blind by each coder with the codes given.
func blindUnit(id int64, byCoder map[string][]string) Unit {
	u := Unit{Statement: statement.Statement{ID: id}}
	for coder, codes := range byCoder {
		u.Sessions = append(u.Sessions, Session{StatementID: id, Coder: coder, Blind: true, Stance: "supports"})
		for _, c := range codes {
			u.Decisions = append(u.Decisions, Decision{StatementID: id, Coder: coder, Code: c, Verdict: Add, Blind: true})
		}
	}
	return u
}

func value(t *testing.T, f Figure) float64 {
	t.Helper()
	if f.Value == nil {
		t.Fatalf("no value: %+v", f)
	}
	return *f.Value
}

// TestCompareHandComputed: on code x, coder A says 1,1,0,0 and B 1,0,0,0.
// Kappa: p_o = 3/4, p_e = 1/2·1/4 + 1/2·3/4 = 1/2, so κ = 1/2. Alpha: the
// coincidences are o11 = 2, o10 = o01 = 1, o00 = 4 (n = 8, n1 = 3, n0 = 5),
// D_o = 2/8, D_e = 2·3·5/(8·7) = 30/56, so α = 1 − (1/4)/(30/56) = 8/15.
func TestCompareHandComputed(t *testing.T) {
	units := []Unit{
		blindUnit(1, map[string][]string{"A": {"x"}, "B": {"x"}}),
		blindUnit(2, map[string][]string{"A": {"x"}, "B": nil}),
		blindUnit(3, map[string][]string{"A": nil, "B": nil}),
		blindUnit(4, map[string][]string{"A": nil, "B": nil}),
		blindUnit(5, map[string][]string{"A": {"x"}}), // one coder, no automatic coding: not a unit
		{Statement: statement.Statement{ID: 6}},       // nobody
	}
	a := Compare(units, []string{"x", "y"}, nil)
	if a.Units != 4 || len(a.Coders) != 2 {
		t.Fatalf("units %d, coders %v", a.Units, a.Coders)
	}
	x := a.Codes[0]
	if x.Name != "x" || x.Alpha.Units != 4 || math.Abs(value(t, x.Alpha)-8.0/15) > 1e-12 {
		t.Errorf("alpha on x = %+v, want 8/15 on 4 units", x.Alpha)
	}
	if len(x.Kappa) != 1 || x.Kappa[0].First != "A" || x.Kappa[0].Kappa.Units != 4 || math.Abs(value(t, x.Kappa[0].Kappa)-0.5) > 1e-12 {
		t.Errorf("kappa on x = %+v, want 0.5 on 4 units", x.Kappa)
	}
	if y := a.Codes[1]; y.Alpha.Value != nil || y.Alpha.Error == "" {
		t.Errorf("y, which nobody applied, has an alpha: %+v", y.Alpha)
	}
	// Pooled over x and y: 8 units, of which y adds 8 agreeing zeros: n = 16,
	// n1 = 3, n0 = 13, D_o = 2/16, D_e = 2·3·13/(16·15) = 78/240: α = 1 − (1/8)/(78/240) = 8/13.
	if v := value(t, a.Overall.Alpha); math.Abs(v-8.0/13) > 1e-12 || a.Overall.Alpha.Units != 8 {
		t.Errorf("overall alpha = %v on %d units, want 8/13 on 8", v, a.Overall.Alpha.Units)
	}
	if a.Stance.Alpha.Value != nil || a.Stance.Alpha.Units != 4 {
		t.Errorf("stance: every coder said supports, so alpha is undefined: %+v", a.Stance.Alpha)
	}

	// The automatic coder joins where it has coded; unit 5 now compares A with it.
	units[4].Auto = Auto{StatementID: 5, Stamp: "1@x", Stance: "supports", Codes: []Code{{Code: "x"}}}
	units[0].Auto = Auto{StatementID: 1, Stamp: "1@x", Stance: "none"}
	a = Compare(units, []string{"x"}, []string{"A", AutoCoder})
	if a.Units != 2 || len(a.Coders) != 2 || a.Coders[0] != "A" || a.Coders[1] != AutoCoder {
		t.Fatalf("A and auto: %d units, coders %v", a.Units, a.Coders)
	}
	if k := a.Codes[0].Kappa[0]; k.First != "A" || k.Second != AutoCoder || k.Kappa.Units != 2 || math.Abs(value(t, k.Kappa)) > 1e-12 {
		t.Errorf("kappa A–auto = %+v, want 0 on 2 units", k)
	}
}
