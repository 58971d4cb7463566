package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

func missionsCommand() command {
	return command{
		name:    "missions",
		args:    "import [--skip-bad] FILE.csv | export [FILE]",
		summary: "import and export the directory of permanent missions",
		detail: `
The directory holds, for each UN member and observer state, one record per
duty station (New York, Geneva, ...): the mission's e-mail addresses, postal
address, head of mission, salutation and working language. Letters to
governments are sent from it. r2p ships no contact details: each coalition
loads its own.

The file is CSV in UTF-8 with a header row naming the columns, in any order:
  iso3, station, email, postal_address, head_name, head_title, salutation, language
Only iso3 is required. An empty station is New York; several addresses in
email are separated by ";"; language is ar, zh, en, fr, ru or es (empty is
English).

'r2p missions import FILE.csv' checks every row first. If any is bad, it
prints each as FILE:LINE: field: reason, imports nothing and exits with 1.
With --skip-bad it imports the good rows and reports the bad ones. A row
replaces the record of the same state and station; records the file does
not name are kept. '-' reads standard input.

'r2p missions export [FILE]' writes the directory as CSV — to standard
output without FILE — with one row per state and station, and a row with
empty details for each state that has no record yet, so that the file lists
every state. A cell starting with = + - @ or ' gets a leading apostrophe, so
that spreadsheets show it as text; import removes it again.

Both may run while 'r2p serve' uses the same database. Give the database
flags after the subcommand: r2p missions import --db r2p.db FILE.csv

Examples:
  r2p missions export > missions.csv
  r2p missions import --skip-bad missions.csv`,
		run: runMissions,
	}
}

func runMissions(ctx context.Context, env Env, _ *config.Config, args []string) error {
	if len(args) == 0 {
		return &usageError{"want: r2p missions import [--skip-bad] FILE.csv or r2p missions export [FILE]"}
	}
	switch args[0] {
	case "import":
		return runCommand(ctx, missionsImportCommand(), env, args[1:])
	case "export":
		return runCommand(ctx, missionsExportCommand(), env, args[1:])
	}
	return &usageError{fmt.Sprintf("unknown subcommand %q; want import or export", args[0])}
}

func missionsImportCommand() command {
	var skipBad bool
	return command{
		name:    "missions import",
		args:    "FILE.csv",
		summary: "import the directory of permanent missions from a CSV file",
		flags:   dataFlags,
		ownFlags: func(fs *flag.FlagSet) {
			fs.BoolVar(&skipBad, "skip-bad", false, "import the good rows when some are bad, and report the bad ones")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			return importMissions(ctx, env, cfg, args, skipBad)
		},
	}
}

func importMissions(ctx context.Context, env Env, cfg *config.Config, args []string, skipBad bool) error {
	if len(args) != 1 {
		return &usageError{"give one FILE.csv to import, or - for standard input"}
	}
	name := displayName(args[0])
	parsed, err := readMissionsFile(args[0])
	var fileErr *mission.RowError
	if errors.As(err, &fileErr) {
		fmt.Fprintf(env.Stderr, "%s:%d: %s: %s\nr2p missions import: nothing imported\n", name, fileErr.Line,
			fileErr.Field, fileErr.Problem)
		return errReported
	}
	if err != nil {
		return err
	}
	for _, bad := range parsed.Bad {
		fmt.Fprintf(env.Stderr, "%s:%d: %s: %s\n", name, bad.Line, bad.Field, bad.Problem)
	}
	if len(parsed.Bad) > 0 && !skipBad {
		fmt.Fprintf(env.Stderr,
			"r2p missions import: %d bad rows, nothing imported; correct them, or give --skip-bad to import the %d good rows\n",
			len(parsed.Bad), len(parsed.Rows))
		return errReported
	}
	s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
	if err != nil {
		return err
	}
	defer s.Close()
	list := make([]mission.Mission, len(parsed.Rows))
	for i, r := range parsed.Rows {
		list[i] = r.Mission
	}
	var n store.MissionCounts
	err = s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.ImportMissions(ctx, "cli", name, list)
		return err
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d rows imported: %d new, %d changed, %d unchanged", name, len(list),
		n.Created, n.Updated, n.Unchanged)
	if len(parsed.Bad) > 0 {
		fmt.Fprintf(env.Stdout, "; %d bad rows skipped", len(parsed.Bad))
	}
	fmt.Fprintln(env.Stdout)
	return s.Close()
}

// readMissionsFile reads a directory file, or standard input for "-".
func readMissionsFile(name string) (mission.Parsed, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return mission.Parsed{}, err
		}
		defer f.Close()
		r = f
	}
	return mission.ReadCSV(r, states.Default())
}

func missionsExportCommand() command {
	return command{
		name:    "missions export",
		args:    "[FILE]",
		summary: "write the directory of permanent missions as CSV, to FILE or standard output",
		flags:   dataFlags,
		run:     exportMissions,
	}
}

func exportMissions(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) > 1 {
		return &usageError{"give at most one FILE; without one, the CSV goes to standard output"}
	}
	s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Missions(ctx, store.MissionFilter{})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := mission.WriteCSV(&buf, list, states.Default(), mission.WriteOptions{}); err != nil {
		return err
	}
	if len(args) == 0 || args[0] == "-" {
		if _, err := env.Stdout.Write(buf.Bytes()); err != nil {
			return err
		}
		return s.Close()
	}
	if err := writeFileAtomically(args[0], buf.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "%s: %d records written, and an empty row for each state without one\n", args[0], len(list))
	return s.Close()
}

// writeFileAtomically replaces path with data in one step, so that a
// reader never sees half a file and a failure leaves the old file whole.
func writeFileAtomically(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name()) // fails harmlessly once renamed
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
