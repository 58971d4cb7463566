// Package tablegen builds internal/states/data/states.tsv from its sources:
// the checked table in shared/reference, Debian iso-codes, CLDR names from
// golang.org/x/text and the hand-maintained files in internal/states/gen.
// The command internal/states/gen runs it; a test of package states runs it
// too and compares the result with the committed file.
package tablegen

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/states"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// DefaultISOVersion is the version of Debian iso-codes the committed table
// was generated from.
const DefaultISOVersion = "4.15.0-1"

// Config says where the sources are.
type Config struct {
	ReferenceDir string // shared/reference: un_states.csv, eu_members.csv
	ISOCodesDir  string // iso-codes JSON: iso_3166-1.json, iso_3166-3.json
	InputDir     string // internal/states/gen: history.tsv, groups.tsv, memberships.tsv, group_names.tsv, aliases.tsv, translations.tsv
	ISOVersion   string // the iso-codes version, named in the header
}

// sources holds every input, loaded.
type sources struct {
	cfg          Config
	un           []unRow
	eu           []euRow
	iso1         map[string]iso1Entry
	iso3         map[string]iso3Entry
	history      []tsvRow
	groups       []tsvRow
	memberships  []tsvRow
	groupNames   []tsvRow
	aliases      []tsvRow
	translations []tsvRow
}

// Generate returns the contents of data/states.tsv.
func Generate(cfg Config) ([]byte, error) {
	src, err := load(cfg)
	if err != nil {
		return nil, fmt.Errorf("tablegen: %w", err)
	}
	b := newBuilder(src)
	if err := b.build(); err != nil {
		return nil, fmt.Errorf("tablegen: %w", err)
	}
	var buf bytes.Buffer
	b.write(&buf)
	if _, err := states.Parse(bytes.NewReader(buf.Bytes())); err != nil {
		return nil, fmt.Errorf("tablegen: the generated table does not parse: %w", err)
	}
	return buf.Bytes(), nil
}

func load(cfg Config) (*sources, error) {
	src := &sources{cfg: cfg}
	var err error
	if src.un, err = loadUNStates(filepath.Join(cfg.ReferenceDir, "un_states.csv")); err != nil {
		return nil, err
	}
	if src.eu, err = loadEU(filepath.Join(cfg.ReferenceDir, "eu_members.csv")); err != nil {
		return nil, err
	}
	if src.iso1, err = loadISOJSON[iso1Entry](filepath.Join(cfg.ISOCodesDir, "iso_3166-1.json"), "3166-1"); err != nil {
		return nil, err
	}
	if src.iso3, err = loadISOJSON[iso3Entry](filepath.Join(cfg.ISOCodesDir, "iso_3166-3.json"), "3166-3"); err != nil {
		return nil, err
	}
	hand := []struct {
		file   string
		dst    *[]tsvRow
		header []string
	}{
		{"history.tsv", &src.history,
			[]string{"code", "iso3166_3", "m49", "cldr", "name", "formal_name", "name_fr", "name_es", "status",
				"admitted", "until", "successors", "continued_by", "note"}},
		{"groups.tsv", &src.groups, []string{"group", "code", "from", "until", "source", "note"}},
		{"memberships.tsv", &src.memberships, []string{"group", "code", "from", "until", "source", "note"}},
		{"group_names.tsv", &src.groupNames, []string{"name", "group", "lang", "note"}},
		{"aliases.tsv", &src.aliases, []string{"name", "codes", "note"}},
		{"translations.tsv", &src.translations, []string{"code", "lang", "name", "reason"}},
	}
	for _, h := range hand {
		if *h.dst, err = readTSV(filepath.Join(cfg.InputDir, h.file), h.header); err != nil {
			return nil, err
		}
	}
	return src, nil
}

// builder assembles the table from loaded sources.
type builder struct {
	src         *sources
	states      map[string]*states.State
	memberships []states.Membership
	names       *nameSet
	groupNames  []groupName
}

func newBuilder(src *sources) *builder {
	return &builder{src: src, states: map[string]*states.State{}, names: newNameSet()}
}

func (b *builder) build() error {
	steps := []func() error{b.addUNStates, b.addHistory, b.addRegionalGroups, b.addHandGroups, b.addEU,
		b.addMemberships, b.addGroupNames, b.addAliases}
	for _, step := range steps {
		if err := step(); err != nil {
			return err
		}
	}
	return b.names.check()
}

// addUNStates adds the 195 rows of un_states.csv, cross-checked against
// iso-codes, with formal names from iso-codes and CLDR names.
func (b *builder) addUNStates() error {
	overrides, err := b.translationOverrides()
	if err != nil {
		return err
	}
	for _, r := range b.src.un {
		iso, ok := b.src.iso1[r.ISO3]
		if !ok || iso.Alpha2 != r.ISO2 || iso.Numeric != r.M49 {
			return fmt.Errorf("un_states.csv %s: iso2 %s / m49 %s do not match iso_3166-1.json %+v", r.ISO3,
				r.ISO2, r.M49, iso)
		}
		en, fr, es, err := cldrNames(r.ISO2)
		if err != nil {
			return fmt.Errorf("un_states.csv %s: %w", r.ISO3, err)
		}
		s := &states.State{
			Code: r.ISO3, ISO2: r.ISO2, M49: r.M49, Name: r.Name, FormalName: formalName(iso, r.Name),
			NameFR: fr, NameES: es, Status: states.Status(r.Status), Admitted: r.Admitted,
			RegionalGroup: groupOrEmpty(r.Group), GroupNote: r.GroupNote,
		}
		if v, ok := overrides[r.ISO3+"/fr"]; ok {
			s.NameFR = v
			b.names.add(v, s.Code, "translations-fr")
		}
		if v, ok := overrides[r.ISO3+"/es"]; ok {
			s.NameES = v
			b.names.add(v, s.Code, "translations-es")
		}
		b.states[s.Code] = s
		b.names.add(s.Name, s.Code, "un")
		b.addISONames(s.Code, iso)
		b.names.add(en, s.Code, "cldr-en")
		b.names.add(fr, s.Code, "cldr-fr")
		b.names.add(es, s.Code, "cldr-es")
	}
	return nil
}

// translationOverrides indexes translations.tsv by "CODE/lang".
func (b *builder) translationOverrides() (map[string]string, error) {
	out := map[string]string{}
	for _, r := range b.src.translations {
		f := r.fields
		if f["lang"] != "fr" && f["lang"] != "es" {
			return nil, r.errorf("translations.tsv", "lang %q is not fr or es", f["lang"])
		}
		if f["name"] == "" || f["reason"] == "" {
			return nil, r.errorf("translations.tsv", "a translation needs a name and a reason")
		}
		key := f["code"] + "/" + f["lang"]
		if _, dup := out[key]; dup {
			return nil, r.errorf("translations.tsv", "second %s name for %s", f["lang"], f["code"])
		}
		out[key] = f["name"]
	}
	return out, nil
}

// formalName is the ISO official name without a leading lower-case "the"
// (iso-codes writes "the State of Palestine"), else the UN short name.
func formalName(iso iso1Entry, unName string) string {
	if iso.OfficialName == "" {
		return unName
	}
	return strings.TrimPrefix(iso.OfficialName, "the ")
}

// cldrNames returns the CLDR English, French and Spanish names of a region.
func cldrNames(region string) (en, fr, es string, err error) {
	r, err := language.ParseRegion(region)
	if err != nil {
		return "", "", "", fmt.Errorf("CLDR region %q: %w", region, err)
	}
	en, fr, es = display.English.Regions().Name(r), display.French.Regions().Name(r), display.Spanish.Regions().Name(r)
	if en == "" || fr == "" || es == "" {
		return "", "", "", fmt.Errorf("CLDR has no English, French or Spanish name for region %s", region)
	}
	return en, fr, es, nil
}

// addHistoryNames makes the names of a history.tsv entry resolvable.
func (b *builder) addHistoryNames(s *states.State) {
	b.names.add(s.Name, s.Code, "history")
	b.names.add(s.FormalName, s.Code, "history")
	b.names.add(s.NameFR, s.Code, "history-fr")
	b.names.add(s.NameES, s.Code, "history-es")
}

// addISONames adds the ISO name, its uninverted form ("Korea, Republic of"
// gives "Republic of Korea"), the official and the common name.
func (b *builder) addISONames(code string, iso iso1Entry) {
	b.names.add(iso.Name, code, "iso")
	if u := uninvert(iso.Name); u != "" {
		b.names.add(u, code, "iso")
	}
	b.names.add(iso.OfficialName, code, "iso-official")
	b.names.add(iso.CommonName, code, "iso-common")
}

// uninvert turns an ISO name of the form "Korea, Republic of" or "Congo,
// The Democratic Republic of the" into natural order; "" if it is not of
// that form.
func uninvert(name string) string {
	head, tail, ok := strings.Cut(name, ", ")
	if !ok || strings.Contains(tail, ", ") {
		return ""
	}
	words := strings.Fields(tail)
	if last := strings.ToLower(words[len(words)-1]); last != "of" && last != "the" {
		return ""
	}
	return tail + " " + head
}

func validGroup(g string) bool {
	return slices.Contains([]string{states.GroupAfrican, states.GroupAsiaPacific, states.GroupEasternEuropean,
		states.GroupLatinAmerican, states.GroupWesternEuropean}, g)
}

// groupOrEmpty maps un_states.csv's "none" to "".
func groupOrEmpty(g string) string {
	if g == "none" {
		return ""
	}
	return g
}
