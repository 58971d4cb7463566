package orglist

import (
	"strings"
)

// introRun reads a line that introduces its own list: "The founding
// members include: A; B; and C." or "Signed by: A". It returns nil for
// other lines.
func introRun(s string) []item {
	colon := firstTopIndex(s, ':')
	if colon < 0 || !strings.HasPrefix(s[colon+1:], " ") {
		return nil
	}
	before, after := s[:colon], strings.TrimSpace(s[colon+1:])
	if after == "" {
		return nil
	}
	words, _ := wordStats(before)
	if words > 30 {
		return nil
	}
	if items := splitRun(after); items != nil && (listy(before) || len(items) >= 3) {
		return items
	}
	if listy(before) && words <= 12 && nameLike(trimEntry(after)) {
		return []item{{text: after}}
	}
	return nil
}

// splitRun splits a line made of several entries: parts separated by
// semicolons, or by commas ("A, B and C"). It returns nil for a line that
// is one entry, such as "Name, City, Country".
func splitRun(s string) []item {
	if items := semicolonRun(s); items != nil {
		return items
	}
	return commaRun(s)
}

func semicolonRun(s string) []item {
	var items []item
	for _, p := range splitTop(s, ';') {
		if p = trimEntry(p); p != "" {
			items = append(items, item{text: p, run: true})
		}
	}
	if len(items) < 2 {
		return nil
	}
	for _, it := range items {
		if !nameLike(it.text) {
			return nil
		}
	}
	return items
}

func commaRun(s string) []item {
	parts := splitTop(trimEntry(s), ',')
	n := len(parts)
	if n < 2 {
		return nil
	}
	last := parts[n-1]
	if n <= 3 && countryTail(last) || n == 2 && (placeLike(last) || isRegion(last)) {
		return nil // "Name, City, Country", "Name, New York and The Hague"
	}
	var texts []string
	var split []bool
	for i, p := range parts {
		if i == n-1 {
			if l, r, ok := andSplit(p); ok {
				texts = append(texts, l, r)
				split = append(split, true, true)
				continue
			}
		}
		texts = append(texts, p)
		split = append(split, false)
	}
	if len(texts) < 3 {
		return nil
	}
	var items []item
	for i, t := range texts {
		switch {
		case t == "":
			return nil
		case countryTail(t) && len(items) > 0:
			// A country alone belongs to the entry before it.
			items[len(items)-1].text += ", " + t
		case nameLike(t):
			items = append(items, item{text: t, run: true, commaRun: true, andSplit: split[i]})
		default:
			return nil
		}
	}
	if len(items) < 2 {
		return nil
	}
	return items
}

// countryTail reports a part that names states, possibly with places:
// "Kenya", "New York and Uganda".
func countryTail(s string) bool {
	m := matchCountries(s)
	return len(m.codes) > 0 && m.restArePlaces()
}

// nameLike reports a part of a run that may be an organization's name:
// capitalised, short, not a sentence.
func nameLike(s string) bool {
	t := stripArticle(s)
	if t == "" || !startsUpperOrDigit(t) || strings.ContainsAny(t, "!?") {
		return false
	}
	words, lower := wordStats(t)
	return words >= 1 && words <= 15 && lower <= 2 && !sentenceBreakRE.MatchString(t)
}

// andSplit splits the last part of a comma run at its last "and", when
// what follows is a name of its own: "the World Movement for Democracy
// and Stakeholder Forum", but not "Centre for Peace and Conflict Studies"
// or "Human Rights and Development".
func andSplit(s string) (left, right string, ok bool) {
	i := lastTopIndex(s, " and ")
	if i < 0 {
		return "", "", false
	}
	left, right = strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(" and "):])
	if !nameLike(left) || !nameLike(right) || countryTail(right) {
		return "", "", false
	}
	if acronymLike(right) {
		return left, right, true
	}
	if len(strings.Fields(right)) < 2 {
		return "", "", false
	}
	// "Centre for Peace and Conflict Studies": the "and" continues the
	// phrase after "for", unless what follows names an organization.
	lower := " " + strings.ToLower(stripArticle(left)) + " "
	for _, prep := range []string{" for ", " of ", " on ", " against ", " in "} {
		if strings.Contains(lower, prep) && !orgWordy(right) {
			return "", "", false
		}
	}
	return left, right, true
}

// firstTopIndex is strings.IndexByte outside parentheses.
func firstTopIndex(s string, c byte) int {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case c:
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

// lastTopIndex is strings.LastIndex outside parentheses.
func lastTopIndex(s, sub string) int {
	depth := 0
	for i := len(s) - 1; i >= 0; i-- {
		switch s[i] {
		case ')':
			depth++
		case '(':
			if depth > 0 {
				depth--
			}
		}
		if depth == 0 && strings.HasPrefix(s[i:], sub) {
			return i
		}
	}
	return -1
}
