package cli_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func TestCodeStoredStatements(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	mustRun(t, env, 0, "import", "verbatim", "--event", "1", verbatimFixtures+"conventions.txt")
	out, _ := mustRun(t, env, 0, "code", "--event", "1", "--json")
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 14 {
		t.Fatalf("want one line per statement, 14:\n%s", out)
	}
	for i, line := range lines {
		var raw map[string]any
		if err := json.Unmarshal([]byte(line), &raw); err != nil || len(raw) != 3 || raw["statement"] != float64(i+1) || raw["stance"] == nil {
			t.Fatalf("want an object with the keys statement, stance, codes: %s (%v)", line, err)
		}
	}
	out, _ = mustRun(t, env, 0, "code", "--all")
	if want := "14 statements coded with codebook " + codebook.Default().Stamp() + "\n"; !strings.HasPrefix(out, want) {
		t.Errorf("summary: %q, want it to start with %q", out, want)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"code", "--all", "x.txt"}, "not both"},
		{[]string{"code", "--all", "--event", "1"}, "not both"},
		{[]string{"code"}, "give at least one FILE"},
	} {
		code, _, errOut := r2p(t, env, c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("r2p %q: exit %d, %q; want 2 and %q", c.args, code, errOut, c.want)
		}
	}
	if code, _, errOut := r2p(t, env, "code", "--event", "9"); code != 1 || !strings.Contains(errOut, "not found") {
		t.Errorf("r2p code --event 9: exit %d, %q", code, errOut)
	}
}

// BenchmarkCodeUNGDC codes every speech of the UN General Debate Corpus
// stored on SQLite, reading, coding and storing; it reports speeches/s.
func BenchmarkCodeUNGDC(b *testing.B) {
	path := corpusPath(b)
	s := storetest.SQLite(b)
	importCorpus(b, s, path)
	c := recode.New(s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	var n int
	for b.Loop() {
		var err error
		if n, err = c.Code(context.Background(), store.CodeFilter{}, nil); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "speeches/s")
}
