package cli_test

import (
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// blindCodings stores the blind codings of the hand-computed example of
// internal/coding (code genocide: user:1 says 1,1,0,0 and user:2 1,0,0,0
// on the first four statements that are not procedural) in the database of env.
func blindCodings(t *testing.T, env map[string]string) {
	t.Helper()
	s := storetest.SQLiteAt(t, env["R2P_DB"])
	ctx := context.Background()
	ticked := map[string][]bool{"user:1": {true, true, false, false}, "user:2": {true, false, false, false}}
	units, err := s.CodingUnits(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Transact(ctx, func(tx *store.Tx) error {
		for coder, list := range ticked {
			for i, on := range list {
				id := units[i].Statement.ID
				if on {
					if _, err := tx.AddDecision(ctx, coding.Decision{StatementID: id, Coder: coder, Code: "genocide", Verdict: coding.Add, Blind: true}); err != nil {
						return err
					}
				}
				if _, err := tx.SaveSession(ctx, coding.Session{StatementID: id, Coder: coder, Blind: true}); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestReliability(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	mustRun(t, env, 0, "import", "verbatim", "--event", "1", verbatimFixtures+"conventions.txt")
	blindCodings(t, env)
	out, _ := mustRun(t, env, 0, "reliability", "--json", "--coders", "user:1,user:2", "--event", "1")
	var a coding.Agreement
	if err := json.Unmarshal([]byte(out), &a); err != nil {
		t.Fatal(err)
	}
	if a.Units != 4 || strings.Join(a.Coders, ",") != "user:1,user:2" {
		t.Fatalf("units %d, coders %v", a.Units, a.Coders)
	}
	for _, f := range a.Codes {
		if f.Name != "genocide" {
			continue
		}
		if f.Alpha.Value == nil || math.Abs(*f.Alpha.Value-8.0/15) > 1e-9 || f.Alpha.Units != 4 {
			t.Errorf("alpha on genocide: %+v, want 8/15 on 4", f.Alpha)
		}
		if len(f.Kappa) != 1 || f.Kappa[0].Kappa.Value == nil || math.Abs(*f.Kappa[0].Kappa.Value-0.5) > 1e-9 {
			t.Errorf("kappa on genocide: %+v, want 0.5", f.Kappa)
		}
	}
	out, _ = mustRun(t, env, 0, "reliability")
	if !strings.HasPrefix(out, "4 statements coded blind, compared among 3 coders: auto, user:1, user:2\n") ||
		!strings.Contains(out, "user:1–user:2 0.500 (4)") {
		t.Errorf("reliability:\n%s", out)
	}
}
