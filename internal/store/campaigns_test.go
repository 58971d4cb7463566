package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func TestCampaignVersions(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 1, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ga := campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "America/New_York",
			Event:    campaign.Event{Name: "UN General Assembly plenary debate on the Responsibility to Protect", Date: "2009-07-23", Place: "New York"},
			Deadline: time.Date(2009, 7, 22, 4, 0, 0, 0, time.UTC)}
		en := []campaign.Text{{Lang: "en", Title: "Open letter", Body: "First draft.", Asks: []campaign.Ask{{Label: "Reaffirm support for R2P"}}}}
		var created campaign.Campaign
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			created, err = tx.CreateCampaign(ctx, ga, en)
			return err
		})
		if err != nil || created.Version != 1 || !created.Deadline.Equal(ga.Deadline) || !created.OpensAt.IsZero() {
			t.Fatalf("create = %+v, %v", created, err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.CreateCampaign(ctx, ga, en); return err })
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("second campaign with one slug: %v", err)
		}

		setText := func(change func(*store.Tx, context.Context, int64, []campaign.Text) (int, error), body string) int {
			t.Helper()
			var v int
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				v, err = change(tx, ctx, created.ID, []campaign.Text{{Lang: "en", Title: "Open letter", Body: body}})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return v
		}
		// A draft is rewritten in place.
		if v := setText((*store.Tx).RewriteCampaignVersion, "Second draft."); v != 1 {
			t.Errorf("editing a draft made version %d, want 1", v)
		}
		move := func(to campaign.Status) error {
			return s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SetCampaignStatus(ctx, created.ID, to); return err })
		}
		if err := move(campaign.Delivered); !errors.Is(err, store.ErrBadTransition) {
			t.Errorf("draft → delivered: %v", err)
		}
		if err := move(campaign.Open); err != nil {
			t.Fatal(err)
		}
		// Once open, a new version leaves the old one as it was.
		if v := setText((*store.Tx).AddCampaignVersion, "As sent."); v != 2 {
			t.Errorf("a new version of an open campaign is number %d, want 2", v)
		}
		got, err := s.CampaignBySlug(ctx, "ga-2009")
		if err != nil || got.Version != 2 || got.Status != campaign.Open {
			t.Errorf("CampaignBySlug = %+v, %v", got, err)
		}
		v1, _ := s.CampaignVersion(ctx, created.ID, 1)
		v2, _ := s.CampaignVersion(ctx, created.ID, 2)
		if v1.Text("en").Body != "Second draft." || v2.Text("en").Body != "As sent." {
			t.Errorf("versions: %q, %q", v1.Text("en").Body, v2.Text("en").Body)
		}
		if list, _ := s.CampaignVersions(ctx, created.ID); len(list) != 2 || list[0].Number != 2 {
			t.Errorf("CampaignVersions = %+v", list)
		}
		// A public version rewritten in place (its asks) keeps its date.
		c.now = c.now.Add(time.Hour)
		if v := setText((*store.Tx).RewriteCampaignVersion, "As sent."); v != 2 {
			t.Errorf("rewriting version 2 in place: version %d", v)
		}
		if again, _ := s.CampaignVersion(ctx, created.ID, 2); !again.CreatedAt.Equal(v2.CreatedAt) || again.Text("en").Body != "As sent." {
			t.Errorf("version 2 rewritten: %+v, created %s before", again, v2.CreatedAt)
		}
		if _, err := s.CampaignBySlug(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown slug: %v", err)
		}
		moved := got
		moved.Slug, moved.Event.Place = "ga-2009-r2p", "UN Headquarters, New York"
		var before, after campaign.Campaign
		err = s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			before, after, err = tx.UpdateCampaign(ctx, moved)
			return err
		})
		if err != nil || before.Slug != "ga-2009" || after.Slug != "ga-2009-r2p" || after.Event.Place != "UN Headquarters, New York" || after.Status != campaign.Open {
			t.Errorf("UpdateCampaign: before %+v after %+v, %v", before, after, err)
		}
		if list, _ := s.Campaigns(ctx); len(list) != 1 {
			t.Errorf("Campaigns = %+v", list)
		}
	}, c.option())
}

// TestCampaignGeneration: the generation moves on after a committed
// campaign write, and only then, so that a cache keyed by it is current.
func TestCampaignGeneration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		ga := campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}}
		en := []campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}}
		g0 := s.CampaignGeneration()
		var seenInside uint64
		var created campaign.Campaign
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			created, err = tx.CreateCampaign(ctx, ga, en)
			seenInside = s.CampaignGeneration()
			return err
		})
		if err != nil || seenInside != g0 || s.CampaignGeneration() != g0+1 {
			t.Fatalf("create: generation %d inside, %d after, from %d (%v)", seenInside, s.CampaignGeneration(), g0, err)
		}
		failed := errors.New("changed my mind")
		s.Transact(ctx, func(tx *store.Tx) error {
			if _, err := tx.SetCampaignStatus(ctx, created.ID, campaign.Open); err != nil {
				return err
			}
			return failed
		})
		if s.CampaignGeneration() != g0+1 {
			t.Errorf("a rolled-back status change moved the generation to %d", s.CampaignGeneration())
		}
		s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SetCampaignStatus(ctx, created.ID, campaign.Open); return err })
		if s.CampaignGeneration() != g0+2 {
			t.Errorf("a status change left the generation at %d", s.CampaignGeneration())
		}
	})
}
