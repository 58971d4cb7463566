// Package mission is the directory of the permanent missions a coalition
// writes to: for each UN member and observer state, one record per duty
// station (New York, Geneva, ...) with the mission's e-mail addresses,
// postal address, head of mission, salutation and working language. It
// holds no SQL and no HTTP.
//
// r2p ships no contact details — they are personal data of diplomats —
// only the list of states: each coalition loads its own directory from a
// CSV file (see ReadCSV and WriteCSV).
package mission

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/states"
)

// DefaultStation is the duty station of a record that names none.
const DefaultStation = "New York"

// KnownStations are the UN duty stations whose spelling Normalize
// corrects ("geneva" becomes "Geneva"). Other stations are free text.
var KnownStations = []string{"New York", "Geneva", "Vienna", "Nairobi", "Addis Ababa", "Bangkok", "Beirut", "Santiago"}

// Languages are the six official UN languages a mission may work in, as
// ISO 639-1 codes, in the UN's order. An empty language means English.
var Languages = []string{"ar", "zh", "en", "fr", "ru", "es"}

// Limits on the fields, in characters.
const (
	MaxStation    = 100
	MaxEmails     = 10
	MaxEmail      = 254
	MaxPostal     = 500
	MaxHeadName   = 200
	MaxHeadTitle  = 200
	MaxSalutation = 200
)

// Mission is one permanent mission of a state at one duty station.
type Mission struct {
	ID            int64     `json:"id"`
	State         string    `json:"state"`   // ISO 3166-1 alpha-3 code of a member or observer state
	Station       string    `json:"station"` // duty station, e.g. "New York", "Geneva"
	Emails        []string  `json:"emails"`  // addresses the letter goes to, in order
	PostalAddress string    `json:"postal_address"`
	HeadName      string    `json:"head_name"`  // head of mission
	HeadTitle     string    `json:"head_title"` // e.g. "Ambassador, Permanent Representative"
	Salutation    string    `json:"salutation"` // e.g. "Your Excellency"
	Language      string    `json:"language"`   // one of Languages; "" is English
	UpdatedAt     time.Time `json:"updated_at"`
}

// Subject is how the audit log names the record: by state and station,
// which stay the same when a file replaces it.
func (m Mission) Subject() string { return "mission:" + m.State + "/" + m.Station }

// Lang is the language to write to the mission in: its working language,
// or English when none is set.
func (m Mission) Lang() string {
	if m.Language == "" {
		return "en"
	}
	return m.Language
}

// SameContact reports whether two records hold the same details, whatever
// their ids and times.
func (m Mission) SameContact(o Mission) bool {
	return m.State == o.State && m.Station == o.Station && slices.Equal(m.Emails, o.Emails) &&
		m.PostalAddress == o.PostalAddress && m.HeadName == o.HeadName && m.HeadTitle == o.HeadTitle &&
		m.Salutation == o.Salutation && m.Language == o.Language
}

// Empty reports whether the record holds no details beyond its state and
// station: the row an export writes for a state without a record.
func (m Mission) Empty() bool {
	return len(m.Emails) == 0 && m.PostalAddress == "" && m.HeadName == "" && m.HeadTitle == "" && m.Salutation == "" && m.Language == ""
}

// FieldError says which field is wrong and why. Field is the name of the
// CSV column: iso3, station, email, postal_address, head_name,
// head_title, salutation or language.
type FieldError struct{ Field, Problem string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Normalize trims every field, upper-cases the state code, gives an empty
// station the default and a known one its usual spelling, lower-cases
// the language and the domains of the addresses, and drops empty and
// repeated addresses. Addresses that do not parse are kept as given, for
// Validate to report.
func (m *Mission) Normalize() {
	m.State = strings.ToUpper(strings.TrimSpace(m.State))
	m.Station = strings.Join(strings.Fields(m.Station), " ")
	if m.Station == "" {
		m.Station = DefaultStation
	}
	for _, known := range KnownStations {
		if strings.EqualFold(m.Station, known) {
			m.Station = known
		}
	}
	emails := []string{}
	for _, e := range m.Emails {
		e = normalizeEmail(e)
		if e != "" && !slices.Contains(emails, e) {
			emails = append(emails, e)
		}
	}
	m.Emails = emails
	m.PostalAddress = strings.TrimSpace(strings.ReplaceAll(m.PostalAddress, "\r\n", "\n"))
	m.HeadName = strings.Join(strings.Fields(m.HeadName), " ")
	m.HeadTitle = strings.Join(strings.Fields(m.HeadTitle), " ")
	m.Salutation = strings.Join(strings.Fields(m.Salutation), " ")
	m.Language = strings.ToLower(strings.TrimSpace(m.Language))
}

// normalizeEmail reduces "Name <a@B.org>" and "a@B.org" to "a@b.org"; an
// address that does not parse is only trimmed.
func normalizeEmail(s string) string {
	s = strings.TrimSpace(s)
	addr, err := mail.ParseAddress(s)
	if err != nil {
		return s
	}
	at := strings.LastIndexByte(addr.Address, '@')
	return addr.Address[:at] + strings.ToLower(addr.Address[at:])
}

// Validate checks a normalized record against the states of t; the error
// is a *FieldError naming the first field that is wrong.
func (m Mission) Validate(t *states.Table) error {
	if err := ValidState(t, m.State); err != nil {
		return err
	}
	for _, f := range []struct {
		name, value string
		max         int
		lines       bool // may span several lines
	}{
		{"station", m.Station, MaxStation, false},
		{"postal_address", m.PostalAddress, MaxPostal, true},
		{"head_name", m.HeadName, MaxHeadName, false},
		{"head_title", m.HeadTitle, MaxHeadTitle, false},
		{"salutation", m.Salutation, MaxSalutation, false},
	} {
		if n := utf8.RuneCountInString(f.value); n > f.max {
			return &FieldError{f.name, fmt.Sprintf("%d characters; at most %d", n, f.max)}
		}
		if i := strings.IndexFunc(f.value,
			func(r rune) bool { return unicode.IsControl(r) && !(f.lines && r == '\n') }); i >= 0 {
			return &FieldError{f.name,
				fmt.Sprintf("control character %U at character %d", []rune(f.value[i:])[0],
					utf8.RuneCountInString(f.value[:i])+1)}
		}
	}
	if m.Station == "" {
		return &FieldError{"station", "required"}
	}
	if err := validEmails(m.Emails); err != nil {
		return err
	}
	if m.Language != "" && !slices.Contains(Languages, m.Language) {
		return &FieldError{"language",
			fmt.Sprintf("%q is not a UN language: want ar, zh, en, fr, ru or es, or nothing for English", m.Language)}
	}
	return nil
}

// ValidState checks that code is the upper-case alpha-3 code of a UN
// member or observer state of t; the error is a *FieldError on iso3.
func ValidState(t *states.Table, code string) error {
	if code == "" {
		return &FieldError{"iso3", "required"}
	}
	st, ok := t.Lookup(code)
	if !ok || st.Code != code {
		return &FieldError{"iso3",
			fmt.Sprintf("%q is not the ISO 3166 alpha-3 code of a UN member or observer state", code)}
	}
	if st.Status != states.Member && st.Status != states.Observer {
		return &FieldError{"iso3", fmt.Sprintf("%s (%s) is not a UN member or observer state", st.Code, st.Name)}
	}
	return nil
}

func validEmails(emails []string) error {
	if len(emails) > MaxEmails {
		return &FieldError{"email", fmt.Sprintf("%d addresses; at most %d", len(emails), MaxEmails)}
	}
	for _, e := range emails {
		addr, err := mail.ParseAddress(e)
		if err != nil || addr.Address != e {
			return &FieldError{"email", fmt.Sprintf("%q is not an e-mail address (separate several with \";\")", e)}
		}
		if at := strings.LastIndexByte(e, '@'); !strings.Contains(e[at+1:], ".") {
			return &FieldError{"email", fmt.Sprintf("%q has no domain such as example.org after the @", e)}
		}
		if len(e) > MaxEmail {
			return &FieldError{"email", fmt.Sprintf("%q is longer than %d characters", e, MaxEmail)}
		}
	}
	return nil
}

// States are the states the directory covers — the UN member and observer
// states of t — sorted by code.
func States(t *states.Table) []states.State {
	return slices.DeleteFunc(t.All(), func(s states.State) bool {
		return s.Status != states.Member && s.Status != states.Observer
	})
}
