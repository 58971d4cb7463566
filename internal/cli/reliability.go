package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
)

func reliabilityCommand() command {
	var asJSON bool
	var event int64
	var coders string
	return command{
		name:    "reliability",
		summary: "how far the coders of statements agree: Krippendorff's alpha and Cohen's kappa, per code and overall",
		flags:   dataFlags,
		detail: `
'r2p reliability' compares the blind codings of statements (made at
/admin/statements/ID/code, without seeing the automatic codes) with each
other and with the automatic coder, "auto". For each code of the active
codebook, for the stance, and for all codes pooled, it prints
Krippendorff's alpha (nominal, any number of coders, missing data
allowed) and Cohen's kappa for every pair of coders, each with the number
of units it rests on. A unit is a statement coded blind by at least one
person (and so compared with the automatic coder too); "-" marks a figure
that is undefined, such as a code nobody applied.

--coders limits the comparison to the coders named, by their ids as the
review pages show them ("user:3", "auto"). --json prints one object.

Examples:
  r2p reliability --event 1
  r2p reliability --coders user:2,user:3 --json`,
		ownFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&asJSON, "json", false, "print the figures as JSON")
			fs.Int64Var(&event, "event", 0, "compare the codings of this event's statements only")
			fs.StringVar(&coders, "coders", "",
				"compare only these coders, separated by commas (auto: the automatic coder)")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Sprintf("unexpected arguments %q", args)}
			}
			var list []string
			for c := range strings.SplitSeq(coders, ",") {
				if c = strings.TrimSpace(c); c != "" {
					list = append(list, c)
				}
			}
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
			_, cb, err := recode.New(s, log).Active(ctx)
			if err != nil {
				return err
			}
			units, err := s.CodingUnits(ctx, event)
			if err != nil {
				return err
			}
			a := coding.Compare(units, coding.CodeIDs(cb), list)
			if asJSON {
				return writeJSONLine(env.Stdout, a)
			}
			return printAgreement(env.Stdout, a)
		},
	}
}

// printAgreement prints one line per variable: alpha, then each pair's kappa.
func printAgreement(w io.Writer, a coding.Agreement) error {
	fmt.Fprintf(w, "%d statements coded blind, compared among %d coders: %s\n", a.Units, len(a.Coders),
		strings.Join(a.Coders, ", "))
	if a.Units == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\talpha (units)\tkappa of each pair (units)")
	for _, f := range append([]coding.Figures{a.Overall, a.Stance}, a.Codes...) {
		fmt.Fprintf(tw, "%s\t%s", f.Name, f.Alpha)
		for _, p := range f.Kappa {
			fmt.Fprintf(tw, "\t%s–%s %s", p.First, p.Second, p.Kappa)
		}
		fmt.Fprintln(tw)
	}
	return tw.Flush()
}
