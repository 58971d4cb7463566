// Package statement is what governments say at the UN, as r2p keeps it:
// events (a General Assembly debate, a Security Council open debate, a
// Human Rights Council session), the statements made at them — by a state
// in its own name, by a state or an organization on behalf of a group, by
// an organization or by an official — and the count of which states each
// event heard from (Count), where a statement on behalf of a group counts
// for every member of the group on that day.
//
// A statement's Text is stored exactly as Normalize returns it, once, at
// import: codes of the R2P codebook point into it by byte offset, so the
// stored text never changes afterwards.
package statement

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Body is the UN organ, or the format, of an event.
type Body string

// The bodies an event can have.
const (
	GAPlenary          Body = "ga-plenary"           // General Assembly plenary meeting or debate
	GAInformalDialogue Body = "ga-informal-dialogue" // General Assembly informal interactive dialogue
	SCOpenDebate       Body = "sc-open-debate"       // Security Council open debate
	HumanRightsCouncil Body = "hrc"                  // Human Rights Council
	OtherBody          Body = "other"
)

// Bodies lists the bodies in the order forms show them.
var Bodies = []Body{GAPlenary, GAInformalDialogue, SCOpenDebate, HumanRightsCouncil, OtherBody}

// DateLayout is how dates are written and stored: YYYY-MM-DD.
const DateLayout = "2006-01-02"

// Event is a UN meeting or debate.
type Event struct {
	ID    int64  `json:"id"`
	Body  Body   `json:"body"`
	Title string `json:"title"`
	// Year is the year of the event; it is Start's year when Start is
	// known. The UN General Debate Corpus gives only the year.
	Year int `json:"year"`
	// Start and End are the first and last days (YYYY-MM-DD), "" when not
	// known; End is Start for a one-day meeting.
	Start string `json:"start,omitempty"`
	End   string `json:"end,omitempty"`
	// Session is the session as the UN numbers it: "63" for the General
	// Assembly's sixty-third, "11" for the Human Rights Council's eleventh.
	Session string `json:"session,omitempty"`
	// Symbols are the document symbols of its records (A/63/PV.97).
	Symbols []string `json:"symbols"`
	// Campaigns are the ids of the campaigns that targeted the event.
	Campaigns []int64   `json:"campaigns"`
	CreatedAt time.Time `json:"created_at"`
}

// FieldError is a value of a field that is wrong.
type FieldError struct {
	Field   string
	Problem string
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

func fieldError(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Problem: fmt.Sprintf(format, args...)}
}

var symbolPattern = regexp.MustCompile(`^[A-Z]+(?:/[A-Za-z0-9.\-()]+)+$`)

// Normalize trims the event's fields, fills Year and End from Start, and
// sorts and de-duplicates its symbols and campaigns.
func (e *Event) Normalize() {
	e.Title = strings.Join(strings.Fields(e.Title), " ")
	e.Session = strings.TrimSpace(e.Session)
	e.Start, e.End = strings.TrimSpace(e.Start), strings.TrimSpace(e.End)
	if e.End == "" {
		e.End = e.Start
	}
	if d, err := time.Parse(DateLayout, e.Start); err == nil {
		e.Year = d.Year()
	}
	var symbols []string
	for _, s := range e.Symbols {
		if s = strings.TrimSpace(s); s != "" {
			symbols = append(symbols, s)
		}
	}
	slices.Sort(symbols)
	e.Symbols = slices.Compact(symbols)
	slices.Sort(e.Campaigns)
	e.Campaigns = slices.Compact(e.Campaigns)
}

// MaxEventTitle is the most characters an event's title holds, here and
// in the event form.
const MaxEventTitle = 300

// Validate checks a normalized event.
func (e *Event) Validate() error {
	if !slices.Contains(Bodies, e.Body) {
		return fieldError("body", "%q: want one of %s", e.Body, joinBodies())
	}
	if e.Title == "" {
		return fieldError("title", "required")
	}
	if utf8.RuneCountInString(e.Title) > MaxEventTitle {
		return fieldError("title", "longer than %d characters", MaxEventTitle)
	}
	for field, d := range map[string]string{"start": e.Start, "end": e.End} {
		if _, err := time.Parse(DateLayout, d); d != "" && err != nil {
			return fieldError(field, "%q is not a date YYYY-MM-DD", d)
		}
	}
	if e.End < e.Start {
		return fieldError("end", "%s is before the start, %s", e.End, e.Start)
	}
	if e.Year < 1945 || e.Year > 2200 {
		return fieldError("year", "%d: give the start date, or a year from 1945", e.Year)
	}
	for _, s := range e.Symbols {
		if !symbolPattern.MatchString(s) {
			return fieldError("symbols", "%q is not a UN document symbol such as A/63/PV.97", s)
		}
	}
	for _, id := range e.Campaigns {
		if id <= 0 {
			return fieldError("campaigns", "%d is not a campaign id", id)
		}
	}
	return nil
}

func joinBodies() string {
	names := make([]string, len(Bodies))
	for i, b := range Bodies {
		names[i] = string(b)
	}
	return strings.Join(names, ", ")
}

// Ordinal writes n as an English ordinal: 1st, 2nd, 11th, 64th.
func Ordinal(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// GeneralDebateTitle is the title of the General Debate of a session of
// the General Assembly: "General Debate of the 64th session".
func GeneralDebateTitle(session int) string {
	return "General Debate of the " + Ordinal(session) + " session"
}

// Hash is the SHA-256 of a normalized text, in hexadecimal.
func Hash(text string) string {
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:])
}

// ErrEmptyText says that a text has nothing left once normalized.
var ErrEmptyText = errors.New("the text is empty")

// Normalize turns an imported text into the form r2p stores, once and for
// all: Unicode NFC; byte order marks (U+FEFF) before the text removed; "\r\n" and lone
// "\r" turned into "\n"; spaces at the ends of lines, control characters
// other than tab and newline, and blank lines at the start and end removed;
// no more than one empty line in a row. Normalize of its own result gives
// it back unchanged.
func Normalize(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	text = strings.ToValidUTF8(text, "\uFFFD")
	text = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !unicode.IsControl(r) {
			return r
		}
		return -1
	}, text)
	lines := strings.Split(text, "\n")
	out := lines[:0]
	blank := 0
	for _, l := range lines {
		if len(out) == 0 {
			l = strings.TrimLeft(l, "\uFEFF") // byte order marks, and zero-width spaces before the text
		}
		l = strings.TrimRightFunc(l, unicode.IsSpace)
		if l == "" {
			blank++
			continue
		}
		if blank > 0 && len(out) > 0 {
			out = append(out, "")
		}
		blank = 0
		out = append(out, l)
	}
	return norm.NFC.String(strings.Join(out, "\n"))
}
