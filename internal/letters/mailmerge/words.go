package mailmerge

import (
	"time"

	"github.com/r2p-coalition/r2p/internal/i18n"
)

// words are the fixed words of a letter in one language: what the
// coalition's text does not say but every letter needs. They are the
// "letter." messages of i18n's letter catalogue, in the six UN languages.
type words struct{ p *i18n.LetterPrinter }

// wordsIn returns the fixed words of lang; ok is false when lang is not
// one of the six UN languages.
func wordsIn(lang string) (w words, ok bool) {
	p, ok := i18n.DefaultLetters().Printer(i18n.Lang(lang))
	return words{p}, ok
}

// name is the language's English name, for Fallback.
func (w words) name() string { return w.p.T("letter.language_in_english") }

// salutation is the default salutation: the form of address for an
// ambassador that does not depend on the ambassador's sex, as diplomatic
// correspondence has it: "Excellency," in English, "Excellence," in
// French, "Excelencia:" in Spanish (a Spanish salutation ends with a
// colon; "Excelentísimo/a Señor/a:" is correct too but needs the slash),
// "Ваше Превосходительство!" in Russian, "صاحب السعادة،" in Arabic and
// "尊敬的阁下：" in Chinese.
func (w words) salutation() string { return w.p.T("letter.salutation") }

// closing is the diplomatic courtesy formula of the UN's own notes
// verbales and letters, used when the letter does not end with a sign-off
// of its own.
func (w words) closing() string { return w.p.T("letter.closing") }

func (w words) asksIntro() string { return w.p.T("letter.asks_intro") }

// mission is the name of a permanent mission; state is the state's name
// as missionName writes it there (with its article, in French and Spanish
// with "de").
func (w words) mission(state string) string { return w.p.T("letter.mission", state) }

// datePlace joins the place and the date of the letter.
func (w words) datePlace(place, date string) string { return w.p.T("letter.date_place", place, date) }

func (w words) date(t time.Time) string { return w.p.Date(t) }

// The sentences with the number of signatories. Where the number is 1,
// English, French and Spanish put it in words or leave it out; Russian
// and Arabic put it in brackets, so that the noun need not agree with it.
func (w words) annexTitle(n int) string { return w.p.T("letter.annex_title", n) }
func (w words) counted(n int) string    { return w.p.T("letter.counted", n) }
func (w words) attached(n int) string   { return w.p.T("letter.attached", n) }
