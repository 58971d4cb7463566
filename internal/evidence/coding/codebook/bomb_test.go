package codebook

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// laughs is the "billion laughs" in YAML: levels lists of ten aliases of
// the list before, the first of ten "lol"s, so that the last stands for
// 10^levels of them. It is indented by indent spaces, under key.
func laughs(key string, levels int, indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s%s0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", indent, key)
	for i := 1; i < levels; i++ {
		fmt.Fprintf(&b, "%s%s%d: &l%d [%s]\n", indent, key, i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*l%d, ", i-1), 10), ", "))
	}
	return b.String()
}

// TestYAMLBombsAreRefused: codebooks of a few hundred bytes that stand for
// a billion values, where the loader wants strings and lists, are refused
// at their first anchor with one problem that says so, having allocated
// next to nothing; so is a codebook over MaxSize.
func TestYAMLBombsAreRefused(t *testing.T) {
	for _, c := range []struct {
		name, yaml string
		problem    Problem
	}{
		{"terms", "version: \"1\"\nterms:\n" + laughs("lol", 9, "  "),
			Problem{Line: 3, Msg: "YAML anchor &l0: a codebook takes no anchors or aliases; write the value out"}},
		{"include", "x: &big [R2P]\n" + strings.Replace(small, "          en: [R2P]\n", "          en: *big\n", 1),
			Problem{Line: 1, Msg: "YAML anchor &big: a codebook takes no anchors or aliases; write the value out"}},
		{"cues", laughs("l", 9, "") + strings.Replace(small, "    en: [not, cannot]\n", "    en: *l8\n", 1),
			Problem{Line: 1, Msg: "YAML anchor &l0: a codebook takes no anchors or aliases; write the value out"}},
		{"oversize", small + "# " + strings.Repeat("x", MaxSize) + "\n",
			Problem{Msg: fmt.Sprintf("the file has %d bytes; a codebook has at most 1048576 (1 MiB)", len(small)+MaxSize+3)}},
	} {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Load("bomb.yaml", []byte(c.yaml))
		runtime.ReadMemStats(&after)
		var e *LoadError
		if !errors.As(err, &e) || len(e.Problems) != 1 || e.Problems[0] != c.problem {
			t.Errorf("%s (%d bytes): %v, want the one problem %+v", c.name, len(c.yaml), err, c.problem)
		}
		if spent := (after.TotalAlloc - before.TotalAlloc) >> 20; spent > 4 {
			t.Errorf("%s: %d MiB allocated", c.name, spent)
		}
	}
	// A text with & and * in it is no anchor or alias.
	if _, err := Load("small.yaml", []byte(strings.Replace(small, "mentions R2P", "R&D & *R2P*, &c.", 1))); err != nil {
		t.Errorf("a description with & and *: %v", err)
	}
}
