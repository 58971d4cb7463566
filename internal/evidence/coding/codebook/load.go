package codebook

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Problem is one thing wrong in a codebook file.
type Problem struct {
	Line  int    // 1-based; 0 when the file as a whole is wrong
	Field string // the path of the field: "categories[1].codes[0].include.en[2]"
	Msg   string
}

// LoadError lists every problem Load found in a codebook file.
type LoadError struct {
	Name     string
	Problems []Problem
}

// Error is one line per problem: "NAME:LINE: FIELD: MESSAGE".
func (e *LoadError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		field := ""
		if p.Field != "" {
			field = p.Field + ": "
		}
		lines[i] = fmt.Sprintf("%s:%d: %s%s", e.Name, p.Line, field, p.Msg)
	}
	return strings.Join(lines, "\n")
}

// MaxSize is the most bytes a codebook file may have: the default is 27
// KiB. Parsed, YAML takes a hundred times its size: a file of 10 MiB took
// a GiB.
const MaxSize = 1 << 20

// Load reads and checks the codebook file data; name is its file name, for
// messages. Its error, a *LoadError, names the line and field of every
// problem found, not only the first.
func Load(name string, data []byte) (*Codebook, error) {
	if len(data) > MaxSize {
		msg := fmt.Sprintf("the file has %d bytes; a codebook has at most %d (%d MiB)", len(data), MaxSize,
			MaxSize>>20)
		return nil, &LoadError{Name: name, Problems: []Problem{{Msg: msg}}}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, &LoadError{Name: name, Problems: []Problem{yamlProblem(err)}}
	}
	if p, ok := aliasProblem(&doc); ok {
		return nil, &LoadError{Name: name, Problems: []Problem{p}}
	}
	sum := sha256.Sum256(data)
	l := &loader{cb: &Codebook{Name: name, Hash: hex.EncodeToString(sum[:]), codes: map[string]*CodeDef{}},
		terms: map[string]term{}}
	if len(doc.Content) == 0 {
		l.problem(&doc, "", "the file is empty")
	} else {
		l.document(doc.Content[0])
	}
	if len(l.problems) > 0 {
		slices.SortStableFunc(l.problems, func(a, b Problem) int { return a.Line - b.Line })
		return nil, &LoadError{Name: name, Problems: l.problems}
	}
	return l.cb, nil
}

// aliasProblem finds the first anchor (&name) of the document; an alias
// (*name) comes after its anchor. A codebook writes every value out: an
// alias of a list of aliases is how a file of a few hundred bytes stands
// for billions of values ("billion laughs"), which whatever expanded them
// would build.
func aliasProblem(doc *yaml.Node) (Problem, bool) {
	stack := []*yaml.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if n.Anchor != "" {
			return Problem{Line: n.Line, Msg: fmt.Sprintf(
				"YAML anchor &%s: a codebook takes no anchors or aliases; write the value out", n.Anchor)}, true
		}
		for i := len(n.Content) - 1; i >= 0; i-- {
			stack = append(stack, n.Content[i])
		}
	}
	return Problem{}, false
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// yamlProblem turns a YAML syntax error into a Problem with its line.
func yamlProblem(err error) Problem {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Problem{Line: line, Msg: "YAML: " + m[2]}
	}
	return Problem{Msg: "YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}

// loader walks the YAML tree, filling the codebook and collecting problems.
type loader struct {
	cb       *Codebook
	terms    map[string]term
	problems []Problem
	// codeRefs are the code IDs that on_negation names, checked once every
	// code is known.
	codeRefs []codeRef
}

type codeRef struct {
	node  *yaml.Node
	field string
	code  *CodeDef
}

func (l *loader) problem(n *yaml.Node, field, format string, args ...any) {
	l.problems = append(l.problems, Problem{Line: n.Line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// fields checks that n is a mapping with only the known keys, each once,
// and calls visit for each key in file order. Missing required keys are
// reported at the mapping's line.
func (l *loader) fields(n *yaml.Node, path string, required []string, optional []string,
	visit func(key string, value *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		l.problem(n, path, "want a mapping of %s", strings.Join(append(slices.Clone(required), optional...), ", "))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		switch {
		case !slices.Contains(required, k.Value) && !slices.Contains(optional, k.Value):
			l.problem(k, field, "unknown field; want one of %s",
				strings.Join(append(slices.Clone(required), optional...), ", "))
		case seen[k.Value]:
			l.problem(k, field, "given twice")
		default:
			seen[k.Value] = true
			visit(k.Value, v)
		}
	}
	for _, r := range required {
		if !seen[r] {
			l.problem(n, join(path, r), "missing")
		}
	}
}

func join(path, field string) string {
	if path == "" {
		return field
	}
	return path + "." + field
}

// str reads a non-empty string scalar.
func (l *loader) str(n *yaml.Node, field string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		l.problem(n, field, "want a string")
		return ""
	}
	if strings.TrimSpace(n.Value) == "" {
		l.problem(n, field, "empty")
	}
	return n.Value
}

// list calls visit for each item of a sequence.
func (l *loader) list(n *yaml.Node, field string, visit func(i int, item *yaml.Node, field string)) {
	if n.Kind != yaml.SequenceNode {
		l.problem(n, field, "want a list")
		return
	}
	for i, item := range n.Content {
		visit(i, item, fmt.Sprintf("%s[%d]", field, i))
	}
}

func (l *loader) strings(n *yaml.Node, field string) []string {
	var out []string
	l.list(n, field, func(_ int, item *yaml.Node, f string) { out = append(out, l.str(item, f)) })
	return out
}

var (
	idSyntax   = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	langSyntax = regexp.MustCompile(`^[a-z]{2,3}$`)
)

func (l *loader) id(n *yaml.Node, field string) string {
	s := l.str(n, field)
	if s != "" && !idSyntax.MatchString(s) {
		l.problem(n, field, "%q: want lower-case letters, digits and _, starting with a letter", s)
	}
	return s
}

func (l *loader) document(n *yaml.Node) {
	cb := l.cb
	var categories, rules *yaml.Node
	l.fields(n, "", []string{"version", "categories", "stances", "stance_rules"},
		[]string{"title", "description", "terms", "negation"}, func(key string, v *yaml.Node) {
			switch key {
			case "version":
				cb.Version = l.str(v, key)
			case "title":
				cb.Title = l.str(v, key)
			case "description":
				cb.Description = l.str(v, key)
			case "terms":
				l.termsField(v)
			case "negation":
				l.negation(v)
			case "categories":
				categories = v
			case "stances":
				l.stances(v)
			case "stance_rules":
				rules = v
			}
		})
	// Terms come first and stance rules last whatever the order in the
	// file: patterns use terms, and rules name codes.
	if categories != nil {
		l.categories(categories)
	}
	l.checkCodeRefs()
	if rules != nil {
		l.stanceRules(rules)
	}
}

func (l *loader) termsField(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		l.problem(n, "terms", "want a mapping of names to terms")
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := "terms." + k.Value
		if !idSyntax.MatchString(strings.ToLower(k.Value)) {
			l.problem(k, field, "a term's name is letters, digits and _, starting with a letter")
			continue
		}
		if _, dup := l.terms[k.Value]; dup {
			l.problem(k, field, "given twice")
			continue
		}
		src := l.str(v, field)
		p, err := parsePattern(src, nil)
		switch {
		case src == "":
		case err != nil:
			l.problem(v, field, "%v", err)
		case p.right != nil:
			l.problem(v, field, "a term cannot use NEAR")
		default:
			l.terms[k.Value] = p.left
		}
	}
}

func (l *loader) negation(n *yaml.Node) {
	neg := &l.cb.Negation
	l.fields(n, "negation", []string{"window", "cues"}, []string{"ignore", "clause_breaks"},
		func(key string, v *yaml.Node) {
			field := "negation." + key
			switch key {
			case "window":
				w, err := strconv.Atoi(v.Value)
				if v.Kind != yaml.ScalarNode || err != nil || w < 1 || w > MaxNear {
					l.problem(v, field, "want a whole number of words from 1 to %d", MaxNear)
				}
				neg.Window = w
			case "cues":
				neg.Cues = l.patterns(v, field, "negation.cues", false)
			case "ignore":
				neg.Ignore = l.patterns(v, field, "negation.ignore", true)
			case "clause_breaks":
				neg.ClauseBreaks = l.patterns(v, field, "negation.clause_breaks", false)
			}
		})
}

// patterns reads a mapping of languages to lists of patterns. Rule
// identifiers are rulePrefix.LANG[i]; NEAR is allowed only if near is set.
func (l *loader) patterns(n *yaml.Node, field, rulePrefix string, near bool) []Pattern {
	if n.Kind != yaml.MappingNode {
		l.problem(n, field, "want a mapping of languages (en, fr, es...) to lists of patterns")
		return nil
	}
	var out []Pattern
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		lang, langField := k.Value, field+"."+k.Value
		switch {
		case !langSyntax.MatchString(lang):
			l.problem(k, langField, "want a language code such as en, fr or es")
			continue
		case seen[lang]:
			l.problem(k, langField, "given twice")
			continue
		}
		seen[lang] = true
		l.list(v, langField, func(j int, item *yaml.Node, f string) {
			src := l.str(item, f)
			if src == "" {
				return
			}
			p, err := parsePattern(src, l.terms)
			switch {
			case err != nil:
				l.problem(item, f, "%v", err)
			case p.right != nil && !near:
				l.problem(item, f, "NEAR is not allowed here")
			default:
				out = append(out,
					Pattern{Rule: fmt.Sprintf("%s.%s[%d]", rulePrefix, lang, j), Lang: lang, Text: src,
						Line: item.Line, compiled: p})
			}
		})
	}
	return out
}

func (l *loader) stances(n *yaml.Node) {
	ids := map[string]bool{}
	l.list(n, "stances", func(_ int, item *yaml.Node, f string) {
		var s Stance
		l.fields(item, f, []string{"id", "label"}, []string{"description"}, func(key string, v *yaml.Node) {
			switch key {
			case "id":
				s.ID = l.id(v, f+".id")
				if ids[s.ID] {
					l.problem(v, f+".id", "duplicate stance %q", s.ID)
				}
				ids[s.ID] = true
			case "label":
				s.Label = l.str(v, f+".label")
			case "description":
				s.Description = l.str(v, f+".description")
			}
		})
		l.cb.Stances = append(l.cb.Stances, s)
	})
}

func (l *loader) categories(n *yaml.Node) {
	ids := map[string]bool{}
	idNodes := map[string]*yaml.Node{}
	l.list(n, "categories", func(_ int, item *yaml.Node, f string) {
		cat := Category{}
		var codes *yaml.Node
		l.fields(item, f, []string{"id", "label", "codes"}, []string{"description"}, func(key string, v *yaml.Node) {
			switch key {
			case "id":
				cat.ID = l.id(v, f+".id")
				if ids[cat.ID] {
					l.problem(v, f+".id", "duplicate category %q", cat.ID)
				}
				ids[cat.ID] = true
				idNodes[f] = v
			case "label":
				cat.Label = l.str(v, f+".label")
			case "description":
				cat.Description = l.str(v, f+".description")
			case "codes":
				codes = v
			}
		})
		if codes != nil {
			l.list(codes, f+".codes", func(_ int, item *yaml.Node, f string) {
				if c := l.code(item, f, cat.ID); c != nil {
					cat.Codes = append(cat.Codes, c)
				}
			})
		}
		l.cb.Categories = append(l.cb.Categories, cat)
	})
	for i, cat := range l.cb.Categories {
		f := fmt.Sprintf("categories[%d]", i)
		if _, clash := l.cb.codes[cat.ID]; clash {
			l.problem(idNodes[f], f+".id", "%q is both a category and a code", cat.ID)
		}
	}
}

func (l *loader) code(n *yaml.Node, path, category string) *CodeDef {
	c := &CodeDef{Category: category, Scope: ScopeSentence, OnNegation: NegationDrop}
	var include, exclude, idNode *yaml.Node
	l.fields(n, path, []string{"id", "label", "description", "include"},
		[]string{"scope", "on_negation", "exclude", "examples", "counterexamples"}, func(key string, v *yaml.Node) {
			f := path + "." + key
			switch key {
			case "id":
				c.ID, idNode = l.id(v, f), v
			case "label":
				c.Label = l.str(v, f)
			case "description":
				c.Description = l.str(v, f)
			case "scope":
				c.Scope = Scope(l.str(v, f))
				if c.Scope != ScopeSentence && c.Scope != ScopeParagraph && c.Scope != ScopeStatement {
					l.problem(v, f, "unknown scope %q; want sentence, paragraph or statement", v.Value)
				}
			case "on_negation":
				c.OnNegation = l.str(v, f)
				l.codeRefs = append(l.codeRefs, codeRef{v, f, c})
			case "include":
				include = v
			case "exclude":
				exclude = v
			case "examples":
				c.Examples = l.strings(v, f)
			case "counterexamples":
				c.Counterexamples = l.strings(v, f)
			}
		})
	if c.ID == "" {
		return nil
	}
	if _, dup := l.cb.codes[c.ID]; dup {
		l.problem(idNode, path+".id", "duplicate code %q", c.ID)
		return nil
	}
	l.cb.codes[c.ID] = c
	if include != nil {
		c.Include = l.patterns(include, path+".include", c.ID+".include", true)
		if include.Kind == yaml.MappingNode && countItems(include) == 0 {
			l.problem(include, path+".include", "no patterns: a code needs at least one")
		}
	}
	if exclude != nil {
		c.Exclude = l.patterns(exclude, path+".exclude", c.ID+".exclude", true)
	}
	return c
}

// countItems counts the patterns in a mapping of languages to lists.
func countItems(n *yaml.Node) int {
	count := 0
	if n.Kind == yaml.MappingNode {
		for i := 1; i < len(n.Content); i += 2 {
			count += len(n.Content[i].Content)
		}
	}
	return count
}

// checkCodeRefs checks that each on_negation names drop, keep or another code.
func (l *loader) checkCodeRefs() {
	for _, r := range l.codeRefs {
		switch v := r.code.OnNegation; {
		case v == NegationDrop || v == NegationKeep || v == "":
		case v == r.code.ID:
			l.problem(r.node, r.field, "a code cannot count for itself when negated; want drop, keep or another code")
		default:
			if _, ok := l.cb.codes[v]; !ok {
				l.problem(r.node, r.field, "unknown code %q; want drop, keep or a code", v)
			}
		}
	}
}

func (l *loader) stanceRules(n *yaml.Node) {
	l.list(n, "stance_rules", func(i int, item *yaml.Node, f string) {
		r := StanceRule{ID: f, Line: item.Line}
		l.fields(item, f, []string{"stance"}, []string{"all", "any", "none", "note"}, func(key string, v *yaml.Node) {
			switch key {
			case "stance":
				r.Stance = l.str(v, f+".stance")
				if r.Stance != "" && !slices.ContainsFunc(l.cb.Stances,
					func(s Stance) bool { return s.ID == r.Stance }) {
					l.problem(v, f+".stance", "unknown stance %q", r.Stance)
				}
			case "all":
				r.All = l.conditions(v, f+".all")
			case "any":
				r.Any = l.conditions(v, f+".any")
			case "none":
				r.None = l.conditions(v, f+".none")
			case "note":
				r.Note = l.str(v, f+".note")
			}
		})
		l.cb.StanceRules = append(l.cb.StanceRules, r)
	})
	rules := l.cb.StanceRules
	if len(rules) == 0 {
		l.problem(n, "stance_rules", "no rules: the last rule, without conditions, gives every statement a stance")
	} else if last := rules[len(rules)-1]; len(last.All)+len(last.Any)+len(last.None) > 0 {
		l.problem(n.Content[len(n.Content)-1], last.ID,
			"the last rule must have no conditions, so that every statement gets a stance")
	}
}

// conditions reads a list of code or category IDs.
func (l *loader) conditions(n *yaml.Node, field string) []string {
	var out []string
	l.list(n, field, func(_ int, item *yaml.Node, f string) {
		id := l.str(item, f)
		if id == "" {
			return
		}
		_, isCode := l.cb.codes[id]
		isCategory := slices.ContainsFunc(l.cb.Categories, func(c Category) bool { return c.ID == id })
		if !isCode && !isCategory {
			l.problem(item, f, "unknown code or category %q", id)
		}
		out = append(out, id)
	})
	return out
}
