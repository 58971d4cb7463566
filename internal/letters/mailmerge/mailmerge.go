// Package mailmerge personalises a campaign's open letter for each permanent
// mission to the United Nations: Compose gives the exact e-mail text and
// the PDF — letterhead, date, the mission's address, salutation, the
// letter, its asks, the closing and the signatory annex — that one
// mission gets, in its working language when the campaign has a text in
// it, and in English otherwise.
//
// The letter's Markdown may hold mail-merge fields (see Fields). The
// fixed words a letter needs — the default salutation, the closing, the
// mission's name, the annex heading, the date — come from the letter
// catalogue of internal/i18n, in the six UN languages.
//
// The same input gives the same bytes, so that a letter sent again after a
// crash is the same document.
package mailmerge

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"time"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

// Recipient is one permanent mission.
type Recipient struct {
	State string // ISO 3166-1 alpha-3 code
	// StateName overrides the state's name; by default it is the UN short
	// name in the letter's language (English for Arabic, Chinese and
	// Russian, which the reference table does not hold).
	StateName string
	// Mission overrides the mission's name in the address block, for a
	// name the defaults get wrong; by default it is "Permanent Mission of
	// {state} to the United Nations" in the letter's language.
	Mission   string
	Station   string // such as "New York" or "Geneva"
	HeadName  string // such as "H.E. Ms. Ana Example"
	HeadTitle string // such as "Permanent Representative"
	// Salutation, such as "Your Excellency,"; by default the language's
	// (see words): "Excellency,", "Excellence,", "Excelencia:" ...
	Salutation    string
	PostalAddress string // one line or several
	// Language is the mission's working language: ar, zh, en, fr, ru or
	// es; "" means English.
	Language string
}

// Coalition is the sender.
type Coalition struct {
	Name string
	// Logo is a PNG or JPEG image (see ValidateLogo), or nil.
	Logo      []byte
	Place     string // where the letter is written, such as "New York"
	Signature string // the name that signs the letter, if any
}

// Input is what every letter of a campaign shares.
type Input struct {
	Campaign campaign.Campaign
	Version  campaign.Version
	// Signatories are the published names, anonymised as the list shows
	// them; Counted is how many more signed without being named.
	Signatories []orglist.Entry
	Counted     int
	Coalition   Coalition
	Date        time.Time // the letter's date; also the PDF's creation date
	// TextOnly composes the subject and the e-mail text but no PDF, for a
	// preview of many letters: a PDF takes a hundred times longer. PDF is
	// then nil.
	TextOnly bool
}

// Letter is the letter one mission gets.
type Letter struct {
	State string // the recipient's code
	Lang  string // the language of Subject, Text and the PDF
	// Fallback says why the letter is not in the mission's working
	// language; "" when it is.
	Fallback string
	Subject  string
	Text     string // the e-mail: plain text, paragraphs separated by blank lines
	PDF      []byte
	FileName string // the PDF's, such as "ga-2009-letter-USA.pdf"
}

// Compose writes the letter to r. It fails when the input is incomplete,
// when the letter has a field that is unknown (ErrUnknownField) or that r
// has no value for (ErrEmptyField), or when the logo cannot be printed;
// each error names the recipient. A name that the PDF's fonts cannot show
// is drawn with a placeholder (publish.UndrawnEntries names them).
func Compose(in Input, r Recipient) (Letter, error) {
	l, err := compose(in, r)
	if err != nil {
		return Letter{}, fmt.Errorf("letter to %s: %w", r.State, err)
	}
	return l, nil
}

// ComposeAll composes the letters to every recipient, as many at a time as
// there are processors, in the order of recipients; the error is the one
// for the first recipient that fails.
func ComposeAll(in Input, recipients []Recipient) ([]Letter, error) {
	letters := make([]Letter, len(recipients))
	errs := make([]error, len(recipients))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(recipients)) {
		wg.Go(func() {
			for i := range next {
				letters[i], errs[i] = Compose(in, recipients[i])
			}
		})
	}
	for i := range recipients {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return letters, nil
}

func compose(in Input, r Recipient) (Letter, error) {
	if err := in.check(); err != nil {
		return Letter{}, err
	}
	want := r.Language
	if want == "" {
		want = "en"
	}
	text := in.Version.Text(want)
	l := Letter{State: r.State, Lang: text.Lang, FileName: fileName(in.Campaign.Slug, r.State)}
	if text.Lang != want {
		l.Fallback = fmt.Sprintf("The campaign has no text in %s: the letter is in %s.", languageName(want),
			languageName(text.Lang))
	}
	p, err := in.parts(r, text)
	if err != nil {
		return Letter{}, err
	}
	l.Subject, l.Text = p.title, p.text()
	if in.TextOnly {
		return l, nil
	}
	if l.PDF, err = in.pdf(p); err != nil {
		return Letter{}, err
	}
	return l, nil
}

// check rejects an input no letter can be written from.
func (in Input) check() error {
	switch {
	case len(in.Version.Texts) == 0:
		return errors.New("the campaign's version has no text")
	case in.Date.IsZero():
		return errors.New("the letter has no date")
	case strings.TrimSpace(in.Coalition.Name) == "":
		return errors.New("the coalition has no name")
	case in.Counted < 0:
		return fmt.Errorf("the number of signatories counted but not named is %d, below 0", in.Counted)
	}
	if len(in.Coalition.Logo) > 0 {
		return ValidateLogo(in.Coalition.Logo)
	}
	return nil
}

func (in Input) pdf(p parts) ([]byte, error) {
	var buf bytes.Buffer
	if err := publish.LetterPDF(&buf, p.document(in), in.Signatories, language.Make(p.lang)); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// fileName is the PDF's name: the campaign's slug, "letter" and the state.
func fileName(slug, state string) string {
	if slug == "" {
		return "letter-" + state + ".pdf"
	}
	return slug + "-letter-" + state + ".pdf"
}

func languageName(lang string) string {
	if w, ok := wordsIn(lang); ok {
		return w.name()
	}
	return fmt.Sprintf("the language %q", lang)
}
