package mailmerge

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/states"
)

// recipients are the 193 member states and 2 observer states.
func recipients(t testing.TB) []states.State {
	var out []states.State
	for _, s := range states.Default().All() {
		if s.Status == states.Member || s.Status == states.Observer {
			out = append(out, s)
		}
	}
	if len(out) != 195 {
		t.Fatalf("%d member and observer states, want 195", len(out))
	}
	return out
}

// The mission of every state in English, French and Spanish, for review by
// eye in testdata/missions.txt.
func TestMissionNames(t *testing.T) {
	var b strings.Builder
	for _, s := range recipients(t) {
		fmt.Fprintf(&b, "%s\n", s.Code)
		for _, lang := range []string{"en", "fr", "es"} {
			fmt.Fprintf(&b, "  %s\n", missionName(lang, s.Code, stateName(s, lang), true))
		}
	}
	got := b.String()
	if os.Getenv("UPDATE_MISSIONS") != "" {
		if err := os.WriteFile("testdata/missions.txt", []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile("testdata/missions.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("mission names differ from testdata/missions.txt (UPDATE_MISSIONS=1 go test rewrites it after review)")
	}
	for _, tt := range []struct{ lang, code, want string }{
		{"en", "GHA", "Permanent Mission of Ghana to the United Nations"},
		{"en", "BOL", "Permanent Mission of the Plurinational State of Bolivia to the United Nations"},
		{"en", "GMB", "Permanent Mission of the Gambia to the United Nations"},
		{"fr", "GHA", "Mission permanente du Ghana auprès de l’Organisation des Nations Unies"},
		{"fr", "FRA", "Mission permanente de la France auprès de l’Organisation des Nations Unies"},
		{"fr", "IND", "Mission permanente de l’Inde auprès de l’Organisation des Nations Unies"},
		{"fr", "ISR", "Mission permanente d’Israël auprès de l’Organisation des Nations Unies"},
		{"fr", "HTI", "Mission permanente d’Haïti auprès de l’Organisation des Nations Unies"},
		{"fr", "MEX", "Mission permanente du Mexique auprès de l’Organisation des Nations Unies"},
		{"fr", "SLE", "Mission permanente de la Sierra Leone auprès de l’Organisation des Nations Unies"},
		{"fr", "CUB", "Mission permanente de Cuba auprès de l’Organisation des Nations Unies"},
		{"fr", "NLD", "Mission permanente des Pays-Bas auprès de l’Organisation des Nations Unies"},
		{"es", "GBR", "Misión Permanente del Reino Unido ante las Naciones Unidas"},
		{"es", "USA", "Misión Permanente de los Estados Unidos ante las Naciones Unidas"},
		{"es", "CAF", "Misión Permanente de la República Centroafricana ante las Naciones Unidas"},
		{"ru", "GHA", "Постоянное представительство при Организации Объединенных Наций (Ghana)"},
		{"zh", "GHA", "Ghana常驻联合国代表团"},
	} {
		s, _ := states.Default().Lookup(tt.code)
		if got := missionName(tt.lang, tt.code, stateName(s, tt.lang), true); got != tt.want {
			t.Errorf("missionName(%s, %s) = %q, want %q", tt.lang, tt.code, got, tt.want)
		}
	}
	if got := missionName("fr", "FRA", "République française", false); got != "Mission permanente de République française auprès de l’Organisation des Nations Unies" {
		t.Errorf("a given French name: %q", got)
	}
}

func TestDates(t *testing.T) {
	july20 := time.Date(2009, time.July, 20, 23, 0, 0, 0, time.UTC)
	first := time.Date(2009, time.September, 1, 0, 0, 0, 0, time.UTC)
	want := map[string][2]string{
		"en": {"20 July 2009", "1 September 2009"},
		"fr": {"20 juillet 2009", "1er septembre 2009"},
		"es": {"20 de julio de 2009", "1 de septiembre de 2009"},
		"ru": {"20 июля 2009 г.", "1 сентября 2009 г."},
		"ar": {"20 تموز/يوليه 2009", "1 أيلول/سبتمبر 2009"},
		"zh": {"2009年7月20日", "2009年9月1日"},
	}
	for _, lang := range campaign.Languages {
		w, _ := wordsIn(lang)
		if got := [2]string{w.date(july20), w.date(first)}; got != want[lang] {
			t.Errorf("%s dates: %q, want %q", lang, got, want[lang])
		}
	}
}

// Every UN language has every fixed word, and the numbers come out right.
func TestVocabulary(t *testing.T) {
	for _, lang := range campaign.Languages {
		w, ok := wordsIn(lang)
		if !ok {
			t.Fatalf("no fixed words for %s", lang)
		}
		for name, s := range map[string]string{"name": w.name(), "salutation": w.salutation(), "closing": w.closing(),
			"asksIntro": w.asksIntro(), "annex": w.annexTitle(12), "counted": w.counted(12), "attached": w.attached(12)} {
			if s == "" || strings.Contains(s, "[[") || strings.Contains(s, "%!") {
				t.Errorf("%s %s: %q", lang, name, s)
			}
		}
		for name, f := range map[string]func(int) string{"annex": w.annexTitle, "counted": w.counted, "attached": w.attached} {
			if got := f(12); !strings.Contains(got, "12") {
				t.Errorf("%s %s for 12: %q", lang, name, got)
			}
		}
		if m, d := w.mission("STATE"), w.datePlace("PLACE", "DATE"); !strings.Contains(m, "STATE") ||
			!strings.Contains(d, "PLACE") || !strings.Contains(d, "DATE") {
			t.Errorf("%s: mission %q or datePlace %q lacks its arguments", lang, m, d)
		}
	}
	for _, tt := range []struct {
		lang string
		n    int
		want string
	}{
		{"en", 1, "Annex: the signatory organization"},
		{"en", 0, "Annex: the 0 signatory organizations"},
		{"fr", 0, "Annexe : les 0 organisations signataires"},
		{"fr", 2, "Annexe : les 2 organisations signataires"},
		{"es", 1, "Anexo: la organización firmante"},
		{"ru", 1, "Приложение: подписавшие организации (1)"},
	} {
		if w, _ := wordsIn(tt.lang); w.annexTitle(tt.n) != tt.want {
			t.Errorf("%s annex for %d: %q, want %q", tt.lang, tt.n, w.annexTitle(tt.n), tt.want)
		}
	}
}

// TestEveryLetterKeyIsUsed: the "letter." keys of the letter catalogue are
// the ones this package's code names, no more and no fewer; the others
// (date.format, month.N) are i18n's own, for LetterPrinter.Date.
func TestEveryLetterKeyIsUsed(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				if s, err := strconv.Unquote(lit.Value); err == nil && strings.HasPrefix(s, "letter.") {
					used[s] = true
				}
			}
			return true
		})
	}
	var keys []string
	for _, k := range i18n.DefaultLetters().Keys(i18n.English) {
		if strings.HasPrefix(k, "letter.") {
			keys = append(keys, k)
		}
	}
	if got := slices.Sorted(maps.Keys(used)); !slices.Equal(got, keys) || len(keys) < 9 {
		t.Errorf("the code names the letter keys %q, the catalogue has %q", got, keys)
	}
}
