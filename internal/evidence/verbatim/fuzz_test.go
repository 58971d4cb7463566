package verbatim_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/verbatim"
)

// FuzzSplit checks that Split never panics and numbers the turns it finds
// from 1, each with a speaker.
func FuzzSplit(f *testing.F) {
	for _, name := range []string{"conventions.txt", "old_1985.txt"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add("The President (spoke in\n\nMr. X (Y)(interpretation from\nZ):\n(spoke in\n")
	f.Add("Mr. A (B (C)) , Role (spoke in French) : text-\n\fmore")
	f.Fuzz(func(t *testing.T, text string) {
		turns, err := verbatim.Split(text)
		if err != nil {
			return
		}
		for i, tu := range turns {
			if tu.Order != i+1 || tu.Speaker == "" {
				t.Fatalf("turn %d: %+v", i+1, tu)
			}
		}
	})
}
