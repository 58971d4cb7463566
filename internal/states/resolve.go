package states

import (
	"errors"
	"fmt"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states/internal/namekey"
)

// Errors returned by Resolve, to be checked with errors.Is.
var (
	ErrUnknown   = errors.New("unknown state")
	ErrAmbiguous = errors.New("ambiguous state name")
)

// AmbiguousError is returned when a name fits several states, such as
// "Korea" or "Congo". errors.Is(err, ErrAmbiguous) is true for it.
type AmbiguousError struct {
	Name       string
	Candidates []State // sorted by Code
}

func (e *AmbiguousError) Error() string {
	parts := make([]string, len(e.Candidates))
	for i, s := range e.Candidates {
		parts[i] = fmt.Sprintf("%s (%s)", s.Code, s.Name)
	}
	return fmt.Sprintf("%v %q: could be %s", ErrAmbiguous, e.Name, strings.Join(parts, ", "))
}

// Is makes errors.Is(err, ErrAmbiguous) true.
func (e *AmbiguousError) Is(target error) bool { return target == ErrAmbiguous }

// Resolve finds the state that name refers to, using the default table.
func Resolve(name string) (State, error) { return Default().Resolve(name) }

// Resolve finds the state that name refers to. It knows UN, ISO and CLDR
// names in English, French and Spanish, common short forms (USA, DRC),
// former names (Swaziland, Zaire: the current state) and former members
// (USSR, Yugoslavia: the former entity). Case, accents, apostrophes,
// hyphens, dots, extra spaces and a leading "the" do not matter.
//
// A name that fits several states gives an *AmbiguousError; a name that
// fits none gives an error wrapping ErrUnknown. Codes are not names: use
// Lookup for "DEU" or "DE".
func (t *Table) Resolve(name string) (State, error) {
	idx := t.names[namekey.Key(name)]
	switch len(idx) {
	case 0:
		return State{}, fmt.Errorf("%w %q", ErrUnknown, name)
	case 1:
		return t.states[idx[0]].clone(), nil
	}
	e := &AmbiguousError{Name: name}
	for _, i := range idx {
		e.Candidates = append(e.Candidates, t.states[i].clone())
	}
	return State{}, e
}

// ResolveGroup finds the group that name refers to, using the default
// table.
func ResolveGroup(name string) (string, bool) { return Default().ResolveGroup(name) }

// ResolveGroup returns the name of the group, one of those Groups lists,
// that name refers to: its own name or another English, French or Spanish
// name or abbreviation ("African Group", "NAM", "Mouvement des pays non
// alignés", "Grupo de los Estados Árabes", "CARICOM"). It compares names as
// Resolve does: case, accents, hyphens and a leading "the" do not matter.
func (t *Table) ResolveGroup(name string) (string, bool) {
	g, ok := t.groupNames[namekey.Key(name)]
	return g, ok
}
