package tablegen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNameSetRejectsUndeclaredCollisions(t *testing.T) {
	n := newNameSet()
	n.add("Congo", "COG", "un")
	n.add("Congo", "COD", "cldr-es")
	err := n.check()
	want := `names shared by several states; declare each in aliases.tsv (ambiguous, or for one code): "congo": COG "Congo" (un); COD "Congo" (cldr-es)`
	if err == nil || err.Error() != want {
		t.Fatalf("check() = %v, want %s", err, want)
	}
	if err := n.declare("Congo", []string{"COD", "COG"}); err != nil {
		t.Fatalf("declare: %v", err)
	}
	if err := n.check(); err != nil {
		t.Errorf("check() after declaring = %v", err)
	}
}

func TestNameSetRejectsDeclarationsThatContradictTheData(t *testing.T) {
	n := newNameSet()
	n.add("Germany", "DEU", "un")
	err := n.declare("GERMANY", []string{"FRA"})
	want := `"GERMANY" is declared for [FRA] but generated for DEU: DEU "Germany" (un)`
	if err == nil || err.Error() != want {
		t.Errorf("declare() = %v, want %s", err, want)
	}
	if err := n.declare("Deutschland", []string{"DEU"}); err != nil {
		t.Fatal(err)
	}
	if err := n.declare("deutschland", []string{"DEU"}); err == nil {
		t.Error("declaring the same key twice succeeded")
	}
}

func TestNameSetDropsNamesDeclaredUnknown(t *testing.T) {
	n := newNameSet()
	n.add("Rhodesia", "ZWE", "test")
	if err := n.declare("Rhodesia", nil); err == nil {
		t.Error("declaring a generated name unknown succeeded, want an error naming the generated code")
	}
	n = newNameSet()
	if err := n.declare("Rhodesia", nil); err != nil {
		t.Fatal(err)
	}
	if got := n.entries(); len(got) != 0 {
		t.Errorf("entries() = %v, want none", got)
	}
}

func TestUninvert(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Korea, Republic of", "Republic of Korea"},
		{"Congo, The Democratic Republic of the", "The Democratic Republic of the Congo"},
		{"USSR, Union of Soviet Socialist Republics", ""},
		{"Yemen, Democratic, People's Democratic Republic of", ""},
		{"Germany", ""},
	}
	for _, tt := range tests {
		if got := uninvert(tt.in); got != tt.want {
			t.Errorf("uninvert(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRequiredVersion(t *testing.T) {
	gomod := "module x\n\nrequire (\n\tgolang.org/x/text v0.44.0 // indirect\n)\nrequire golang.org/x/mod v0.1.0\n"
	if got := requiredVersion(gomod, "golang.org/x/text"); got != "v0.44.0" {
		t.Errorf("x/text version = %q", got)
	}
	if got := requiredVersion(gomod, "golang.org/x/mod"); got != "v0.1.0" {
		t.Errorf("x/mod version = %q", got)
	}
}

// realSources returns a Config for the real sources with a copy of the
// hand-maintained files, which edit may change; it skips without the sources.
func realSources(t *testing.T, edit func(file, content string) string) Config {
	t.Helper()
	cfg := Config{
		ReferenceDir: filepath.Join("..", "..", "..", "..", "..", "shared", "reference"),
		ISOCodesDir:  "/usr/share/iso-codes/json",
		InputDir:     t.TempDir(),
		ISOVersion:   DefaultISOVersion,
	}
	for _, p := range []string{filepath.Join(cfg.ReferenceDir, "un_states.csv"), filepath.Join(cfg.ISOCodesDir, "iso_3166-1.json")} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("needs shared/reference beside the repository and the iso-codes package: %v", err)
		}
	}
	for _, f := range []string{"history.tsv", "groups.tsv", "memberships.tsv", "group_names.tsv", "aliases.tsv", "translations.tsv"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "gen", f))
		if err != nil {
			t.Fatal(err)
		}
		data = []byte(edit(f, string(data)))
		if err := os.WriteFile(filepath.Join(cfg.InputDir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return cfg
}

func TestGenerateFailsOnUndeclaredSharedName(t *testing.T) {
	// A French name for France that CLDR gives to Germany.
	cfg := realSources(t, func(file, content string) string {
		if file == "translations.tsv" {
			return content + "FRA\tfr\tAllemagne\ttest\n"
		}
		return content
	})
	_, err := Generate(cfg)
	if err == nil || !strings.Contains(err.Error(), `"allemagne": DEU "Allemagne" (cldr-fr); FRA "Allemagne" (translations-fr)`) {
		t.Errorf("Generate() = %v, want an error about the name Allemagne", err)
	}
}

func TestGenerateFailsOnContradictingAlias(t *testing.T) {
	cfg := realSources(t, func(file, content string) string {
		if file == "aliases.tsv" {
			return content + "Allemagne\tFRA\n"
		}
		return content
	})
	_, err := Generate(cfg)
	if err == nil || !strings.Contains(err.Error(), `"Allemagne" is declared for [FRA] but generated for DEU`) {
		t.Errorf("Generate() = %v, want an error about Allemagne", err)
	}
}

func TestGenerateFailsOnBadGroupInput(t *testing.T) {
	tests := []struct{ file, add, want string }{
		{"memberships.tsv", "African\tDZA\t\t\tsome source\t\n", `group "African" is not one of`},
		{"memberships.tsv", "Nordic countries\tEST\t\t\t\t\n", `EST in "Nordic countries" has no source`},
		{"memberships.tsv", "Arab Group\tVAT\t\t\tsome source\t\n", `VAT is not a UN member: its membership of "Arab Group" needs a from date`},
		{"group_names.tsv", "N.A.M.\tNordic countries\ten\n", `group name "N.A.M." has the key "nam" of "NAM" (Non-Aligned Movement)`},
		{"group_names.tsv", "Commonwealth\tCommonwealth of Nations\ten\n", `unknown group "Commonwealth of Nations"`},
	}
	for _, tt := range tests {
		cfg := realSources(t, func(file, content string) string {
			if file == tt.file {
				return content + tt.add
			}
			return content
		})
		if _, err := Generate(cfg); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Generate() with %q added to %s = %v, want an error containing %q", tt.add, tt.file, err, tt.want)
		}
	}
}
