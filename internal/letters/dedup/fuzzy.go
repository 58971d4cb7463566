package dedup

import (
	"unicode/utf8"
)

// Misspelled words are found by symmetric deletion: every registry word is
// indexed under itself and the strings one (or, for long words, two)
// letter deletions away; a query word looks up itself and its own
// deletions, and every word found is checked with the edit distance.
// Words of four letters or more may be one edit away, words of eight or
// more two: shorter words with an edit are too often other words.
const (
	minFuzzyLen  = 4
	minFuzzy2Len = 8
)

// Weights of words that carry little: a misspelled stop word, and another
// short word the index does not have. A misspelled word otherwise weighs
// what the word it misspells weighs: see reweighMisspellings.
const (
	stopWordWeight  = 0.2
	shortWordWeight = 1.0
	rareCount       = 2
	rareFactor      = 5
	maxStopTypoLen  = 5 // "pourr"
)

// nearStopWord reports whether w, not itself a stop word, is one edit from
// a stop word of two letters or more.
func nearStopWord(w string) bool {
	if stopWords[w] {
		return false
	}
	for s := range stopWords {
		if len(s) >= 2 && editDistance(w, s, 1) <= 1 {
			return true
		}
	}
	return false
}

// maxEdits is the number of edits allowed between words of these lengths
// (in letters).
func maxEdits(a, b int) int {
	n := min(a, b)
	switch {
	case n >= minFuzzy2Len:
		return 2
	case n >= minFuzzyLen:
		return 1
	}
	return 0
}

// wordSimilarity is 1 - edits / letters of the longer word.
func wordSimilarity(edits, a, b int) float64 {
	return 1 - float64(edits)/float64(max(a, b))
}

// deletions calls f with s less one letter, for every letter of s, and, if
// depth is 2, with s less two letters. The string passed to f is only
// valid during the call.
func deletions(s string, depth int, buf []byte, f func([]byte)) []byte {
	for i, r := range s {
		size := utf8.RuneLen(r)
		if size < 0 {
			size = 1
		}
		buf = append(buf[:0], s[:i]...)
		buf = append(buf, s[i+size:]...)
		f(buf)
		if depth < 2 {
			continue
		}
		// Second deletions after position i only, so each pair comes once.
		rest := s[i+size:]
		for j, r2 := range rest {
			size2 := utf8.RuneLen(r2)
			if size2 < 0 {
				size2 = 1
			}
			buf = append(buf[:0], s[:i]...)
			buf = append(buf, rest[:j]...)
			buf = append(buf, rest[j+size2:]...)
			f(buf)
		}
	}
	return buf
}

// editDistance is the optimal-string-alignment distance between a and b
// (insertions, deletions, substitutions and transpositions of neighbouring
// letters), or limit+1 when it is more than limit. Words of up to
// maxFastWord bytes of ASCII are compared without allocating.
func editDistance(a, b string, limit int) int {
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > limit || -d > limit {
		return limit + 1
	}
	if len(a) <= maxFastWord && len(b) <= maxFastWord && isASCII(a) && isASCII(b) {
		var ab, bb [maxFastWord]byte
		return osa(ab[:copy(ab[:], a)], bb[:copy(bb[:], b)], limit)
	}
	return osa([]rune(a), []rune(b), limit)
}

const maxFastWord = 48

// letterSignature has a bit for each letter a word uses (a-z each their
// own, other letters and digits sharing the rest). An edit changes at most
// two bits, so words whose signatures differ in more than 2k bits are more
// than k edits apart.
func letterSignature(w string) uint64 {
	var sig uint64
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			sig |= 1 << (r - 'a')
		default:
			sig |= 1 << (26 + uint(r)%38)
		}
	}
	return sig
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

func osa[T byte | rune](a, b []T, limit int) int {
	var rows [3][maxFastWord + 1]int32
	prev2, prev, cur := rows[0][:], rows[1][:], rows[2][:]
	if len(b) > maxFastWord {
		prev2, prev, cur = make([]int32, len(b)+1), make([]int32, len(b)+1), make([]int32, len(b)+1)
	}
	for j := 0; j <= len(b); j++ {
		prev[j] = int32(j)
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = int32(i)
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			cost := int32(1)
			if a[i-1] == b[j-1] {
				cost = 0
			}
			v := min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			best = min(best, v)
		}
		if int(best) > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	if d := int(prev[len(b)]); d <= limit {
		return d
	}
	return limit + 1
}
