package publish

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/bidi"
)

// The visual orders below follow UAX #9 by hand; they use unshaped letters
// so that a reversed Arabic word reads as its letters backwards.
func TestVisualOrder(t *testing.T) {
	tests := []struct {
		name string
		rtl  bool
		in   string
		want string
	}{
		{"Latin", false, "Human Rights Watch - HRW (USA)", "Human Rights Watch - HRW (USA)"},
		{"an Arabic word, then a Latin one", false, "منظمة Org", "ةمظنم Org"},
		{"an Arabic country in brackets (N0: the brackets follow the Latin before them)", false, "Org (مصر)", "Org (رصم)"},
		{"European digits after Latin", false, "Peace 2009 (مصر)", "Peace 2009 (رصم)"},
		{"European digits after Arabic are Arabic numbers (W2)", false, "منظمة 12 abc", "12 ةمظنم abc"},
		{"digits before Arabic", false, "12منظمة", "12ةمظنم"},
		{"Arabic-Indic digits", false, "منظمة ١٢٣", "١٢٣ ةمظنم"},
		{"Hebrew", false, "בצלם (Israel)", "םלצב (Israel)"},
		{"all Arabic, brackets mirrored", false, "منظمة (مصر)", "(رصم) ةمظنم"},
		{"Latin in a right-to-left paragraph keeps its brackets (N0)", true, "Human Rights Watch - HRW (USA)", "Human Rights Watch - HRW (USA)"},
		{"Arabic with Latin in brackets", true, "منظمة (Egypt)", "(Egypt) ةمظنم"},
		{"mixed, right to left", true, "منظمة Org (Egypt)", "Org (Egypt) ةمظنم"},
		{"Arabic comma at the end", true, "مع خالص التحيات،", "،تايحتلا صلاخ عم"},
		{"guillemets mirrored", true, "«منظمة»", "«ةمظنم»"},
		{"a number with a separator stays whole", true, "عام 2,009 م", "م 2,009 ماع"},
		{"a percent sign after an Arabic number is neutral (W5 applies to European numbers only)", true, "نسبة 12%", "%12 ةبسن"},
		{"nested brackets", true, "منظمة (Org [Egypt])", "(Org [Egypt]) ةمظنم"},
		{"an unpaired bracket", false, "منظمة (Org", "ةمظنم (Org"},
		{"empty", true, "", ""},
	}
	for _, tt := range tests {
		if got := visualOrder(tt.in, tt.rtl); got != tt.want {
			t.Errorf("%s: visualOrder(%q, rtl %v) = %q, want %q", tt.name, tt.in, tt.rtl, got, tt.want)
		}
	}
}

// visualOrder only moves and mirrors characters: the line drawn has every
// character of the text, once.
func FuzzVisualOrder(f *testing.F) {
	f.Add("منظمة Org (Egypt)", false)
	f.Add("Human Rights Watch - HRW (USA)", true)
	f.Add("عام 2,009 م «نسبة» 12% (a [b) c]", true)
	f.Add("\u202Eevil\u202C ١٢٣ בצלם", false)
	f.Fuzz(func(t *testing.T, s string, rtl bool) {
		out := visualOrder(s, rtl)
		canonical := func(text string) []rune {
			rs := []rune(text)
			for i, r := range rs {
				if m, ok := mirrored[r]; ok && m < r {
					rs[i] = m
				} else if m := []rune(bidi.ReverseString(string(r)))[0]; m < r {
					rs[i] = m
				}
			}
			slices.Sort(rs)
			return rs
		}
		if !slices.Equal(canonical(out), canonical(s)) {
			t.Fatalf("visualOrder(%q, %v) = %q: not the same characters", s, rtl, out)
		}
		if !rtl && !hasRightToLeft([]rune(s)) && out != s {
			t.Fatalf("visualOrder(%q) = %q moved left-to-right text", s, out)
		}
	})
}
