package fold

import (
	"testing"
	"unicode"
	"unicode/utf8"
)

// folders are the package's folding functions, by name, for the tests that
// hold for all of them.
var folders = map[string]func(string) string{
	"String":      String,
	"Word":        func(s string) string { return Word([]byte(s)) },
	"Words":       Words,
	"LetterWords": LetterWords,
}

func TestFold(t *testing.T) {
	tests := []struct {
		in                            string
		str, word, words, letterWords string
	}{
		{"Côte d’Ivoire", "cote d’ivoire", "cote d’ivoire", "cote d ivoire", "cote d ivoire"},
		{"COTE D'IVOIRE", "cote d'ivoire", "cote d'ivoire", "cote d ivoire", "cote d ivoire"},
		{"Türkiye", "turkiye", "turkiye", "turkiye", "turkiye"},
		{"São Tomé", "sao tome", "sao tome", "sao tome", "sao tome"},
		{"Œuvre Æsir", "œuvre æsir", "oeuvre aesir", "œuvre æsir", "œuvre æsir"},
		{"œuvre", "œuvre", "oeuvre", "œuvre", "œuvre"},
		{"Straße", "straße", "straße", "straße", "straße"},
		{"İSTANBUL", "istanbul", "istanbul", "istanbul", "istanbul"},
		{"A/63/677", "a/63/677", "a/63/677", "a 63 677", "a"},
		{"  Asia-Pacific,\t2030 ", "  asia-pacific,\t2030 ", "  asia-pacific,\t2030 ", "asia pacific 2030", "asia pacific"},
		{"Nom de l’Organisation", "nom de l’organisation", "nom de l’organisation", "nom de l organisation", "nom de l organisation"},
		{"e\u0301cole", "ecole", "ecole", "ecole", "ecole"},
		// Only String recomposes: the others leave Hangul as jamo.
		{"한국", "한국", "\u1112\u1161\u11ab\u1100\u116e\u11a8", "\u1112\u1161\u11ab\u1100\u116e\u11a8", "\u1112\u1161\u11ab\u1100\u116e\u11a8"},
		{"\xff", "\uFFFD", "\uFFFD", "", ""},
		{"", "", "", "", ""},
	}
	for _, tt := range tests {
		want := map[string]string{"String": tt.str, "Word": tt.word, "Words": tt.words, "LetterWords": tt.letterWords}
		for name, f := range folders {
			if got := f(tt.in); got != want[name] {
				t.Errorf("%s(%q) = %q, want %q", name, tt.in, got, want[name])
			}
		}
	}
}

func TestSpellOut(t *testing.T) {
	tests := []struct {
		r       rune
		spelled string
	}{
		{'ß', "ss"}, {'æ', "ae"}, {'œ', "oe"}, {'ø', "o"}, {'ł', "l"},
		{'đ', "d"}, {'ð', "d"}, {'þ', "th"}, {'ı', "i"}, {'ħ', "h"}, {'ŧ', "t"},
		{'Œ', ""}, {'é', ""}, {'a', ""}, {'’', ""},
	}
	for _, tt := range tests {
		if got, ok := SpellOut(tt.r); got != tt.spelled || ok != (tt.spelled != "") {
			t.Errorf("SpellOut(%q) = %q, %v, want %q", tt.r, got, ok, tt.spelled)
		}
	}
}

// FuzzFold checks what every folding function promises of text: a folded
// key folds to itself, and has no upper-case letter and no combining mark
// left. Text is valid UTF-8: after an invalid byte, normalization may leave
// a character whole that folding the key again would decompose.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Côte d’Ivoire", "COTE D'IVOIRE", "Œuvre Straße", "İSTANBUL", "e\u0301\u0327", "ǅ", "한국", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			t.Skip("not text")
		}
		for name, fold := range folders {
			k := fold(s)
			if again := fold(k); again != k {
				t.Fatalf("%s is not idempotent: %s(%q) = %q, %s(%q) = %q", name, name, s, k, name, k, again)
			}
			for _, r := range k {
				if unicode.ToLower(r) != r || unicode.Is(unicode.Mn, r) {
					t.Fatalf("%s(%q) = %q holds %q, which is upper-case or a combining mark", name, s, k, r)
				}
			}
		}
	})
}
