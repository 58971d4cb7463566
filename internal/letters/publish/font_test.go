package publish

import (
	"errors"
	"slices"
	"testing"

	"github.com/go-pdf/fpdf"
	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

func TestFontCoverage(t *testing.T) {
	tests := []struct {
		face       *face
		has, lacks string
	}{
		{faces[0], "AzÉéçñøŒœßŁąĳ€–—“”«»ΩωЖжЁёЇїҐґ№\uFFFD•", "中文한글あ"},
		{faces[1], "ابتثجحخدذرزسشصضطظعغفقكلمنهوي\u064E\u0651پچژکگی", "中A"},
		{faces[2], "中国国际民间组织合作促进会，。、《》「」（）あア", "한글ا"},
	}
	for _, tt := range tests {
		for style, name := range []string{"regular", "bold"} {
			font := tt.face.runes[style]()
			for _, r := range tt.has {
				if !font.has(r) {
					t.Errorf("%s %s lacks %q", tt.face.family, name, r)
				}
			}
			for _, r := range tt.lacks {
				if font.has(r) {
					t.Errorf("%s %s claims %q", tt.face.family, name, r)
				}
			}
		}
	}
}

// Every presentation form shapeArabic writes is in Noto Naskh Arabic.
func TestNaskhHasEveryArabicForm(t *testing.T) {
	naskh := faces[1]
	var forms []rune
	for _, f := range arabicLetters {
		forms = append(forms, f.isolated, f.final, f.initial, f.medial)
	}
	for _, lig := range lamAlef {
		forms = append(forms, lig[:]...)
	}
	for _, r := range forms {
		for style := range naskh.runes {
			if r != 0 && !naskh.runes[style]().has(r) {
				t.Errorf("Noto Naskh Arabic (style %d) lacks %U", style, r)
			}
		}
	}
}

// fpdf reads every embedded font: its parser prints an error and adds
// nothing when it cannot.
func TestFpdfReadsTheFonts(t *testing.T) {
	for _, f := range faces {
		for style, ttf := range f.ttf {
			pdf := fpdf.New("P", "mm", "A4", "")
			pdf.AddUTF8FontFromBytes(f.family, textStyle(style).fpdfStyle(), ttf)
			pdf.SetFont(f.family, textStyle(style).fpdfStyle(), 10)
			if err := pdf.Error(); err != nil {
				t.Errorf("%s style %d: %v", f.family, style, err)
			}
		}
	}
}

func TestFaceFor(t *testing.T) {
	tests := []struct {
		r      rune
		style  textStyle
		prev   *face
		family string // "" for none
	}{
		{'A', regular, nil, "DejaVuSans"},
		{'Ж', bold, nil, "DejaVuSans"},
		{'\uFE8D', regular, nil, "NotoNaskhArabic"}, // DejaVu has Arabic too, but Naskh is preferred for it
		{'ب', bold, nil, "NotoNaskhArabic"},
		{'\u064E', regular, faces[1], "NotoNaskhArabic"}, // a mark stays with its letter's face
		{'\u0301', regular, faces[0], "DejaVuSans"},
		{'中', regular, nil, "NotoSansSC"},
		{'，', regular, nil, "NotoSansSC"},
		{'(', regular, nil, "DejaVuSans"},
		{'א', regular, nil, "DejaVuSans"},
		{'한', regular, nil, ""},          // no font has Hangul
		{'ཀ', regular, nil, ""},          // Tibetan
		{'क', regular, nil, ""},          // Devanagari needs shaping
		{'\U0001F600', regular, nil, ""}, // outside the 16 bits fpdf writes
		{'\U00020000', regular, nil, ""},
	}
	for _, tt := range tests {
		f, _ := faceFor(tt.r, tt.style, tt.prev)
		got := ""
		if f != nil {
			got = f.family
		}
		if got != tt.family {
			t.Errorf("faceFor(%q) = %q, want %q", tt.r, got, tt.family)
		}
	}
}

func TestPrintable(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Human Rights Watch", "Human Rights Watch"},
		{"བོད་ཀྱི་ Tibetan Centre", "\uFFFD Tibetan Centre"}, // a run of Tibetan is one placeholder
		{"😀 Org 😀😀", "\uFFFD Org \uFFFD"},
		{"한국 NGO", "\uFFFD NGO"},
		{"\u202Eevil\u202C", "evil"}, // overrides are dropped
		{"لا", "\uFEFB"},
		{"中国", "中国"},
	}
	for _, tt := range tests {
		if got := printable(tt.in, regular); got != tt.want {
			t.Errorf("printable(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestUndrawn(t *testing.T) {
	entries := []orglist.Entry{
		{Name: "Tibetan Centre for Human Rights བོད་", Acronym: "TCHRD", Countries: []string{"IND"}},
		{Name: "منظمة Org", Countries: []string{"EGY"}},
		{Name: "中国国际民间组织合作促进会", Countries: []string{"CHN"}},
		{Name: "한국 NGO 😀"},
	}
	got := UndrawnEntries(entries, language.English)
	want := []Undrawn{
		{Text: Line(entries[0], language.English), Missing: []rune("བོད་"), Scripts: []string{"Tibetan"}},
		{Text: "한국 NGO 😀", Missing: []rune("한국😀"), Scripts: []string{"Hangul", "Common"}},
	}
	if !slices.EqualFunc(got, want, func(a, b Undrawn) bool {
		return a.Text == b.Text && slices.Equal(a.Missing, b.Missing) && slices.Equal(a.Scripts, b.Scripts)
	}) {
		t.Errorf("UndrawnEntries = %+v, want %+v", got, want)
	}
	if got := UndrawnTexts("As civil society organizations", "نكتب إليكم", "我们就保护的责任致函"); got != nil {
		t.Errorf("UndrawnTexts of English, Arabic and Chinese = %+v, want none", got)
	}
}

func TestCmapRunesRejectsMalformedFonts(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a font at all, just some bytes"),
		"truncated": dejaVuRegular[:2000],
	} {
		if _, err := cmapRunes(data); !errors.Is(err, errBadFont) {
			t.Errorf("%s: error %v, want errBadFont", name, err)
		}
	}
}
