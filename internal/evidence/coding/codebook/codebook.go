// Package codebook is the R2P codebook and the automatic coder that applies
// it to the statements governments make in UN debates.
//
// A codebook is a YAML file (see default.yaml, the R2P codebook shipped in
// the binary) of categories of codes. Each code has patterns that include
// words, phrases, wildcards and proximity (early NEAR/3 warning), patterns
// that exclude, a scope (sentence, paragraph or statement), what a negated
// match means, and examples. Ordered stance rules derive a statement's stance
// toward R2P from the codes found in it. Load checks a codebook and names the
// line and field of every problem.
//
// Code codes one statement: every code it reports carries the byte offsets of
// the words that justify it and the identifier of the rule that fired, so an
// analyst can see why. Coding is deterministic; a codebook's Version and Hash
// tell callers when stored codes are stale.
package codebook

import (
	_ "embed"
	"fmt"
	"sync"
)

// Scope is the stretch of text a code's patterns match within: both sides
// of a NEAR, and an exclude that cancels an include, must fall in one unit.
type Scope string

// Scopes.
const (
	ScopeSentence  Scope = "sentence"
	ScopeParagraph Scope = "paragraph"
	ScopeStatement Scope = "statement"
)

// What a negated include match does to its code (CodeDef.OnNegation); any other
// value is the id of the code the match counts for instead.
const (
	NegationDrop = "drop" // the match is ignored
	NegationKeep = "keep" // the match counts as if it were not negated
)

// Codebook is a loaded, checked codebook.
type Codebook struct {
	Name        string // the file name given to Load, for messages
	Version     string // the file's version field, as the editors set it
	Hash        string // SHA-256 of the file's bytes, hex: changes with any edit
	Title       string
	Description string
	Negation    Negation
	Categories  []Category
	Stances     []Stance
	StanceRules []StanceRule

	codes map[string]*CodeDef
}

// Category is a group of codes: the pillars, the crimes, the concerns...
type Category struct {
	ID, Label, Description string
	Codes                  []*CodeDef
}

// CodeDef is the definition of one code of the codebook.
type CodeDef struct {
	ID, Label, Description string
	Category               string // the category's ID
	Scope                  Scope
	// OnNegation is NegationDrop, NegationKeep or the ID of another code,
	// which a negated match counts for: a negated "we support R2P" is
	// evidence of opposition.
	OnNegation      string
	Include         []Pattern
	Exclude         []Pattern
	Examples        []string // texts that must be coded with this code
	Counterexamples []string // texts that must not be
}

// Pattern is one pattern of a code, a negation cue or a clause break.
type Pattern struct {
	Rule string // stable identifier: "pillar1.include.en[0]"
	Lang string // the language list it is in: en, fr, es...
	Text string // as written in the codebook
	Line int    // its line in the codebook file

	compiled pattern
}

// Negation holds the cues that negate or hedge a match, read in every
// language the codebook lists.
//
// An include match is negated when a cue ends at most Window words before
// the first word of one of its terms, in the same clause, and the cue is not
// part of the match's other term. A cue is not a cue where it lies inside a
// match of an Ignore pattern ("not only", "never again"). Clauses end where
// sentences end, at , ; : ( ) – — and before a clause break word ("but",
// "however", "mais", "pero").
type Negation struct {
	Window       int
	Cues         []Pattern
	Ignore       []Pattern
	ClauseBreaks []Pattern
}

// Stance is one stance a statement can take toward R2P.
type Stance struct {
	ID, Label, Description string
}

// StanceRule gives a statement a stance when the codes found in it meet
// all its conditions; the first rule that holds decides. Conditions name
// codes or categories (a category is present when any of its codes is).
type StanceRule struct {
	ID     string   // "stance_rules[2]"
	Line   int      // its line in the codebook file
	Stance string   // a Stance ID
	All    []string // every one present
	Any    []string // at least one present (when not empty)
	None   []string // none present
	Note   string   // why the rule is there, for readers
}

// Stamp identifies this exact codebook, "VERSION@HASH12": store it with
// each statement's codes, and code the statement again when it differs
// from the current codebook's.
func (cb *Codebook) Stamp() string { return cb.Version + "@" + cb.Hash[:12] }

// Lookup returns the definition of the code with the given ID.
func (cb *Codebook) Lookup(id string) (*CodeDef, bool) {
	c, ok := cb.codes[id]
	return c, ok
}

//go:embed default.yaml
var defaultYAML []byte

// DefaultName is the file name of the default codebook, in messages.
const DefaultName = "default.yaml"

// DefaultSource returns the bytes of the embedded default R2P codebook, for
// editors to start from.
func DefaultSource() []byte { return append([]byte(nil), defaultYAML...) }

// Default returns the default R2P codebook shipped in the binary, loaded
// once and shared: callers must not change it. Its tests load it, so it
// cannot fail at run time.
func Default() *Codebook { return loadDefault() }

var loadDefault = sync.OnceValue(func() *Codebook {
	cb, err := Load(DefaultName, defaultYAML)
	if err != nil {
		panic(fmt.Sprintf("codebook: the embedded default codebook does not load: %v", err))
	}
	return cb
})

// CheckExamples codes each code's examples and counterexamples and returns
// a problem for each example not coded with its code and each
// counterexample coded with it; editors see these before they save.
func (cb *Codebook) CheckExamples() []error {
	var errs []error
	for _, cat := range cb.Categories {
		for _, c := range cat.Codes {
			for i, ex := range c.Examples {
				if !hasCode(Code(cb, []byte(ex)), c.ID) {
					errs = append(errs, fmt.Errorf("%s: examples[%d] %q is not coded %s", c.ID, i, ex, c.ID))
				}
			}
			for i, ex := range c.Counterexamples {
				if hasCode(Code(cb, []byte(ex)), c.ID) {
					errs = append(errs, fmt.Errorf("%s: counterexamples[%d] %q is coded %s", c.ID, i, ex, c.ID))
				}
			}
		}
	}
	return errs
}

func hasCode(r Result, id string) bool {
	for _, h := range r.Codes {
		if h.Code == id {
			return true
		}
	}
	return false
}
