package ungdc

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Errors wrapped by a *LineError, to be checked with errors.Is.
var (
	// ErrSyntax: the line is not one JSON object (invalid JSON, a blank
	// line, trailing data, or a line longer than MaxLineBytes).
	ErrSyntax = errors.New("not a JSON object")
	// ErrMissing: a required field is absent or null.
	ErrMissing = errors.New("missing field")
	// ErrBadValue: a field has the wrong JSON type or an impossible value
	// (a year outside FirstYear..LastYear).
	ErrBadValue = errors.New("bad value")
	// ErrSession: session is not year - 1945.
	ErrSession = errors.New("session does not match year")
	// ErrUnknownCode: the country code is not in the reference data.
	ErrUnknownCode = errors.New("unknown country code")
	// ErrEmptyText: the text is empty or only white space once the BOM is
	// removed.
	ErrEmptyText = errors.New("empty text")
)

// The JSON fields of a line, as LineError.Field names them. FieldLine
// stands for the line as a whole (invalid JSON, a blank line).
const (
	FieldLine    = "line"
	FieldCountry = "country"
	FieldSession = "session"
	FieldYear    = "year"
	FieldText    = "text"
)

// FirstYear is the year of the first General Assembly session; session
// numbers count from it (session = year - 1945). LastYear is the last year
// with four digits, the most a date in the reference data can have.
const (
	FirstYear = 1946
	LastYear  = 9999
)

const bom = "\uFEFF"

// rawSpeech is one line as JSON. Pointers tell a missing or null field
// from a zero value.
type rawSpeech struct {
	Country *string `json:"country"`
	Session *int    `json:"session"`
	Year    *int    `json:"year"`
	Text    *string `json:"text"`
}

// record is a line that parsed and passed the checks that need no
// reference data.
type record struct {
	code          string
	session, year int
	text          string // BOM removed, line ends normalised
	bomStripped   bool
	crNormalized  bool
}

// fieldError is a problem with one line, before its position is known.
type fieldError struct {
	field string
	err   error  // one of the Err values
	msg   string // detail, may be empty
}

func badField(field string, err error, format string, args ...any) *fieldError {
	return &fieldError{field: field, err: err, msg: fmt.Sprintf(format, args...)}
}

// parseLine decodes one line (without its "\n") and checks its fields.
// It does not resolve the country code.
func parseLine(line []byte) (record, *fieldError) {
	if len(bytes.TrimSpace(line)) == 0 {
		return record{}, badField(FieldLine, ErrSyntax, "blank line")
	}
	var raw rawSpeech
	if err := json.Unmarshal(line, &raw); err != nil {
		return record{}, jsonError(err)
	}
	for _, f := range []struct {
		name    string
		present bool
	}{
		{FieldCountry, raw.Country != nil},
		{FieldSession, raw.Session != nil},
		{FieldYear, raw.Year != nil},
		{FieldText, raw.Text != nil},
	} {
		if !f.present {
			return record{}, badField(f.name, ErrMissing, "")
		}
	}
	rec := record{code: *raw.Country, session: *raw.Session, year: *raw.Year}
	switch {
	case rec.year < FirstYear || rec.year > LastYear:
		return record{}, badField(FieldYear, ErrBadValue, "%d is outside %d (the first General Assembly) to %d",
			rec.year, FirstYear, LastYear)
	case rec.session != rec.year-(FirstYear-1):
		return record{}, badField(FieldSession, ErrSession, "session %d, year %d: want session %d", rec.session,
			rec.year, rec.year-(FirstYear-1))
	}
	rec.text = strings.TrimLeft(*raw.Text, bom) // the corpus has one at most; more would be a doubled encoding step
	rec.bomStripped = len(rec.text) < len(*raw.Text)
	rec.text, rec.crNormalized = normalizeLineEnds(rec.text)
	if strings.TrimSpace(rec.text) == "" {
		return record{}, badField(FieldText, ErrEmptyText, "")
	}
	return rec, nil
}

// jsonError turns an encoding/json error into a fieldError, naming the
// field when the JSON was well formed but a value had the wrong type.
func jsonError(err error) *fieldError {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) && typeErr.Field != "" {
		return badField(strings.ToLower(typeErr.Field), ErrBadValue, "JSON %s where %s is wanted",
			typeErr.Value, typeErr.Type)
	}
	return badField(FieldLine, ErrSyntax, "%v", err)
}

// normalizeLineEnds turns "\r\n" and lone "\r" into "\n", and reports
// whether text had any "\r".
func normalizeLineEnds(text string) (string, bool) {
	if strings.IndexByte(text, '\r') < 0 {
		return text, false
	}
	return strings.ReplaceAll(strings.ReplaceAll(text, "\r\n", "\n"), "\r", "\n"), true
}
