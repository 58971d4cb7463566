package publish

import "unicode"

// fpdf draws one glyph per character, by the font's cmap, and knows
// nothing of OpenType's contextual forms. Arabic letters change shape with
// their neighbours, so shapeArabic writes each letter as the presentation
// form (Unicode's Arabic Presentation Forms-A and -B, which Noto Naskh
// Arabic maps) that its place in the word asks for.

// arabicForms are a letter's isolated, final, initial and medial forms; a
// letter that joins only the letter before it (alef, dal, reh, waw ...)
// has no initial or medial form.
type arabicForms struct{ isolated, final, initial, medial rune }

// dual reports whether the letter joins the letter after it too.
func (f arabicForms) dual() bool { return f.initial != 0 }

// form is the presentation form for a letter joined to the one before it
// (prev) and to the one after it (next).
func (f arabicForms) form(prev, next bool) rune {
	switch {
	case prev && next && f.medial != 0:
		return f.medial
	case prev && f.final != 0:
		return f.final
	case next && f.initial != 0:
		return f.initial
	}
	return f.isolated
}

func dual(isolated rune) arabicForms {
	return arabicForms{isolated, isolated + 1, isolated + 2, isolated + 3}
}

func rightJoining(isolated rune) arabicForms {
	return arabicForms{isolated: isolated, final: isolated + 1}
}

// arabicLetters are the letters of Arabic, Persian and Urdu with
// presentation forms; TestArabicFormsDecompose checks each against
// Unicode's decompositions. A letter not here is drawn as it is and joins
// neither neighbour.
var arabicLetters = map[rune]arabicForms{
	'\u0622': rightJoining(0xFE81), '\u0623': rightJoining(0xFE83), '\u0624': rightJoining(0xFE85),
	'\u0625': rightJoining(0xFE87), '\u0626': dual(0xFE89), '\u0627': rightJoining(0xFE8D),
	'\u0628': dual(0xFE8F), '\u0629': rightJoining(0xFE93), '\u062A': dual(0xFE95), '\u062B': dual(0xFE99),
	'\u062C': dual(0xFE9D), '\u062D': dual(0xFEA1), '\u062E': dual(0xFEA5), '\u062F': rightJoining(0xFEA9),
	'\u0630': rightJoining(0xFEAB), '\u0631': rightJoining(0xFEAD), '\u0632': rightJoining(0xFEAF),
	'\u0633': dual(0xFEB1), '\u0634': dual(0xFEB5), '\u0635': dual(0xFEB9), '\u0636': dual(0xFEBD),
	'\u0637': dual(0xFEC1), '\u0638': dual(0xFEC5), '\u0639': dual(0xFEC9), '\u063A': dual(0xFECD),
	'\u0641': dual(0xFED1), '\u0642': dual(0xFED5), '\u0643': dual(0xFED9), '\u0644': dual(0xFEDD),
	'\u0645': dual(0xFEE1), '\u0646': dual(0xFEE5), '\u0647': dual(0xFEE9), '\u0648': rightJoining(0xFEED),
	'\u0649': {0xFEEF, 0xFEF0, 0xFBE8, 0xFBE9}, '\u064A': dual(0xFEF1),
	'\u0671': rightJoining(0xFB50), '\u0679': dual(0xFB66), '\u067A': dual(0xFB5E), '\u067B': dual(0xFB52),
	'\u067E': dual(0xFB56), '\u067F': dual(0xFB62), '\u0680': dual(0xFB5A), '\u0683': dual(0xFB76),
	'\u0684': dual(0xFB72), '\u0686': dual(0xFB7A), '\u0687': dual(0xFB7E), '\u0688': rightJoining(0xFB88),
	'\u068C': rightJoining(0xFB84), '\u068D': rightJoining(0xFB82), '\u068E': rightJoining(0xFB86),
	'\u0691': rightJoining(0xFB8C), '\u0698': rightJoining(0xFB8A), '\u06A4': dual(0xFB6A),
	'\u06A6': dual(0xFB6E), '\u06A9': dual(0xFB8E), '\u06AD': dual(0xFBD3), '\u06AF': dual(0xFB92),
	'\u06B1': dual(0xFB9A), '\u06B3': dual(0xFB96), '\u06BA': rightJoining(0xFB9E), '\u06BB': dual(0xFBA0),
	'\u06BE': dual(0xFBAA), '\u06C0': rightJoining(0xFBA4), '\u06C1': dual(0xFBA6),
	'\u06C5': rightJoining(0xFBE0), '\u06C6': rightJoining(0xFBD9), '\u06C7': rightJoining(0xFBD7),
	'\u06C8': rightJoining(0xFBDB), '\u06C9': rightJoining(0xFBE2), '\u06CB': rightJoining(0xFBDE),
	'\u06CC': dual(0xFBFC), '\u06D0': dual(0xFBE4), '\u06D2': rightJoining(0xFBAE),
	'\u06D3': rightJoining(0xFBB0),
}

// lamAlef are the ligatures of lam and the alef after it, by the alef:
// isolated and final forms.
var lamAlef = map[rune][2]rune{
	'\u0622': {0xFEF5, 0xFEF6}, '\u0623': {0xFEF7, 0xFEF8}, '\u0625': {0xFEF9, 0xFEFA}, '\u0627': {0xFEFB, 0xFEFC},
}

const lam = '\u0644'

// joinCausing are the characters that join both neighbours without
// changing: tatweel and the zero width joiner.
func joinCausing(r rune) bool { return r == '\u0640' || r == '\u200D' }

// transparent characters (the vowel marks) leave their neighbours joined.
func transparent(r rune) bool { return unicode.In(r, unicode.Mn, unicode.Me) }

// shapeArabic writes the Arabic letters of s in their contextual forms,
// and lam with alef as their ligature; the rest of s is left as it is.
func shapeArabic(s string) string {
	if !hasArabic(s) {
		return s
	}
	rs := []rune(s)
	out := make([]rune, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		forms, ok := arabicLetters[rs[i]]
		if !ok {
			out = append(out, rs[i])
			continue
		}
		prev := joinedBefore(rs, i)
		if lig, ok := lamAlef[at(rs, i+1)]; ok && rs[i] == lam {
			if prev {
				out = append(out, lig[1])
			} else {
				out = append(out, lig[0])
			}
			i++
			continue
		}
		next := forms.dual() && joinedAfter(rs, i)
		out = append(out, forms.form(prev, next))
	}
	return string(out)
}

func hasArabic(s string) bool {
	for _, r := range s {
		if _, ok := arabicLetters[r]; ok {
			return true
		}
	}
	return false
}

// at is rs[i], or 0 past its end.
func at(rs []rune, i int) rune {
	if i < len(rs) {
		return rs[i]
	}
	return 0
}

// joinedBefore reports whether the letter before rs[i], vowel marks
// skipped, reaches out to it.
func joinedBefore(rs []rune, i int) bool {
	for j := i - 1; j >= 0; j-- {
		if transparent(rs[j]) {
			continue
		}
		forms, ok := arabicLetters[rs[j]]
		return joinCausing(rs[j]) || ok && forms.dual()
	}
	return false
}

// joinedAfter reports whether the letter after rs[i], vowel marks skipped,
// takes a join from it.
func joinedAfter(rs []rune, i int) bool {
	for j := i + 1; j < len(rs); j++ {
		if transparent(rs[j]) {
			continue
		}
		_, ok := arabicLetters[rs[j]]
		return ok || joinCausing(rs[j])
	}
	return false
}
