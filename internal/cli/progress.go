package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/ungdc"
)

// redrawEvery is the shortest time between two redraws of a status line:
// at most ten a second however fast the work goes, so that drawing costs
// nothing next to it.
const redrawEvery = 100 * time.Millisecond

// isTerminal is the default of Env.IsTerminal: w is an *os.File on a
// character device.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// statusLine returns a new status line on env's standard error.
func (env Env) statusLine() *statusLine {
	on := isTerminal(env.Stderr)
	if env.IsTerminal != nil {
		on = env.IsTerminal(env.Stderr)
	}
	now := env.Now
	if now == nil {
		now = time.Now
	}
	return &statusLine{w: env.Stderr, on: on, now: now}
}

// statusLine is the last line of a terminal, redrawn in place with "\r"
// to show how far a long command has got. It draws only on a terminal: a
// log file or a pipe gets nothing, so that what a command writes there is
// the same with or without it.
type statusLine struct {
	w        io.Writer
	on       bool // w is a terminal
	now      func() time.Time
	lastDraw time.Time
	shown    string // the line on the screen; "" when there is none
}

// draw shows line, at most every redrawEvery; a final line is always
// drawn, and ended with "\n" for what comes after it.
func (l *statusLine) draw(line string, final bool) {
	if !l.on || (line == l.shown && !final) {
		return
	}
	now := l.now()
	if !final && now.Sub(l.lastDraw) < redrawEvery {
		return
	}
	l.lastDraw = now
	if line != l.shown {
		fmt.Fprintf(l.w, "\r%s%s", line, strings.Repeat(" ", max(len(l.shown)-len(line), 0)))
		l.shown = line
	}
	if final {
		l.end()
	}
}

// end ends the line shown, if any, where it is: after a final draw, or
// when the command stops on an error.
func (l *statusLine) end() {
	if l.shown != "" {
		fmt.Fprint(l.w, "\n")
		l.shown = ""
	}
}

// above returns a writer for the lines a command prints while the status
// line is shown (problems, results): each write first blanks the status
// line, which the next draw puts back. Off a terminal it is w itself.
func (l *statusLine) above(w io.Writer) io.Writer {
	if !l.on {
		return w
	}
	return writerFunc(func(p []byte) (int, error) {
		if l.shown != "" {
			fmt.Fprintf(l.w, "\r%s\r", strings.Repeat(" ", len(l.shown)))
			l.shown = ""
		}
		return w.Write(p)
	})
}

type writerFunc func([]byte) (int, error)

func (f writerFunc) Write(p []byte) (int, error) { return f(p) }

// counter shows "LABEL DONE/TOTAL UNIT" on a status line, such as
// "coding 3/10 statements"; nothing when there are none to do.
type counter struct {
	line        *statusLine
	label, unit string
	done, total int
}

// add counts n more done.
func (c *counter) add(n int) {
	c.done += n
	c.draw(false)
}

// finish draws the count as it ends, on a line of its own.
func (c *counter) finish() { c.draw(true) }

func (c *counter) draw(final bool) {
	if c.total == 0 {
		return
	}
	c.line.draw(fmt.Sprintf("%s %d/%d %s", c.label, c.done, max(c.total, c.done), c.unit), final)
}

// ungdcProgress shows how far 'r2p import ungdc' has read the corpus: on
// a terminal, a bar on the status line; elsewhere (a log file, a pipe), a
// plain line on plain at every tenth of the input, or every 16 MiB when
// its size is unknown. Its update is the Reader's OnProgress.
type ungdcProgress struct {
	line     *statusLine
	plain    io.Writer
	lastStep int64 // last tenth (or 16 MiB block) printed in plain mode
}

const plainBlock = 16 << 20

func newUNGDCProgress(env Env) *ungdcProgress {
	return &ungdcProgress{line: env.statusLine(), plain: env.Stderr, lastStep: -1}
}

func (b *ungdcProgress) update(p ungdc.Progress) {
	if b.line.on {
		b.line.draw(ungdcBar(p), p.Done)
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
	fmt.Fprintf(b.plain, "ungdc: %s\n", describeUNGDC(p))
}

// ungdcBar is the status line of a terminal: a bar of 30 cells when the
// size is known, then describeUNGDC.
func ungdcBar(p ungdc.Progress) string {
	line := "ungdc: "
	if p.Total > 0 {
		const cells = 30
		filled := int(min(p.Read, p.Total) * cells / p.Total)
		line += "[" + strings.Repeat("#", filled) + strings.Repeat("-", cells-filled) + "] "
	}
	return line + describeUNGDC(p)
}

// describeUNGDC is the text of a report: percentage, megabytes and counts.
func describeUNGDC(p ungdc.Progress) string {
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
