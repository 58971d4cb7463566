package publish

import (
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestShapeArabic(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"initial, medial and final", "منظمة", "\uFEE3\uFEE8\uFEC8\uFEE4\uFE94"},
		{"letters that join only the one before", "دار", "\uFEA9\uFE8D\uFEAD"},
		{"dual-joining", "بيت", "\uFE91\uFEF4\uFE96"},
		{"lam-alef after a joining letter, then a letter alone", "سلام", "\uFEB3\uFEFC\uFEE1"},
		{"lam-alef alone", "لا", "\uFEFB"},
		{"lam with hamza alef", "الإنسان", "\uFE8D\uFEF9\uFEE7\uFEB4\uFE8E\uFEE5"},
		{"vowel marks leave the joins", "مُنظَّمة", "\uFEE3\u064F\uFEE8\uFEC8\u064E\u0651\uFEE4\uFE94"},
		{"tatweel joins", "بـ", "\uFE91\u0640"},
		{"a space breaks the join", "ب ب", "\uFE8F \uFE8F"},
		{"Persian letters", "پاکستان", "\uFB58\uFE8E\uFB90\uFEB4\uFE98\uFE8E\uFEE5"},
		{"Latin is left alone", "Org - ORG (Egypt)", "Org - ORG (Egypt)"},
		{"mixed", "منظمة Org", "\uFEE3\uFEE8\uFEC8\uFEE4\uFE94 Org"},
		{"a letter with no forms joins neither side", "بءب", "\uFE8F\u0621\uFE8F"},
	}
	for _, tt := range tests {
		if got := shapeArabic(tt.in); got != tt.want {
			t.Errorf("%s: shapeArabic(%q) = %+q, want %+q", tt.name, tt.in, got, tt.want)
		}
	}
}

// Each presentation form of the table is, by Unicode's compatibility
// decomposition (composed again), the letter it stands for: a typo in the
// table fails here.
func TestArabicFormsDecompose(t *testing.T) {
	for letter, f := range arabicLetters {
		for i, form := range []rune{f.isolated, f.final, f.initial, f.medial} {
			if form == 0 {
				if i < 2 {
					t.Errorf("%U has no form %d", letter, i)
				}
				continue
			}
			if got := norm.NFKC.String(string(form)); got != string(letter) {
				t.Errorf("form %d of %U is %U, which decomposes to %+q", i, letter, form, got)
			}
		}
	}
	for alef, lig := range lamAlef {
		for _, form := range lig {
			if got := norm.NFKC.String(string(form)); got != string([]rune{lam, alef}) {
				t.Errorf("lam-alef %U decomposes to %+q, want lam and %U", form, got, alef)
			}
		}
	}
}
