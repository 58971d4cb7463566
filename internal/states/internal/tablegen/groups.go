package tablegen

import (
	"fmt"
	"slices"

	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/states/internal/namekey"
)

// The sources of the memberships generated from shared/reference.
const (
	sourceUNStates  = "shared/reference/un_states.csv (S1: UN DGACM, Regional groups of Member States)"
	sourceEUMembers = "shared/reference/eu_members.csv (EU1-EU6)"
)

// handGroups are the groups whose memberships memberships.tsv holds; the
// regional groups and the EU come from shared/reference and groups.tsv,
// and "United Nations" is derived from the admission dates.
var handGroups = []string{states.GroupNordic, states.GroupNonAligned, states.GroupArab, states.GroupCaribbean,
	states.GroupFriendsOfR2P}

// groupName is one name by which ResolveGroup finds a group.
type groupName struct{ name, group, lang string }

func membershipOf(r tsvRow) states.Membership {
	f := r.fields
	return states.Membership{Group: f["group"], Code: f["code"], From: f["from"], Until: f["until"],
		Source: f["source"], Note: f["note"]}
}

// addMemberships adds the rows of memberships.tsv. The parser, which reads
// the generated table back, checks the dates and that no two spells of a
// state in one group overlap.
func (b *builder) addMemberships() error {
	for _, r := range b.src.memberships {
		m := membershipOf(r)
		s, ok := b.states[m.Code]
		switch {
		case !slices.Contains(handGroups, m.Group):
			return r.errorf("memberships.tsv", "group %q is not one of %v", m.Group, handGroups)
		case !ok:
			return r.errorf("memberships.tsv", "unknown code %q", m.Code)
		case m.Source == "":
			return r.errorf("memberships.tsv", "%s in %q has no source", m.Code, m.Group)
		case m.From == "" && (s.Status == states.Observer || s.Status == states.Organization):
			return r.errorf("memberships.tsv", "%s is not a UN member: its membership of %q needs a from date",
				m.Code, m.Group)
		}
		b.memberships = append(b.memberships, m)
	}
	return nil
}

// addGroupNames collects the names of the groups: each group's own name,
// then the names of group_names.tsv. Two names with the same key are an
// error, even for the same group, so that the file has no dead lines.
func (b *builder) addGroupNames() error {
	seen := map[string]string{}
	add := func(n groupName, where string) error {
		key := namekey.Key(n.name)
		if first, dup := seen[key]; dup {
			return fmt.Errorf("%s: group name %q has the key %q of %s", where, n.name, key, first)
		}
		seen[key] = fmt.Sprintf("%q (%s)", n.name, n.group)
		b.groupNames = append(b.groupNames, n)
		return nil
	}
	for _, g := range states.Groups() {
		if err := add(groupName{g, g, "en"}, "states.Groups"); err != nil {
			return err
		}
	}
	for _, r := range b.src.groupNames {
		n := groupName{r.fields["name"], r.fields["group"], r.fields["lang"]}
		switch {
		case !slices.Contains(states.Groups(), n.group):
			return r.errorf("group_names.tsv", "unknown group %q", n.group)
		case !slices.Contains([]string{"en", "fr", "es"}, n.lang):
			return r.errorf("group_names.tsv", "lang %q is not en, fr or es", n.lang)
		}
		if err := add(n, fmt.Sprintf("group_names.tsv:%d", r.line)); err != nil {
			return err
		}
	}
	return nil
}
