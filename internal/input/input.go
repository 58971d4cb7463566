// Package input checks the text people send r2p, one field at a time:
// that it is UTF-8, holds no control character, is no longer than the
// field allows, and, in a name, carries no bidirectional override (which
// would make a list show "Evil Org" as something else). It holds no HTTP:
// the web forms and the JSON API both use it.
package input

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Kind is what a field holds, which decides the characters it may have.
type Kind int

// The kinds.
const (
	// Line is text: a title, an address, a choice, a letter. Tabs and line
	// feeds are allowed (a handler that wants one line joins the words),
	// and each CR LF a browser sends in a textarea becomes one LF.
	Line Kind = iota
	// Name is a Line that names an organization or a person, as lists,
	// letters and e-mail show it: bidirectional embeddings, overrides and
	// isolates are taken out.
	Name
	// Secret is a password: checked like a Line, but never changed.
	Secret
	// File is an uploaded file: Max bounds its file name, which is
	// checked as a Line; its size is bounded by the request's body limit.
	File
)

// Field is what one field of a form or a JSON body may hold.
type Field struct {
	Max    int  // the most characters (code points, a CR LF counting as one); at least 1
	Kind   Kind // Line unless told
	Values int  // how many values it may have (a multiple choice, files); 0 means one
}

// MaxValues is how many values the field may have.
func (f Field) MaxValues() int { return max(f.Values, 1) }

// Problem is what is wrong with a field's value; Code names it for
// translation and Args are the values its message shows.
type Problem struct {
	Code string // not_utf8, control, max_chars, max_values, repeated
	Args []any
}

// Error is the problem in English, as a sentence fragment.
func (p Problem) Error() string {
	switch p.Code {
	case "not_utf8":
		return "not valid UTF-8 text"
	case "control":
		return fmt.Sprintf("holds the control character %s, which no field may", p.Args...)
	case "max_chars":
		return fmt.Sprintf("at most %d characters", p.Args...)
	case "max_values":
		return fmt.Sprintf("at most %d values", p.Args...)
	case "repeated":
		return "given more than once"
	}
	return p.Code
}

// Clean checks a value against the field and returns it as it should be
// kept: CR LF as LF (but in a Secret) and, in a Name, without
// bidirectional controls.
// A value with a problem is returned unchanged, with the problem.
func (f Field) Clean(value string) (string, *Problem) {
	if !utf8.ValidString(value) {
		return value, &Problem{Code: "not_utf8"}
	}
	clean := value
	if f.Kind != Secret {
		clean = strings.ReplaceAll(clean, "\r\n", "\n")
	}
	for _, r := range clean {
		if Control(r) && r != '\t' && r != '\n' {
			return value, &Problem{Code: "control", Args: []any{fmt.Sprintf("U+%04X", r)}}
		}
	}
	if f.Kind == Name {
		clean = StripBidi(clean)
	}
	if n := utf8.RuneCountInString(clean); n > f.Max {
		return value, &Problem{Code: "max_chars", Args: []any{f.Max}}
	}
	return clean, nil
}

// Control reports a control character: C0 (NUL to U+001F), DEL and C1
// (U+0080 to U+009F). Tab and line feed are among them; the field's kind
// decides whether they are allowed.
func Control(r rune) bool { return r < 0x20 || (r >= 0x7F && r <= 0x9F) }

// Bidi reports a bidirectional embedding, override or isolate: U+202A to
// U+202E and U+2066 to U+2069. (The marks U+200E and U+200F, which only
// hint the direction of what is around them, stay.)
func Bidi(r rune) bool { return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069) }

// StripBidi takes the bidirectional embeddings, overrides and isolates out
// of s.
func StripBidi(s string) string {
	if !strings.ContainsFunc(s, Bidi) {
		return s
	}
	return strings.Map(func(r rune) rune {
		if Bidi(r) {
			return -1
		}
		return r
	}, s)
}
