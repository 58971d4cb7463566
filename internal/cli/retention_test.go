package cli

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// The retention job erases by the store's clock, not the machine's, and
// logs how many contacts it erased, never whose.
func TestRetentionJobErasesByTheStoreClock(t *testing.T) {
	ctx := context.Background()
	const retention = 180 * 24 * time.Hour
	now := time.Date(2009, 7, 24, 9, 0, 0, 0, time.UTC)
	s := storetest.SQLite(t, func(o *store.Options) { o.Now = func() time.Time { return now } })
	err := s.Transact(ctx, func(tx *store.Tx) error {
		c, err := tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
			[]campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
		if err != nil {
			return err
		}
		sig := signon.Signature{CampaignID: c.ID, Version: 1, Name: "Genocide Alert", Countries: []string{"SEN"}, Type: organization.NGO,
			ContactName: "Alice Ndiaye", ContactEmail: "alice.ndiaye@example.org", Display: signon.Named, Lang: "en", Status: signon.Confirmed}
		if _, _, err := tx.CreateSignature(ctx, sig, "198.51.100.7"); err != nil {
			return err
		}
		for _, to := range []campaign.Status{campaign.Open, campaign.Closed} {
			if _, err := tx.SetCampaignStatus(ctx, c.ID, to); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logged, nil))
	for _, step := range []struct {
		after time.Duration
		want  int64
	}{
		{retention - time.Hour, 0}, // the machine's clock is years later: it does not count
		{2 * time.Hour, 1},
		{time.Hour, 0}, // erased once
	} {
		now = now.Add(step.after)
		if n, err := eraseExpiredContactsOnce(ctx, s, retention, log); n != step.want || err != nil {
			t.Errorf("at %s the job erased %d, %v; want %d", now, n, err, step.want)
		}
	}
	out := logged.String()
	if strings.Count(out, "erased the contact data of signers of closed campaigns") != 1 || !strings.Contains(out, "signatures=1") ||
		strings.Contains(out, "alice") || strings.Contains(out, "Ndiaye") {
		t.Errorf("the job's log:\n%s", out)
	}
}
