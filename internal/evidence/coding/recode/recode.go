// Package recode runs the active codebook over the stored statements: right
// after an import, on demand ('r2p code --event ID', 'r2p code --all'),
// and in the background of 'r2p serve', where it codes again every
// statement whose codes came from another version of the codebook, so
// that saving a new version recodes everything.
//
// Coding is deterministic (codebook.Code), so coding a statement again
// with the same codebook stores the same codes.
package recode

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Batch is the number of statements coded and stored per transaction.
const Batch = 200

// Coder codes stored statements with the active codebook.
type Coder struct {
	store *store.Store
	log   *slog.Logger
	wake  chan struct{}

	mu     sync.Mutex
	loaded map[string]*codebook.Codebook // by hash: loading once per version
}

// New returns a coder of the statements in s.
func New(s *store.Store, log *slog.Logger) *Coder {
	return &Coder{store: s, log: log, wake: make(chan struct{}, 1), loaded: map[string]*codebook.Codebook{}}
}

// Active returns the active codebook, storing the embedded default as
// version 1 when there is none yet.
func (c *Coder) Active(ctx context.Context) (coding.CodebookVersion, *codebook.Codebook, error) {
	v, err := c.store.ActiveCodebook(ctx)
	if err != nil {
		err = c.store.Transact(ctx, func(tx *store.Tx) error {
			var err error
			v, err = tx.EnsureCodebook(ctx, coding.DefaultVersion())
			return err
		})
	}
	if err != nil {
		return v, nil, fmt.Errorf("recode.Active: %w", err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	cb, ok := c.loaded[v.Hash]
	if !ok {
		if cb, err = v.Load(); err != nil {
			return v, nil, err
		}
		c.loaded[v.Hash] = cb
	}
	return v, cb, nil
}

// Coded is one statement as the coder coded it.
type Coded struct {
	Auto coding.Auto
	Text string
}

// Code codes the statements f selects (f.After and f.Limit are the
// coder's own) with the active codebook, Batch statements per
// transaction, and calls each, when not nil, for every statement after
// its batch is stored. It returns how many it coded.
func (c *Coder) Code(ctx context.Context, f store.CodeFilter, each func(Coded) error) (int, error) {
	v, cb, err := c.Active(ctx)
	if err != nil {
		return 0, err
	}
	stamp := v.Stamp()
	n := 0
	f.After, f.Limit = 0, Batch
	for {
		list, err := c.store.StatementsToCode(ctx, f)
		if err != nil || len(list) == 0 {
			return n, err
		}
		coded := make([]Coded, len(list))
		for i, st := range list {
			coded[i] = Coded{Auto: coding.FromResult(st.ID, stamp, codebook.Code(cb, []byte(st.Text))), Text: st.Text}
		}
		err = c.store.Transact(ctx, func(tx *store.Tx) error {
			for _, x := range coded {
				if err := tx.SaveAutoCoding(ctx, x.Auto); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return n, err
		}
		for _, x := range coded {
			if each != nil {
				if err := each(x); err != nil {
					return n, err
				}
			}
		}
		n += len(list)
		f.After = list[len(list)-1].ID
	}
}

// CodeStale codes the statements of an event (0: of every event) not yet
// coded with the active codebook, and returns how many it coded.
func (c *Coder) CodeStale(ctx context.Context, event int64) (int, error) {
	v, _, err := c.Active(ctx)
	if err != nil {
		return 0, err
	}
	return c.Code(ctx, store.CodeFilter{Event: event, Stale: v.Stamp()}, nil)
}

// Wake makes Run look for statements to code now rather than at its next
// tick: after an import, or a new version of the codebook.
func (c *Coder) Wake() {
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

// Run codes stale statements until ctx ends: at once, whenever Wake is
// called, and every interval. Errors are logged and tried again at the
// next turn.
func (c *Coder) Run(ctx context.Context, interval time.Duration) {
	for {
		n, err := c.CodeStale(ctx, 0)
		switch {
		case err != nil && ctx.Err() == nil:
			c.log.Error("coding statements", "err", err)
		case n > 0:
			v, _, _ := c.Active(ctx)
			c.log.Info("coded statements", "statements", n, "codebook", v.Stamp())
		}
		select {
		case <-ctx.Done():
			return
		case <-c.wake:
		case <-time.After(interval):
		}
	}
}
