package ungdc

import (
	"bytes"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
)

// FuzzParseLine checks that no line panics the parser, that an accepted
// line gives a cleaned text and a consistent session, and that a rejected
// one names a known field and error.
func FuzzParseLine(f *testing.F) {
	b, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	for _, line := range bytes.Split(b, []byte("\n")) {
		f.Add(line)
	}
	for _, s := range []string{
		"", "{}", "null", "[]", `{"country":null}`, `{"country":1,"session":1,"year":1946,"text":"x"}`,
		`{"country":"FRA","session":1,"year":1946,"text":"\ufeff\ufeff"}`, `{"country":"FRA","session":1,"year":1946,"text":"\r"}`,
		`{"country":"FRA","session":1e2,"year":2045,"text":"x"}`, `{"country":"FRA","session":-1,"year":-9223372036854775808,"text":"x"}`,
		`{"country":"FRA","session":8054,"year":9999,"text":"a\r\r\nb"} {}`, "\xff\xfe", `{"Country":"FRA","SESSION":1,"year":1946,"text":"x"}`,
	} {
		f.Add([]byte(s))
	}
	fields := []string{FieldLine, FieldCountry, FieldSession, FieldYear, FieldText}
	kinds := []error{ErrSyntax, ErrMissing, ErrBadValue, ErrSession, ErrEmptyText}
	f.Fuzz(func(t *testing.T, line []byte) {
		rec, ferr := parseLine(line)
		if ferr != nil {
			if !slices.Contains(fields, ferr.field) || !slices.Contains(kinds, ferr.err) {
				t.Fatalf("parseLine(%q): error %+v names no known field or kind", line, ferr)
			}
			return
		}
		switch {
		case rec.session != rec.year-1945 || rec.year < FirstYear || rec.year > LastYear:
			t.Fatalf("parseLine(%q): session %d, year %d accepted", line, rec.session, rec.year)
		case strings.HasPrefix(rec.text, bom):
			t.Fatalf("parseLine(%q): BOM kept", line)
		case strings.Contains(rec.text, "\r"):
			t.Fatalf("parseLine(%q): \\r kept in %q", line, rec.text)
		case strings.TrimSpace(rec.text) == "":
			t.Fatalf("parseLine(%q): empty text accepted", line)
		}
	})
}

// FuzzReader checks that no input panics the Reader, that every line is
// either a speech or a *LineError with its line number, and that reading
// ends with io.EOF.
func FuzzReader(f *testing.F) {
	b, err := os.ReadFile(fixture)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte("\n\n\r\n"))
	f.Add([]byte{0x1f, 0x8b, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := NewReader(bytes.NewReader(data))
		if err != nil {
			return // a gzip header that does not parse
		}
		defer r.Close()
		line := 0
		for s, err := range r.All() {
			line++
			var lerr *LineError
			switch {
			case err == nil && (s.Line != line || s.Speaker == "" || s.Offset < 0 || s.Offset >= int64(len(data)) && r.gz == nil):
				t.Fatalf("speech %+v at line %d", s, line)
			case err != nil && errors.As(err, &lerr) && lerr.Line != line:
				t.Fatalf("error %v at line %d", err, line)
			}
		}
		if sum := r.Summary(); sum.Speeches+sum.BadLines > line {
			t.Fatalf("summary counts %d lines, %d were returned", sum.Speeches+sum.BadLines, line)
		}
	})
}
