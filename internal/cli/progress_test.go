package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/ungdc"
)

// terminalEnv is an Env whose stderr, out, is a terminal, with a clock
// that stands still until the test moves it.
func terminalEnv(out io.Writer, clock *time.Time) Env {
	return Env{Stderr: out, IsTerminal: func(w io.Writer) bool { return w == out },
		Now: func() time.Time { return *clock }}
}

func TestUNGDCProgressPlain(t *testing.T) {
	var out bytes.Buffer
	b := newUNGDCProgress(Env{Stderr: &out})
	total := int64(65_799_829)
	for i := int64(0); i <= 100; i++ {
		b.update(ungdc.Progress{Read: total * i / 100, Total: total, Speeches: int(i) * 100})
	}
	b.update(ungdc.Progress{Read: total, Total: total, Speeches: 10952, BadLines: 1, Done: true})
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 12 { // 0%, 10% ... 100%, done
		t.Fatalf("%d lines, want 12:\n%s", len(lines), out.String())
	}
	// 10% of the bytes is first reached at i = 11 (i = 10 is 9.99999%).
	if want := "ungdc:  10% 7.2/65.8 MB, 1100 speeches"; lines[1] != want {
		t.Errorf("line 2: %q, want %q", lines[1], want)
	}
	if want := "ungdc: 100% 65.8/65.8 MB, 10952 speeches, 1 bad lines, done"; lines[11] != want {
		t.Errorf("last line: %q, want %q", lines[11], want)
	}
	if strings.Contains(out.String(), "\r") {
		t.Error("plain output has \\r")
	}
}

func TestUNGDCProgressPlainUnknownSize(t *testing.T) {
	var out bytes.Buffer
	b := newUNGDCProgress(Env{Stderr: &out})
	for read := int64(0); read < 40<<20; read += 1 << 20 {
		b.update(ungdc.Progress{Read: read, Speeches: 1})
	}
	want := "ungdc: 0.0 MB, 1 speeches\nungdc: 16.8 MB, 1 speeches\nungdc: 33.6 MB, 1 speeches\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestUNGDCProgressTerminal(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newUNGDCProgress(terminalEnv(&out, &clock))
	b.update(ungdc.Progress{Read: 50, Total: 100, Speeches: 5, BadLines: 2})
	clock = clock.Add(redrawEvery / 2)
	b.update(ungdc.Progress{Read: 60, Total: 100, Speeches: 6}) // too soon: not drawn
	clock = clock.Add(redrawEvery)
	b.update(ungdc.Progress{Read: 100, Total: 100, Speeches: 10, Done: true})
	want := "\rungdc: [###############---------------]  50% 0.0/0.0 MB, 5 speeches, 2 bad lines" +
		"\rungdc: [##############################] 100% 0.0/0.0 MB, 10 speeches, done      \n"
	if out.String() != want {
		t.Errorf("got %q,\nwant %q", out.String(), want)
	}
}

func TestUNGDCProgressTerminalPadsShorterLine(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := newUNGDCProgress(terminalEnv(&out, &clock))
	b.update(ungdc.Progress{Read: 1, Speeches: 1, BadLines: 1234})
	b.update(ungdc.Progress{Read: 1, Speeches: 1, Done: true})
	want := "\rungdc: 0.0 MB, 1 speeches, 1234 bad lines\rungdc: 0.0 MB, 1 speeches, done" + strings.Repeat(" ", 10) + "\n"
	if out.String() != want {
		t.Errorf("got %q,\nwant %q", out.String(), want)
	}
}

func TestIsTerminal(t *testing.T) {
	f, err := os.CreateTemp(t.TempDir(), "out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if isTerminal(f) || isTerminal(&bytes.Buffer{}) {
		t.Error("a regular file or a buffer is taken for a terminal")
	}
	if (Env{Stderr: f}).statusLine().on {
		t.Error("a status line draws on a regular file")
	}
}

// TestCounterRedrawsAtMostEveryTenthOfASecond counts 10 statements done
// 40 ms apart: every third is drawn, and the last one always.
func TestCounterRedrawsAtMostEveryTenthOfASecond(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &counter{line: terminalEnv(&out, &clock).statusLine(), label: "coding", unit: "statements", total: 10}
	c.add(0)
	for range 10 {
		clock = clock.Add(40 * time.Millisecond)
		c.add(1)
	}
	c.finish()
	want := "\rcoding 0/10 statements\rcoding 3/10 statements\rcoding 6/10 statements\rcoding 9/10 statements" +
		"\rcoding 10/10 statements\n"
	if out.String() != want {
		t.Errorf("got %q,\nwant %q", out.String(), want)
	}
}

func TestCounterDrawsNothingOffATerminalOrWithNothingToDo(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	off := &counter{line: (Env{Stderr: &out}).statusLine(), label: "coding", unit: "statements", total: 3}
	none := &counter{line: terminalEnv(&out, &clock).statusLine(), label: "coding", unit: "statements"}
	for _, c := range []*counter{off, none} {
		c.add(0)
		c.add(3)
		c.finish()
	}
	if out.Len() != 0 {
		t.Errorf("got %q, want nothing", out.String())
	}
}

// TestStatusLineAbove blanks the line before a message and draws it again
// at the next redraw; a line cut short by an error is ended with "\n".
func TestStatusLineAbove(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l := terminalEnv(&out, &clock).statusLine()
	above := l.above(&out)
	l.draw("reading 1/3 files", false)
	fmt.Fprintln(above, "a.csv:2: speaker: missing")
	fmt.Fprintln(above, "a.csv:3: speaker: missing")
	clock = clock.Add(redrawEvery)
	l.draw("reading 2/3 files", false)
	l.end()
	l.end()
	want := "\rreading 1/3 files\r" + strings.Repeat(" ", 17) + "\r" +
		"a.csv:2: speaker: missing\na.csv:3: speaker: missing\n\rreading 2/3 files\n"
	if out.String() != want {
		t.Errorf("got %q,\nwant %q", out.String(), want)
	}
	var plain bytes.Buffer
	if w := (Env{Stderr: &plain}).statusLine().above(&plain); w != io.Writer(&plain) {
		t.Error("off a terminal, above is not the writer itself")
	}
}
