package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/evidence/statementfile"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

// storeBatch is how many statements one transaction stores: a UN
// verbatim record has up to a few hundred turns.
const storeBatch = 200

// importFilesCommand imports files of format f (text, html, docx, pdf,
// csv or jsonl).
func importFilesCommand(f statementfile.Format) command {
	opts := statementfile.Options{Format: f}
	var source string
	return command{
		name:         "import " + string(f),
		args:         "FILE...",
		summary:      "store statements from " + string(f) + " files",
		flags:        dataFlags,
		interspersed: true,
		ownFlags: func(fs *flag.FlagSet) {
			fs.Int64Var(&opts.Event, "event", 0, "the `id` of the event the statements were made at")
			if statementfile.IsBatch(f) {
				return
			}
			d := &opts.Defaults
			fs.StringVar(&d.Speaker, "speaker", "",
				"the speaker: a state's code or name, EUU, AU, SG, ... (default: the file's name)")
			fs.StringVar(&d.SpeakerName, "speaker-name", "", "the person who spoke")
			fs.StringVar(&d.SpeakerTitle, "speaker-title", "", "the person's title")
			fs.StringVar(&d.OnBehalfOf, "on-behalf-of", "",
				"the `group` of a joint statement (default: what its opening says)")
			fs.StringVar(&d.Language, "language", "", "the text's language: en, fr, es, ...")
			fs.StringVar(&d.Date, "date", "", "the day it was made, YYYY-MM-DD (default: the event's first day)")
			fs.IntVar(&d.Order, "order", 0, "its place in the meeting, from 1")
			fs.StringVar(&source, "source", "", "a document `symbol` (A/63/PV.97) or URL")
			fs.IntVar(&d.SourcePage, "page", 0, "the page of the source document")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) == 0 {
				return &usageError{"give the FILEs to import"}
			}
			if opts.Event == 0 && !statementfile.IsBatch(f) {
				return &usageError{"give the event with --event ID (r2p events list shows them)"}
			}
			if strings.Contains(source, "://") {
				opts.Defaults.SourceURL = source
			} else {
				opts.Defaults.SourceSymbol = strings.ReplaceAll(source, " ", "")
			}
			return importStatementFiles(ctx, env, cfg, "import "+string(f), args, opts)
		},
	}
}

// importStatementFiles reads, prepares and stores the files' statements.
func importStatementFiles(ctx context.Context, env Env, cfg *config.Config, cmd string, names []string,
	opts statementfile.Options) error {
	var files []statementfile.File
	var unread []statementfile.Problem
	for _, name := range names {
		data, err := readInput(name)
		if err != nil {
			unread = append(unread, statementfile.Problem{File: displayName(name), Problem: err.Error()})
			continue
		}
		files = append(files, statementfile.File{Name: displayName(name), Data: data})
	}
	s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
	if err != nil {
		return err
	}
	defer s.Close()
	p := prepareFiles(ctx, env, s, files, opts)
	p.Problems = append(unread, p.Problems...)
	return storePrepared(ctx, env, s, cmd, strings.Join(names, ", "), p)
}

// prepareFiles is statementfile.Prepare one file at a time, to count the
// files done on a terminal when there are several.
func prepareFiles(ctx context.Context, env Env, s *store.Store, files []statementfile.File,
	opts statementfile.Options) statementfile.Prepared {
	count := &counter{line: env.statusLine(), label: "reading", unit: "files"}
	if len(files) > 1 {
		count.total = len(files)
	}
	count.add(0)
	var p statementfile.Prepared
	for _, f := range files {
		one := statementfile.Prepare(ctx, states.Default(), s.Event, []statementfile.File{f}, opts)
		p.Statements = append(p.Statements, one.Statements...)
		p.Problems = append(p.Problems, one.Problems...)
		count.add(1)
	}
	count.finish()
	return p
}

// readInput reads a file, or standard input for "-", of at most
// document.MaxSize bytes.
func readInput(name string) ([]byte, error) {
	if name == "-" {
		return io.ReadAll(io.LimitReader(os.Stdin, statement.MaxTextBytes*16+1))
	}
	return readLimited(name)
}

// storePrepared stores the prepared statements, reports the problems on
// stderr and the counts on stdout; any problem makes the command fail
// once the rest is stored.
func storePrepared(ctx context.Context, env Env, s *store.Store, cmd, source string, p statementfile.Prepared) error {
	for _, problem := range p.Problems {
		fmt.Fprintln(env.Stderr, problem.String())
	}
	var n store.StatementCounts
	for start := 0; start < len(p.Statements); start += storeBatch {
		batch := p.Statements[start:min(start+storeBatch, len(p.Statements))]
		var got store.StatementCounts
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			got, err = tx.AddStatements(ctx, "cli", source, batch)
			return err
		})
		if err != nil {
			return err
		}
		n.Created += got.Created
		n.Existing += got.Existing
	}
	if n.Created > 0 {
		if _, _, err := codeAfterImport(ctx, env, s, slog.New(slog.DiscardHandler)); err != nil {
			return err
		}
	}
	fmt.Fprintf(env.Stdout, "%d statements stored, %d already there", n.Created, n.Existing)
	if len(p.Problems) > 0 {
		fmt.Fprintf(env.Stdout, ", %d problems", len(p.Problems))
	}
	fmt.Fprintln(env.Stdout)
	if err := s.Close(); err != nil {
		return err
	}
	if len(p.Problems) > 0 {
		fmt.Fprintf(env.Stderr, "r2p %s: %d problems; the rest is stored\n", cmd, len(p.Problems))
		return errReported
	}
	return nil
}
