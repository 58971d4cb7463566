// Package organization is the coalition's registry of organizations: who
// they are, where they work, the names they go by. It holds no SQL and no
// HTTP.
package organization

import (
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/fold"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/states"
)

// Type is what kind of organization it is.
type Type string

// The types.
const (
	NGO        Type = "ngo"
	Network    Type = "network"
	Academic   Type = "academic"
	FaithBased Type = "faith-based"
	Other      Type = "other"
)

// The most characters a field holds (and, for aliases, how many), here
// and in every form and API body that fills it: internal/web's table of
// fields reads these.
const (
	MaxName    = 300
	MaxAcronym = 30
	MaxPlace   = 300
	MaxWebsite = 500
	MaxNotes   = 10_000
	MaxAliases = 100
)

// Types lists every type, in the order forms show them.
var Types = []Type{NGO, Network, Academic, FaithBased, Other}

// Organization is one entry of the registry.
type Organization struct {
	ID      int64  `json:"id"`
	Name    string `json:"name"`
	Acronym string `json:"acronym,omitempty"`
	// Countries are ISO 3166-1 alpha-3 codes.
	Countries []string `json:"countries"`
	// CountryLabels are the countries as the organization writes them
	// ("USA", "DR Congo"), parallel to Countries; "" means the UN name.
	CountryLabels []string  `json:"country_labels"`
	Place         string    `json:"place,omitempty"` // a region or city that is not a country
	Website       string    `json:"website,omitempty"`
	Type          Type      `json:"type"`
	Aliases       []string  `json:"aliases"`
	Notes         string    `json:"notes,omitempty"`
	MergedInto    int64     `json:"merged_into,omitempty"` // set when merged into another entry
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// Subject is how the audit log names the organization.
func (o Organization) Subject() string { return fmt.Sprintf("organization:%d", o.ID) }

// Entry is the organization as a list shows it.
func (o Organization) Entry() orglist.Entry {
	return orglist.Entry{Name: o.Name, Acronym: o.Acronym, Countries: o.Countries,
		CountryLabels: o.CountryLabels, Place: o.Place}
}

// FromEntry makes a new organization of a list entry.
func FromEntry(e orglist.Entry) Organization {
	return Organization{Name: e.Name, Acronym: e.Acronym, Countries: e.Countries,
		CountryLabels: e.CountryLabels, Place: e.Place, Type: NGO}
}

// FieldError says which field is wrong and why.
type FieldError struct{ Field, Problem string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

// Normalize trims every field, drops empty and repeated aliases, and fills
// the country labels so that they run parallel to the countries.
func (o *Organization) Normalize() {
	o.Name = strings.Join(strings.Fields(o.Name), " ")
	o.Acronym = strings.TrimSpace(o.Acronym)
	o.Place = strings.TrimSpace(o.Place)
	o.Website = strings.TrimSpace(o.Website)
	o.Notes = strings.TrimSpace(o.Notes)
	for i := range o.Countries {
		o.Countries[i] = strings.ToUpper(strings.TrimSpace(o.Countries[i]))
	}
	labels := make([]string, len(o.Countries))
	copy(labels, o.CountryLabels)
	o.CountryLabels = labels
	var aliases []string
	for _, a := range o.Aliases {
		a = strings.Join(strings.Fields(a), " ")
		if a != "" && a != o.Name && !slices.Contains(aliases, a) {
			aliases = append(aliases, a)
		}
	}
	o.Aliases = aliases
	if o.Countries == nil {
		o.Countries = []string{}
	}
	if o.Aliases == nil {
		o.Aliases = []string{}
	}
	if o.Type == "" {
		o.Type = Other
	}
}

// Validate checks a normalized organization; the error names the field.
func (o Organization) Validate() error {
	switch {
	case o.Name == "":
		return &FieldError{"name", "required"}
	case utf8.RuneCountInString(o.Name) > MaxName:
		return &FieldError{"name", fmt.Sprintf("at most %d characters", MaxName)}
	case utf8.RuneCountInString(o.Acronym) > MaxAcronym:
		return &FieldError{"acronym", fmt.Sprintf("at most %d characters", MaxAcronym)}
	case utf8.RuneCountInString(o.Place) > MaxPlace:
		return &FieldError{"place", fmt.Sprintf("at most %d characters", MaxPlace)}
	case utf8.RuneCountInString(o.Website) > MaxWebsite:
		return &FieldError{"website", fmt.Sprintf("at most %d characters", MaxWebsite)}
	case !slices.Contains(Types, o.Type):
		return &FieldError{"type", fmt.Sprintf("%q is not one of ngo, network, academic, faith-based, other", o.Type)}
	case utf8.RuneCountInString(o.Notes) > MaxNotes:
		return &FieldError{"notes", fmt.Sprintf("at most %d characters", MaxNotes)}
	case len(o.Aliases) > MaxAliases:
		return &FieldError{"aliases", fmt.Sprintf("at most %d names", MaxAliases)}
	}
	for _, a := range o.Aliases {
		if utf8.RuneCountInString(a) > MaxName {
			return &FieldError{"aliases", fmt.Sprintf("%.40q…: at most %d characters", a, MaxName)}
		}
	}
	for _, c := range o.Countries {
		if _, ok := states.Default().Lookup(c); !ok || len(c) != 3 {
			return &FieldError{"countries", fmt.Sprintf("%q is not an ISO 3166 alpha-3 code of a state", c)}
		}
	}
	if o.Website != "" {
		u, err := url.Parse(WebsiteURL(o.Website))
		if err != nil || u.Host == "" || !strings.Contains(u.Host, ".") {
			return &FieldError{"website", fmt.Sprintf("%q is not a web address", o.Website)}
		}
	}
	return nil
}

// WebsiteURL adds https:// to a bare domain.
func WebsiteURL(site string) string {
	if site == "" || strings.Contains(site, "://") {
		return site
	}
	return "https://" + site
}

// Merge records that one entry (the source) was merged into another (the
// target): the source stays, marked as merged, and the target gained the
// source's names as aliases. Undoing it removes those aliases again and
// makes the source an entry of its own.
type Merge struct {
	ID           int64     `json:"id"`
	SourceID     int64     `json:"source_id"`
	TargetID     int64     `json:"target_id"`
	AddedAliases []string  `json:"added_aliases"`
	CreatedAt    time.Time `json:"created_at"`
	UndoneAt     time.Time `json:"undone_at,omitzero"`
}

// Undone reports whether the merge was undone.
func (m Merge) Undone() bool { return !m.UndoneAt.IsZero() }

// NamesOf are the names a merge moves from the source to the target: its
// name, its acronym and its aliases, less those the target already has.
func NamesOf(source, target Organization) []string {
	var added []string
	for _, n := range append([]string{source.Name, source.Acronym}, source.Aliases...) {
		if n != "" && n != target.Name && n != target.Acronym && !slices.Contains(target.Aliases,
			n) && !slices.Contains(added, n) {
			added = append(added, n)
		}
	}
	return added
}

// SearchText is what a search matches: the names, folded to lower case
// without accents, separated by newlines.
func SearchText(o Organization) string {
	parts := append([]string{o.Name, o.Acronym, o.Place, o.Website}, o.Aliases...)
	parts = append(parts, o.CountryLabels...)
	return Fold(strings.Join(parts, "\n"))
}

// Fold lower-cases s and strips its accents (fold.String), for searching:
// the search text that the store keeps and the queries run against it must
// be folded alike.
func Fold(s string) string { return fold.String(s) }
