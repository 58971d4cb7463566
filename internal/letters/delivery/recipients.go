// Package delivery sends a campaign's letter to the UN missions: who gets
// it (members, observers, a group, a pick of states), one message per
// campaign, mission, station and address, each with its own Message-ID and
// reply address, queued in the outbox in one transaction so that a
// delivery is written whole or not at all.
package delivery

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

// Kinds of recipient sets.
const (
	Members   = "members"   // the UN member states
	Observers = "observers" // the non-member observer states
	All       = "all"       // both
	Group     = "group"     // the members of a group of states, on the day of sending
	Pick      = "states"    // states named one by one
)

// Recipients says which states a delivery goes to, as `r2p deliver --to`
// and the delivery page take it: "members", "observers", "all",
// "group:NAME" or "states:ISO3,ISO3,...".
type Recipients struct {
	Kind   string
	Group  string   // for Group: the group's name, as states.ResolveGroup gives it
	Picked []string // for Pick: ISO3 codes, sorted, each once
}

// ParseRecipients reads a recipient set. Errors say what was expected.
func ParseRecipients(spec string) (Recipients, error) {
	spec = strings.TrimSpace(spec)
	kind, arg, hasArg := strings.Cut(spec, ":")
	switch {
	case !hasArg && (kind == Members || kind == Observers || kind == All):
		return Recipients{Kind: kind}, nil
	case hasArg && kind == Group:
		g, ok := states.ResolveGroup(arg)
		if !ok {
			return Recipients{}, fmt.Errorf("recipients %q: no group %q; groups: %s", spec, arg,
				strings.Join(states.Groups(), ", "))
		}
		return Recipients{Kind: Group, Group: g}, nil
	case hasArg && kind == Pick:
		codes, err := pickStates(strings.Split(arg, ","))
		if err != nil {
			return Recipients{}, fmt.Errorf("recipients %q: %w", spec, err)
		}
		return Recipients{Kind: Pick, Picked: codes}, nil
	}
	return Recipients{}, fmt.Errorf("recipients %q: want members, observers, all, group:NAME or states:ISO3,ISO3 (any number)", spec)
}

// PickStates makes a pick of states from codes (ISO3 or ISO2), as a CSV
// file's column or a form's choices give them; each must be a UN member or
// observer state.
func PickStates(codes []string) (Recipients, error) {
	picked, err := pickStates(codes)
	if err != nil {
		return Recipients{}, err
	}
	return Recipients{Kind: Pick, Picked: picked}, nil
}

func pickStates(codes []string) ([]string, error) {
	var picked []string
	for i, code := range codes {
		code = strings.ToUpper(strings.TrimSpace(code))
		st, ok := states.Default().Lookup(code)
		if !ok || !sendable(st) {
			return nil, fmt.Errorf("state %d, %q: not a UN member or observer state", i+1, code)
		}
		picked = append(picked, st.Code)
	}
	if len(picked) == 0 {
		return nil, fmt.Errorf("no state named")
	}
	slices.Sort(picked)
	return slices.Compact(picked), nil
}

// sendable reports whether a state has a mission to write to: UN members
// and observer states.
func sendable(st states.State) bool {
	return st.Status == states.Member || st.Status == states.Observer
}

// String is the set as ParseRecipients reads it.
func (r Recipients) String() string {
	switch r.Kind {
	case Group:
		return Group + ":" + r.Group
	case Pick:
		return Pick + ":" + strings.Join(r.Picked, ",")
	}
	return r.Kind
}

// States lists the ISO3 codes of the states in the set on the day at,
// sorted.
func (r Recipients) States(at time.Time) []string {
	var codes []string
	switch r.Kind {
	case Pick:
		return slices.Clone(r.Picked)
	case Group:
		for _, st := range states.Default().Members(r.Group, at) {
			if sendable(st) {
				codes = append(codes, st.Code)
			}
		}
	default:
		for _, st := range states.Default().All() {
			if (st.Status == states.Member && r.Kind != Observers) || (st.Status == states.Observer && r.Kind != Members) {
				codes = append(codes, st.Code)
			}
		}
	}
	slices.Sort(codes)
	return slices.Compact(codes)
}
