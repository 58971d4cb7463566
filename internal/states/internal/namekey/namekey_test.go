package namekey

import "testing"

func TestKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Côte d'Ivoire", "cote d ivoire"},
		{"Côte d’Ivoire", "cote d ivoire"},
		{"COTE D`IVOIRE", "cote d ivoire"},
		{"Côte dʼIvoire", "cote d ivoire"}, // U+02BC modifier letter apostrophe
		{"U.S.A.", "usa"},
		{"  United   States  ", "united states"},
		{"The United States", "united states"},
		{"the", "the"},
		{"Guinea-Bissau", "guinea bissau"},
		{"Congo – Kinshasa", "congo kinshasa"},
		{"St. Kitts & Nevis", "saint kitts and nevis"},
		{"Bolivia (Plurinational State of)", "bolivia plurinational state of"},
		{"Türkiye", "turkiye"},
		{"São Tomé and Príncipe", "sao tome and principe"},
		{"İSTANBUL", "istanbul"},
		{"Ærø Straße Łódź", "aero strasse lodz"},
		{"Korea, Republic of", "korea republic of"},
		{"", ""},
		{"...", ""},
		{"\xff", ""},
	}
	for _, tt := range tests {
		if got := Key(tt.in); got != tt.want {
			t.Errorf("Key(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzKey(f *testing.F) {
	for _, s := range []string{"Côte d’Ivoire", "the the", "st st", "İ", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Key(s)
		if again := Key(k); again != k {
			t.Fatalf("Key is not idempotent: Key(%q) = %q, Key(%q) = %q", s, k, k, again)
		}
	})
}
