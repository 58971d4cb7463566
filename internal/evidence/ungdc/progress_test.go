package ungdc

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"
)

func TestProgressBarPlain(t *testing.T) {
	var out bytes.Buffer
	b := NewProgressBar(&out, "ungdc")
	total := int64(65_799_829)
	for i := int64(0); i <= 100; i++ {
		b.Update(Progress{Read: total * i / 100, Total: total, Speeches: int(i) * 100})
	}
	b.Update(Progress{Read: total, Total: total, Speeches: 10952, BadLines: 1, Done: true})
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

func TestProgressBarPlainUnknownSize(t *testing.T) {
	var out bytes.Buffer
	b := NewProgressBar(&out, "x")
	for read := int64(0); read < 40<<20; read += 1 << 20 {
		b.Update(Progress{Read: read, Speeches: 1})
	}
	want := "x: 0.0 MB, 1 speeches\nx: 16.8 MB, 1 speeches\nx: 33.6 MB, 1 speeches\n"
	if out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

func TestProgressBarTerminal(t *testing.T) {
	var out bytes.Buffer
	clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := &ProgressBar{w: &out, label: "ungdc", terminal: true, now: func() time.Time { return clock }, lastStep: -1}
	b.Update(Progress{Read: 50, Total: 100, Speeches: 5, BadLines: 2})
	clock = clock.Add(RedrawEvery / 2)
	b.Update(Progress{Read: 60, Total: 100, Speeches: 6}) // too soon: not drawn
	clock = clock.Add(RedrawEvery)
	b.Update(Progress{Read: 100, Total: 100, Speeches: 10, Done: true})
	want := "\rungdc: [###############---------------]  50% 0.0/0.0 MB, 5 speeches, 2 bad lines" +
		"\rungdc: [##############################] 100% 0.0/0.0 MB, 10 speeches, done      \n"
	if out.String() != want {
		t.Errorf("got %q,\nwant %q", out.String(), want)
	}
}

func TestProgressBarTerminalPadsShorterLine(t *testing.T) {
	var out bytes.Buffer
	b := &ProgressBar{w: &out, label: "u", terminal: true, now: time.Now, lastStep: -1}
	b.Update(Progress{Read: 1, Speeches: 1, BadLines: 1234})
	b.Update(Progress{Read: 1, Speeches: 1, Done: true})
	want := "\ru: 0.0 MB, 1 speeches, 1234 bad lines\ru: 0.0 MB, 1 speeches, done" + strings.Repeat(" ", 10) + "\n"
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
	if NewProgressBar(f, "x").terminal {
		t.Error("NewProgressBar draws in place on a regular file")
	}
}
