package codebook

import (
	"reflect"
	"testing"
)

// matchTexts returns the text each match of src spans in text, the whole
// text being one unit.
func matchTexts(t *testing.T, src, text string, terms map[string]term) []string {
	t.Helper()
	p, err := parsePattern(src, terms)
	if err != nil {
		t.Fatalf("parsePattern(%q): %v", src, err)
	}
	toks := tokenize([]byte(text))
	got := []string{}
	for _, m := range p.find(newTokens(toks), 0, len(toks)) {
		got = append(got, text[toks[m.first].start:toks[m.last].end])
	}
	return got
}

func TestPatternMatches(t *testing.T) {
	for _, tc := range []struct {
		pattern, text string
		want          []string
	}{
		{"veto", "The Veto, the VETO and vetoes.", []string{"Veto", "VETO"}},
		{"veto*", "The veto and vetoes.", []string{"veto", "vetoes"}},
		{"responsibility to protect", "The Responsibility  to\nProtect.", []string{"Responsibility  to\nProtect"}},
		{`"early warning"`, "early, warning and early warning", []string{"early warning"}},
		{"early NEAR/3 warning", "early and effective warning", []string{"early and effective warning"}},
		{"early NEAR/3 warning", "warning systems that are early", []string{"warning systems that are early"}},
		{"early NEAR/1 warning", "early and effective warning", []string{}},
		{"early NEAR/2 warning", "early, timely and effective warning", []string{}},
		{"early NEAR/3 warning", "early, timely and effective warning", []string{"early, timely and effective warning"}},
		{"(the | our) (planet | environment)", "our planet, the environment, a planet", []string{"our planet", "the environment"}},
		{"(responsibility to protect | responsibility)", "responsibility to protect", []string{"responsibility to protect"}},
		{"réaffirmons", "Nous REAFFIRMONS et réaffirmons", []string{"REAFFIRMONS", "réaffirmons"}},
		{"proteccion", "la protección", []string{"protección"}},
		{"can't", "We can't and can not", []string{"can't"}},
		{"Secretary-General", "the Secretary General", []string{"Secretary General"}},
		{"A/63/677", "report A/63/677.", []string{"A/63/677"}},
		{"A/63", "report A/63/677.", []string{}},
		{`"near"`, "near and far", []string{"near"}},
		{"@R2P NEAR/2 support*", "we support R2P and RtoP", []string{"support R2P", "support R2P and RtoP"}},
	} {
		terms := map[string]term{"R2P": {{{text: "r2p"}}, {{text: "rtop"}}}}
		if got := matchTexts(t, tc.pattern, tc.text, terms); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%q in %q: got %q, want %q", tc.pattern, tc.text, got, tc.want)
		}
	}
}

func TestPatternErrors(t *testing.T) {
	for _, tc := range []struct{ pattern, want string }{
		{"", "empty pattern"},
		{"early NEAR/x warning", `bad proximity operator "NEAR/x": want NEAR/n with n a whole number from 1 to 50`},
		{"early NEAR/0 warning", `bad proximity operator "NEAR/0": want NEAR/n with n a whole number from 1 to 50`},
		{"early NEAR/51 warning", `bad proximity operator "NEAR/51": want NEAR/n with n a whole number from 1 to 50`},
		{"NEAR/3 warning", "NEAR/3 needs a term on each side"},
		{"a NEAR/3 b NEAR/3 c", "only one NEAR/n per pattern"},
		{"pro*tect", `wildcard in "pro*tect": '*' may only end a word`},
		{"pr*", `wildcard in "pr*": '*' needs at least 3 letters before it`},
		{"*", `wildcard in "*": '*' must follow a letter or digit`},
		{"(a | b", "unclosed parenthesis"},
		{"(a | ) b", "empty alternative in ( | ): no words to match"},
		{"a ) b", `misplaced ")": alternatives are written (a | b)`},
		{`"early warning`, "unclosed quote"},
		{"@nothing", "unknown term @nothing"},
		{"--", `"--" has no words to match`},
	} {
		_, err := parsePattern(tc.pattern, map[string]term{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("parsePattern(%q) = %v, want %q", tc.pattern, err, tc.want)
		}
	}
	if _, err := parsePattern("@R2P", nil); err == nil || err.Error() != "a term cannot refer to another term (@R2P)" {
		t.Errorf("a term referring to a term: %v", err)
	}
}
