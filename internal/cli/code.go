package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/codebook"
	"github.com/r2p-coalition/r2p/internal/config"
)

func codeCommand() command {
	var asJSON bool
	return command{
		name:    "code",
		args:    "FILE...",
		summary: "code statements on R2P with the default codebook",
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

Example:
  r2p code --json statements/*.txt`,
		ownFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print one JSON object per file")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			return runCode(env, args, asJSON)
		},
	}
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
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
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
