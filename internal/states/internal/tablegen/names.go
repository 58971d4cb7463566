package tablegen

import (
	"cmp"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states/internal/namekey"
)

// nameEntry is one resolvable name: the first spelling seen for its key,
// the codes it stands for and where it comes from.
type nameEntry struct {
	key      string
	spelling string
	codes    []string // sorted
	sources  []string // in order of first appearance
	declared bool     // listed in aliases.tsv: its codes are final
}

// nameSet collects names by key. Generated names (add) may only give a key
// to more than one code if aliases.tsv declares that key (declare).
type nameSet struct {
	byKey map[string]*nameEntry
	// conflicts records every generated (key, code, source), so that check
	// can say which sources collided.
	origins map[string][]string
}

func newNameSet() *nameSet {
	return &nameSet{byKey: map[string]*nameEntry{}, origins: map[string][]string{}}
}

// add records a generated name. Empty names are ignored.
func (n *nameSet) add(name, code, source string) {
	key := namekey.Key(name)
	if key == "" {
		return
	}
	n.origins[key] = append(n.origins[key], fmt.Sprintf("%s %q (%s)", code, name, source))
	e, ok := n.byKey[key]
	if !ok {
		e = &nameEntry{key: key, spelling: name}
		n.byKey[key] = e
	}
	if !slices.Contains(e.sources, source) {
		e.sources = append(e.sources, source)
	}
	if e.declared {
		return
	}
	if !slices.Contains(e.codes, code) {
		e.codes = append(e.codes, code)
		slices.Sort(e.codes)
	}
}

// declare fixes the codes of a hand-written name; no codes means the name
// must resolve to nothing. Names generated for the same key must be for
// one of the declared codes.
func (n *nameSet) declare(name string, codes []string) error {
	key := namekey.Key(name)
	if key == "" {
		return fmt.Errorf("%q has no letters", name)
	}
	e, ok := n.byKey[key]
	if ok && e.declared {
		return fmt.Errorf("%q has the key %q, declared already as %q", name, key, e.spelling)
	}
	if ok {
		for _, c := range e.codes {
			if !slices.Contains(codes, c) {
				return fmt.Errorf("%q is declared for %v but generated for %s: %s", name, codes, c,
					strings.Join(n.origins[key], "; "))
			}
		}
	}
	sorted := slices.Sorted(slices.Values(codes))
	n.byKey[key] = &nameEntry{key: key, spelling: name, codes: sorted,
		sources: append([]string{"alias"}, sourcesOf(e)...), declared: true}
	return nil
}

func sourcesOf(e *nameEntry) []string {
	if e == nil {
		return nil
	}
	return e.sources
}

// check fails on a key that generated names give to several codes without
// a declaration in aliases.tsv.
func (n *nameSet) check() error {
	var problems []string
	for key, e := range n.byKey {
		if !e.declared && len(e.codes) > 1 {
			problems = append(problems, fmt.Sprintf("%q: %s", key, strings.Join(n.origins[key], "; ")))
		}
	}
	if len(problems) > 0 {
		sort.Strings(problems)
		return fmt.Errorf("names shared by several states; declare each in aliases.tsv (ambiguous, or for one code): %s",
			strings.Join(problems, " | "))
	}
	return nil
}

// entries returns the names to write, sorted by codes then key; names
// declared to resolve to nothing are left out.
func (n *nameSet) entries() []*nameEntry {
	var out []*nameEntry
	for _, e := range n.byKey {
		if len(e.codes) > 0 {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *nameEntry) int {
		return cmp.Or(strings.Compare(strings.Join(a.codes, ","), strings.Join(b.codes, ",")),
			strings.Compare(a.key, b.key))
	})
	return out
}
