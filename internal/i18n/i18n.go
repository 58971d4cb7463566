// Package i18n holds r2p's words in other languages: the user-interface
// strings in English, French and Spanish, for which it picks the reader's
// language and formats dates and numbers, and the fixed words of a letter
// to a government in the six UN languages (see Letters).
//
// The interface's catalogues are locales/{en,fr,es}.json: flat maps from a
// key to a message, which may contain fmt verbs filled by the arguments of
// T. The letters' are locales/letter.{ar,zh,en,fr,ru,es}.json, with plural
// forms and numbers written by golang.org/x/text/message.
package i18n

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Lang is a supported language, as its ISO 639-1 code.
type Lang string

// The languages r2p ships complete.
const (
	English Lang = "en"
	French  Lang = "fr"
	Spanish Lang = "es"
)

// Langs lists the supported languages in the order the switcher shows them.
var Langs = []Lang{English, French, Spanish}

// Parse returns the supported language with code s, if any.
func Parse(s string) (Lang, bool) {
	l := Lang(strings.ToLower(strings.TrimSpace(s)))
	return l, slices.Contains(Langs, l)
}

//go:embed locales/*.json
var locales embed.FS

// Catalog maps each language to its messages.
type Catalog map[Lang]map[string]string

var load = sync.OnceValues(func() (Catalog, error) {
	c := Catalog{}
	for _, l := range Langs {
		b, err := locales.ReadFile("locales/" + string(l) + ".json")
		if err != nil {
			return nil, err
		}
		msgs := map[string]string{}
		if err := json.Unmarshal(b, &msgs); err != nil {
			return nil, fmt.Errorf("i18n: locales/%s.json: %w", l, err)
		}
		c[l] = msgs
	}
	return c, nil
})

// Default returns the embedded catalogue. It panics if a catalogue file is
// malformed, which the tests rule out.
func Default() Catalog {
	c, err := load()
	if err != nil {
		panic(err)
	}
	return c
}

// Keys returns every key of language l, sorted.
func (c Catalog) Keys(l Lang) []string {
	keys := make([]string, 0, len(c[l]))
	for k := range c[l] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

var matcher = language.NewMatcher([]language.Tag{language.English, language.French, language.Spanish})

// Match picks the language for an Accept-Language header: the best
// supported match, else English.
func Match(acceptLanguage string) Lang {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return English
	}
	_, index, confidence := matcher.Match(tags...)
	if confidence == language.No {
		return English
	}
	return Langs[index]
}

// Printer renders messages, dates and numbers in one language.
type Printer struct {
	lang    Lang
	msgs    map[string]string
	numbers *message.Printer
}

// Printer returns a printer for language l.
func (c Catalog) Printer(l Lang) *Printer {
	if _, ok := c[l]; !ok {
		l = English
	}
	return &Printer{lang: l, msgs: c[l], numbers: message.NewPrinter(language.Make(string(l)))}
}

// Lang returns the printer's language.
func (p *Printer) Lang() Lang { return p.lang }

// T returns the message for key, with args filled in. A missing key shows
// as [[key]], so that it is seen at once; the tests make sure none is.
func (p *Printer) T(key string, args ...any) string {
	msg, ok := p.msgs[key]
	if !ok {
		return "[[" + key + "]]"
	}
	if len(args) == 0 {
		return msg
	}
	return fmt.Sprintf(msg, args...)
}

// Number formats n with the language's digit grouping: 12,345 in English,
// 12 345 in French, 12.345 in Spanish.
func (p *Printer) Number(n int64) string { return p.numbers.Sprint(n) }

// Date formats a day as people write it: 20 July 2009, 20 juillet 2009,
// 20 de julio de 2009.
func (p *Printer) Date(t time.Time) string {
	month := p.T(fmt.Sprintf("month.%d", int(t.Month())))
	return p.T("date.format", t.Day(), month, t.Year())
}

// DateTime formats a moment in UTC: the date, then the time of day.
func (p *Printer) DateTime(t time.Time) string {
	t = t.UTC()
	return p.T("datetime.format", p.Date(t), t.Format("15:04"))
}
