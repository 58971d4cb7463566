package codebook

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// codes renders a result as "code=evidence(rule)" items, in its order.
func codes(text string, r Result, only ...string) string {
	var out []string
	for _, h := range r.Codes {
		if len(only) > 0 && !strings.Contains(" "+strings.Join(only, " ")+" ", " "+h.Code+" ") {
			continue
		}
		out = append(out, fmt.Sprintf("%s=%q(%s)", h.Code, text[h.Start:h.End], h.Rule))
	}
	return strings.Join(out, " ")
}

// TestNegation codes sentences with the default codebook and checks the
// stance codes and the asks each one gets.
func TestNegation(t *testing.T) {
	only := []string{"supports_norm", "rejects_norm", "welcomes_report", "mentions_r2p"}
	for _, tc := range []struct{ text, want string }{
		{"We support the responsibility to protect.",
			`supports_norm="support the responsibility to protect"(supports_norm.include.en[0]) mentions_r2p="responsibility to protect"(mentions_r2p.include.en[0])`},
		{"We cannot support the responsibility to protect.",
			`rejects_norm="support the responsibility to protect"(supports_norm.include.en[0]/negated) mentions_r2p="responsibility to protect"(mentions_r2p.include.en[0])`},
		{"We are not in a position to support R2P.",
			`rejects_norm="support R2P"(supports_norm.include.en[0]/negated) mentions_r2p="R2P"(mentions_r2p.include.en[1])`},
		{"Our presence here does not mean that we support R2P.",
			`rejects_norm="support R2P"(supports_norm.include.en[0]/negated) mentions_r2p="R2P"(mentions_r2p.include.en[1])`},
		// Six words from the cue: outside the window.
		{"We are not, as the debate shows, alone: we support R2P.",
			`supports_norm="support R2P"(supports_norm.include.en[0]) mentions_r2p="R2P"(mentions_r2p.include.en[1])`},
		{"There is no consensus yet we support R2P.",
			`supports_norm="support R2P"(supports_norm.include.en[0]) mentions_r2p="R2P"(mentions_r2p.include.en[1])`},
		{"Not only do we support R2P, we champion it.",
			`supports_norm="support R2P"(supports_norm.include.en[0]) mentions_r2p="R2P"(mentions_r2p.include.en[1]) supports_norm="R2P, we champion"(supports_norm.include.en[0])`},
		{"Far from welcoming the report, we regret it.", ``},
		{"We hardly welcome the report.", ``},
		{"We welcome the report.", `welcomes_report="welcome the report"(welcomes_report.include.en[0])`},
		{"We do not reject R2P.", `mentions_r2p="R2P"(mentions_r2p.include.en[1])`},
		{"No podemos apoyar la responsabilidad de proteger.",
			`rejects_norm="apoyar la responsabilidad de proteger"(supports_norm.include.es[0]/negated) mentions_r2p="responsabilidad de proteger"(mentions_r2p.include.es[0])`},
		{"Nous ne saurions appuyer la responsabilité de protéger.",
			`rejects_norm="appuyer la responsabilité de protéger"(supports_norm.include.fr[0]/negated) mentions_r2p="responsabilité de protéger"(mentions_r2p.include.fr[0])`},
		{"Nous ne pouvons qu'appuyer la responsabilité de protéger.",
			`supports_norm="appuyer la responsabilité de protéger"(supports_norm.include.fr[0]) mentions_r2p="responsabilité de protéger"(mentions_r2p.include.fr[0])`},
	} {
		r := Code(Default(), []byte(tc.text))
		if got := codes(tc.text, r, only...); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}

// negationBook has a code for each on_negation, to test their semantics.
const negationBook = `version: "n"
negation:
  window: 2
  cues:
    en: [not, far from]
  ignore:
    en: [not only]
  clause_breaks:
    en: [but]
stances:
  - {id: any, label: Any}
stance_rules:
  - stance: any
categories:
  - id: c
    label: C
    codes:
      - {id: dropped, label: D, description: d, include: {en: [alpha]}}
      - {id: kept, label: K, description: k, on_negation: keep, include: {en: [beta]}}
      - {id: flipped, label: F, description: f, on_negation: opposite, include: {en: [gamma NEAR/2 delta]}}
      - {id: opposite, label: O, description: o, include: {en: [omega]}}
      - {id: para, label: P, description: p, scope: paragraph, include: {en: [one NEAR/9 two]}, exclude: {en: [two three]}}
`

func TestNegationSemantics(t *testing.T) {
	cb, err := Load("negation.yaml", []byte(negationBook))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{"alpha beta", `dropped="alpha"(dropped.include.en[0]) kept="beta"(kept.include.en[0])`},
		{"not alpha. not beta", `kept="beta"(kept.include.en[0])`},
		{"not x alpha", ``},
		{"not x y alpha", `dropped="alpha"(dropped.include.en[0])`},
		{"not, alpha", `dropped="alpha"(dropped.include.en[0])`},
		{"not but alpha", `dropped="alpha"(dropped.include.en[0])`},
		{"not only alpha", `dropped="alpha"(dropped.include.en[0])`},
		{"far from alpha", ``},
		{"gamma x delta", `flipped="gamma x delta"(flipped.include.en[0])`},
		// A cue before either term negates; one inside the match, before
		// the second term, does too.
		{"not gamma x delta", `opposite="gamma x delta"(flipped.include.en[0]/negated)`},
		{"delta not gamma", `opposite="delta not gamma"(flipped.include.en[0]/negated)`},
		{"one. two", `para="one. two"(para.include.en[0])`},
		{"one.\n\ntwo", ``},
		{"one two three", ``},
		{"one x two. two three", `para="one x two"(para.include.en[0])`},
	} {
		r := Code(cb, []byte(tc.text))
		if got := codes(tc.text, r); got != tc.want {
			t.Errorf("%q:\n got %s\nwant %s", tc.text, got, tc.want)
		}
	}
}

// TestStanceRules checks the default codebook's stance rules on one
// sentence each.
func TestStanceRules(t *testing.T) {
	for _, tc := range []struct{ text, stance, rule string }{
		{"We have a responsibility to protect the environment.", "none", "stance_rules[0]"},
		{"We cannot support R2P.", "opposed", "stance_rules[1]"},
		{"We support R2P. We reject R2P.", "sceptical", "stance_rules[2]"},
		{"We support R2P. It must not be applied selectively.", "supports_with_concerns", "stance_rules[3]"},
		{"We support R2P. The concept is premature.", "supports_with_concerns", "stance_rules[4]"},
		{"We welcome the report on R2P.", "supports", "stance_rules[5]"},
		{"R2P does not enjoy consensus.", "sceptical", "stance_rules[6]"},
		{"The debate on R2P was held today.", "mention", "stance_rules[7]"},
	} {
		r := Code(Default(), []byte(tc.text))
		if r.Stance != tc.stance || r.StanceRule != tc.rule {
			t.Errorf("%q: stance %s by %s, want %s by %s (%s)", tc.text, r.Stance, r.StanceRule, tc.stance, tc.rule, codes(tc.text, r))
		}
	}
}

// FuzzCode checks that coding never panics, is deterministic, and gives
// offsets within the text, between runes, in order.
func FuzzCode(f *testing.F) {
	for _, s := range []string{"", "We cannot support R2P.", "Mr. President, A/63/677. R2P. and", "réaffirmons\xffla responsabilité de protéger", "early, warning NEAR/3"} {
		f.Add(s)
	}
	cb := Default()
	f.Fuzz(func(t *testing.T, text string) {
		r := Code(cb, []byte(text))
		again := Code(cb, []byte(text))
		if fmt.Sprint(r) != fmt.Sprint(again) {
			t.Fatalf("not deterministic:\n%v\n%v", r, again)
		}
		// The places between runes as Go decodes the text: an invalid byte
		// is a rune of its own, so that a word may end just before one.
		boundaries := map[int]bool{len(text): true}
		for i := 0; i < len(text); {
			boundaries[i] = true
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
		}
		boundary := func(i int) bool { return boundaries[i] }
		for i, h := range r.Codes {
			if h.Start < 0 || h.Start >= h.End || h.End > len(text) || !boundary(h.Start) || !boundary(h.End) ||
				h.Sentence.Start > h.Start || h.Sentence.End < h.End {
				t.Fatalf("hit %+v out of place in %q", h, text)
			}
			if i > 0 && r.Codes[i-1].Start > h.Start {
				t.Fatalf("hits out of order: %+v", r.Codes)
			}
		}
		if r.Stance == "" {
			t.Fatal("no stance")
		}
	})
}
