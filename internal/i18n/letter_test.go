package i18n

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func TestEveryLetterLanguageHasEveryKey(t *testing.T) {
	c := DefaultLetters()
	english := c.Keys(English)
	var dateKeys []string
	for _, k := range english {
		if !strings.HasPrefix(k, "letter.") {
			dateKeys = append(dateKeys, k)
		}
	}
	// The keys outside "letter." are Date's (mailmerge checks the others).
	want := []string{"date.format"}
	for m := 1; m <= 12; m++ {
		want = append(want, fmt.Sprintf("month.%d", m))
	}
	slices.Sort(want)
	if !slices.Equal(dateKeys, want) || len(english) < len(want)+9 {
		t.Errorf("English letter keys %q: want %q and the letter's own", english, want)
	}
	for _, l := range LetterLangs {
		if got := c.Keys(l); !slices.Equal(got, english) {
			t.Errorf("%s: missing %v, extra %v", l, diff(english, got), diff(got, english))
		}
	}
}

// TestLetterMessagesFormat: every form of every message in every language
// takes the arguments the English message takes, none is empty, and none
// loses a number other than 1.
func TestLetterMessagesFormat(t *testing.T) {
	c := DefaultLetters()
	for _, key := range c.Keys(English) {
		args := probeArgs(c.messages[English][key])
		numeric := len(args) > 0 && args[0] != "S"
		for _, l := range LetterLangs {
			if m := c.messages[l][key]; m.text == "" && m.forms["other"] == "" {
				t.Errorf("%s %s is empty", l, key)
			}
			p, _ := c.Printer(l)
			for _, n := range []int{0, 1, 2, 3, 5, 11, 21, 1234} {
				if numeric {
					args[0] = n
				}
				got := p.T(key, args...)
				lost := numeric && n == 1234 && !strings.Contains(got, p.printer.Sprint(n))
				if strings.Contains(got, "%!") || strings.Contains(got, "[[") || lost {
					t.Errorf("%s %s with %v: %q", l, key, args, got)
					break
				}
			}
		}
	}
}

// probeArgs are arguments for the verbs of m's text or "other" form: 0
// for %d, "S" for the others.
func probeArgs(m letterMessage) []any {
	var args []any
	for _, v := range verb.FindAllString(m.text+m.forms["other"], -1) {
		if strings.HasSuffix(v, "d") {
			args = append(args, 0)
		} else {
			args = append(args, "S")
		}
	}
	return args
}

// TestLetterPlurals: the number picks the form, and its digits are grouped
// as the language groups them.
func TestLetterPlurals(t *testing.T) {
	for _, tt := range []struct {
		l    Lang
		key  string
		n    int
		want string
	}{
		{English, "letter.annex_title", 1, "Annex: the signatory organization"},
		{English, "letter.annex_title", 2, "Annex: the 2 signatory organizations"},
		{English, "letter.annex_title", 1234, "Annex: the 1,234 signatory organizations"},
		{English, "letter.counted", 1, "A further organization signed without being named."},
		{English, "letter.counted", 2, "A further 2 organizations signed without being named."},
		{English, "letter.attached", 1, "The signed letter and the name of its signatory organization are attached as a PDF."},
		{English, "letter.attached", 2, "The signed letter and the list of its 2 signatory organizations are attached as a PDF."},
		{French, "letter.annex_title", 1, "Annexe : l’organisation signataire"},
		// French counts 0 as singular, but the letter's singular has no
		// number: 0 takes the plural.
		{French, "letter.annex_title", 0, "Annexe : les 0 organisations signataires"},
		{French, "letter.annex_title", 2, "Annexe : les 2 organisations signataires"},
		{French, "letter.annex_title", 1234, "Annexe : les 1\u00a0234 organisations signataires"},
		{French, "letter.counted", 1, "Une autre organisation a signé sans être nommée."},
		{French, "letter.counted", 2, "2 autres organisations ont signé sans être nommées."},
		{French, "letter.attached", 1, "La lettre signée et le nom de son organisation signataire sont joints en PDF."},
		{French, "letter.attached", 2, "La lettre signée et la liste de ses 2 organisations signataires sont jointes en PDF."},
		{Spanish, "letter.annex_title", 1, "Anexo: la organización firmante"},
		{Spanish, "letter.annex_title", 2, "Anexo: las 2 organizaciones firmantes"},
		{Spanish, "letter.annex_title", 1234, "Anexo: las 1.234 organizaciones firmantes"},
		{Spanish, "letter.counted", 1, "Otra organización firmó sin ser nombrada."},
		{Spanish, "letter.counted", 2, "Otras 2 organizaciones firmaron sin ser nombradas."},
		{Spanish, "letter.attached", 1, "Se adjuntan en PDF la carta firmada y el nombre de su organización firmante."},
		{Spanish, "letter.attached", 2, "Se adjuntan en PDF la carta firmada y la lista de sus 2 organizaciones firmantes."},
		// Russian puts the number in brackets, so that one form is right
		// for one, few and many.
		{Russian, "letter.annex_title", 1, "Приложение: подписавшие организации (1)"},
		{Russian, "letter.annex_title", 2, "Приложение: подписавшие организации (2)"},
		{Russian, "letter.annex_title", 3, "Приложение: подписавшие организации (3)"},
		{Russian, "letter.annex_title", 5, "Приложение: подписавшие организации (5)"},
		{Russian, "letter.annex_title", 21, "Приложение: подписавшие организации (21)"},
		{Russian, "letter.annex_title", 1234, "Приложение: подписавшие организации (1\u00a0234)"},
		{Russian, "letter.counted", 1, "Кроме того, письмо подписали организации, не пожелавшие быть названными (1)."},
		{Russian, "letter.attached", 21, "Подписанное письмо и список подписавших его организаций (21) приложены в формате PDF."},
		{Arabic, "letter.annex_title", 1, "المرفق: المنظمات الموقِّعة (1)"},
		{Arabic, "letter.annex_title", 2, "المرفق: المنظمات الموقِّعة (2)"},
		{Arabic, "letter.annex_title", 1234, "المرفق: المنظمات الموقِّعة (1,234)"},
		{Arabic, "letter.counted", 1, "ووقّعت الرسالة أيضاً منظمات لم تُذكر أسماؤها (1)."},
		{Arabic, "letter.attached", 2, "مرفق طيّه بصيغة PDF نص الرسالة الموقّعة وقائمة المنظمات الموقِّعة عليها (2)."},
		{Chinese, "letter.annex_title", 1, "附件：1个签署组织"},
		{Chinese, "letter.annex_title", 2, "附件：2个签署组织"},
		{Chinese, "letter.annex_title", 1234, "附件：1,234个签署组织"},
		{Chinese, "letter.counted", 1, "另有1个组织签署但未具名。"},
		{Chinese, "letter.attached", 2, "随函以PDF格式附上已签署的信函及2个签署组织的名单。"},
	} {
		p, _ := DefaultLetters().Printer(tt.l)
		if got := p.T(tt.key, tt.n); got != tt.want {
			t.Errorf("%s %s for %d: %q, want %q", tt.l, tt.key, tt.n, got, tt.want)
		}
	}
}

// TestPluralCategories: a catalogue's CLDR categories pick the form the
// language needs, after the exact values.
func TestPluralCategories(t *testing.T) {
	fsys := letterFS(map[Lang]string{
		English: `{"n": {"=1": "no other", "one": "%d organization", "other": "%d organizations"}}`,
		French:  `{"n": {"one": "%d organisation", "other": "%d organisations"}}`,
		Russian: `{"n": {"one": "%d организация", "few": "%d организации", "many": "%d организаций", "other": "%d организации"}}`,
	})
	c, err := readLetters(fsys)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		l    Lang
		n    int
		want string
	}{
		{English, 1, "no other"}, {English, 2, "2 organizations"}, {English, 1234, "1,234 organizations"},
		{French, 0, "0 organisation"}, {French, 1, "1 organisation"}, {French, 2, "2 organisations"},
		{Russian, 1, "1 организация"}, {Russian, 3, "3 организации"}, {Russian, 5, "5 организаций"},
		{Russian, 11, "11 организаций"}, {Russian, 21, "21 организация"}, {Russian, 1234, "1\u00a0234 организации"},
		{Arabic, 1234, "1,234"}, {Chinese, 1234, "1,234"}, {Spanish, 1234, "1.234"},
	} {
		p, _ := c.Printer(tt.l)
		if got := p.T("n", tt.n); got != tt.want {
			t.Errorf("%s %d: %q, want %q", tt.l, tt.n, got, tt.want)
		}
	}
}

func TestMalformedLetterCatalogues(t *testing.T) {
	for _, tt := range []struct{ file, err string }{
		{`{"n": {"=1": "one"}}`, `letter.en.json"): n: a plural message needs an "other" form`},
		{`{"n": {"few": "%d", "other": "%d"}}`, `form "few" not supported for language "en"`},
		{`{"n": {"=one": "x", "other": "%d"}}`, `invalid number in selector "=one"`},
		{`{"n": 1}`, `letter.en.json"): json: cannot unmarshal number`},
	} {
		_, err := readLetters(letterFS(map[Lang]string{English: tt.file}))
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("%s: error %v, want %q", tt.file, err, tt.err)
		}
	}
	if _, err := readLetters(fstest.MapFS{}); err == nil || !strings.Contains(err.Error(), "letter.ar.json") {
		t.Errorf("no files: error %v", err)
	}
}

func TestMissingLetterKeyShows(t *testing.T) {
	p, ok := DefaultLetters().Printer(Russian)
	if got := p.T("letter.no_such_key", 1); !ok || got != "[[letter.no_such_key]]" {
		t.Errorf("missing key rendered as %q", got)
	}
	if _, ok := DefaultLetters().Printer("de"); ok {
		t.Error("a printer for German")
	}
}

// letterFS is a letter catalogue of the given files, "{"n": "%d"}" for
// the languages not given.
func letterFS(files map[Lang]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for _, l := range LetterLangs {
		text, ok := files[l]
		if !ok {
			text = `{"n": "%d"}`
		}
		fsys["locales/letter."+string(l)+".json"] = &fstest.MapFile{Data: []byte(text)}
	}
	return fsys
}
