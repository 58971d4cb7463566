// Package verbatim splits a UN verbatim record — the English text of a
// General Assembly or Security Council meeting, such as A/64/PV.121 or
// S/PV.3756 — into speaker turns: who spoke, for which state, in which
// language, and what they said.
//
// It reads the conventions the UN has used across decades: headings such
// as "Mr. Name (Country):", "Mr. SURNAME (Country):", "The President:",
// "The Acting President:", "The President (spoke in French):", the older
// "(interpretation from French)", headings wrapped over two or three
// lines, a language given before the country ("Mr. Hilale (spoke in
// French) (Morocco):") and a capacity after it ("Mr. Garayev
// (Azerbaijan), Rapporteur of the Third Committee:").
//
// What is not speech is left out of the turns: the cover page, page
// headers and footers (the symbol, the job number, the page number, the
// date), the notice on corrections, and the record's stage directions —
// the meeting opening, suspending and rising, "It was so decided.",
// adoptions, votes and their lists, agenda item titles, invitations to the
// Council table, minutes of silence, bracketed notes, and chair changes
// ("Mr. Muhith (Bangladesh), Vice-President, took the Chair."), which do
// not end the turn they interrupt.
//
// The input is text as internal/pdftext gives it: pages separated by form
// feeds, and an empty line before each line that starts a paragraph.
// Plain text without empty lines works too; each turn is then one
// paragraph.
package verbatim

import (
	"errors"
	"regexp"
	"strings"
	"time"
)

// Turn is one speaker's turn at the microphone.
type Turn struct {
	// Order is the turn's place in the record, from 1.
	Order int
	// Speaker is the heading's name, with its title, as written ("Mr.
	// Ja’afari", "Sir Emyr Jones Parry"); for a presiding officer or the
	// Secretary-General it is the office in title case ("The President",
	// "The Acting President").
	Speaker string
	// Affiliation is the heading's parenthesis as written ("Syrian Arab
	// Republic", "Bolivia (Plurinational State of)", "European Union");
	// for a president speaking in a national capacity, the state named.
	Affiliation string
	// Role is the capacity given after the affiliation, such as
	// "Rapporteur of the Third Committee"; empty for a delegate.
	Role string
	// State is the code, in the states reference table, of the state (or
	// the European Union, EUU, or an observer state) that the speaker
	// speaks for: empty for presiding officers, the Secretariat, speakers
	// in an office (Role) and organizations the table does not know.
	State string
	// Language is the language the speaker spoke in, as the English record
	// names it: "French" for "(spoke in French)" or "(interpretation from
	// French)", and "English" when the heading names none, since the
	// English record marks every speech it translated. A change of
	// language within a turn stays in Text as its own paragraph.
	Language string
	// Procedural is true for the presiding officer's turns (The President,
	// The Acting President, The Chair, ...), which run the meeting rather
	// than state a position; false for every statement, including the
	// part of a president's turn made in a national capacity.
	Procedural bool
	// Text is what the speaker said: paragraphs separated by an empty
	// line, the lines of each joined, hyphenation across lines repaired.
	Text string
}

// Record is a verbatim record split into turns.
type Record struct {
	// Symbol is the document symbol, such as "A/64/PV.121"; empty when the
	// text does not give one.
	Symbol string
	// Date is the day of the meeting, from the record's cover; zero when
	// the text does not give it. States are resolved as of that day.
	Date time.Time
	// Turns are the speaker turns in order.
	Turns []Turn
}

// ErrNoTurns means that the text has no speaker heading at all.
var ErrNoTurns = errors.New("no speaker turns found (no heading such as \"Mr. Name (Country):\" or \"The President:\"); is this a UN verbatim record?")

// Split returns the speaker turns of a verbatim record's text.
func Split(text string) ([]Turn, error) {
	rec, err := Parse(text)
	if err != nil {
		return nil, err
	}
	return rec.Turns, nil
}

// Parse reads a verbatim record's text: its symbol, its date and its
// speaker turns. It fails with ErrNoTurns when there is no heading.
func Parse(text string) (Record, error) {
	cover := truncate(text, coverBytes)
	rec := Record{Symbol: findSymbol(cover), Date: findDate(cover)}
	lines := clean(readLines(text), rec.Symbol)
	turns := splitTurns(lines, newResolver(rec.Date))
	if len(turns) == 0 {
		return rec, ErrNoTurns
	}
	for i := range turns {
		turns[i].Order = i + 1
	}
	rec.Turns = turns
	return rec, nil
}

// coverBytes is how far into the text the symbol and the date are looked
// for: the cover page, which is shorter.
const coverBytes = 16 << 10

var symbolPattern = regexp.MustCompile(`\b([AS]) ?/((?:\d+/|ES-\d+/)?PV\.\d+)\b`)

// findSymbol returns the first document symbol in text, without the
// space that a change of font leaves in "A /64/PV.121".
func findSymbol(text string) string {
	m := symbolPattern.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1] + "/" + m[2]
}

var datePattern = regexp.MustCompile(`(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})`)

// findDate returns the first weekday-and-date in text, as the cover of a
// record gives the meeting's ("Friday, 21 March 1997, 6 p.m.").
func findDate(text string) time.Time {
	m := datePattern.FindStringSubmatch(text)
	if m == nil {
		return time.Time{}
	}
	d, err := time.Parse("2 January 2006", m[1])
	if err != nil {
		return time.Time{}
	}
	return d
}

// line is one non-empty line of the record.
type line struct {
	text string
	// para is true when the line starts a paragraph (an empty line came
	// before it).
	para bool
}

// readLines splits text into trimmed non-empty lines, noting which start
// a paragraph. A form feed separates pages and starts no paragraph.
func readLines(text string) []line {
	var out []line
	para := true
	for _, page := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\f") {
		for _, s := range strings.Split(page, "\n") {
			s = strings.Join(strings.Fields(s), " ")
			if s == "" {
				para = true
				continue
			}
			out = append(out, line{text: s, para: para})
			para = false
		}
	}
	return out
}
