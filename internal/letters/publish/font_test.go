package publish

import (
	"errors"
	"testing"
)

func TestFontCoverage(t *testing.T) {
	for name, font := range map[string]runeSet{"regular": regularRunes(), "bold": boldRunes()} {
		if len(font) < 3000 {
			t.Errorf("%s: only %d runes", name, len(font))
		}
		for _, r := range "AzÉéçñøŒœßŁąĳ€–—“”«»ΩωЖжЁёЇїҐґ№" {
			if !font.has(r) {
				t.Errorf("%s font lacks %q", name, r)
			}
		}
		for _, r := range "中文한글あकก\U0001F980\uFFFF" {
			if font.has(r) {
				t.Errorf("%s font claims %q", name, r)
			}
		}
	}
}

// The font has Arabic letters, but fpdf cannot join them or set them right
// to left: the script rule turns Arabic away.
func TestArabicIsRefusedThoughTheFontHasIt(t *testing.T) {
	if !regularRunes().has('ا') {
		t.Skip("the font has no Arabic")
	}
	var se *ScriptError
	if err := checkScript("جمعية", regularRunes()); !errors.As(err, &se) || se.Script != "Arabic" {
		t.Errorf("checkScript = %v, want an Arabic ScriptError", err)
	}
}

func TestCmapRunesRejectsMalformedFonts(t *testing.T) {
	for name, data := range map[string][]byte{
		"empty":     nil,
		"garbage":   []byte("not a font at all, just some bytes"),
		"truncated": regularFont[:2000],
	} {
		if _, err := cmapRunes(data); !errors.Is(err, errBadFont) {
			t.Errorf("%s: error %v, want errBadFont", name, err)
		}
	}
}
