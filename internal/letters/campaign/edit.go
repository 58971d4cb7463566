package campaign

import (
	"slices"
	"strings"
	"unicode"
)

// What a save of a campaign changes. The text that organizations endorse
// when they sign is the letter: its title and its body in each language.
// Everything else is a detail that can change without asking anyone to
// sign again: the address, the event, the sign-on window and its time
// zone, auto-approval, and the asks, which are the structured list of the
// letter's requests that the evidence side measures statements against,
// not words the signers put their names to.

// Edit says what a save changes.
type Edit struct {
	Details bool // slug, event, window, time zone, auto-approval
	Asks    bool // the asks, in some language
	Text    bool // the title or the body in some language, or the set of languages
}

// None reports whether the save changes nothing.
func (e Edit) None() bool { return !e.Details && !e.Asks && !e.Text }

// Compare says what saving edited with texts changes in c, whose current
// version has the texts current.
func Compare(c Campaign, current []Text, edited Campaign, texts []Text) Edit {
	return Edit{Details: !sameDetails(c, edited), Asks: !sameAsks(current, texts), Text: !SameText(current, texts)}
}

func sameDetails(a, b Campaign) bool {
	return a.Slug == b.Slug && a.Event == b.Event && a.OpensAt.Equal(b.OpensAt) && a.Deadline.Equal(b.Deadline) &&
		a.TimeZone == b.TimeZone && a.AutoApprove == b.AutoApprove
}

// SameText reports whether two versions' texts are the same letter: the
// same languages, each with the same title and body once normalised (see
// NormalizeText), whatever their order and their asks.
func SameText(a, b []Text) bool {
	if len(a) != len(b) {
		return false
	}
	byLang := textsByLang(b)
	for _, x := range a {
		y, ok := byLang[x.Lang]
		if !ok {
			return false
		}
		x, y = NormalizeText(x), NormalizeText(y)
		if x.Title != y.Title || x.Body != y.Body {
			return false
		}
	}
	return true
}

// sameAsks compares the asks language by language; a language that only
// one side has is compared with no asks.
func sameAsks(a, b []Text) bool {
	x, y := textsByLang(a), textsByLang(b)
	for _, t := range append(a[:len(a):len(a)], b...) {
		if !slices.Equal(NormalizeText(x[t.Lang]).Asks, NormalizeText(y[t.Lang]).Asks) {
			return false
		}
	}
	return true
}

func textsByLang(texts []Text) map[string]Text {
	m := make(map[string]Text, len(texts))
	for _, t := range texts {
		m[t.Lang] = t
	}
	return m
}

// NormalizeText is a text as r2p stores it: the title and the asks
// trimmed, the body's line breaks as "\n" (a browser sends a textarea with
// "\r\n") without blank lines before it or white space after it.
func NormalizeText(t Text) Text {
	t.Title = strings.TrimSpace(t.Title)
	body := strings.ReplaceAll(strings.ReplaceAll(t.Body, "\r\n", "\n"), "\r", "\n")
	t.Body = strings.TrimRightFunc(strings.TrimLeft(body, "\n"), unicode.IsSpace)
	asks := make([]Ask, len(t.Asks))
	for i, a := range t.Asks {
		asks[i] = Ask{Label: strings.TrimSpace(a.Label), Description: strings.TrimSpace(a.Description)}
	}
	t.Asks = asks
	return t
}

// NormalizeTexts normalises each text (see NormalizeText).
func NormalizeTexts(texts []Text) []Text {
	out := make([]Text, len(texts))
	for i, t := range texts {
		out[i] = NormalizeText(t)
	}
	return out
}

// WithAsks is current, the texts of a version, with the asks of edited in
// each language: what a version becomes when only its asks change. The
// title and body stay exactly as signed.
func WithAsks(current, edited []Text) []Text {
	byLang := textsByLang(edited)
	out := make([]Text, len(current))
	for i, t := range current {
		t.Asks = NormalizeText(byLang[t.Lang]).Asks
		out[i] = t
	}
	return out
}
