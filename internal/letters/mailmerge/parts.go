package mailmerge

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/states"
)

// parts are the pieces of one letter in one language, from which both the
// e-mail text and the PDF are made.
type parts struct {
	lang       string
	date       string // with the place
	recipient  []string
	salutation string
	// salutationInBody says that the body places {{salutation}} itself,
	// so the letter does not open with it as well.
	salutationInBody bool
	title            string
	paragraphs       []string
	asksIntro        string
	asks             []campaign.Ask
	closing          string
	signature        []string
	annexTitle       string
	annexNote        string // "" when every signatory is named
	attached         string
}

// parts fills the letter text in for r.
func (in Input) parts(r Recipient, text campaign.Text) (parts, error) {
	w, ok := wordsIn(text.Lang)
	if !ok {
		return parts{}, fmt.Errorf("the text's language %q is not one of ar, zh, en, fr, ru, es", text.Lang)
	}
	state, mission, err := r.names(text.Lang)
	if err != nil {
		return parts{}, err
	}
	p := parts{lang: text.Lang, salutation: oneLine(r.Salutation), asksIntro: w.asksIntro(), closing: w.closing()}
	if p.salutation == "" {
		p.salutation = w.salutation()
	}
	date := w.date(in.Date)
	p.date = date
	if place := oneLine(in.Coalition.Place); place != "" {
		p.date = w.datePlace(place, date)
	}
	values := []string{state, p.salutation, joinNonEmpty(", ", oneLine(r.HeadName), oneLine(r.HeadTitle)), date}
	if err := p.fill(text, values); err != nil {
		return parts{}, fmt.Errorf("the %s text: %w", w.name(), err)
	}
	p.salutationInBody = usesField(text.Body, "salutation")
	p.recipient = r.addressBlock(mission)
	p.signature = nonEmpty(oneLine(in.Coalition.Signature), oneLine(in.Coalition.Name))
	total := len(in.Signatories) + in.Counted
	p.annexTitle = w.annexTitle(total)
	p.attached = w.attached(total)
	if in.Counted > 0 {
		p.annexNote = w.counted(in.Counted)
	}
	return p, nil
}

// fill merges the fields of the text's title, body and asks, and takes the
// body's own sign-off as the closing in place of the language's, if it has
// one.
func (p *parts) fill(text campaign.Text, values []string) error {
	var err error
	if p.title, err = merge(oneLine(text.Title), values); err != nil {
		return fmt.Errorf("title: %w", err)
	}
	if p.paragraphs, err = mergeMarkdown(text.Body, values); err != nil {
		return fmt.Errorf("body: %w", err)
	}
	for i, a := range text.Asks {
		label, err := merge(oneLine(a.Label), values)
		if err != nil {
			return fmt.Errorf("ask %d: %w", i+1, err)
		}
		description, err := merge(oneLine(a.Description), values)
		if err != nil {
			return fmt.Errorf("ask %d: %w", i+1, err)
		}
		p.asks = append(p.asks, campaign.Ask{Label: label, Description: description})
	}
	if n := len(p.paragraphs); n > 0 && isSignOff(p.paragraphs[n-1]) {
		p.closing, p.paragraphs = p.paragraphs[n-1], p.paragraphs[:n-1]
	}
	return nil
}

// isSignOff reports whether a paragraph is a letter's sign-off: at most
// five words, ending in a comma ("Sincerely,", "Cordialement,",
// "Atentamente,", "С уважением,"). The asks go before it, and it takes the
// place of the language's closing.
func isSignOff(paragraph string) bool {
	last, _ := utf8.DecodeLastRuneInString(paragraph)
	return strings.ContainsRune(",，،", last) && len(strings.Fields(paragraph)) <= 5
}

// names are the state's name and its mission's, in lang.
func (r Recipient) names(lang string) (state, mission string, err error) {
	s, ok := states.Default().Lookup(r.State)
	if !ok || (s.Status != states.Member && s.Status != states.Observer) {
		return "", "", fmt.Errorf("%q is not the code of a UN member or observer state", r.State)
	}
	state = oneLine(r.StateName)
	known := state == ""
	if known {
		state = stateName(s, lang)
	}
	mission = oneLine(r.Mission)
	if mission == "" {
		mission = missionName(lang, s.Code, state, known)
	}
	return state, mission, nil
}

// addressBlock is the head of mission, the mission, the station and the
// postal address, one line each. The station is left out when the
// address names it already.
func (r Recipient) addressBlock(mission string) []string {
	address := nonEmpty(strings.Split(r.PostalAddress, "\n")...)
	for i := range address {
		address[i] = oneLine(address[i])
	}
	station := oneLine(r.Station)
	if strings.Contains(strings.ToLower(strings.Join(address, " ")), strings.ToLower(station)) {
		station = ""
	}
	return nonEmpty(append([]string{oneLine(r.HeadName), oneLine(r.HeadTitle), mission, station}, address...)...)
}

// text is the e-mail: the salutation, the letter, the asks, the closing,
// the signature, and a line on the attachment.
func (p parts) text() string {
	var blocks []string
	if !p.salutationInBody {
		blocks = append(blocks, p.salutation)
	}
	blocks = append(blocks, p.paragraphs...)
	if len(p.asks) > 0 {
		var asks strings.Builder
		asks.WriteString(p.asksIntro)
		for _, a := range p.asks {
			fmt.Fprintf(&asks, "\n\n  - %s", a.Label)
			if a.Description != "" {
				fmt.Fprintf(&asks, "\n    %s", a.Description)
			}
		}
		blocks = append(blocks, asks.String())
	}
	blocks = append(blocks, p.closing, strings.Join(p.signature, "\n"), p.attached)
	return strings.Join(blocks, "\n\n") + "\n"
}

// document is the PDF's content.
func (p parts) document(in Input) publish.LetterDocument {
	asks := make([]publish.LetterAsk, len(p.asks))
	for i, a := range p.asks {
		asks[i] = publish.LetterAsk{Label: a.Label, Description: a.Description}
	}
	salutation := p.salutation
	if p.salutationInBody {
		salutation = ""
	}
	return publish.LetterDocument{
		Letterhead: in.Coalition.Name, Logo: in.Coalition.Logo, Date: p.date, Recipient: p.recipient,
		Salutation: salutation, Title: p.title, Paragraphs: p.paragraphs, AsksIntro: p.asksIntro, Asks: asks,
		Closing: p.closing, Signature: p.signature, AnnexTitle: p.annexTitle, AnnexNote: p.annexNote, Created: in.Date,
	}
}

// oneLine is s with every run of white space made one space, trimmed.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func joinNonEmpty(sep string, parts ...string) string { return strings.Join(nonEmpty(parts...), sep) }

// nonEmpty is the strings that are not blank, in order.
func nonEmpty(strs ...string) []string {
	var out []string
	for _, s := range strs {
		if strings.TrimSpace(s) != "" {
			out = append(out, s)
		}
	}
	return out
}
