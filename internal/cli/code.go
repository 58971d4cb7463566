package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"maps"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
	"github.com/r2p-coalition/r2p/internal/store"
)

func codeCommand() command {
	var asJSON, all bool
	var event int64
	return command{
		name:    "code",
		args:    "(FILE... | --event ID | --all)",
		summary: "code statements on R2P: files with the default codebook, stored statements with the active one",
		flags:   dataFlags,
		detail: `
'r2p code' reads each FILE as a UTF-8 text statement and codes it with the
R2P codebook shipped in r2p: the three pillars, the four crimes, the
concerns, proposals and asks, and the statement's stance toward R2P (none,
mention, supports, supports_with_concerns, sceptical or opposed). Each code
shows the words that justify it, as byte offsets into the file as read, and
the rule of the codebook that fired.

With --json, each file gives one JSON object on its own line, with the keys
file, stance and codes; each code has the keys category, code, start, end
and rule. A file that cannot be read gets an error line on stderr, and the
exit status is 1.

With --event ID or --all, 'r2p code' codes the stored statements of one
event, or all of them, again with the active codebook (the one edited at
/admin/codebook), stores their codes and prints how many statements got
each stance. r2p codes new statements after each import by itself, and
'r2p serve' codes again every statement coded with another version of the
codebook; these flags are for doing it now. With --json each statement
gives one line with the keys statement, stance and codes, the offsets
pointing into the statement's stored text. When standard error is a
terminal, it counts there the statements coded of those to code.

Examples:
  r2p code --json statements/*.txt
  r2p code --event 3 --json`,
		ownFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print one JSON object per file or statement")
			fs.Int64Var(&event, "event", 0, "code the stored statements of the event with this id")
			fs.BoolVar(&all, "all", false, "code every stored statement")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			switch {
			case (event != 0 || all) && len(args) > 0:
				return &usageError{"give FILEs, or --event ID, or --all: not both"}
			case event != 0 && all:
				return &usageError{"give --event ID or --all, not both"}
			case event < 0:
				return &usageError{fmt.Sprintf("--event %d: want the id of an event", event)}
			case event != 0 || all:
				return runCodeStored(ctx, env, cfg, event, asJSON)
			}
			return runCode(env, args, asJSON)
		},
	}
}

// runCodeStored codes the stored statements of an event (0: all).
func runCodeStored(ctx context.Context, env Env, cfg *config.Config, event int64, asJSON bool) error {
	log := newLogger(cfg, env.Stderr)
	s, _, err := openMigrated(ctx, cfg, log, "cli")
	if err != nil {
		return err
	}
	defer s.Close()
	if event != 0 {
		if _, err := s.Event(ctx, event); err != nil {
			return err
		}
	}
	c := recode.New(s, log)
	v, _, err := c.Active(ctx)
	if err != nil {
		return err
	}
	stances := map[string]int{}
	line := env.statusLine()
	stdout := line.above(env.Stdout)
	n, err := codeCounted(ctx, line, s, c, store.CodeFilter{Event: event}, func(x recode.Coded) error {
		stances[x.Auto.Stance]++
		if !asJSON {
			return nil
		}
		out := codedStatement{Statement: x.Auto.StatementID, Stance: x.Auto.Stance,
			Codes: make([]codedSpan, len(x.Auto.Codes))}
		for i, h := range x.Auto.Codes {
			out.Codes[i] = codedSpan{Category: h.Category, Code: h.Code, Start: h.Start, End: h.End, Rule: h.Rule}
		}
		return writeJSONLine(stdout, out)
	})
	if err != nil {
		return err
	}
	if !asJSON {
		fmt.Fprintf(env.Stdout, "%d statements coded with codebook %s\n", n, v.Stamp())
		for _, st := range slices.Sorted(maps.Keys(stances)) {
			fmt.Fprintf(env.Stdout, "  %-24s %d\n", st, stances[st])
		}
	}
	return s.Close()
}

// codeAfterImport codes the statements an import stored, and any others
// not yet coded with the active codebook, counting them on a terminal; it
// returns how many and the codebook's stamp.
func codeAfterImport(ctx context.Context, env Env, s *store.Store, log *slog.Logger) (int, string, error) {
	c := recode.New(s, log)
	v, _, err := c.Active(ctx)
	if err != nil {
		return 0, "", err
	}
	n, err := codeCounted(ctx, env.statusLine(), s, c, store.CodeFilter{Stale: v.Stamp()}, nil)
	return n, v.Stamp(), err
}

// codeCounted is c.Code, counting the statements coded on line when it
// is on a terminal. each may be nil.
func codeCounted(ctx context.Context, line *statusLine, s *store.Store, c *recode.Coder, f store.CodeFilter,
	each func(recode.Coded) error) (int, error) {
	count := &counter{line: line, label: "coding", unit: "statements"}
	if line.on {
		total, err := s.CountStatementsToCode(ctx, f)
		if err != nil {
			return 0, err
		}
		count.total = total
	}
	count.add(0)
	defer count.finish()
	return c.Code(ctx, f, func(x recode.Coded) error {
		if each != nil {
			if err := each(x); err != nil {
				return err
			}
		}
		count.add(1)
		return nil
	})
}

// codedStatement is a stored statement's coding as 'r2p code --json
// --event ID' prints it.
type codedStatement struct {
	Statement int64       `json:"statement"`
	Stance    string      `json:"stance"`
	Codes     []codedSpan `json:"codes"`
}

func writeJSONLine(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// codedFile is a file's coding as 'r2p code --json' prints it.
type codedFile struct {
	File   string      `json:"file"`
	Stance string      `json:"stance"`
	Codes  []codedSpan `json:"codes"`
}

type codedSpan struct {
	Category string `json:"category"`
	Code     string `json:"code"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Rule     string `json:"rule"`
}

func runCode(env Env, files []string, asJSON bool) error {
	if len(files) == 0 {
		return &usageError{"give at least one FILE to code"}
	}
	cb := codebook.Default()
	failed := 0
	for _, name := range files {
		text, err := os.ReadFile(name)
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "r2p code: %v\n", err)
			continue
		}
		result := codebook.Code(cb, text)
		if asJSON {
			err = printCodedJSON(env.Stdout, name, result)
		} else {
			err = printCodedSummary(env.Stdout, name, text, result)
		}
		if err != nil {
			return err
		}
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

func printCodedJSON(w io.Writer, name string, r codebook.Result) error {
	out := codedFile{File: name, Stance: r.Stance, Codes: make([]codedSpan, len(r.Codes))}
	for i, h := range r.Codes {
		out.Codes[i] = codedSpan{Category: h.Category, Code: h.Code, Start: h.Start, End: h.End, Rule: h.Rule}
	}
	return writeJSONLine(w, out)
}

// printCodedSummary prints the stance, then one line per code: its
// offsets, category/code, the words that matched and the rule.
func printCodedSummary(w io.Writer, name string, text []byte, r codebook.Result) error {
	fmt.Fprintf(w, "%s: stance %s (%s), %d codes\n", name, r.Stance, r.StanceRule, len(r.Codes))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, h := range r.Codes {
		evidence := strings.Join(strings.Fields(string(text[h.Start:h.End])), " ")
		fmt.Fprintf(tw, "  %d-%d\t%s/%s\t%q\t%s\n", h.Start, h.End, h.Category, h.Code, evidence, h.Rule)
	}
	return tw.Flush()
}
