package coding

import (
	"reflect"
	"testing"
	"time"
)

var t0 = time.Date(2009, 7, 23, 10, 0, 0, 0, time.UTC)

// unit has automatic codes pillar1 (twice) and genocide.
func unit(decisions ...Decision) Unit {
	u := Unit{Auto: Auto{StatementID: 1, Stamp: "1@x", Stance: "supports", Codes: []Code{
		{Category: "pillars", Code: "pillar1", Start: 0, End: 5}, {Category: "crimes", Code: "genocide", Start: 6, End: 14},
		{Category: "pillars", Code: "pillar1", Start: 20, End: 25}}}}
	for i := range decisions {
		decisions[i].ID = int64(i + 1)
		decisions[i].StatementID = 1
	}
	u.Decisions = decisions
	return u
}

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

func TestConsensusHumanDecisionWins(t *testing.T) {
	u := unit(
		Decision{Coder: "user:1", Code: "pillar1", Verdict: Reject, DecidedAt: at(1)},
		Decision{Coder: "user:2", Code: "pillar1", Verdict: Accept, DecidedAt: at(2)}, // the latest wins
		Decision{Coder: "user:1", Code: "genocide", Verdict: Reject, DecidedAt: at(3)},
		Decision{Coder: "user:2", Code: "pillar3", Verdict: Add, DecidedAt: at(4), Start: 30, End: 40},
		Decision{Coder: "user:3", Code: "war_crimes", Verdict: Add, DecidedAt: at(5), Blind: true}, // blind: not in the consensus
		Decision{Coder: "user:3", Code: "pillar3", Verdict: Reject, DecidedAt: at(6), Blind: true},
	)
	if got, want := PresentCodes(u.Consensus()), []string{"pillar1", "pillar3"}; !reflect.DeepEqual(got, want) {
		t.Errorf("consensus = %v, want %v", got, want)
	}
	c := u.Consensus()
	if c["genocide"].By != "user:1" || c["pillar1"].By != "user:2" || c["pillar3"].Decision.End != 40 {
		t.Errorf("consensus deciders: %+v", c)
	}
	if got, want := PresentCodes(u.CoderView("user:1")), []string(nil); !reflect.DeepEqual(got, want) {
		t.Errorf("user:1's view = %v, want %v", got, want)
	}
	if got, want := PresentCodes(u.CoderView("user:9")), []string{"genocide", "pillar1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("a coder without decisions sees the automatic codes: %v, want %v", got, want)
	}
	if got, want := PresentCodes(u.BlindView("user:3")), []string{"war_crimes"}; !reflect.DeepEqual(got, want) {
		t.Errorf("user:3's blind view = %v, want %v", got, want)
	}
}

func TestLatestBreaksTiesByID(t *testing.T) {
	u := unit(
		Decision{Coder: "user:1", Code: "genocide", Verdict: Accept, DecidedAt: at(1)},
		Decision{Coder: "user:2", Code: "genocide", Verdict: Reject, DecidedAt: at(1)},
	)
	if v := u.Consensus()["genocide"]; v.Present || v.By != "user:2" {
		t.Errorf("genocide = %+v, want rejected by user:2", v)
	}
}

func TestStance(t *testing.T) {
	u := unit()
	if s, by := u.Stance(); s != "supports" || by != AutoCoder {
		t.Errorf("stance without sessions = %s by %s", s, by)
	}
	u.Sessions = []Session{
		{Coder: "user:1", Stance: "sceptical", CodedAt: at(2)},
		{Coder: "user:2", Stance: "opposed", CodedAt: at(1)},
		{Coder: "user:3", Stance: "none", CodedAt: at(3), Blind: true},
		{Coder: "user:4", Stance: "", CodedAt: at(4)},
	}
	if s, by := u.Stance(); s != "sceptical" || by != "user:1" {
		t.Errorf("stance = %s by %s, want sceptical by user:1", s, by)
	}
	if _, ok := u.Session("user:3", true); !ok {
		t.Error("user:3's blind session not found")
	}
	if _, ok := u.Session("user:3", false); ok {
		t.Error("user:3 has no session seeing the codes")
	}
}
