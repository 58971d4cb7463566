// Package signon is about one organization's endorsement of a campaign's
// letter, as the sign-on page takes it: what it gave on the sign-on form, how it wants to be shown, and
// where the endorsement is in its life (waiting for the e-mail
// confirmation, confirmed, approved, rejected, withdrawn). It holds no SQL
// and no HTTP.
package signon

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/states"
)

// Status is where a signature is in its life.
type Status string

// The statuses. Only confirmed and approved signatures count anywhere
// public; only approved ones are named.
const (
	Pending   Status = "pending"   // waiting for the contact to confirm by e-mail
	Confirmed Status = "confirmed" // the contact confirmed; staff have not reviewed it
	Approved  Status = "approved"  // staff approved it
	Rejected  Status = "rejected"  // staff rejected it
	Withdrawn Status = "withdrawn" // the organization withdrew it
)

// Display is how the organization wants to appear in the published list.
type Display string

// The ways to be shown.
const (
	Named     Display = "named"     // by name, acronym and countries
	Anonymous Display = "anonymous" // as "an organization in [country]"
	Counted   Display = "counted"   // only in the total
)

// The most characters each field holds, here and on the sign-on form:
// internal/web's table of fields reads these.
const (
	MaxName        = organization.MaxName
	MaxAcronym     = organization.MaxAcronym
	MaxCity        = 200
	MaxWebsite     = organization.MaxWebsite
	MaxContactName = 200
	MaxEmail       = 254 // the longest address SMTP carries (RFC 5321)
)

// Displays lists the ways, in the order the form offers them.
var Displays = []Display{Named, Anonymous, Counted}

// Signature is one organization's endorsement.
type Signature struct {
	ID            int64
	CampaignID    int64
	Version       int // the version of the letter endorsed
	Name          string
	Acronym       string
	Countries     []string // ISO3
	CountryLabels []string
	City          string
	Website       string
	Type          organization.Type
	ContactName   string // never public
	ContactEmail  string // never public
	Display       Display
	Lang          string // the language the organization signed in
	Status        Status
	CreatedAt     time.Time
	ConfirmedAt   time.Time
	// OrganizationID links an approved signature to the registry.
	OrganizationID int64
	RejectReason   string
	// DuplicateOf is the signature a rejected duplicate repeats.
	DuplicateOf int64
}

// Subject is how the audit log names the signature.
func (s Signature) Subject() string { return fmt.Sprintf("signature:%d", s.ID) }

// Entry is the signature as the published list shows it: named, or, for
// an anonymous one, anonymousName alone — the caller's translation of "An
// organization in Country".
func (s Signature) Entry(anonymousName string) orglist.Entry {
	if s.Display == Anonymous {
		return orglist.Entry{Name: anonymousName}
	}
	return orglist.Entry{Name: s.Name, Acronym: s.Acronym, Countries: s.Countries,
		CountryLabels: s.CountryLabels, Place: s.City}
}

// CountryNames is the signature's countries as the signer wrote them: the
// label they used, else the UN short name, joined with commas.
func (s Signature) CountryNames() string {
	names := make([]string, len(s.Countries))
	for i, code := range s.Countries {
		switch st, ok := states.Default().Lookup(code); {
		case i < len(s.CountryLabels) && s.CountryLabels[i] != "":
			names[i] = s.CountryLabels[i]
		case ok:
			names[i] = st.Name
		default:
			names[i] = code
		}
	}
	return strings.Join(names, ", ")
}

// Published is the list the public sees of a campaign's public signatures
// (confirmed and approved), its current version being version: the entries
// of those who signed it, then of those who signed an earlier version, and
// the number of those counted but not named. anonymous gives the name of an
// anonymous signature in the reader's language, such as "An organization
// in Ghana".
func Published(sigs []Signature, version int, anonymous func(Signature) string) (current, older []orglist.Entry,
	counted int) {
	for _, sig := range sigs {
		var e orglist.Entry
		switch sig.Display {
		case Counted:
			counted++
			continue
		case Anonymous:
			e = sig.Entry(anonymous(sig))
		default:
			e = sig.Entry("")
		}
		if sig.Version < version {
			older = append(older, e)
		} else {
			current = append(current, e)
		}
	}
	return current, older, counted
}

// FieldError says which form field is wrong, so that the page can put the
// message beside it. Problem is the English text; Code and Args let a page
// say it in the reader's language (see Problems).
type FieldError struct {
	Field, Problem string
	Code           string // required, max_chars, choose_country, not_un_state, not_web_address, choose_type, not_email, choose_display
	Args           []any  // the values the problem names, in the order of its text
}

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Normalize trims the fields and lower-cases the e-mail address.
func (s *Signature) Normalize() {
	for _, f := range []*string{&s.Name, &s.Acronym, &s.City, &s.Website, &s.ContactName} {
		*f = strings.Join(strings.Fields(*f), " ")
	}
	s.ContactEmail = strings.ToLower(strings.TrimSpace(s.ContactEmail))
	labels := make([]string, len(s.Countries))
	copy(labels, s.CountryLabels)
	s.CountryLabels = labels
}

// Validate checks what the sign-on form gave; the error names the first
// field that is wrong.
func (s Signature) Validate() error {
	if p := s.Problems(); len(p) > 0 {
		return p[0]
	}
	return nil
}

// problemTexts are the problems in English, by code; the web catalogues
// have them as sign.problem.CODE in every language.
var problemTexts = map[string]string{
	"required":        "required",
	"max_chars":       "at most %d characters",
	"choose_country":  "choose at least one country",
	"not_un_state":    "%q is not a UN member or observer state",
	"not_web_address": "%q is not a web address",
	"choose_type":     "choose a type",
	"not_email":       "%q is not an e-mail address",
	"choose_display":  "choose how to be shown",
}

// Problems lists every field that is wrong, so that a form can mark them
// all at once.
func (s Signature) Problems() []*FieldError {
	var problems []*FieldError
	add := func(field, code string, args ...any) {
		problems = append(problems,
			&FieldError{Field: field, Problem: fmt.Sprintf(problemTexts[code], args...), Code: code, Args: args})
	}
	switch n := utf8.RuneCountInString(s.Name); {
	case n == 0:
		add("name", "required")
	case n > MaxName:
		add("name", "max_chars", MaxName)
	}
	if utf8.RuneCountInString(s.Acronym) > MaxAcronym {
		add("acronym", "max_chars", MaxAcronym)
	}
	if len(s.Countries) == 0 {
		add("countries", "choose_country")
	}
	for _, c := range s.Countries {
		if st, ok := states.Default().Lookup(c); !ok || (st.Status != states.Member && st.Status != states.Observer) {
			add("countries", "not_un_state", c)
			break
		}
	}
	if utf8.RuneCountInString(s.City) > MaxCity {
		add("city", "max_chars", MaxCity)
	}
	if utf8.RuneCountInString(s.Website) > MaxWebsite {
		add("website", "max_chars", MaxWebsite)
	} else if s.Website != "" {
		o := organization.Organization{Name: "x", Website: s.Website, Type: organization.Other}
		if err := o.Validate(); err != nil {
			add("website", "not_web_address", s.Website)
		}
	}
	if !slices.Contains(organization.Types, s.Type) {
		add("type", "choose_type")
	}
	switch n := utf8.RuneCountInString(s.ContactName); {
	case n == 0:
		add("contact_name", "required")
	case n > MaxContactName:
		add("contact_name", "max_chars", MaxContactName)
	}
	if utf8.RuneCountInString(s.ContactEmail) > MaxEmail {
		add("contact_email", "max_chars", MaxEmail)
	} else if a, err := mail.ParseAddress(s.ContactEmail); err != nil || a.Address != s.ContactEmail {
		add("contact_email", "not_email", s.ContactEmail)
	}
	if !slices.Contains(Displays, s.Display) {
		add("display", "choose_display")
	}
	return problems
}

// AddressKey is the mailbox an e-mail address reaches, for counting: the
// address lower-cased without its plus-tag ("ama+r2p@example.org" is
// "ama@example.org"), and, at Gmail, without the dots of its local part,
// which Gmail ignores ("a.ma@googlemail.com" is "ama@gmail.com"). One
// mailbox is one contact for the per-address limit and for "one
// organization, one signature"; the address itself is kept as given. An
// address without an @ is only lower-cased.
func AddressKey(address string) string {
	address = strings.ToLower(strings.TrimSpace(address))
	at := strings.LastIndexByte(address, '@')
	if at < 0 {
		return address
	}
	local, domain := address[:at], address[at+1:]
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	if domain == "gmail.com" || domain == "googlemail.com" {
		domain = "gmail.com"
		if undotted := strings.ReplaceAll(local, ".", ""); undotted != "" {
			local = undotted
		}
	}
	return local + "@" + domain
}

// Public reports whether the signature counts in public.
func (s Signature) Public() bool { return s.Status == Confirmed || s.Status == Approved }
