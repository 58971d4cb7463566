package states_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/states/internal/tablegen"
)

// TestDataFileIsUpToDate regenerates data/states.tsv in memory and compares
// it with the committed file. It needs shared/reference beside the
// repository and Debian iso-codes, and skips without them.
func TestDataFileIsUpToDate(t *testing.T) {
	cfg := tablegen.Config{
		ReferenceDir: filepath.Join("..", "..", "..", "shared", "reference"),
		ISOCodesDir:  "/usr/share/iso-codes/json",
		InputDir:     "gen",
		ISOVersion:   tablegen.DefaultISOVersion,
	}
	for _, p := range []string{filepath.Join(cfg.ReferenceDir, "un_states.csv"), filepath.Join(cfg.ISOCodesDir, "iso_3166-3.json")} {
		if _, err := os.Stat(p); err != nil {
			t.Skipf("cannot regenerate data/states.tsv: %v (needs shared/reference beside the repository and the iso-codes package)", err)
		}
	}
	got, err := tablegen.Generate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile("data/states.tsv")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		gotLines, wantLines := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < max(len(gotLines), len(wantLines)); i++ {
			g, w := lineAt(gotLines, i), lineAt(wantLines, i)
			if g != w {
				t.Fatalf("data/states.tsv is stale; run go generate ./internal/states. First difference, line %d:\ngenerated: %q\ncommitted: %q", i+1, g, w)
			}
		}
	}
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "<end of file>"
}
