package verbatim

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// splitTurns walks the cleaned lines: a heading starts a turn, a stage
// direction is dropped (a vote or an agenda item up to the next heading),
// and any other line belongs to the current turn. Lines before the first
// heading are the cover page and are dropped.
func splitTurns(lines []line, res *resolver) []Turn {
	words := newLexicon(lines)
	var turns []Turn
	var cur *draft
	inBlock := false
	finish := func() {
		if cur != nil {
			turns = append(turns, cur.turns(words, res)...)
		}
	}
	for i := 0; i < len(lines); i++ {
		if h, last, rest, ok := headingAt(lines, i); ok {
			finish()
			cur, inBlock = &draft{heading: h}, false
			if rest != "" {
				cur.add(line{text: rest, para: true})
			}
			i = last
			continue
		}
		if kind, end := stageAt(lines, i); kind != 0 {
			inBlock = inBlock || kind == blockStage
			i = end
			continue
		}
		if end, ok := titleBlock(lines, i); ok {
			i = end
			continue
		}
		if cur != nil && !inBlock {
			cur.add(lines[i])
		}
	}
	finish()
	return turns
}

// maxTitleLines bounds the agenda titles between two turns.
const maxTitleLines = 8

// finished tells whether a line ends a sentence.
func finished(s string) bool { return endsWithAny(s, `.?!:;"”’`) }

// untitled tells whether a line cannot be part of a title: it ends a
// sentence or breaks off at a dash.
func untitled(s string) bool { return endsWithAny(s, `.?!;"”’—–`) }

// endsWithAny tells whether the last rune of s is one of chars.
func endsWithAny(s, chars string) bool {
	r, n := utf8.DecodeLastRuneInString(s)
	return n > 0 && strings.ContainsRune(chars, r)
}

// titleBlock tells whether lines[i] starts the titles of an agenda item or
// sub-item that come right after a finished sentence and right before a
// heading or a vote, such as "(a) Implementation of human rights
// instruments" and "Report of the Third Committee (A/65/456/Add.1)"; it
// returns the last line of the titles.
func titleBlock(lines []line, i int) (int, bool) {
	if i == 0 || !finished(lines[i-1].text) {
		return i, false
	}
	for k := i; k < len(lines) && k < i+maxTitleLines; k++ {
		if k > i {
			if _, _, _, ok := headingAt(lines, k); ok {
				return k - 1, true
			}
			if kind, _ := stageAt(lines, k); kind == blockStage {
				return k - 1, true
			}
		}
		if untitled(lines[k].text) {
			return i, false
		}
	}
	return i, false
}

// draft is a turn being read: its heading and its paragraphs, each a list
// of lines.
type draft struct {
	heading
	paragraphs [][]string
	// marker holds the first line of a language marker wrapped over two.
	marker string
}

// add appends a line, starting a paragraph where the line does and
// giving a change of language a paragraph of its own.
func (d *draft) add(l line) {
	if d.marker != "" {
		first := d.marker
		d.marker = ""
		if joined := first + " " + l.text; languageMarker.MatchString(joined) {
			d.paragraphs = append(d.paragraphs, []string{joined}, nil)
			return
		}
		d.appendLine(first, true)
	}
	switch {
	case languageMarker.MatchString(l.text):
		d.paragraphs = append(d.paragraphs, []string{l.text}, nil)
	case strings.HasPrefix(l.text, "(spoke in") || strings.HasPrefix(l.text, "(interpretation"):
		d.marker = l.text
	default:
		d.appendLine(l.text, l.para)
	}
}

// appendLine adds a line to the last paragraph, or starts a paragraph.
// An empty last paragraph is the place after a change of language.
func (d *draft) appendLine(s string, para bool) {
	n := len(d.paragraphs)
	if n == 0 || (para && len(d.paragraphs[n-1]) > 0) {
		d.paragraphs = append(d.paragraphs, []string{s})
		return
	}
	d.paragraphs[n-1] = append(d.paragraphs[n-1], s)
}

// texts returns the paragraphs with their lines joined.
func (d *draft) texts(words lexicon) []string {
	if d.marker != "" {
		d.appendLine(d.marker, false)
		d.marker = ""
	}
	var out []string
	for _, p := range d.paragraphs {
		if len(p) > 0 {
			out = append(out, words.join(p))
		}
	}
	return out
}

// turns makes the draft into its turn, or into several when a president
// speaks in a national capacity within it.
func (d *draft) turns(words lexicon, res *resolver) []Turn {
	paragraphs := d.texts(words)
	base := Turn{Speaker: d.speaker, Affiliation: d.affiliation, Role: d.role, Language: d.language,
		Procedural: d.presiding}
	if !d.office && d.role == "" {
		base.State = res.resolve(d.affiliation)
	}
	if !d.presiding {
		base.Text = strings.Join(paragraphs, "\n\n")
		return []Turn{base}
	}
	return splitNationalCapacity(base, paragraphs, res)
}

var (
	nationalCapacity = regexp.MustCompile(`\bin my (?:national )?capacity as (?:the )?representative of ([^.;:]+)`)
	resumePresidency = regexp.MustCompile(`^I (?:now )?resume my functions as (?:the )?(?:President|Chair)\b`)
)

// splitNationalCapacity cuts a presiding officer's turn where the officer
// speaks "in my capacity as the representative of" a state, until "I now
// resume my functions as President": that part is a statement of the
// state, the rest stays procedural. A turn without the formula is
// returned whole.
func splitNationalCapacity(base Turn, paragraphs []string, res *resolver) []Turn {
	from, to := -1, len(paragraphs)
	var affiliation, state string
	for i, p := range paragraphs {
		if m := nationalCapacity.FindStringSubmatch(p); m != nil && from < 0 {
			if affiliation, state = res.resolvePrefix(m[1]); state != "" {
				from = i
			}
		} else if from >= 0 && resumePresidency.MatchString(p) {
			to = i
			break
		}
	}
	if from < 0 {
		base.Text = strings.Join(paragraphs, "\n\n")
		return []Turn{base}
	}
	var out []Turn
	if from > 0 {
		t := base
		t.Text = strings.Join(paragraphs[:from], "\n\n")
		out = append(out, t)
	}
	national := base
	national.Affiliation, national.State, national.Procedural = affiliation, state, false
	national.Text = strings.Join(paragraphs[from:to], "\n\n")
	out = append(out, national)
	if to < len(paragraphs) {
		t := base
		t.Text = strings.Join(paragraphs[to:], "\n\n")
		out = append(out, t)
	}
	return out
}

// lexicon is the record's own vocabulary, used to repair words broken
// across lines: words (lower case, without hyphens) and the hyphenated
// compounds that occur within a line.
type lexicon struct{ words, compounds map[string]bool }

var wordPattern = regexp.MustCompile(`[\p{L}\p{M}’']+(?:-[\p{L}\p{M}’']+)*`)

// newLexicon collects the words of the record, leaving out the fragment
// before a line-end hyphen.
func newLexicon(lines []line) lexicon {
	lx := lexicon{words: map[string]bool{}, compounds: map[string]bool{}}
	for _, l := range lines {
		s := l.text
		if strings.HasSuffix(s, "-") {
			if i := strings.LastIndexByte(s, ' '); i >= 0 {
				s = s[:i]
			} else {
				continue
			}
		}
		for _, w := range wordPattern.FindAllString(strings.ToLower(s), -1) {
			if strings.Contains(w, "-") {
				lx.compounds[w] = true
			}
			for _, part := range strings.Split(w, "-") {
				lx.words[part] = true
			}
		}
	}
	return lx
}

// join joins a paragraph's lines with spaces, repairing a word broken at
// a line end. UN editors break lines at the hyphens of compounds
// ("high-/level", "Secretary-/General", "2008-/2009"), which keep their
// hyphen; the hyphen is dropped only when the next line goes on in lower
// case and the record itself uses the joined word elsewhere and never
// the hyphenated one ("interna-/tional" becomes "international" when
// "international" occurs in the record).
func (lx lexicon) join(lines []string) string {
	var b strings.Builder
	for i, s := range lines {
		if i == 0 {
			b.WriteString(s)
			continue
		}
		prev := b.String()
		switch {
		case strings.HasSuffix(prev, "\u00ad"):
			b.Reset()
			b.WriteString(strings.TrimSuffix(prev, "\u00ad"))
		case brokenAtHyphen(prev):
			if lx.dropHyphen(prev, s) {
				b.Reset()
				b.WriteString(strings.TrimSuffix(prev, "-"))
			}
		default:
			b.WriteByte(' ')
		}
		b.WriteString(s)
	}
	return b.String()
}

// brokenAtHyphen tells whether s ends in a hyphen right after a letter or
// digit, as a word broken at a line end does.
func brokenAtHyphen(s string) bool {
	if !strings.HasSuffix(s, "-") {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[:len(s)-1])
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// dropHyphen decides whether the hyphen ending prev is a soft break of
// one word continued at the start of next.
func (lx lexicon) dropHyphen(prev, next string) bool {
	r, _ := utf8.DecodeRuneInString(next)
	if !unicode.IsLower(r) {
		return false
	}
	head := wordPattern.FindString(strings.ToLower(prev[strings.LastIndexByte(prev, ' ')+1:]))
	tail := wordPattern.FindString(strings.ToLower(next))
	if head == "" || tail == "" {
		return false
	}
	if i := strings.LastIndexByte(head, '-'); i >= 0 {
		head = head[i+1:]
	}
	if i := strings.IndexByte(tail, '-'); i >= 0 {
		tail = tail[:i]
	}
	return lx.words[head+tail] && !lx.compounds[head+"-"+tail]
}
