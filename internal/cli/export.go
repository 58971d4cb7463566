package cli

import (
	"bytes"
	"context"
	"flag"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/recode"
)

func exportCommand() command {
	var format string
	var xlsx bool
	var event int64
	return command{
		name:    "export",
		args:    "codes [--format long|wide] [--xlsx] [--event ID] [FILE]",
		summary: "export the coded statements for R, Stata or a spreadsheet",
		detail: `
'r2p export codes' writes the codes of the statements (of one event with
--event) as every count sees them: the automatic codes, each overridden by
the latest decision a person made seeing them.

--format long (default): one row per statement and code of the active
codebook, with the columns statement_id, event_id, speaker, speaker_kind,
on_behalf_of, year, date, language, category, code, value (1 present, 0
absent, empty for a statement not coded yet), evidence (the words that
justify a present code), evidence_start, evidence_end (byte offsets in the
statement's text), coder ("auto" or a person's id) and codebook (the
version it was coded with).

--format wide: one row per statement, the same first columns, the stance,
then one column per code, 1 or 0.

CSV (UTF-8, CRLF; cells a spreadsheet would run as formulas escaped) by
default; --xlsx writes a workbook with the data sheet and a "codebook"
sheet naming each code's variable, category, label and description. Column
names are lower-case, with underscores, at most 32 characters: R and Stata
read them as they are. Without FILE, the export goes to standard output.

Examples:
  r2p export codes --format wide --event 1 > debate.csv
  r2p export codes --xlsx codes.xlsx`,
		interspersed: true,
		flags:        dataFlags,
		ownFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&format, "format", coding.FormatLong, "`long` or wide")
			fs.BoolVar(&xlsx, "xlsx", false, "write an Excel workbook with a codebook sheet instead of CSV")
			fs.Int64Var(&event, "event", 0, "export this event's statements only")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) == 0 || args[0] != "codes" || len(args) > 2 {
				return &usageError{"want: r2p export codes [--format long|wide] [--xlsx] [--event ID] [FILE]"}
			}
			if format != coding.FormatLong && format != coding.FormatWide {
				return &usageError{fmt.Sprintf("--format %q: want long or wide", format)}
			}
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			_, cb, err := recode.New(s, newLogger(cfg, env.Stderr)).Active(ctx)
			if err != nil {
				return err
			}
			units, err := s.CodingUnits(ctx, event)
			if err != nil {
				return err
			}
			var out bytes.Buffer
			if err := coding.WriteExport(&out, units, cb, format, xlsx); err != nil {
				return err
			}
			if len(args) == 2 {
				return writeFileAtomically(args[1], out.Bytes())
			}
			_, err = env.Stdout.Write(out.Bytes())
			return err
		},
	}
}
