package codebook_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
)

// BenchmarkCode codes a statement of about 20 KB — a General Debate speech
// is 18 KB on average — made of the golden excerpts, with the default
// codebook.
func BenchmarkCode(b *testing.B) {
	files, err := filepath.Glob("testdata/statements/*.txt")
	if err != nil || len(files) == 0 {
		b.Fatal(files, err)
	}
	var text strings.Builder
	for text.Len() < 20000 {
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				b.Fatal(err)
			}
			text.Write(data)
			text.WriteString("\n\n")
		}
	}
	data := []byte(text.String())
	cb := codebook.Default()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		codebook.Code(cb, data)
	}
}
