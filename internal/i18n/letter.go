package i18n

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/feature/plural"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/message/catalog"
)

// The UN languages a letter to a government may be in besides the
// interface's three.
const (
	Arabic  Lang = "ar"
	Chinese Lang = "zh"
	Russian Lang = "ru"
)

// LetterLangs are the six official languages of the United Nations, in
// the UN's order: a government is written to in its mission's working
// language, which the interface need not speak.
var LetterLangs = []Lang{Arabic, Chinese, English, French, Russian, Spanish}

// Letters holds the fixed words of a letter to a government — what the
// coalition's text does not say but every letter needs — in the
// LetterLangs. They are locales/letter.{lang}.json, apart from the
// interface's catalogues because a letter needs six languages and the
// interface three.
//
// A file maps a key to a message. A message is a string with the verbs of
// golang.org/x/text/message, which writes numbers as the language groups
// their digits (1,234; 1 234; 1.234), or, for a sentence whose words
// depend on a number, an object from plural selectors to strings: "=1"
// (exactly one, for a form that writes the number in words or leaves it
// out), CLDR's "zero", "one", "two", "few" and "many" as the language has
// them (Russian: one, few, many), and "other", which every plural needs.
// The selector is tried on the first argument, "=n" first, then the
// categories in CLDR's order.
//
// The keys date.format and month.1 to month.12 give Date, as in the
// interface's catalogues; the month names are the forms a date needs
// (Russian ones are in the genitive, Arabic ones are the UN's: the
// Levantine name, then the Egyptian). Keys that begin with "letter." are
// the letter's own.
type Letters struct {
	keys     map[Lang][]string
	printers map[Lang]*LetterPrinter
	// messages are the files as read, for the tests.
	messages map[Lang]map[string]letterMessage
}

// letterMessage is one message of a letter catalogue: its text, or its
// plural forms by selector.
type letterMessage struct {
	text  string
	forms map[string]string
}

// UnmarshalJSON reads a string or an object of plural forms.
func (m *letterMessage) UnmarshalJSON(b []byte) error {
	if err := json.Unmarshal(b, &m.text); err == nil {
		return nil
	}
	return json.Unmarshal(b, &m.forms)
}

//go:embed locales/letter.*.json
var letterFiles embed.FS

var loadLetters = sync.OnceValues(func() (*Letters, error) { return readLetters(letterFiles) })

// DefaultLetters returns the embedded letter catalogue. It panics if a
// file is malformed, which the tests rule out.
func DefaultLetters() *Letters {
	c, err := loadLetters()
	if err != nil {
		panic(err)
	}
	return c
}

// readLetters reads and compiles locales/letter.{lang}.json from fsys for
// every one of LetterLangs.
func readLetters(fsys fs.FS) (*Letters, error) {
	builder := catalog.NewBuilder()
	c := &Letters{keys: map[Lang][]string{}, printers: map[Lang]*LetterPrinter{},
		messages: map[Lang]map[string]letterMessage{}}
	for _, l := range LetterLangs {
		name := "locales/letter." + string(l) + ".json"
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("i18n.readLetters(%q): %w", name, err)
		}
		msgs := map[string]letterMessage{}
		if err := json.Unmarshal(b, &msgs); err != nil {
			return nil, fmt.Errorf("i18n.readLetters(%q): %w", name, err)
		}
		for key, m := range msgs {
			msg, err := m.compile()
			if err == nil {
				err = builder.Set(letterTag(l), key, msg)
			}
			if err != nil {
				return nil, fmt.Errorf("i18n.readLetters(%q): %s: %w", name, key, err)
			}
			c.keys[l] = append(c.keys[l], key)
		}
		slices.Sort(c.keys[l])
		c.messages[l] = msgs
	}
	for _, l := range LetterLangs {
		c.printers[l] = &LetterPrinter{lang: l, keys: c.keys[l],
			printer: message.NewPrinter(letterTag(l), message.Catalog(builder))}
	}
	return c, nil
}

// pluralOrder is the order in which the CLDR categories are tried, after
// the exact values.
var pluralOrder = []string{"zero", "one", "two", "few", "many", "other"}

// compile makes m a catalogue message: a string, or a plural.Selectf on
// the first argument with the forms in the order they are tried.
func (m letterMessage) compile() (catalog.Message, error) {
	if m.forms == nil {
		return catalog.String(m.text), nil
	}
	if _, ok := m.forms["other"]; !ok {
		return nil, errors.New(`a plural message needs an "other" form`)
	}
	var cases []any
	for _, s := range slices.SortedFunc(maps.Keys(m.forms), byPluralRank) {
		cases = append(cases, s, m.forms[s])
	}
	return plural.Selectf(1, "%d", cases...), nil
}

// byPluralRank orders plural selectors as they are tried: the exact
// values ("=1") first, then CLDR's categories from "zero" to "other". A
// selector that is neither goes last, for plural.Selectf to reject.
func byPluralRank(a, b string) int {
	if c := pluralRank(a) - pluralRank(b); c != 0 {
		return c
	}
	return strings.Compare(a, b)
}

func pluralRank(selector string) int {
	if strings.HasPrefix(selector, "=") {
		return -1
	}
	if i := slices.Index(pluralOrder, selector); i >= 0 {
		return i
	}
	return len(pluralOrder)
}

// letterTag is the language a letter's numbers are written in. Arabic
// ones are in the digits 0 to 9, as the UN's Arabic documents write
// them, not in CLDR's default Arabic-Indic digits.
func letterTag(l Lang) language.Tag {
	if l == Arabic {
		return language.MustParse("ar-u-nu-latn")
	}
	return language.Make(string(l))
}

// Keys returns every key of language l, sorted.
func (c *Letters) Keys(l Lang) []string { return c.keys[l] }

// LetterPrinter writes a letter's fixed words in one language.
type LetterPrinter struct {
	lang    Lang
	keys    []string
	printer *message.Printer
}

// Printer returns the printer for language l, which is safe for
// concurrent use; ok is false when l is not one of LetterLangs.
func (c *Letters) Printer(l Lang) (p *LetterPrinter, ok bool) {
	p, ok = c.printers[l]
	return p, ok
}

// Lang returns the printer's language.
func (p *LetterPrinter) Lang() Lang { return p.lang }

// T returns the message for key with args filled in, its plural form
// chosen by the first argument and its numbers' digits grouped as the
// language groups them. A missing key shows as [[key]], as in Printer.T.
func (p *LetterPrinter) T(key string, args ...any) string {
	if _, ok := slices.BinarySearch(p.keys, key); !ok {
		return "[[" + key + "]]"
	}
	return p.printer.Sprintf(key, args...)
}

// Date writes a letter's date as the language does: 20 July 2009,
// 1er septembre 2009, 20 de julio de 2009, 20 июля 2009 г., 2009年7月20日.
// The year is not a number to group: it goes to date.format as a string.
func (p *LetterPrinter) Date(t time.Time) string {
	month := p.T("month." + strconv.Itoa(int(t.Month())))
	return p.T("date.format", t.Day(), month, strconv.Itoa(t.Year()))
}
