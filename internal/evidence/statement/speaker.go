package statement

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/states"
)

// SpeakerKind says who made a statement.
type SpeakerKind string

// The kinds of speaker.
const (
	// State: a member or observer state, or a former member (the USSR in
	// 1985), named by its code in the states reference table.
	State SpeakerKind = "state"
	// Organization: the European Union (EUU, in the reference table), the
	// African Union, the ICRC and the other Organizations.
	Organization SpeakerKind = "organization"
	// Official: the President of the General Assembly, the
	// Secretary-General and the other Officials, and presiding officers.
	Official SpeakerKind = "official"
)

// Speaker is an organization or an official with a code of its own.
type Speaker struct {
	Code string
	Kind SpeakerKind
	Name string
}

// Organizations are the organizations that speak at UN debates, besides
// the European Union, which is in the states reference table as EUU.
// Their codes are r2p's own.
var Organizations = []Speaker{
	{"AU", Organization, "African Union"},
	{"ICRC", Organization, "International Committee of the Red Cross"},
	{"OIC", Organization, "Organisation of Islamic Cooperation"},
	{"LAS", Organization, "League of Arab States"},
	{"OIF", Organization, "International Organisation of La Francophonie"},
	{"SMOM", Organization, "Sovereign Military Order of Malta"},
}

// Officials are the offices whose holders speak at UN debates. Their
// codes are r2p's own.
var Officials = []Speaker{
	{"PGA", Official, "President of the General Assembly"},
	{"SG", Official, "Secretary-General"},
	{"DSG", Official, "Deputy Secretary-General"},
	{"PSC", Official, "President of the Security Council"},
	{"PHRC", Official, "President of the Human Rights Council"},
	{"HCHR", Official, "United Nations High Commissioner for Human Rights"},
	{"SAPG", Official, "Special Adviser on the Prevention of Genocide"},
	{"SAR2P", Official, "Special Adviser on the Responsibility to Protect"},
}

// LookupSpeaker returns the organization or official with code.
func LookupSpeaker(code string) (Speaker, bool) {
	for _, list := range [][]Speaker{Organizations, Officials} {
		if i := slices.IndexFunc(list, func(s Speaker) bool { return s.Code == code }); i >= 0 {
			return list[i], true
		}
	}
	return Speaker{}, false
}

// ResolveSpeaker finds the speaker that name refers to: a code of the
// states table (FRA, EUU) or of Organizations and Officials (AU, SG), the
// name of a state ("France", "DR Congo"), or the name of an organization or
// an office, with or without a leading "the". It returns the kind and the
// code.
func ResolveSpeaker(table *states.Table, name string) (SpeakerKind, string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", "", fmt.Errorf("no speaker")
	}
	if st, ok := table.Lookup(strings.ToUpper(name)); ok && len(name) == 3 {
		return stateKind(st), st.Code, nil
	}
	if sp, ok := LookupSpeaker(strings.ToUpper(name)); ok {
		return sp.Kind, sp.Code, nil
	}
	bare := strings.TrimPrefix(strings.TrimPrefix(name, "the "), "The ")
	for _, list := range [][]Speaker{Organizations, Officials} {
		for _, sp := range list {
			if strings.EqualFold(bare, sp.Name) {
				return sp.Kind, sp.Code, nil
			}
		}
	}
	st, err := table.Resolve(name)
	if err != nil {
		return "", "", err
	}
	return stateKind(st), st.Code, nil
}

func stateKind(st states.State) SpeakerKind {
	if st.Status == states.Organization {
		return Organization
	}
	return State
}

// Statement is what one speaker said at an event.
type Statement struct {
	ID      int64       `json:"id"`
	EventID int64       `json:"event_id"`
	Kind    SpeakerKind `json:"speaker_kind"`
	// Speaker is the code of the state (ISO 3166-1 alpha-3, or the
	// reference table's code of a former member or the EU), organization
	// or office; "" for an organization or office r2p has no code for,
	// which SpeakerName then names.
	Speaker      string `json:"speaker"`
	SpeakerName  string `json:"speaker_name"`
	SpeakerTitle string `json:"speaker_title"`
	// OnBehalfOf is, for a joint statement, the group it was made on
	// behalf of: a group of the states table ("European Union") or an ad
	// hoc list, "list:ID".
	OnBehalfOf string `json:"on_behalf_of"`
	// Language is the ISO 639-1 code of the language of Text; "" when not
	// known.
	Language string `json:"language"`
	// Date is the day it was made (YYYY-MM-DD), "" when only the year is
	// known.
	Date string `json:"date"`
	Year int    `json:"year"`
	// Order is the statement's place in the meeting, from 1; 0 when not
	// known.
	Order int `json:"order"`
	// Procedural marks a presiding officer's turn, which runs the meeting
	// rather than states a position; counts leave them out.
	Procedural   bool   `json:"procedural"`
	SourceSymbol string `json:"source_symbol"`
	SourcePage   int    `json:"source_page"`
	SourceURL    string `json:"source_url"`
	SourceFile   string `json:"source_file"`
	// Note is a remark of the importer, such as why a speech of the UN
	// General Debate Corpus is unverified.
	Note string `json:"note"`
	// Text is the statement, as Normalize returned it at import: byte
	// offsets into it stay valid for ever.
	Text string `json:"text"`
	// Hash is the SHA-256 of Text.
	Hash      string    `json:"hash"`
	CreatedAt time.Time `json:"created_at"`
}

// AdHocPrefix starts an OnBehalfOf that names an ad hoc list.
const AdHocPrefix = "list:"

// AdHocID returns the id of the ad hoc list that OnBehalfOf names, if it
// names one.
func AdHocID(onBehalfOf string) (int64, bool) {
	rest, ok := strings.CutPrefix(onBehalfOf, AdHocPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	return id, err == nil && id > 0
}

// Languages maps the names verbatim records and files use for a language
// to its ISO 639-1 code.
var Languages = map[string]string{
	"arabic": "ar", "chinese": "zh", "english": "en", "french": "fr", "russian": "ru", "spanish": "es",
	"german": "de", "portuguese": "pt", "italian": "it", "japanese": "ja",
}

// LanguageCode turns "French", "fr" or "FR" into "fr"; "" stays "".
func LanguageCode(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", true
	}
	if code, ok := Languages[s]; ok {
		return code, true
	}
	for _, code := range Languages {
		if s == code {
			return code, true
		}
	}
	return "", false
}

// MaxTextBytes is the longest statement text r2p keeps. The longest
// speech of the UN General Debate Corpus has 127,872 bytes.
const MaxTextBytes = 4 << 20

// Prepare normalizes st for storing — its text with Normalize, its hash,
// its year from Date (else from the event) — and checks it against the
// states table and the event. It returns a *FieldError naming the field
// that is wrong.
func (st *Statement) Prepare(table *states.Table, ev Event) error {
	st.EventID = ev.ID
	st.Speaker = strings.TrimSpace(st.Speaker)
	st.SpeakerName = strings.Join(strings.Fields(st.SpeakerName), " ")
	st.SpeakerTitle = strings.Join(strings.Fields(st.SpeakerTitle), " ")
	st.OnBehalfOf = strings.TrimSpace(st.OnBehalfOf)
	st.Date = strings.TrimSpace(st.Date)
	st.Text = Normalize(st.Text)
	st.Hash = Hash(st.Text)
	if err := st.checkSpeaker(table); err != nil {
		return err
	}
	if st.OnBehalfOf != "" {
		if _, ok := AdHocID(st.OnBehalfOf); !ok {
			group, ok := table.ResolveGroup(st.OnBehalfOf)
			if !ok {
				return fieldError("on_behalf_of", "%q is not a known group (%s) nor an ad hoc list %sID",
					st.OnBehalfOf, strings.Join(states.Groups(), ", "), AdHocPrefix)
			}
			st.OnBehalfOf = group
		}
	}
	code, ok := LanguageCode(st.Language)
	if !ok {
		return fieldError("language",
			"%q: want an ISO 639-1 code such as en, fr, es, or a language's English name", st.Language)
	}
	st.Language = code
	if st.Date == "" {
		st.Date = ev.Start
	}
	if st.Date != "" {
		d, err := time.Parse(DateLayout, st.Date)
		if err != nil {
			return fieldError("date", "%q is not a date YYYY-MM-DD", st.Date)
		}
		if ev.Start != "" && (st.Date < ev.Start || st.Date > ev.End) {
			return fieldError("date", "%s is outside the event's dates, %s to %s", st.Date, ev.Start, ev.End)
		}
		st.Year = d.Year()
	} else {
		st.Year = ev.Year
	}
	if st.OnBehalfOf != "" && st.Date == "" {
		return fieldError("date", "a statement on behalf of a group needs a date, to know the group's members that day")
	}
	if st.Order < 0 {
		return fieldError("order", "%d is negative", st.Order)
	}
	if st.SourcePage < 0 {
		return fieldError("page", "%d is negative", st.SourcePage)
	}
	if st.SourceURL != "" && !strings.HasPrefix(st.SourceURL, "https://") && !strings.HasPrefix(st.SourceURL,
		"http://") {
		return fieldError("source", "%q: a URL must start with https:// or http://", st.SourceURL)
	}
	if st.Text == "" {
		return fieldError("text", "%v", ErrEmptyText)
	}
	if len(st.Text) > MaxTextBytes {
		return fieldError("text", "%d bytes: the limit is %d MiB", len(st.Text), MaxTextBytes>>20)
	}
	return nil
}

// checkSpeaker fills the kind and the name from the code, or checks them.
func (st *Statement) checkSpeaker(table *states.Table) error {
	if st.Speaker == "" {
		if st.Kind == State {
			return fieldError("speaker", "a state needs its code")
		}
		if st.SpeakerName == "" {
			return fieldError("speaker", "required: a state, an organization or an official")
		}
		if st.Kind == "" {
			st.Kind = Organization
		}
		if st.Kind != Organization && st.Kind != Official {
			return fieldError("speaker_kind", "%q: want state, organization or official", st.Kind)
		}
		return nil
	}
	if s, ok := table.Lookup(st.Speaker); ok && utf8.RuneCountInString(st.Speaker) == 3 {
		kind := stateKind(s)
		if st.Kind != "" && st.Kind != kind {
			return fieldError("speaker_kind", "%s is %s, not %s", s.Code, kind, st.Kind)
		}
		st.Kind, st.Speaker = kind, s.Code
		if st.SpeakerName == "" && st.Procedural {
			st.SpeakerName = s.Name
		}
		return nil
	}
	sp, ok := LookupSpeaker(st.Speaker)
	if !ok {
		kind, code, err := ResolveSpeaker(table, st.Speaker)
		if err != nil {
			return fieldError("speaker", "%q is not a state, organization or official: %v", st.Speaker, err)
		}
		st.Speaker = code
		if st.Kind != "" && st.Kind != kind {
			return fieldError("speaker_kind", "%s is %s, not %s", code, kind, st.Kind)
		}
		st.Kind = kind
		return nil
	}
	if st.Kind != "" && st.Kind != sp.Kind {
		return fieldError("speaker_kind", "%s is %s, not %s", sp.Code, sp.Kind, st.Kind)
	}
	st.Kind = sp.Kind
	if st.SpeakerTitle == "" && sp.Kind == Official {
		st.SpeakerTitle = sp.Name
	}
	return nil
}

// DedupKey says which stored statement st is the same as: within an
// event, a turn of a record (its symbol and order) or else a speaker's
// text (its code or name, and the text's hash). Importing the same file
// twice finds every statement already there.
func (st *Statement) DedupKey() string {
	if st.SourceSymbol != "" && st.Order > 0 {
		return fmt.Sprintf("turn:%s#%d", st.SourceSymbol, st.Order)
	}
	who := st.Speaker
	if who == "" {
		who = string(st.Kind) + ":" + strings.ToLower(st.SpeakerName)
	}
	return "text:" + who + ":" + st.Hash
}

// ReferenceEntry is the speaker's entry in the states reference table: a
// state's, or an organization's that the table holds (the EU). An
// official's code is never looked up there: "SG", the Secretary-General,
// is also Singapore's ISO 3166 alpha-2 code.
func (st *Statement) ReferenceEntry(table *states.Table) (states.State, bool) {
	if st.Kind == Official || len(st.Speaker) != 3 {
		return states.State{}, false
	}
	return table.Lookup(st.Speaker)
}

// DisplayName is how pages name the speaker: the state's or organization's
// name, or the office, else the name as given.
func (st *Statement) DisplayName(table *states.Table) string {
	if s, ok := st.ReferenceEntry(table); ok {
		return s.Name
	}
	if sp, ok := LookupSpeaker(st.Speaker); ok {
		return sp.Name
	}
	if st.SpeakerTitle != "" && st.SpeakerName == "" {
		return st.SpeakerTitle
	}
	return st.SpeakerName
}
