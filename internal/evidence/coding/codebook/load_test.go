package codebook

import (
	"errors"
	"strings"
	"testing"
)

// small is a valid codebook, the base of the load tests.
const small = `version: "1"
negation:
  window: 3
  cues:
    en: [not, cannot]
stances:
  - {id: none, label: None}
  - {id: yes, label: Yes}
stance_rules:
  - stance: none
    none: [r2p]
  - stance: yes
categories:
  - id: norm
    label: Norm
    codes:
      - id: r2p
        label: R2P
        description: mentions R2P
        include:
          en: [R2P]
`

func TestLoadSmall(t *testing.T) {
	cb, err := Load("small.yaml", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	c, ok := cb.Lookup("r2p")
	if cb.Version != "1" || len(cb.Hash) != 64 || !ok || c.Scope != ScopeSentence || c.OnNegation != NegationDrop ||
		c.Category != "norm" || c.Include[0].Rule != "r2p.include.en[0]" || c.Include[0].Line != 21 {
		t.Errorf("loaded %+v, code %+v", cb, c)
	}
	other, err := Load("small.yaml", []byte(small+"        examples: [R2P]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if other.Hash == cb.Hash || other.Stamp() == cb.Stamp() || cb.Stamp() != "1@"+cb.Hash[:12] {
		t.Errorf("stamps %s and %s: the hash must change with the content", cb.Stamp(), other.Stamp())
	}
}

// TestLoadErrors checks that Load reports every problem of a file, each
// with its line and field.
func TestLoadErrors(t *testing.T) {
	const bad = `version: "2"
colour: blue
negation:
  window: many
  cues:
    en: [not, "far NEAR/2 from"]
stances:
  - {id: none, label: None}
  - {id: none, label: Again}
stance_rules:
  - stance: maybe
    any: [r2p, unknown_code]
  - stance: none
    all: [norm]
categories:
  - id: norm
    label: Norm
    codes:
      - id: r2p
        label: R2P
        description: mentions R2P
        scope: clause
        on_negation: nothing
        include:
          en: [R2P, "early NEAR/x warning", "pro*tect"]
      - id: r2p
        label: Again
        description: the same id
        include:
          en: [R2P]
      - id: empty
        label: Empty
        description: no patterns
        include: {}
      - id: Bad-Id
        label: Bad
        description: a bad id
        on_negation: bad
        include:
          en: ["@nowhere"]
      - label: No id
        description: and no include
`
	_, err := Load("bad.yaml", []byte(bad))
	var le *LoadError
	if !errors.As(err, &le) {
		t.Fatalf("Load: %v, want a *LoadError", err)
	}
	want := strings.Join([]string{
		`bad.yaml:2: colour: unknown field; want one of version, categories, stances, stance_rules, title, description, terms, negation`,
		`bad.yaml:4: negation.window: want a whole number of words from 1 to 50`,
		`bad.yaml:6: negation.cues.en[1]: NEAR is not allowed here`,
		`bad.yaml:9: stances[1].id: duplicate stance "none"`,
		`bad.yaml:11: stance_rules[0].stance: unknown stance "maybe"`,
		`bad.yaml:12: stance_rules[0].any[1]: unknown code or category "unknown_code"`,
		`bad.yaml:13: stance_rules[1]: the last rule must have no conditions, so that every statement gets a stance`,
		`bad.yaml:22: categories[0].codes[0].scope: unknown scope "clause"; want sentence, paragraph or statement`,
		`bad.yaml:23: categories[0].codes[0].on_negation: unknown code "nothing"; want drop, keep or a code`,
		`bad.yaml:25: categories[0].codes[0].include.en[1]: bad proximity operator "NEAR/x": want NEAR/n with n a whole number from 1 to 50`,
		`bad.yaml:25: categories[0].codes[0].include.en[2]: wildcard in "pro*tect": '*' may only end a word`,
		`bad.yaml:26: categories[0].codes[1].id: duplicate code "r2p"`,
		`bad.yaml:34: categories[0].codes[2].include: no patterns: a code needs at least one`,
		`bad.yaml:35: categories[0].codes[3].id: "Bad-Id": want lower-case letters, digits and _, starting with a letter`,
		`bad.yaml:38: categories[0].codes[3].on_negation: unknown code "bad"; want drop, keep or a code`,
		`bad.yaml:40: categories[0].codes[3].include.en[0]: unknown term @nowhere`,
		`bad.yaml:41: categories[0].codes[4].id: missing`,
		`bad.yaml:41: categories[0].codes[4].include: missing`,
	}, "\n")
	if err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
}

func TestLoadFileErrors(t *testing.T) {
	for _, tc := range []struct{ data, want string }{
		{"", "x.yaml:0: the file is empty"},
		{"version: [1\n", "x.yaml:1: YAML: did not find expected ',' or ']'"},
		{"- a list\n", "x.yaml:1: want a mapping of version, categories, stances, stance_rules, title, description, terms, negation"},
		{"version: \"1\"\nversion: \"2\"\n", "x.yaml:1: categories: missing\nx.yaml:1: stances: missing\nx.yaml:1: stance_rules: missing\nx.yaml:2: version: given twice"},
		{strings.Replace(small, "r2p]", "r2p, norm]", 1) + "  - id: r2p\n    label: Clash\n    codes: []\n",
			"x.yaml:22: categories[1].id: \"r2p\" is both a category and a code"},
		{strings.Replace(small, "on_negation", "x", 1) + "        on_negation: r2p\n",
			"x.yaml:22: categories[0].codes[0].on_negation: a code cannot count for itself when negated; want drop, keep or another code"},
		{strings.Replace(small, "  - stance: yes\n", "", 1), "x.yaml:10: stance_rules[0]: the last rule must have no conditions, so that every statement gets a stance"},
		{strings.Replace(small, "negation:", "terms:\n  X: a NEAR/2 b\n  Y: \"@X\"\nnegation:", 1),
			"x.yaml:3: terms.X: a term cannot use NEAR\nx.yaml:4: terms.Y: a term cannot refer to another term (@X)"},
	} {
		_, err := Load("x.yaml", []byte(tc.data))
		if err == nil || err.Error() != tc.want {
			t.Errorf("Load(%q):\n got %v\nwant %s", tc.data, err, tc.want)
		}
	}
}
