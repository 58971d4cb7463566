package verbatim_test

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/verbatim"
	"github.com/r2p-coalition/r2p/internal/format/pdftext"
)

// records are the UN records in shared/verbatim, beside the repository,
// each with its hand-written list of turns in testdata.
var records = []string{"ga_64_PV_121", "ga_65_PV_71", "ga_76_PV_102", "sc_1997_PV_3756", "sc_2018_PV_8422"}

// TestGoldenRecords splits each record, starting from its PDF, and
// compares the whole ordered list of (speaker, state, language) with the
// list written by hand. It skips loudly where shared/ is missing, and where
// pdftotext is missing outside CI (the test command installs it).
func TestGoldenRecords(t *testing.T) {
	if _, err := exec.LookPath(pdftext.Program); err != nil {
		missing(t, "pdftotext is not installed (install poppler-utils): %v", err)
	}
	for _, name := range records {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "..", "..", "shared", "verbatim", name+".pdf")
			if _, err := os.Stat(path); err != nil {
				// The records are not part of the repository: tests that
				// read them skip where shared/ is not beside it.
				t.Skipf("SKIPPED: %s is not here (shared/ lies beside the repository in CI): %v", path, err)
			}
			pages, err := pdftext.ExtractFile(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			turns, err := verbatim.Split(strings.Join(pages, "\f"))
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(filepath.Join("testdata", name+".expected"))
			if err != nil {
				t.Fatal(err)
			}
			compareTurnList(t, summarize(turns), expectedRows(string(want)))
		})
	}
}

// missing skips the test, loudly, or fails it in CI.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("in CI: "+format, args...)
	}
	t.Skipf("SKIPPED: "+format, args...)
}

// summarize writes each turn as "order<TAB>speaker<TAB>state<TAB>language",
// with - for no state.
func summarize(turns []verbatim.Turn) []string {
	out := make([]string, len(turns))
	for i, tu := range turns {
		state := tu.State
		if state == "" {
			state = "-"
		}
		out[i] = fmt.Sprintf("%d\t%s\t%s\t%s", tu.Order, tu.Speaker, state, tu.Language)
	}
	return out
}

// expectedRows reads a .expected file: its non-comment lines.
func expectedRows(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

func compareTurnList(t *testing.T, got, want []string) {
	t.Helper()
	for i := 0; i < max(len(got), len(want)); i++ {
		var g, w string
		if i < len(got) {
			g = got[i]
		}
		if i < len(want) {
			w = want[i]
		}
		if g != w {
			t.Errorf("turn %d: got %q, want %q", i+1, g, w)
		}
	}
	if t.Failed() {
		t.Logf("got %d turns, want %d", len(got), len(want))
	}
}
