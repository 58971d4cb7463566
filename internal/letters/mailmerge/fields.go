package mailmerge

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
)

// The mail-merge fields a letter's title, body and asks may hold, each
// replaced per recipient:
//
//	{{state}}            the state's name in the letter's language
//	{{salutation}}       the salutation, such as "Excellency,"; a letter whose
//	                     body places it does not open with it as well
//	{{head_of_mission}}  the head of mission's name and title
//	{{date}}             the letter's date in its language
//
// Spaces inside the braces are allowed: {{ state }}.
var Fields = []string{"state", "salutation", "head_of_mission", "date"}

// ErrUnknownField is wrapped by the error for a {{field}} that is not one
// of Fields.
var ErrUnknownField = errors.New("unknown mail-merge field")

// ErrEmptyField is wrapped by the error for a field the recipient has no
// value for, such as {{head_of_mission}} for a mission whose head is not
// known.
var ErrEmptyField = errors.New("mail-merge field without a value")

var fieldPattern = regexp.MustCompile(`\{\{\s*([^{}]*?)\s*\}\}`)

// CheckFields returns an error wrapping ErrUnknownField for the first
// {{field}} in text that is not one of Fields, for the campaign editor to
// show before anything is sent.
func CheckFields(text string) error {
	for _, m := range fieldPattern.FindAllStringSubmatch(text, -1) {
		if fieldIndex(m[1]) < 0 {
			return fmt.Errorf("%w {{%s}}: the fields are {{%s}}", ErrUnknownField, m[1], strings.Join(Fields, "}}, {{"))
		}
	}
	return nil
}

func fieldIndex(name string) int {
	for i, f := range Fields {
		if f == name {
			return i
		}
	}
	return -1
}

// usesField reports whether text holds the field name.
func usesField(text, name string) bool {
	for _, m := range fieldPattern.FindAllStringSubmatch(text, -1) {
		if m[1] == name {
			return true
		}
	}
	return false
}

// merge fills the fields of one plain text with values, parallel to
// Fields.
func merge(text string, values []string) (string, error) {
	var err error
	out := fieldPattern.ReplaceAllStringFunc(text, func(m string) string {
		name := fieldPattern.FindStringSubmatch(m)[1]
		i := fieldIndex(name)
		switch {
		case err != nil:
		case i < 0:
			err = CheckFields(m)
		case values[i] == "":
			err = fmt.Errorf("%w: {{%s}}", ErrEmptyField, name)
		default:
			return values[i]
		}
		return m
	})
	return out, err
}

// placeholder stands for field i while Markdown becomes plain text, which
// would take the underscores out of {{head_of_mission}} and the Markdown
// out of a value: a character of Unicode's private use area, which a
// letter does not contain.
func placeholder(i int) string { return string(rune(0xE000 + i)) }

// mergeMarkdown turns a letter's Markdown into plain paragraphs with its
// fields filled with values.
func mergeMarkdown(md string, values []string) ([]string, error) {
	marked := make([]string, len(values))
	for i, v := range values {
		if v != "" {
			marked[i] = placeholder(i)
		}
	}
	withPlaceholders, err := merge(md, marked)
	if err != nil {
		return nil, err
	}
	pairs := make([]string, 0, 2*len(values))
	for i, v := range values {
		pairs = append(pairs, placeholder(i), v)
	}
	fill := strings.NewReplacer(pairs...)
	paragraphs := campaign.PlainParagraphs(withPlaceholders)
	for i, p := range paragraphs {
		paragraphs[i] = fill.Replace(p)
	}
	return paragraphs, nil
}
