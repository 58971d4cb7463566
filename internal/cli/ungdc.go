package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/evidence/statementfile"
	"github.com/r2p-coalition/r2p/internal/evidence/ungdc"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

func importUNGDCCommand() command {
	return command{
		name:    "import ungdc",
		args:    "PATH",
		summary: "load the UN General Debate Corpus (speeches.jsonl.gz), one event per General Debate",
		flags:   dataFlags,
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) != 1 {
				return &usageError{"give the PATH of the corpus, such as speeches.jsonl.gz"}
			}
			r, err := ungdc.Open(args[0])
			if err != nil {
				return err
			}
			defer r.Close()
			progress := newUNGDCProgress(env)
			defer progress.line.end()
			r.OnProgress(progress.update)
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			n, err := ImportUNGDC(ctx, s, r, progress.line.above(env.Stderr))
			if err != nil {
				return err
			}
			sum := r.Summary()
			if err := sum.WriteText(env.Stdout); err != nil {
				return err
			}
			coded, stamp, err := codeAfterImport(ctx, env, s, newLogger(cfg, env.Stderr))
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "Coded: %d statements with codebook %s\n", coded, stamp)
			fmt.Fprintf(env.Stdout, "Stored: %d statements new, %d already there; %d events new\n", n.Created,
				n.Existing, n.Events)
			return s.Close()
		},
	}
}

// UNGDCCounts says what ImportUNGDC stored.
type UNGDCCounts struct {
	store.StatementCounts
	Events int // General Debates created
}

// ImportUNGDC stores the speeches r reads, storeBatch to a transaction,
// each as a statement of the General Debate of its year (created when
// missing). A bad line is reported on problems and skipped.
func ImportUNGDC(ctx context.Context, s *store.Store, r *ungdc.Reader, problems io.Writer) (UNGDCCounts, error) {
	var n UNGDCCounts
	events := map[int]statement.Event{} // by year
	var batch []ungdc.Speech
	flush := func() error {
		if len(batch) == 0 {
			return nil
		}
		// The transaction may run more than once: count what it did, and
		// cache its events, only once it is committed.
		var created int
		var got store.StatementCounts
		var fresh map[int]statement.Event
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			created, got, fresh, err = storeSpeeches(ctx, tx, events, batch)
			return err
		})
		if err != nil {
			return err
		}
		for year, ev := range fresh {
			events[year] = ev
		}
		n.Events += created
		n.Created += got.Created
		n.Existing += got.Existing
		batch = batch[:0]
		return nil
	}
	for sp, err := range r.All() {
		var lerr *ungdc.LineError
		switch {
		case errors.As(err, &lerr):
			fmt.Fprintln(problems, lerr)
			continue
		case err != nil:
			return n, err
		}
		if batch = append(batch, sp); len(batch) == storeBatch {
			if err := flush(); err != nil {
				return n, err
			}
		}
	}
	return n, flush()
}

// storeSpeeches stores a batch in one transaction. events are the General
// Debates of the committed batches, by year; it returns the number of
// events it created and the events it looked up or created.
func storeSpeeches(ctx context.Context, tx *store.Tx, events map[int]statement.Event,
	batch []ungdc.Speech) (int, store.StatementCounts, map[int]statement.Event, error) {
	created := 0
	list := make([]statement.Statement, 0, len(batch))
	fresh := map[int]statement.Event{}
	for _, sp := range batch {
		ev, ok := events[sp.Year]
		if !ok {
			if ev, ok = fresh[sp.Year]; !ok {
				var isNew bool
				var err error
				if ev, isNew, err = tx.EnsureEvent(ctx, "cli", statementfile.SpeechEvent(sp)); err != nil {
					return 0, store.StatementCounts{}, nil, err
				}
				fresh[sp.Year] = ev
				if isNew {
					created++
				}
			}
		}
		st := statementfile.SpeechStatement(sp)
		if err := st.Prepare(states.Default(), ev); err != nil {
			return 0, store.StatementCounts{}, nil, fmt.Errorf("ungdc: line %d: %w", sp.Line, err)
		}
		list = append(list, st)
	}
	got, err := tx.AddStatements(ctx, "cli", statementfile.UNGDCFile, list)
	return created, got, fresh, err
}
