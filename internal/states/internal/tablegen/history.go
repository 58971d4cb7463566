package tablegen

import (
	"fmt"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states"
)

// addHistory adds the former members and the EU from history.tsv, with
// codes and names from iso_3166-3.json where the row names an entry.
func (b *builder) addHistory() error {
	for _, r := range b.src.history {
		s, err := b.historyState(r)
		if err != nil {
			return err
		}
		if _, dup := b.states[s.Code]; dup {
			return r.errorf("history.tsv", "code %s is already in un_states.csv or history.tsv", s.Code)
		}
		b.states[s.Code] = s
		b.addHistoryNames(s)
		if iso, ok := b.src.iso3[r.fields["iso3166_3"]]; ok {
			b.names.add(iso.Name, s.Code, "iso3166-3")
			if u := uninvert(iso.Name); u != "" {
				b.names.add(u, s.Code, "iso3166-3")
			}
		}
	}
	return nil
}

func (b *builder) historyState(r tsvRow) (*states.State, error) {
	f := r.fields
	s := &states.State{
		Code: f["code"], M49: f["m49"], Name: f["name"], FormalName: f["formal_name"],
		NameFR: f["name_fr"], NameES: f["name_es"], Status: states.Status(f["status"]),
		Admitted: f["admitted"], Until: f["until"], ContinuedBy: f["continued_by"], Note: f["note"],
	}
	if f["successors"] != "" {
		s.Successors = strings.Split(f["successors"], ",")
	}
	if code := f["iso3166_3"]; code != "" {
		iso, ok := b.src.iso3[code]
		if !ok || code != s.Code {
			return nil, r.errorf("history.tsv", "%s is not in iso_3166-3.json under its own code", code)
		}
		fillFromISO3(s, iso)
	}
	if region := f["cldr"]; region != "" {
		en, fr, es, err := cldrNames(region)
		if err != nil {
			return nil, r.errorf("history.tsv", "%v", err)
		}
		b.names.add(en, s.Code, "cldr-en")
		s.NameFR, s.NameES = cmpOr(s.NameFR, fr), cmpOr(s.NameES, es)
	}
	if s.Name == "" || s.FormalName == "" || s.NameFR == "" || s.NameES == "" {
		return nil, r.errorf("history.tsv",
			"%s lacks a name, formal name, French or Spanish name that no source supplies", s.Code)
	}
	return s, nil
}

// fillFromISO3 takes the alpha-4 code, the numeric code and missing names
// from an ISO 3166-3 entry. Its names read "USSR, Union of Soviet Socialist
// Republics": the short name, then the formal one.
func fillFromISO3(s *states.State, iso iso3Entry) {
	s.ISO4 = iso.Alpha4
	s.M49 = cmpOr(s.M49, iso.Numeric)
	short, formal, found := strings.Cut(iso.Name, ", ")
	if !found {
		formal = short
	}
	s.Name = cmpOr(s.Name, short)
	if uninvert(iso.Name) == "" {
		s.FormalName = cmpOr(s.FormalName, formal)
	}
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// addRegionalGroups adds an undated row for each state that un_states.csv
// places in a regional group.
func (b *builder) addRegionalGroups() error {
	for _, r := range b.src.un {
		if g := groupOrEmpty(r.Group); g != "" {
			b.memberships = append(b.memberships, states.Membership{Group: g, Code: r.ISO3, Source: sourceUNStates})
		}
	}
	return nil
}

// addHandGroups applies groups.tsv: a row for a state and group that
// un_states.csv already gives replaces that row; a row for a current state
// in another group is an error; rows for former entities are added and
// set their RegionalGroup.
func (b *builder) addHandGroups() error {
	for _, r := range b.src.groups {
		m := membershipOf(r)
		s, ok := b.states[m.Code]
		switch {
		case m.Source == "":
			return r.errorf("groups.tsv", "a membership needs a source")
		case !validGroup(m.Group):
			return r.errorf("groups.tsv", "unknown regional group %q", m.Group)
		case !ok:
			return r.errorf("groups.tsv", "unknown code %q", m.Code)
		case s.Status == states.Former && s.RegionalGroup == "":
			s.RegionalGroup = m.Group
			b.memberships = append(b.memberships, m)
		case s.RegionalGroup != m.Group:
			return r.errorf("groups.tsv", "%s is in %q according to un_states.csv, not %q", m.Code,
				s.RegionalGroup, m.Group)
		default:
			b.replaceMembership(m)
		}
	}
	return nil
}

func (b *builder) replaceMembership(m states.Membership) {
	for i, old := range b.memberships {
		if old.Group == m.Group && old.Code == m.Code {
			b.memberships[i] = m
		}
	}
}

// addEU adds the European Union rows of eu_members.csv.
func (b *builder) addEU() error {
	for _, r := range b.src.eu {
		if _, ok := b.states[r.ISO3]; !ok {
			return fmt.Errorf("eu_members.csv: unknown code %q", r.ISO3)
		}
		b.memberships = append(b.memberships,
			states.Membership{Group: states.GroupEuropeanUnion, Code: r.ISO3, From: r.Joined, Until: r.Left,
				Source: sourceEUMembers})
	}
	return nil
}

// addAliases declares the hand-written names of aliases.tsv.
func (b *builder) addAliases() error {
	for _, r := range b.src.aliases {
		name, codes := r.fields["name"], r.fields["codes"]
		var list []string
		if codes != "-" {
			list = strings.Split(codes, ",")
		}
		for _, c := range list {
			if _, ok := b.states[c]; !ok {
				return r.errorf("aliases.tsv", "unknown code %q for %q", c, name)
			}
		}
		if err := b.names.declare(name, list); err != nil {
			return r.errorf("aliases.tsv", "%v", err)
		}
	}
	return nil
}
