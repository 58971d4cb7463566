package codebook

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/fold"
)

// Span is a range of bytes [Start, End) in a text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// token is one word of a text: its bytes [start, end) and its folded form
// (fold.Word: lower case, accents removed), which is what patterns match.
// broken is set when punctuation that a phrase does not run across
// (phraseBreaks) stands between the word and the one before.
type token struct {
	start, end int
	folded     string
	broken     bool
}

// phraseBreaks are the marks a phrase does not match across: "early,
// warning" is not "early warning". Periods are not among them, so that
// "U.N. Secretary-General" stays one phrase; sentences are scope units.
const phraseBreaks = ",;:()[]!?–—"

// isWordRune reports whether r is part of a word: a letter, a digit or a
// combining mark.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// isJoiner reports whether r joins two word runes into one token when it
// stands between them: "A/63/677", "U.N", "PV.97" are one token each.
// Apostrophes and hyphens are not joiners: "can't" is "can" "t" and
// "Secretary-General" is "secretary" "general", in texts and patterns alike.
func isJoiner(r rune) bool { return r == '/' || r == '.' }

// tokenize splits text into words. Invalid UTF-8 separates words, so every
// token starts and ends on a rune boundary.
func tokenize(text []byte) []token {
	var toks []token
	i, prevEnd := 0, 0
	for i < len(text) {
		r, size := utf8.DecodeRune(text[i:])
		if r == utf8.RuneError || !isWordRune(r) {
			i += size
			continue
		}
		start := i
		i += size
		for i < len(text) {
			r, size := utf8.DecodeRune(text[i:])
			if r != utf8.RuneError && isWordRune(r) {
				i += size
				continue
			}
			if r != utf8.RuneError && isJoiner(r) && i+size < len(text) {
				next, _ := utf8.DecodeRune(text[i+size:])
				if next != utf8.RuneError && isWordRune(next) {
					i += size
					continue
				}
			}
			break
		}
		broken := bytes.ContainsAny(text[prevEnd:start], phraseBreaks)
		toks = append(toks, token{start: start, end: i, folded: fold.Word(text[start:i]), broken: broken})
		prevEnd = i
	}
	return toks
}

// Paragraphs splits text at blank lines (lines holding only white space)
// and returns the paragraphs, trimmed of surrounding white space. A text of
// white space only has no paragraphs.
func Paragraphs(text []byte) []Span {
	var paras []Span
	start, lineStart := 0, 0
	blankLine := true
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\n' {
			if !isSpaceByte(text[i]) {
				blankLine = false
			}
			continue
		}
		if blankLine {
			if s := trimSpan(text, Span{start, lineStart}); s.Start < s.End {
				paras = append(paras, s)
			}
			start = i
		}
		lineStart, blankLine = i+1, true
	}
	if s := trimSpan(text, Span{start, len(text)}); s.Start < s.End {
		paras = append(paras, s)
	}
	return paras
}

func isSpaceByte(c byte) bool {
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'
}

// trimSpan narrows s to exclude ASCII white space at either end.
func trimSpan(text []byte, s Span) Span {
	for s.Start < s.End && isSpaceByte(text[s.Start]) {
		s.Start++
	}
	for s.End > s.Start && isSpaceByte(text[s.End-1]) {
		s.End--
	}
	return s
}

// Sentences splits text into sentences, within its paragraphs, and returns
// them trimmed of surrounding white space.
//
// A sentence ends after '.', '!', '?' or '…' (and any closing quotes or
// brackets after it) when white space follows and the next word does not
// start with a lower-case letter. A period does not end a sentence after an
// abbreviation: titles (Mr., Mrs., Ms., Dr., M., Mme., Sr., Sra., H.E.),
// e.g., i.e., cf., U.N., U.S., single initials ("J. Smith"), and, before a
// number, No., Nos., para., paras., art., p., pp., núm., párr. ("No. 5",
// "para. 138"). A period inside a token is not an ending either: "A/63/PV.97",
// "S/2009/189" and "1.5" stay whole. "R2P." and "A/63/677." are not
// abbreviations: followed by a capitalised word they end the sentence.
func Sentences(text []byte) []Span {
	var out []Span
	for _, p := range Paragraphs(text) {
		out = append(out, sentencesIn(text, p)...)
	}
	return out
}

func sentencesIn(text []byte, p Span) []Span {
	var out []Span
	start := p.Start
	for i := p.Start; i < p.End; {
		r, size := utf8.DecodeRune(text[i:])
		i += size
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		end := skipClosers(text, i, p.End)
		if end == p.End || !isSpaceByte(text[end]) {
			continue
		}
		next := skipSpace(text, end, p.End)
		if startsLower(text[next:p.End]) || (r == '.' && abbreviation(text[start:i-size], text[next:p.End])) {
			continue
		}
		out = append(out, trimSpan(text, Span{start, end}))
		start, i = next, next
	}
	if s := trimSpan(text, Span{start, p.End}); s.Start < s.End {
		out = append(out, s)
	}
	return out
}

// skipClosers skips the closing quotes and brackets after a sentence's end.
func skipClosers(text []byte, i, end int) int {
	for i < end {
		r, size := utf8.DecodeRune(text[i:])
		if !strings.ContainsRune(`"')]»”’`, r) && r != '.' {
			return i
		}
		i += size
	}
	return i
}

func skipSpace(text []byte, i, end int) int {
	for i < end && isSpaceByte(text[i]) {
		i++
	}
	return i
}

// startsLower reports whether the next word of rest, after any opening
// quotes or brackets, starts with a lower-case letter.
func startsLower(rest []byte) bool {
	for len(rest) > 0 {
		r, size := utf8.DecodeRune(rest)
		if strings.ContainsRune(`"'([«“‘`, r) {
			rest = rest[size:]
			continue
		}
		return unicode.IsLower(r)
	}
	return false
}

// Abbreviations that never end a sentence, and those that do not before a
// number, folded and without their final period.
var (
	titleAbbreviations = map[string]bool{
		"mr": true, "mrs": true, "ms": true, "dr": true, "prof": true, "st": true,
		"m": true, "mm": true, "mme": true, "mmes": true, "mlle": true,
		"sr": true, "sra": true, "srta": true, "sres": true, "dra": true,
		"h.e": true, "e.g": true, "i.e": true, "cf": true, "vs": true,
		"u.n": true, "u.s": true, "u.k": true, "p.ex": true,
	}
	numberAbbreviations = map[string]bool{
		"no": true, "nos": true, "para": true, "paras": true, "art": true, "arts": true,
		"p": true, "pp": true, "vol": true, "num": true, "nº": true, "parr": true, "op": true,
	}
)

// abbreviation reports whether the text before a period, whose sentence
// continues with next, ends with an abbreviation.
func abbreviation(before, next []byte) bool {
	toks := tokenize(before)
	if len(toks) == 0 || toks[len(toks)-1].end != len(before) {
		return false
	}
	last := toks[len(toks)-1]
	word := last.folded
	if titleAbbreviations[word] {
		return true
	}
	if utf8.RuneCountInString(word) == 1 && unicode.IsUpper(firstRune(before[last.start:])) {
		return true // an initial
	}
	if numberAbbreviations[word] {
		r := firstRune(next)
		return unicode.IsDigit(r)
	}
	return false
}

func firstRune(b []byte) rune {
	r, _ := utf8.DecodeRune(b)
	return r
}
