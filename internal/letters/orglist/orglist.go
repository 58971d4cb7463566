// Package orglist is about lists of organizations as coalitions write
// them: a signatory list under a letter, a pasted list of endorsements, a
// registry export. Entry is one organization as a list shows it; Row is an
// Entry read from a text, with where it came from and how sure the reader
// is. Parsing lives here; rendering and exports in package publish.
//
// Parse reads the signatories of a pasted list or of a whole letter, in
// the layouts coalitions use ("Name - ACRONYM (Country)", "Name (ACRONYM),
// Country", "A, B and C", table rows ...); its documentation says which
// layouts it knows, how it finds the list in a letter, and which rules
// make a row's confidence high, medium or low.
package orglist

import "encoding/json"

// Entry is one organization as a list shows it.
type Entry struct {
	Name    string
	Acronym string // "" when none
	// Countries are ISO 3166-1 alpha-3 codes (or codes of former states),
	// in the order the list gives them.
	Countries []string
	// CountryLabels are the countries as the organization wrote them
	// ("USA", "DR Congo", "Swaziland"), parallel to Countries; an empty
	// label means: use the UN short name.
	CountryLabels []string
	// Place is a region or city that is not a country ("South Asia"); ""
	// when none.
	Place string
}

// Confidence says how sure the parser is that a row is right.
type Confidence string

// The confidence levels; the parser's documentation says which rules give
// which.
const (
	High   Confidence = "high"
	Medium Confidence = "medium"
	Low    Confidence = "low"
)

// Row is an Entry read from a text.
type Row struct {
	Entry
	Line       int        // 1-based line number where the row starts
	Confidence Confidence //
	Note       string     // what was uncertain; "" when nothing was
}

// MarshalJSON writes exactly the keys line, name, acronym (or null),
// countries (an array, never null), place (or null), confidence and note.
func (r Row) MarshalJSON() ([]byte, error) {
	countries := r.Countries
	if countries == nil {
		countries = []string{}
	}
	return json.Marshal(struct {
		Line       int        `json:"line"`
		Name       string     `json:"name"`
		Acronym    *string    `json:"acronym"`
		Countries  []string   `json:"countries"`
		Place      *string    `json:"place"`
		Confidence Confidence `json:"confidence"`
		Note       string     `json:"note"`
	}{r.Line, r.Name, nullable(r.Acronym), countries, nullable(r.Place), r.Confidence, r.Note})
}

func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
