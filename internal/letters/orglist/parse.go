package orglist

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParseError is a text that cannot be read: it is not UTF-8, or it holds
// NUL bytes, as a binary file does. Line and Offset say where.
type ParseError struct {
	Line   int // 1-based line number
	Offset int // byte offset from the start of the text
	Msg    string
}

func (e *ParseError) Error() string {
	return fmt.Sprintf("line %d (byte %d): %s", e.Line, e.Offset, e.Msg)
}

// Parse reads the organizations listed in text: a pasted list, or a whole
// letter with its signatories. Each row says on which line it starts and
// how sure the parser is. Lines end with \n, \r\n or \r.
//
// The only error is a text that cannot be read, a *ParseError: invalid
// UTF-8 or a NUL byte (decode files with package document first; it
// repairs legacy encodings). Anything else gives rows, possibly none.
//
// # Where the list is
//
// A line that closes a letter ("Sincerely,", "Yours faithfully", "Signed",
// "Cordialement", "Atentamente") or announces a list (it ends with a colon,
// or with "are"/"include", and speaks of signatories, organizations,
// members, endorsements, the undersigned, the following ...) is a marker.
// Prose lines (sentences: lowercase words, full stops), markers and other
// headings cut the text into stretches. When there is a marker, only the
// text after the first one is read; of that, the list is the stretch with
// the most entries, plus every stretch right after a marker ("Additional
// signatories:"). Lines that are dates, URLs, e-mail addresses, phone
// numbers, salutations ("Dear ...") or page numbers are skipped; a short
// paragraph holding a postal address ("c/o ...", "708 Third Avenue") is a
// letterhead, and a line or two set apart by a wider gap than the list
// uses, followed by more text, is a footer: neither is read.
//
// # One line, one or more entries
//
// Bullets (•, -, *, ▪ ...) and numbering (1. 2) (3) a) iv.) are dropped.
// A line is split into several entries when it is a run: parts separated
// by semicolons, or three or more name-like parts separated by commas, the
// last of which may hold "and" ("A, B and C"). Text before a colon that
// opens a run ("Its members include: A; B; C.") is not an entry. A line
// that ends in a connecting word ("of", "for", "de la") or a hyphen is
// joined with the next; so is a line that is only "(...)". A line with
// tab-separated cells, as pasted from a spreadsheet or read from a CSV,
// XLSX or DOCX table, is one entry: a header row (Name, Acronym, Country,
// City ...) says which cell is what; without one, the first text cell is
// the name and the others are taken as country, acronym or place by
// their look.
//
// # One entry
//
//   - "Name - ACRONYM (Country)", "Name-ACRONYM (Country)",
//     "Name (ACRONYM) (Country)", "Name (ACRONYM) Country",
//     "Name (ACRONYM), Country", "Name, City, Country", "Name, Country",
//     "Name (City, Country)", "Name" alone.
//   - Countries are resolved with states.Resolve, in any of its languages
//     and former names (Swaziland, Burma, DR Congo); "(Uganda and USA)" is
//     two countries. Countries keep their labels as written.
//   - An acronym is one word, mostly capitals (ADECOP, CUPPADL, ICRtoP),
//     in parentheses or after a dash. After a hyphen without spaces it is
//     taken only when the word before has lowercase letters (Liberia-CUPPADL;
//     not FORUM-ASIA). A word that names a state is never an acronym.
//   - A country joined to the name by a hyphen or dash is part of the
//     name, and gives no country: Oxfam-Australia, UNA-Canada,
//     World Federalist Movement – Canada. So is a part after a comma that
//     names an organization ("Centre for International Law, Korean National
//     Diplomatic Academy").
//   - Anything else in parentheses, or a short capitalised part after a
//     comma, is the place: a region (South Asia, West Africa: known) or a
//     city or territory (New York, Mindanao, Kosovo: guessed).
//   - In runs, a leading "the" or "and" belongs to the sentence and is
//     dropped; in one-per-line lists the name is kept as written.
//
// # Confidence
//
//   - high: the entry fits one of the layouts above and every part of it
//     was recognised: a country that resolves to one state, an acronym, a
//     known region.
//   - medium: the parser guessed, and the note says what: a country taken
//     from a bare word after the parentheses ("(LDS) Swaziland"), a place
//     that is not a known region, a part kept in the name, an entry split
//     from a comma run or at "and", lines joined, a table cell ignored.
//   - low: something is probably wrong: the line reads like a sentence,
//     the name is very long or missing, a country name fits several states
//     ("Korea", "Congo"), two acronyms, unbalanced parentheses.
func Parse(text string) ([]Row, error) {
	if err := checkText(text); err != nil {
		return nil, err
	}
	return parseLines(splitLines(text)), nil
}

// ParseLines is Parse for a text already split into lines, as package
// document gives it: lines[i] is line i+1. Offsets in errors count one
// byte between lines.
func ParseLines(lines []string) ([]Row, error) {
	offset := 0
	for i, l := range lines {
		if err := checkText(l); err != nil {
			pe := err.(*ParseError)
			pe.Line, pe.Offset = i+1, offset+pe.Offset
			return nil, pe
		}
		offset += len(l) + 1
	}
	return parseLines(lines), nil
}

// checkText finds the first byte that makes text unreadable.
func checkText(text string) error {
	line := 1
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return &ParseError{Line: line, Offset: i, Msg: "invalid UTF-8"}
		case r == 0:
			return &ParseError{Line: line, Offset: i, Msg: "NUL byte: this is not a text file"}
		case r == '\n':
			line++
		case r == '\r':
			if i+1 >= len(text) || text[i+1] != '\n' {
				line++
			}
		}
		i += size
	}
	return nil
}

// splitLines splits text at \n, \r\n and \r.
func splitLines(text string) []string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	return strings.Split(text, "\n")
}

// parseLines classifies the lines, finds the list and reads its entries.
func parseLines(raw []string) []Row {
	ls := make([]*line, len(raw))
	for i, r := range raw {
		ls[i] = &line{no: i + 1, text: cleanLine(r)}
	}
	joinContinuations(ls)
	var cols *columns
	for _, l := range ls {
		cols = classify(l, cols)
	}
	rows := []Row{}
	for _, s := range chooseStretches(ls) {
		for _, l := range s.entries {
			for _, it := range l.items {
				rows = append(rows, it.row(l))
			}
		}
	}
	return rows
}
