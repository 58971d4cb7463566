package publish

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
)

// The PDF's fonts (fonts/LICENSE*): DejaVu Sans 2.37 for Latin, Greek and
// Cyrillic, Noto Naskh Arabic 2.004, and Noto Sans SC 2.004 cut to the
// characters of GB 2312 (fonts/subset-noto-sans-sc.sh), each regular and
// bold. Together they cover the six languages of the United Nations.
var (
	//go:embed fonts/DejaVuSans.ttf
	dejaVuRegular []byte
	//go:embed fonts/DejaVuSans-Bold.ttf
	dejaVuBold []byte
	//go:embed fonts/NotoNaskhArabic-Regular.ttf
	naskhRegular []byte
	//go:embed fonts/NotoNaskhArabic-Bold.ttf
	naskhBold []byte
	//go:embed fonts/NotoSansSC-Regular.ttf
	notoSCRegular []byte
	//go:embed fonts/NotoSansSC-Bold.ttf
	notoSCBold []byte
)

// face is one embedded font family, in its regular and bold styles.
type face struct {
	family string // the name the document gives it
	ttf    [2][]byte
	runes  [2]func() runeSet // the runes each style has a glyph for, read on first use
	// scale is its size relative to the text's: Naskh's letters are
	// small beside DejaVu's at the same size.
	scale float64
	// preferred is the script the face draws before any other face does.
	preferred *unicode.RangeTable
}

// textStyle is a style of text: regular or bold.
type textStyle int

const (
	regular textStyle = iota
	bold
)

// fpdfStyle is the style as fpdf names it.
func (s textStyle) fpdfStyle() string {
	if s == bold {
		return "B"
	}
	return ""
}

func newFace(family string, regularTTF, boldTTF []byte, scale float64, preferred *unicode.RangeTable) *face {
	f := &face{family: family, ttf: [2][]byte{regularTTF, boldTTF}, scale: scale, preferred: preferred}
	for style, ttf := range f.ttf {
		name := family + textStyle(style).fpdfStyle()
		f.runes[style] = sync.OnceValue(func() runeSet { return mustCmapRunes(name, ttf) })
	}
	return f
}

// faces are the fonts in the order a character looks for its glyph, after
// the face that prefers its script.
var faces = []*face{
	newFace("DejaVuSans", dejaVuRegular, dejaVuBold, 1, nil),
	newFace("NotoNaskhArabic", naskhRegular, naskhBold, 1.15, unicode.Arabic),
	newFace("NotoSansSC", notoSCRegular, notoSCBold, 1, unicode.Han),
}

// dejaVu is the face of the footers and of the text no other face draws.
var dejaVu = faces[0]

// layoutScripts are the scripts that the PDF lays out right: fpdf draws
// one glyph per character, left to right, so a script is here only where
// that is enough, with shapeArabic for Arabic and visualOrder for the
// right-to-left ones. The scripts of South and South-East Asia, which need
// OpenType shaping, are not, even where a font has their glyphs.
var layoutScripts = []*unicode.RangeTable{
	unicode.Latin, unicode.Greek, unicode.Cyrillic, unicode.Armenian, unicode.Georgian,
	unicode.Common, unicode.Inherited,
	unicode.Arabic, unicode.Hebrew,
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Bopomofo,
}

// placeholder stands for a run of characters that no face draws.
const placeholder = '\uFFFD'

// faceFor is the face and style that draw r in style, after the face of
// the character before it (prev, nil at the start), which a mark keeps;
// nil when no face has r. A style without r falls back to the face's
// regular one.
func faceFor(r rune, style textStyle, prev *face) (*face, textStyle) {
	if r > 0xFFFF || !unicode.In(r, layoutScripts...) {
		return nil, style // fpdf writes characters in 16 bits
	}
	if prev != nil && unicode.Is(unicode.Mn, r) && prev.runes[style]().has(r) {
		return prev, style
	}
	for _, s := range []textStyle{style, regular} {
		for _, f := range faces {
			if f.preferred != nil && unicode.Is(f.preferred, r) && f.runes[s]().has(r) {
				return f, s
			}
		}
		for _, f := range faces {
			if f.runes[s]().has(r) {
				return f, s
			}
		}
	}
	return nil, style
}

// invisible characters are not drawn: the joiners and direction marks
// have done their work by then.
func invisible(r rune) bool { return unicode.Is(unicode.Cf, r) }

// printable is s as the PDF draws it, in logical order: Arabic shaped,
// bidirectional embeddings and isolates dropped, and each run of
// characters that no face draws replaced by one placeholder.
func printable(s string, style textStyle) string {
	s = shapeArabic(strings.Map(dropEmbeddings, s))
	if !slices.ContainsFunc([]rune(s), func(r rune) bool { return !drawable(r, style) }) {
		return s
	}
	var b strings.Builder
	lost := false
	for _, r := range s {
		if drawable(r, style) {
			b.WriteRune(r)
			lost = false
		} else if !lost {
			b.WriteRune(placeholder)
			lost = true
		}
	}
	return b.String()
}

func drawable(r rune, style textStyle) bool {
	f, _ := faceFor(r, style, nil)
	return f != nil || invisible(r)
}

// dropEmbeddings removes the bidirectional embeddings, overrides and
// isolates (U+202A-U+202E, U+2066-U+2069), which visualOrder does not
// apply.
func dropEmbeddings(r rune) rune {
	if (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') {
		return -1
	}
	return r
}

// Undrawn names a text that the PDF draws with placeholders (U+FFFD) for
// characters that no embedded font can show, such as Tibetan, Korean or
// an emoji.
type Undrawn struct {
	Text    string   // the text, or the entry's line
	Missing []rune   // the characters the PDF cannot show, each once
	Scripts []string // their Unicode scripts, such as "Tibetan", each once
}

// UndrawnTexts lists the texts that PDF and LetterPDF draw with
// placeholders, in order; nil when every character can be shown.
func UndrawnTexts(texts ...string) []Undrawn {
	var out []Undrawn
	for _, text := range texts {
		text = clean(text)
		u := Undrawn{Text: text}
		for _, r := range shapeArabic(strings.Map(dropEmbeddings, text)) {
			if !drawable(r, regular) && !slices.Contains(u.Missing, r) {
				u.Missing = append(u.Missing, r)
				if script := scriptOf(r); !slices.Contains(u.Scripts, script) {
					u.Scripts = append(u.Scripts, script)
				}
			}
		}
		if len(u.Missing) > 0 {
			out = append(out, u)
		}
	}
	return out
}

// TextsOf is the text of each of undrawn.
func TextsOf(undrawn []Undrawn) []string {
	texts := make([]string, len(undrawn))
	for i, u := range undrawn {
		texts[i] = u.Text
	}
	return texts
}

// UndrawnEntries lists the entries whose line (Line in lang) the PDF
// draws with placeholders.
func UndrawnEntries(entries []orglist.Entry, lang language.Tag) []Undrawn {
	return UndrawnTexts(Lines(entries, lang)...)
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
