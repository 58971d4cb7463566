// Package campaign is about open letters that organizations sign on to: the
// letter in several languages, its asks, the event it targets, when
// signing opens and closes, and the versions its text went through. It
// holds no SQL and no HTTP.
package campaign

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a campaign is in its life.
type Status string

// The statuses, in order.
const (
	Draft     Status = "draft"     // being written; not public
	Open      Status = "open"      // public and taking signatures
	Closed    Status = "closed"    // public, no longer taking signatures
	Delivered Status = "delivered" // sent to the governments
)

// Statuses are every status, in the order a campaign goes through them.
var Statuses = []Status{Draft, Open, Closed, Delivered}

// next lists the moves a campaign may make: forward, and back from closed
// to open while the letter has not been delivered.
var next = map[Status][]Status{
	Draft:  {Open},
	Open:   {Closed},
	Closed: {Open, Delivered},
}

// CanBecome reports whether a campaign in status s may move to t.
func (s Status) CanBecome(t Status) bool { return slices.Contains(next[s], t) }

// The most characters a field holds (and, for asks, how many), here and
// in the campaign form and API: internal/web's table of fields reads
// these.
const (
	MaxSlug           = 60
	MaxEventName      = 300
	MaxEventPlace     = 300
	MaxTitle          = 300
	MaxBody           = 100_000
	MaxAsks           = 20
	MaxAskLabel       = 300
	MaxAskDescription = 1000
)

// Languages are the UN's six official languages, the ones a letter can be
// written in.
var Languages = []string{"ar", "zh", "en", "fr", "ru", "es"}

// Ask is one thing the letter asks governments to do, such as "Welcome the
// Secretary-General's report A/63/677".
type Ask struct {
	Label       string `json:"label"`
	Description string `json:"description,omitempty"`
}

// Text is the letter in one language.
type Text struct {
	Lang  string `json:"lang"`  // ISO 639-1, one of Languages
	Title string `json:"title"` // the campaign's title in that language
	Body  string `json:"body"`  // the letter, in Markdown
	Asks  []Ask  `json:"asks"`
}

// Version is the letter's text in every language at one moment. Editing
// the text of an open campaign makes a new version, so that each signature
// says what its organization endorsed.
type Version struct {
	ID         int64     `json:"id"`
	CampaignID int64     `json:"campaign_id"`
	Number     int       `json:"number"` // 1, 2, ...
	Texts      []Text    `json:"texts"`
	CreatedAt  time.Time `json:"created_at"`
}

// Text returns the version's text in lang, else in English, else the first
// one there is.
func (v Version) Text(lang string) Text {
	for _, want := range []string{lang, "en"} {
		if i := slices.IndexFunc(v.Texts, func(t Text) bool { return t.Lang == want }); i >= 0 {
			return v.Texts[i]
		}
	}
	if len(v.Texts) > 0 {
		return v.Texts[0]
	}
	return Text{}
}

// Event is the UN meeting a letter targets.
type Event struct {
	Name  string `json:"name"`
	Date  string `json:"date,omitempty"` // YYYY-MM-DD
	Place string `json:"place,omitempty"`
}

// Campaign is one open letter and its sign-on.
type Campaign struct {
	ID     int64  `json:"id"`
	Slug   string `json:"slug"` // in the public address /c/{slug}
	Status Status `json:"status"`
	Event  Event  `json:"event"`
	// OpensAt and Deadline bound the sign-on; TimeZone is the zone the
	// secretariat gave them in, for showing them back.
	OpensAt  time.Time `json:"opens_at,omitzero"`
	Deadline time.Time `json:"deadline,omitzero"`
	TimeZone string    `json:"time_zone"`
	// AutoApprove approves a confirmed signature without review when the
	// organization is already in the registry.
	AutoApprove bool      `json:"auto_approve"`
	Version     int       `json:"version"` // the current version's number
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

// Subject is how the audit log names the campaign.
func (c Campaign) Subject() string { return fmt.Sprintf("campaign:%d", c.ID) }

// ConfirmsSignatures reports whether a pending signature of a campaign in
// status s may still be confirmed: while it is open, the deadline passed
// or not (the signature was made before it); once it is closed or
// delivered, the list is what staff closed and the governments received.
func (s Status) ConfirmsSignatures() bool { return s == Open }

// TakesSignatures reports whether an organization may sign at t.
func (c Campaign) TakesSignatures(t time.Time) bool {
	return c.Status == Open && (c.OpensAt.IsZero() || !t.Before(c.OpensAt)) &&
		(c.Deadline.IsZero() || t.Before(c.Deadline))
}

// FieldError says which field is wrong and why.
type FieldError struct{ Field, Problem string }

func (e *FieldError) Error() string { return e.Field + ": " + e.Problem }

var slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// Validate checks the campaign's own fields; the error names the field.
func (c Campaign) Validate() error {
	switch {
	case !slugPattern.MatchString(c.Slug) || len(c.Slug) > MaxSlug:
		return &FieldError{"slug", fmt.Sprintf(
			"%q: lower-case letters, digits and single hyphens, at most %d characters (e.g. ga-2009)", c.Slug, MaxSlug)}
	case !slices.Contains([]Status{Draft, Open, Closed, Delivered}, c.Status):
		return &FieldError{"status", fmt.Sprintf("%q is not draft, open, closed or delivered", c.Status)}
	case strings.TrimSpace(c.Event.Name) == "":
		return &FieldError{"event.name", "required: the UN event the letter targets"}
	case utf8.RuneCountInString(c.Event.Name) > MaxEventName:
		return &FieldError{"event.name", fmt.Sprintf("at most %d characters", MaxEventName)}
	case utf8.RuneCountInString(c.Event.Place) > MaxEventPlace:
		return &FieldError{"event.place", fmt.Sprintf("at most %d characters", MaxEventPlace)}
	}
	if c.Event.Date != "" {
		if _, err := time.Parse(time.DateOnly, c.Event.Date); err != nil {
			return &FieldError{"event.date", fmt.Sprintf("%q: want YYYY-MM-DD", c.Event.Date)}
		}
	}
	if _, err := time.LoadLocation(c.TimeZone); err != nil || c.TimeZone == "" {
		return &FieldError{"time_zone",
			fmt.Sprintf("%q is not a time zone such as America/New_York or UTC", c.TimeZone)}
	}
	if !c.OpensAt.IsZero() && !c.Deadline.IsZero() && !c.Deadline.After(c.OpensAt) {
		return &FieldError{"deadline", "must come after the opening"}
	}
	return nil
}

// ValidateTexts checks a version's texts: at least one, each in a UN
// language at most once, each with a title, a letter and asks that have
// labels.
func ValidateTexts(texts []Text) error {
	if len(texts) == 0 {
		return &FieldError{"texts", "the letter needs a text in at least one language"}
	}
	seen := map[string]bool{}
	for _, t := range texts {
		field := "texts." + t.Lang
		switch {
		case !slices.Contains(Languages, t.Lang):
			return &FieldError{"texts", fmt.Sprintf("language %q: want one of ar, zh, en, fr, ru, es", t.Lang)}
		case seen[t.Lang]:
			return &FieldError{field, "given twice"}
		case strings.TrimSpace(t.Title) == "":
			return &FieldError{field + ".title", "required"}
		case utf8.RuneCountInString(t.Title) > MaxTitle:
			return &FieldError{field + ".title", fmt.Sprintf("at most %d characters", MaxTitle)}
		case strings.TrimSpace(t.Body) == "":
			return &FieldError{field + ".body", "required: the letter"}
		case utf8.RuneCountInString(t.Body) > MaxBody:
			return &FieldError{field + ".body", fmt.Sprintf("at most %d characters", MaxBody)}
		case len(t.Asks) > MaxAsks:
			return &FieldError{field + ".asks", fmt.Sprintf("at most %d asks", MaxAsks)}
		}
		for i, a := range t.Asks {
			switch {
			case strings.TrimSpace(a.Label) == "":
				return &FieldError{fmt.Sprintf("%s.asks[%d].label", field, i), "required"}
			case utf8.RuneCountInString(a.Label) > MaxAskLabel:
				return &FieldError{fmt.Sprintf("%s.asks[%d].label", field, i),
					fmt.Sprintf("at most %d characters", MaxAskLabel)}
			case utf8.RuneCountInString(a.Description) > MaxAskDescription:
				return &FieldError{fmt.Sprintf("%s.asks[%d].description", field, i),
					fmt.Sprintf("at most %d characters", MaxAskDescription)}
			}
		}
		seen[t.Lang] = true
	}
	return nil
}
