package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/cli"
)

// r2pOnTerminal runs r2p as r2p does, but with stderr taken for a
// terminal when terminal is set; its clock moves by tick at each reading,
// so that a tick of a second or more lets every redraw through and a tick
// of 0 only the first and the last.
func r2pOnTerminal(t *testing.T, env map[string]string, terminal bool, tick time.Duration,
	args ...string) (stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	code := cli.Run(context.Background(), args, cli.Env{
		Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] },
		IsTerminal: func(w io.Writer) bool { return terminal && w == &errOut },
		Now:        func() time.Time { clock = clock.Add(tick); return clock },
	})
	if code != 0 {
		t.Fatalf("r2p %q: exit %d\nstdout:\n%s\nstderr:\n%q", args, code, out.String(), errOut.String())
	}
	return out.String(), errOut.String()
}

// counted is what a counter draws with every redraw let through.
func counted(label, unit string, total int) string {
	var b strings.Builder
	for i := 0; i <= total; i++ {
		fmt.Fprintf(&b, "\r%s %d/%d %s", label, i, total, unit)
	}
	return b.String() + "\n"
}

func TestCodeShowsProgressOnATerminal(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	mustRun(t, env, 0, "import", "verbatim", "--event", "1", verbatimFixtures+"conventions.txt")
	plain, _ := mustRun(t, env, 0, "code", "--all")
	for _, args := range [][]string{{"code", "--all"}, {"code", "--event", "1"}} {
		out, errOut := r2pOnTerminal(t, env, true, time.Second, args...)
		if want := counted("coding", "statements", 14); out != plain || errOut != want {
			t.Errorf("r2p %q on a terminal: stdout\n%s\nstderr %q;\nwant stdout\n%s\nstderr %q", args, out, errOut, plain, want)
		}
	}
	_, errOut := r2pOnTerminal(t, env, true, 0, "code", "--all")
	if want := "\rcoding 0/14 statements\rcoding 14/14 statements\n"; errOut != want {
		t.Errorf("with the clock standing still: stderr %q, want %q", errOut, want)
	}
	out, errOut := r2pOnTerminal(t, env, false, time.Second, "code", "--all")
	if out != plain || errOut != "" {
		t.Errorf("off a terminal: stdout\n%s\nstderr %q; want stdout\n%s\nand nothing on stderr", out, errOut, plain)
	}
}

// TestCodeJSONBlanksTheProgressLine: each JSON line on stdout first blanks
// the counter on stderr, which the next statement draws again.
func TestCodeJSONBlanksTheProgressLine(t *testing.T) {
	env := newDB(t)
	addDebate(t, env)
	mustRun(t, env, 0, "import", "verbatim", "--event", "1", verbatimFixtures+"conventions.txt")
	plain, _ := mustRun(t, env, 0, "code", "--event", "1", "--json")
	out, errOut := r2pOnTerminal(t, env, true, time.Second, "code", "--event", "1", "--json")
	var want strings.Builder
	for i := range 14 {
		line := fmt.Sprintf("coding %d/14 statements", i)
		fmt.Fprintf(&want, "\r%s\r%s\r", line, strings.Repeat(" ", len(line)))
	}
	want.WriteString("\rcoding 14/14 statements\n")
	if out != plain || errOut != want.String() {
		t.Errorf("stdout\n%s\nstderr %q;\nwant stdout\n%s\nstderr %q", out, errOut, plain, want.String())
	}
}

func TestImportFilesShowsProgressOnATerminal(t *testing.T) {
	files := []string{
		writeFile(t, "SWE.txt", "Sweden supports the responsibility to protect."),
		writeFile(t, "FRA.txt", "France supports early warning."),
		writeFile(t, "GHA.txt", "Ghana thanks the President."),
	}
	args := append([]string{"import", "text", "--event", "1"}, files...)
	plainEnv := newDB(t)
	addDebate(t, plainEnv)
	plain, plainErr := mustRun(t, plainEnv, 0, args...)

	env := newDB(t)
	addDebate(t, env)
	out, errOut := r2pOnTerminal(t, env, true, time.Second, args...)
	want := plainErr + counted("reading", "files", 3) + counted("coding", "statements", 3)
	if out != plain || errOut != want {
		t.Errorf("on a terminal: stdout %q, stderr %q; want stdout %q, stderr %q", out, errOut, plain, want)
	}
	out, errOut = r2pOnTerminal(t, env, true, time.Second, args...)
	if want := counted("reading", "files", 3); out != "0 statements stored, 3 already there\n" || errOut != want {
		t.Errorf("again, nothing to code: stdout %q, stderr %q; want stderr %q", out, errOut, want)
	}
	out, errOut = r2pOnTerminal(t, env, true, time.Second, "import", "text", "--event", "1", files[0])
	if out != "0 statements stored, 1 already there\n" || errOut != "" {
		t.Errorf("one file: stdout %q, stderr %q; want no count of one file", out, errOut)
	}
	out, errOut = r2pOnTerminal(t, env, false, time.Second, args...)
	if out != "0 statements stored, 3 already there\n" || errOut != "" {
		t.Errorf("off a terminal: stdout %q, stderr %q; want nothing on stderr", out, errOut)
	}
}

// TestImportUNGDCShowsABarOnATerminal: with the clock standing still, the
// bar is drawn at the first speech and at the end; the bad lines blank it
// first, and coding counts on a line of its own.
func TestImportUNGDCShowsABarOnATerminal(t *testing.T) {
	const fixture = "../evidence/ungdc/testdata/fixture.jsonl"
	plain, plainErr := mustRun(t, newDB(t), 0, "import", "ungdc", fixture)
	var problems strings.Builder
	for line := range strings.Lines(plainErr) {
		if strings.HasPrefix(line, "ungdc: line ") {
			problems.WriteString(line)
		}
	}
	out, errOut := r2pOnTerminal(t, newDB(t), true, 0, "import", "ungdc", fixture)
	first := "ungdc: [##############################] 100% 0.0/0.0 MB, 1 speeches"
	want := "\r" + first + "\r" + strings.Repeat(" ", len(first)) + "\r" + problems.String() +
		"\rungdc: [##############################] 100% 0.0/0.0 MB, 15 speeches, 7 bad lines, done\n" +
		"\rcoding 0/15 statements\rcoding 15/15 statements\n"
	if out != plain || errOut != want {
		t.Errorf("stdout\n%s\nstderr %q;\nwant stdout\n%s\nstderr %q", out, errOut, plain, want)
	}
	if problems.Len() == 0 {
		t.Error("no bad line in the plain output")
	}
}
