package input

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct {
		field       Field
		value, want string
		problem     string // the Problem's Error(), or ""
	}{
		{Field{Max: 5}, "hello", "hello", ""},
		{Field{Max: 5}, "hello!", "hello!", "at most 5 characters"},
		{Field{Max: 5}, "héllo", "héllo", ""}, // characters, not bytes
		{Field{Max: 5}, "a\tb", "a\tb", ""},
		{Field{Max: 5}, "a\nb", "a\nb", ""},
		{Field{Max: 5}, "a\x00b", "a\x00b", "holds the control character U+0000, which no field may"},
		{Field{Max: 5}, "a\rb", "a\rb", "holds the control character U+000D, which no field may"},
		{Field{Max: 5}, "a\x1bb", "a\x1bb", "holds the control character U+001B, which no field may"},
		{Field{Max: 5}, "a\x7fb", "a\x7fb", "holds the control character U+007F, which no field may"},
		{Field{Max: 5}, "a\u0085b", "a\u0085b", "holds the control character U+0085, which no field may"},
		{Field{Max: 5}, "a\u009fb", "a\u009fb", "holds the control character U+009F, which no field may"},
		{Field{Max: 5}, "a\xffb", "a\xffb", "not valid UTF-8 text"},
		{Field{Max: 5}, "\xed\xa0\x80", "\xed\xa0\x80", "not valid UTF-8 text"}, // a surrogate
		{Field{Max: 9, Kind: Line}, "a\r\nb\nc\td", "a\nb\nc\td", ""},
		{Field{Max: 3, Kind: Line}, "a\r\nb", "a\nb", ""},                                                           // CR LF counts as one, as a browser's maxlength does
		{Field{Max: 9, Kind: Secret}, "a\r\nb", "a\r\nb", "holds the control character U+000D, which no field may"}, // a password is not changed
		{Field{Max: 9, Kind: Line}, "a\rb", "a\rb", "holds the control character U+000D, which no field may"},
		{Field{Max: 9, Kind: Line}, "a\vb", "a\vb", "holds the control character U+000B, which no field may"},
		{Field{Max: 20, Kind: Name}, "Good\u202eOrg\u202c", "GoodOrg", ""},
		{Field{Max: 20, Kind: Name}, "\u2066\u2067\u2068x\u2069\u202a\u202b\u202d", "x", ""},
		{Field{Max: 20, Kind: Name}, "منظمة\u200f Org", "منظمة\u200f Org", ""}, // a mark stays
		{Field{Max: 3, Kind: Name}, "\u202eabc\u202c", "abc", ""},              // counted as kept
		{Field{Max: 20}, "Good\u202eOrg", "Good\u202eOrg", ""},                 // only names are stripped
		{Field{Max: 20, Kind: Secret}, "pass\u202eword ", "pass\u202eword ", ""},
		{Field{Max: 20, Kind: Secret}, "pass\x00", "pass\x00", "holds the control character U+0000, which no field may"},
	} {
		got, p := tc.field.Clean(tc.value)
		problem := ""
		if p != nil {
			problem = p.Error()
		}
		if got != tc.want || problem != tc.problem {
			t.Errorf("%+v.Clean(%q) = %q, %q; want %q, %q", tc.field, tc.value, got, problem, tc.want, tc.problem)
		}
	}
}

// FuzzClean: whatever comes in, a clean value is valid UTF-8, within the
// field's length, holds no control character but those its kind allows,
// and in a name no bidirectional control; cleaning it again changes
// nothing; and a refused value comes back as it was.
func FuzzClean(f *testing.F) {
	for _, seed := range []string{"", "Genocide Alert", "a\r\nb", "x\u202ey", "\x00", "\xff", "منظمة Org", "\u0085", strings.Repeat("é", 40)} {
		for kind := range File + 1 {
			f.Add(seed, uint8(kind), uint8(30))
		}
	}
	f.Fuzz(func(t *testing.T, value string, kind, limit uint8) {
		field := Field{Max: int(limit) + 1, Kind: Kind(kind % uint8(File+1))}
		clean, p := field.Clean(value)
		if p != nil {
			if clean != value {
				t.Fatalf("a refused value came back changed: %q -> %q", value, clean)
			}
			return
		}
		if !utf8.ValidString(clean) || utf8.RuneCountInString(clean) > field.Max {
			t.Fatalf("Clean(%q) = %q: not UTF-8 or longer than %d", value, clean, field.Max)
		}
		for _, r := range clean {
			switch {
			case Control(r) && r != '\t' && r != '\n':
				t.Fatalf("Clean(%q) = %q keeps the control character %U in a %v field", value, clean, r, field.Kind)
			case field.Kind == Name && Bidi(r):
				t.Fatalf("Clean(%q) = %q keeps the bidirectional control %U in a name", value, clean, r)
			}
		}
		if again, p := field.Clean(clean); p != nil || again != clean {
			t.Fatalf("cleaning %q again gives %q, %v", clean, again, p)
		}
	})
}
