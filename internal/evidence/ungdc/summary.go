package ungdc

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

// Summary counts what a Reader has read.
type Summary struct {
	Speeches     int            // speeches read (good lines)
	Unverified   int            // of which from years after LastVerifiedYear
	PerYear      map[int]int    // speeches by year
	PerSpeaker   map[string]int // speeches by reference code (Speech.Speaker)
	BOMsStripped int            // texts that started with a BOM
	CRNormalized int            // texts that had "\r"
	BadLines     int            // lines returned as a *LineError
	BadByField   map[string]int // bad lines by LineError.Field
	UnknownCodes map[string]int // codes that did not resolve, with their number of lines
	Warnings     []Warning      // speeches by a speaker that was not a member that year
}

// Warning is a speech by a speaker with StandingNonMember in its year. The
// speech is read all the same.
type Warning struct {
	Line    int
	Offset  int64
	Code    string
	Year    int
	Speaker string
	Message string
}

func newSummary() Summary {
	return Summary{PerYear: map[int]int{}, PerSpeaker: map[string]int{}, BadByField: map[string]int{},
		UnknownCodes: map[string]int{}}
}

// Verified is the number of speeches from years up to LastVerifiedYear.
func (s *Summary) Verified() int { return s.Speeches - s.Unverified }

func (s *Summary) add(sp Speech) {
	s.Speeches++
	s.PerYear[sp.Year]++
	s.PerSpeaker[sp.Speaker]++
	if !sp.Verified {
		s.Unverified++
	}
	if sp.BOMStripped {
		s.BOMsStripped++
	}
	if sp.CRNormalized {
		s.CRNormalized++
	}
	if sp.Warning != "" {
		s.Warnings = append(s.Warnings,
			Warning{Line: sp.Line, Offset: sp.Offset, Code: sp.Code, Year: sp.Year, Speaker: sp.Speaker,
				Message: sp.Warning})
	}
}

func (s *Summary) addBad(e *LineError) {
	s.BadLines++
	s.BadByField[e.Field]++
	if e.Err == ErrUnknownCode {
		s.UnknownCodes[e.Code]++
	}
}

func (s *Summary) clone() Summary {
	c := *s
	c.PerYear = maps.Clone(s.PerYear)
	c.PerSpeaker = maps.Clone(s.PerSpeaker)
	c.BadByField = maps.Clone(s.BadByField)
	c.UnknownCodes = maps.Clone(s.UnknownCodes)
	c.Warnings = slices.Clone(s.Warnings)
	return c
}

// WriteText writes the summary for a person: totals, then speeches per
// year (ten to a line), per speaker (most first, then by code), bad lines
// by field, unknown codes, and each warning.
func (s *Summary) WriteText(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "speeches: %d (verified %d, unverified %d: years after %d)\n", s.Speeches, s.Verified(),
		s.Unverified, LastVerifiedYear)
	fmt.Fprintf(&b, "texts cleaned: %d BOMs stripped, %d with \\r normalised\n", s.BOMsStripped, s.CRNormalized)
	fmt.Fprintf(&b, "bad lines: %d%s\n", s.BadLines, countList(s.BadByField, "by field"))
	fmt.Fprintf(&b, "unknown codes: %d%s\n", len(s.UnknownCodes), countList(s.UnknownCodes, "lines"))
	fmt.Fprintf(&b, "warnings: %d\n", len(s.Warnings))
	for _, wn := range s.Warnings {
		fmt.Fprintf(&b, "  line %d (byte %d): %s %d: %s\n", wn.Line, wn.Offset, wn.Code, wn.Year, wn.Message)
	}
	b.WriteString("per year:\n")
	var items []string
	for _, y := range slices.Sorted(maps.Keys(s.PerYear)) {
		items = append(items, fmt.Sprintf("%d:%d", y, s.PerYear[y]))
	}
	writeRows(&b, items)
	fmt.Fprintf(&b, "per speaker (%d):\n", len(s.PerSpeaker))
	speakers := slices.SortedFunc(maps.Keys(s.PerSpeaker), func(x, y string) int {
		return cmp.Or(cmp.Compare(s.PerSpeaker[y], s.PerSpeaker[x]), strings.Compare(x, y))
	})
	items = items[:0]
	for _, sp := range speakers {
		items = append(items, fmt.Sprintf("%s:%d", sp, s.PerSpeaker[sp]))
	}
	writeRows(&b, items)
	_, err := io.WriteString(w, b.String())
	return err
}

// countList formats counts as " (label: a 2, b 1)", sorted by key; ""
// when there are none.
func countList(counts map[string]int, label string) string {
	if len(counts) == 0 {
		return ""
	}
	parts := []string{}
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, counts[k]))
	}
	return fmt.Sprintf(" (%s: %s)", label, strings.Join(parts, ", "))
}

// writeRows writes items ten to an indented line.
func writeRows(b *strings.Builder, items []string) {
	for i := 0; i < len(items); i += 10 {
		b.WriteString("  " + strings.Join(items[i:min(i+10, len(items))], " ") + "\n")
	}
}
