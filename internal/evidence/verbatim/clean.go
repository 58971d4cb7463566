package verbatim

import (
	"regexp"
	"strings"
)

// runningLines are page headers and footers that repeat on every page.
var runningLines = []*regexp.Regexp{
	regexp.MustCompile(`^\d{1,3}$`),                                                                       // page number
	regexp.MustCompile(`^\d{1,3}/\d{1,3}$`),                                                               // "2/31"
	regexp.MustCompile(`^\d{2}-\d{5}(?: \(E\))?$`),                                                        // job number
	regexp.MustCompile(`^\*\d{7,8}\*$`),                                                                   // its bar code
	regexp.MustCompile(`^\d{2}-\d{5} ?\d{1,3}/\d{1,3}$`),                                                  // "18-436497/9"
	regexp.MustCompile(`^\d{1,3}/\d{1,3} \d{2}-\d{5}$`),                                                   // "2/9 18-43649"
	regexp.MustCompile(`^(?:General Assembly|Security Council) \d+(?:st|nd|rd|th) (?:plenary )?meeting$`), // 1990s header
	regexp.MustCompile(`^[A-Z][a-z]+(?:-[a-z]+)? (?:year|session) \d{1,2} [A-Z][a-z]+ \d{4}$`),            // "Fifty-second year 21 March 1997"
	regexp.MustCompile(`^\.$`),
}

// headerDate is the dd/mm/yyyy date of a modern page header.
var headerDate = regexp.MustCompile(`\b\d{2}/\d{2}/\d{4}\b`)

// maxHeaderWords bounds a header line that repeats the symbol with the
// date and the agenda title ("S/PV.8422 The situation in the Central
// African Republic 13/12/2018").
const maxHeaderWords = 16

// isRunningLine tells whether s is a page header or footer of the record
// whose symbol is symbol.
func isRunningLine(s, symbol string) bool {
	for _, re := range runningLines {
		if re.MatchString(s) {
			return true
		}
	}
	if symbol == "" {
		return false
	}
	compact := strings.ReplaceAll(s, " ", "")
	if compact == symbol {
		return true
	}
	return strings.Contains(compact, symbol) && headerDate.MatchString(s) && len(strings.Fields(s)) <= maxHeaderWords
}

// The notice on the first page: "This record contains the text of
// speeches delivered in English ... Corrections should be submitted ...".
var (
	noticeStart = regexp.MustCompile(`This record contains the (?:original )?text`)
	noticeEnd   = regexp.MustCompile(`(?:corrigendum\.|documents\.un\.org\)\.|room [A-Z]-?\d+[A-Z]?\.)$`)
)

// maxNoticeLines bounds the notice when its last line is not recognized.
const maxNoticeLines = 8

// clean drops the running headers and footers and the notice on
// corrections. A dropped line's paragraph mark goes with it, so a
// paragraph broken by a page turn joins up again.
func clean(lines []line, symbol string) []line {
	out := make([]line, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		s := lines[i].text
		if noticeStart.MatchString(s) {
			end := min(i+maxNoticeLines, len(lines)) - 1
			for j := i; j <= end; j++ {
				if noticeEnd.MatchString(lines[j].text) {
					end = j
					break
				}
			}
			i = end
			continue
		}
		if isRunningLine(s, symbol) {
			continue
		}
		out = append(out, lines[i])
	}
	return out
}

// stageKind says how far a stage direction reaches.
type stageKind int

const (
	// sentenceStage runs to the first line that ends a sentence.
	sentenceStage stageKind = iota + 1
	// blockStage runs to the next speaker heading: votes with their
	// lists, agenda items with their titles.
	blockStage
)

// stage is a kind of stage direction: the pattern of its first line and,
// for a sentence, a pattern the whole sentence must match.
type stage struct {
	kind  stageKind
	start *regexp.Regexp
	whole *regexp.Regexp // nil: any sentence
}

var stages = []stage{
	{sentenceStage,
		regexp.MustCompile(`^The meeting (?:was called to order|rose|was suspended|was resumed|resumed)\b`), nil},
	{sentenceStage, regexp.MustCompile(`^It was so decided\b`), nil},
	{sentenceStage, regexp.MustCompile(`^There being (?:no|on) objection, it (?:is|was) so decided`), nil},
	{sentenceStage, regexp.MustCompile(`^The agenda was adopted\.$`), nil},
	{sentenceStage,
		regexp.MustCompile(`^(?:The )?(?:[Dd]raft )?(?:[Rr]esolution|[Dd]ecision|[Aa]mendment|[Mm]otion)s?\b`),
		regexp.MustCompile(`\b(?:was|were) (?:adopted|rejected|not adopted)(?: by \d+ votes? to \d+(?:, with \d+ abstentions?)?| without a vote)?(?: \((?:resolution|decision)s? [^)]*\))?\.$`)},
	{sentenceStage,
		regexp.MustCompile(`^(?:The (?:members|representatives) of the .*\b(?:observed|stood)\b|The (?:General )?Assembly observed\b)`),
		regexp.MustCompile(`\bminute of (?:silence|silent prayer or meditation)\.$`)},
	{sentenceStage, regexp.MustCompile(`^At the invitation of the (?:President|Chair)`), nil},
	{sentenceStage, regexp.MustCompile(`^(?:The|Mr|Mrs|Ms|Miss|Sir|Dame|Dr)\b`),
		regexp.MustCompile(`\b(?:took|resumed|returned to|left) the [Cc]hair\.$`)},
	{sentenceStage, regexp.MustCompile(`^\[`), regexp.MustCompile(`\]\.?$`)},
	{blockStage,
		regexp.MustCompile(`^(?:(?:A|The) (?:recorded )?vote was taken\b|(?:In favour|Against|Abstaining):$)`), nil},
	{blockStage,
		regexp.MustCompile(`^(?:Agenda items? \d+(?: ?\([a-z]\))?(?:(?:,| and| to) \d+(?: ?\([a-z]\))?)*(?: \(continued\))?|Adoption of the agenda)$`), nil},
}

// A stage direction spans at most maxStageLines lines; its first line is
// at most maxStageBytes long, which also keeps the patterns fast.
const (
	maxStageLines = 6
	maxStageBytes = 300
)

// endsSentence tells whether a line ends a stage direction's sentence: a
// full stop or a closing bracket, perhaps followed by a parenthesis or a
// quotation mark.
func endsSentence(s string) bool {
	if endsWithAny(s, `)”"`) {
		s = s[:len(s)-len(string([]rune(s)[len([]rune(s))-1]))]
	}
	return endsWithAny(s, ".]")
}

// stageAt tells whether a stage direction starts at lines[i], and if so of
// which kind and, for a sentence, at which line it ends.
func stageAt(lines []line, i int) (kind stageKind, end int) {
	s := lines[i].text
	if len(s) > maxStageBytes {
		return 0, i
	}
	for _, st := range stages {
		if !st.start.MatchString(s) {
			continue
		}
		if st.kind == blockStage {
			return blockStage, i
		}
		end, sentence := i, s
		for end < len(lines)-1 && end-i < maxStageLines-1 && len(sentence) < maxStageLines*maxStageBytes && !endsSentence(lines[end].text) && !lines[end+1].para {
			end++
			sentence += " " + lines[end].text
		}
		if st.whole == nil || st.whole.MatchString(sentence) {
			return sentenceStage, end
		}
	}
	return 0, i
}
