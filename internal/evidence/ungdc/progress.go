package ungdc

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// ProgressBar draws a Reader's Progress on w: on a terminal, one line
// redrawn in place with "\r" at most every RedrawEvery; elsewhere (a log
// file, a pipe), a plain line at every tenth of the input, or every 16 MiB
// when the size is unknown. Pass its Update to Reader.OnProgress.
type ProgressBar struct {
	w        io.Writer
	label    string
	terminal bool
	now      func() time.Time
	lastDraw time.Time
	lastStep int64 // last tenth (or 16 MiB block) printed in plain mode
	width    int   // length of the last terminal line, to blank it out
}

// RedrawEvery is the shortest time between two redraws of a terminal bar.
const RedrawEvery = 100 * time.Millisecond

const plainBlock = 16 << 20

// NewProgressBar returns a bar labelled label (e.g. "ungdc") writing to w.
// It draws in place when w is a terminal (an *os.File on a character
// device).
func NewProgressBar(w io.Writer, label string) *ProgressBar {
	return &ProgressBar{w: w, label: label, terminal: isTerminal(w), now: time.Now, lastStep: -1}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// Update draws p if it is time to. The last Progress (Done) is always
// drawn, and ends the terminal line with "\n".
func (b *ProgressBar) Update(p Progress) {
	if b.terminal {
		b.updateTerminal(p)
		return
	}
	step := p.Read / plainBlock
	if p.Total > 0 {
		step = p.Read * 10 / p.Total
	}
	if step == b.lastStep && !p.Done {
		return
	}
	b.lastStep = step
	fmt.Fprintf(b.w, "%s: %s\n", b.label, describe(p))
}

func (b *ProgressBar) updateTerminal(p Progress) {
	now := b.now()
	if !p.Done && now.Sub(b.lastDraw) < RedrawEvery {
		return
	}
	b.lastDraw = now
	line := b.label + ": "
	if p.Total > 0 {
		const cells = 30
		filled := int(min(p.Read, p.Total) * cells / p.Total)
		line += "[" + strings.Repeat("#", filled) + strings.Repeat("-", cells-filled) + "] "
	}
	line += describe(p)
	pad := max(b.width-len(line), 0)
	b.width = len(line)
	end := ""
	if p.Done {
		end = "\n"
	}
	fmt.Fprintf(b.w, "\r%s%s%s", line, strings.Repeat(" ", pad), end)
}

// describe is the text of a bar: percentage, megabytes and counts.
func describe(p Progress) string {
	const mb = 1e6
	s := ""
	if p.Total > 0 {
		s = fmt.Sprintf("%3d%% %.1f/%.1f MB", min(p.Read, p.Total)*100/p.Total, float64(p.Read)/mb, float64(p.Total)/mb)
	} else {
		s = fmt.Sprintf("%.1f MB", float64(p.Read)/mb)
	}
	s += fmt.Sprintf(", %d speeches", p.Speeches)
	if p.BadLines > 0 {
		s += fmt.Sprintf(", %d bad lines", p.BadLines)
	}
	if p.Done {
		s += ", done"
	}
	return s
}
