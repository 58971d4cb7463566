package publish

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"sync"
	"unicode"
)

// The PDF font is DejaVu Sans 2.37 (fonts/LICENSE): it covers Latin, Greek
// and Cyrillic.
var (
	//go:embed fonts/DejaVuSans.ttf
	regularFont []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	boldFont []byte
)

// The runes each font has a glyph for, read from its cmap on first use.
var (
	regularRunes = sync.OnceValue(func() runeSet { return mustCmapRunes("DejaVuSans.ttf", regularFont) })
	boldRunes    = sync.OnceValue(func() runeSet { return mustCmapRunes("DejaVuSans-Bold.ttf", boldFont) })
)

// pdfScripts are the scripts that PDF export writes. fpdf lays out text
// left to right, one glyph per character, without shaping: Arabic, Hebrew
// and the scripts of South and South-East Asia would come out wrong even
// where the font has their glyphs, and the font has no Chinese.
var pdfScripts = []*unicode.RangeTable{
	unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian, unicode.Georgian,
	unicode.Common, unicode.Inherited,
}

// ErrScriptNotSupported is the error PDF returns for a list with characters
// it cannot show, such as Arabic or Chinese; the error is a *ScriptError.
var ErrScriptNotSupported = errors.New("script not supported in PDF")

// ScriptError names the first character that PDF export cannot show.
type ScriptError struct {
	Text   string // the title, or the line of the entry, that contains Rune
	Rune   rune
	Script string // the Unicode script of Rune, such as "Arabic" or "Han"
}

func (e *ScriptError) Error() string {
	return fmt.Sprintf("export: PDF cannot show %U %q (%s) in %q: %v", e.Rune, e.Rune, e.Script, e.Text,
		ErrScriptNotSupported)
}

func (e *ScriptError) Unwrap() error { return ErrScriptNotSupported }

// checkScript returns a *ScriptError for the first rune of text that is
// outside pdfScripts or that the font has no glyph for.
func checkScript(text string, font runeSet) error {
	for _, r := range text {
		if !unicode.In(r, pdfScripts...) || !font.has(r) {
			return &ScriptError{Text: text, Rune: r, Script: scriptOf(r)}
		}
	}
	return nil
}

// scriptOf names the Unicode script of r.
func scriptOf(r rune) string {
	names := make([]string, 0, len(unicode.Scripts))
	for name := range unicode.Scripts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if unicode.Is(unicode.Scripts[name], r) {
			return name
		}
	}
	return "unassigned"
}

// runeSet is the set of runes a font has glyphs for.
type runeSet map[rune]struct{}

func (s runeSet) has(r rune) bool {
	_, ok := s[r]
	return ok
}

func mustCmapRunes(name string, ttf []byte) runeSet {
	set, err := cmapRunes(ttf)
	if err != nil {
		panic(fmt.Sprintf("export: embedded font %s: %v", name, err))
	}
	return set
}

var errBadFont = errors.New("malformed TrueType font")

// cmapRunes reads the runes that a TrueType font maps to a glyph from its
// Unicode cmap subtable: format 12 (platform 3, encoding 10) when the font
// has one, else format 4 (platform 3, encoding 1).
func cmapRunes(ttf []byte) (runeSet, error) {
	b := fontBytes(ttf)
	cmap, ok := b.table("cmap")
	if !ok {
		return nil, fmt.Errorf("%w: no cmap table", errBadFont)
	}
	var format4, format12 fontBytes
	for i := range int(cmap.u16(2)) {
		rec := 4 + 8*i
		platform, encoding, offset := cmap.u16(rec), cmap.u16(rec+2), cmap.u32(rec+4)
		sub := cmap.from(int(offset))
		switch {
		case platform == 3 && encoding == 10 && sub.u16(0) == 12:
			format12 = sub
		case platform == 3 && encoding == 1 && sub.u16(0) == 4:
			format4 = sub
		}
	}
	switch {
	case format12 != nil:
		return format12Runes(format12)
	case format4 != nil:
		return format4Runes(format4)
	}
	return nil, fmt.Errorf("%w: no Unicode cmap subtable of format 4 or 12", errBadFont)
}

func format12Runes(sub fontBytes) (runeSet, error) {
	set := runeSet{}
	groups := int(sub.u32(12))
	if 16+12*groups > len(sub) {
		return nil, fmt.Errorf("%w: cmap format 12 is truncated", errBadFont)
	}
	for g := range groups {
		start, end, glyph := sub.u32(16+12*g), sub.u32(20+12*g), sub.u32(24+12*g)
		if end > unicode.MaxRune || start > end {
			return nil, fmt.Errorf("%w: cmap format 12 group %d", errBadFont, g)
		}
		for c := start; c <= end; c++ {
			if glyph+(c-start) != 0 {
				set[rune(c)] = struct{}{}
			}
		}
	}
	return set, nil
}

func format4Runes(sub fontBytes) (runeSet, error) {
	set := runeSet{}
	segs := int(sub.u16(6)) / 2
	ends, starts, deltas, offsets := 14, 16+2*segs, 16+4*segs, 16+6*segs
	if offsets+2*segs > len(sub) {
		return nil, fmt.Errorf("%w: cmap format 4 is truncated", errBadFont)
	}
	for s := range segs {
		start, end := int(sub.u16(starts+2*s)), int(sub.u16(ends+2*s))
		delta, rangeOffset := int(sub.u16(deltas+2*s)), int(sub.u16(offsets+2*s))
		for c := start; c <= end && c != 0xFFFF; c++ {
			glyph := c
			if rangeOffset != 0 {
				glyph = int(sub.u16(offsets + 2*s + rangeOffset + 2*(c-start)))
				if glyph == 0 {
					continue
				}
			}
			if (glyph+delta)&0xFFFF != 0 {
				set[rune(c)] = struct{}{}
			}
		}
	}
	return set, nil
}

// fontBytes reads big-endian numbers from a font, as 0 past its end.
type fontBytes []byte

func (b fontBytes) u16(off int) uint16 {
	if off < 0 || off+2 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint16(b[off:])
}

func (b fontBytes) u32(off int) uint32 {
	if off < 0 || off+4 > len(b) {
		return 0
	}
	return binary.BigEndian.Uint32(b[off:])
}

func (b fontBytes) from(off int) fontBytes {
	if off < 0 || off > len(b) {
		return nil
	}
	return b[off:]
}

// table finds a table of the font by its tag.
func (b fontBytes) table(tag string) (fontBytes, bool) {
	for i := range int(b.u16(4)) {
		rec := 12 + 16*i
		if rec+16 <= len(b) && string(b[rec:rec+4]) == tag {
			off, length := int(b.u32(rec+8)), int(b.u32(rec+12))
			if off+length <= len(b) {
				return b[off : off+length], true
			}
		}
	}
	return nil, false
}
