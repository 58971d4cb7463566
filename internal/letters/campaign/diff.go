package campaign

import (
	"slices"
	"strings"
)

// TextChange is how the letter in one language differs from one version
// to the next, for the editor who makes a new version and the signer
// invited to endorse it.
type TextChange struct {
	Lang                    string
	TitleBefore, TitleAfter string // equal when the title stayed
	// Paragraphs are the body's changed paragraphs, each with the
	// unchanged paragraph before and after it; longer unchanged runs are
	// one Kept entry.
	Paragraphs []ParagraphChange
}

// ParagraphChange is one paragraph of a TextChange.
type ParagraphChange struct {
	Kind ChangeKind
	Text string // the paragraph, in Markdown; empty for Kept
	Kept int    // for Kept: how many unchanged paragraphs it stands for
}

// ChangeKind says what became of a paragraph.
type ChangeKind string

// The kinds of paragraph change.
const (
	Same    ChangeKind = "same"    // unchanged, shown beside a change
	Removed ChangeKind = "removed" // in the earlier version only
	Added   ChangeKind = "added"   // in the later version only
	Kept    ChangeKind = "kept"    // unchanged paragraphs left out
)

// TextChanges lists, in the order of Languages, the languages whose title
// or body differ between the texts before and after; a language added or
// removed is all added or all removed.
func TextChanges(before, after []Text) []TextChange {
	b, a := textsByLang(before), textsByLang(after)
	var changes []TextChange
	for _, lang := range Languages {
		x, inBefore := b[lang]
		y, inAfter := a[lang]
		if !inBefore && !inAfter {
			continue
		}
		x, y = NormalizeText(x), NormalizeText(y)
		if inBefore == inAfter && x.Title == y.Title && x.Body == y.Body {
			continue
		}
		changes = append(changes, TextChange{Lang: lang, TitleBefore: x.Title, TitleAfter: y.Title,
			Paragraphs: withContext(diffParagraphs(paragraphs(x.Body), paragraphs(y.Body)))})
	}
	return changes
}

// paragraphs splits a normalised body at its blank lines.
func paragraphs(body string) []string {
	var out, lines []string
	for _, line := range strings.Split(body, "\n") {
		if strings.TrimSpace(line) != "" {
			lines = append(lines, line)
			continue
		}
		if len(lines) > 0 {
			out = append(out, strings.Join(lines, "\n"))
			lines = nil
		}
	}
	if len(lines) > 0 {
		out = append(out, strings.Join(lines, "\n"))
	}
	return out
}

// maxDiffCells bounds the table of the longest common subsequence: past
// it (two letters of thousands of paragraphs that differ throughout) the
// changed middle is shown as all removed, then all added.
const maxDiffCells = 1 << 20

// diffParagraphs is the shortest edit from a to b, as a longest common
// subsequence of paragraphs: the common beginning and end first, then the
// middle.
func diffParagraphs(a, b []string) []ParagraphChange {
	start := 0
	for start < len(a) && start < len(b) && a[start] == b[start] {
		start++
	}
	endA, endB := len(a), len(b)
	for endA > start && endB > start && a[endA-1] == b[endB-1] {
		endA, endB = endA-1, endB-1
	}
	var out []ParagraphChange
	for _, p := range a[:start] {
		out = append(out, ParagraphChange{Kind: Same, Text: p})
	}
	out = append(out, diffMiddle(a[start:endA], b[start:endB])...)
	for _, p := range a[endA:] {
		out = append(out, ParagraphChange{Kind: Same, Text: p})
	}
	return out
}

func diffMiddle(a, b []string) []ParagraphChange {
	var out []ParagraphChange
	if (len(a)+1)*(len(b)+1) > maxDiffCells {
		for _, p := range a {
			out = append(out, ParagraphChange{Kind: Removed, Text: p})
		}
		for _, p := range b {
			out = append(out, ParagraphChange{Kind: Added, Text: p})
		}
		return out
	}
	// common[i][j] is the length of the longest common subsequence of
	// a[i:] and b[j:].
	common := make([][]int, len(a)+1)
	for i := range common {
		common[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				common[i][j] = common[i+1][j+1] + 1
			} else {
				common[i][j] = max(common[i+1][j], common[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && j < len(b) && a[i] == b[j]:
			out = append(out, ParagraphChange{Kind: Same, Text: a[i]})
			i, j = i+1, j+1
		case j == len(b) || (i < len(a) && common[i+1][j] >= common[i][j+1]):
			out = append(out, ParagraphChange{Kind: Removed, Text: a[i]})
			i++
		default:
			out = append(out, ParagraphChange{Kind: Added, Text: b[j]})
			j++
		}
	}
	return out
}

// withContext keeps, of the unchanged paragraphs, the one before and the
// one after each change, and stands one Kept entry for each run of the
// others.
func withContext(all []ParagraphChange) []ParagraphChange {
	near := func(i int) bool {
		return (i > 0 && all[i-1].Kind != Same) || (i+1 < len(all) && all[i+1].Kind != Same)
	}
	var out []ParagraphChange
	for i, p := range all {
		switch {
		case p.Kind != Same || near(i):
			out = append(out, p)
		case len(out) > 0 && out[len(out)-1].Kind == Kept:
			out[len(out)-1].Kept++
		default:
			out = append(out, ParagraphChange{Kind: Kept, Kept: 1})
		}
	}
	if !slices.ContainsFunc(out, func(p ParagraphChange) bool { return p.Kind != Kept }) {
		return nil // the body did not change: the title did
	}
	return out
}
