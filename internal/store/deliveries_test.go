package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
)

// TestDeliveryWritesOncePerAddress: a campaign writes once to each address
// of each mission and station, however many deliveries ask for it.
func TestDeliveryWritesOncePerAddress(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		var c campaign.Campaign
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			c, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
				[]campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		letter := func(state, address, tag string) (store.DeliveryRecipient, outbox.Message) {
			return store.DeliveryRecipient{CampaignID: c.ID, State: state, Station: "New York", Address: address, Lang: "en", Tag: tag},
				outbox.Message{MessageID: "<ga-2009." + state + "." + tag + "@r2p.example.org>", To: address, Subject: "Open letter", Text: "Excellency,",
					ReplyTo: "letters+" + tag + "@coalition.example.org"}
		}
		deliver := func(recipients ...string) (added []bool) {
			t.Helper()
			err := s.Transact(ctx, func(tx *store.Tx) error {
				id, err := tx.CreateDelivery(ctx, c.ID, "states:GHA,NGA", "New York", "cli")
				if err != nil {
					return err
				}
				added = nil
				for i := 0; i < len(recipients); i += 3 {
					r, m := letter(recipients[i], recipients[i+1], recipients[i+2])
					ok, err := tx.AddDeliveryMessage(ctx, id, r, m)
					if err != nil {
						return err
					}
					added = append(added, ok)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			return added
		}
		if got := deliver("GHA", "ghana@un.example.org", "t1", "NGA", "nigeria@un.example.org", "t2"); len(got) != 2 || !got[0] || !got[1] {
			t.Fatalf("first delivery added %v", got)
		}
		// Again, with one new address: only that one is written.
		if got := deliver("GHA", "ghana@un.example.org", "t3", "GHA", "ghana.2@un.example.org", "t4"); len(got) != 2 || got[0] || !got[1] {
			t.Errorf("second delivery added %v, want [false true]", got)
		}
		list, err := s.DeliveryRecipients(ctx, c.ID)
		if err != nil || len(list) != 3 || list[0].Address != "ghana.2@un.example.org" || list[2].State != "NGA" || list[1].Status != outbox.Queued {
			t.Fatalf("recipients = %+v, %v", list, err)
		}
		if counts, _ := s.OutboxCounts(ctx); counts.Queued != 3 {
			t.Errorf("%d messages queued, want 3", counts.Queued)
		}
		r, err := s.DeliveryRecipientByTag(ctx, "t2")
		if err != nil || r.State != "NGA" || r.MessageID != "<ga-2009.NGA.t2@r2p.example.org>" {
			t.Errorf("by tag t2: %+v, %v", r, err)
		}
		if _, err := s.DeliveryRecipientByTag(ctx, "t3"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the tag of a message not written: %v", err)
		}
	})
}

// TestCampaignsProgress: the dashboard's figures for a campaign, on both
// databases.
func TestCampaignsProgress(t *testing.T) {
	eachWithMailClock(t, func(t *testing.T, s *store.Store, clock *mailClock) {
		var c campaign.Campaign
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			if c, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
				[]campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}}); err != nil {
				return err
			}
			_, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "draft", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "Later"}},
				[]campaign.Text{{Lang: "en", Title: "Draft", Body: "Text."}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if list, err := s.CampaignsProgress(ctx); err != nil || len(list) != 0 {
			t.Fatalf("drafts only: %+v, %v", list, err)
		}
		s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SetCampaignStatus(ctx, c.ID, campaign.Open); return err })
		s.Transact(ctx, func(tx *store.Tx) error {
			id, err := tx.CreateDelivery(ctx, c.ID, "all", "New York", "cli")
			if err != nil {
				return err
			}
			for _, state := range []string{"GHA", "NGA", "SEN"} {
				r := store.DeliveryRecipient{CampaignID: c.ID, State: state, Station: "New York", Address: state + "@un.example.org", Lang: "en", Tag: "t" + state}
				m := outbox.Message{MessageID: "<ga-2009." + state + "@r2p.example.org>", To: r.Address, Subject: "Open letter", Text: "Excellency,"}
				if _, err := tx.AddDeliveryMessage(ctx, id, r, m); err != nil {
					return err
				}
			}
			return nil
		})
		claimed, _ := s.ClaimMail(ctx, 2, time.Minute)
		s.MarkMailSent(ctx, claimed[0].ID)
		s.MarkMailFailed(ctx, claimed[1].ID, "550 no such user")
		list, err := s.CampaignsProgress(ctx)
		if err != nil || len(list) != 1 {
			t.Fatalf("progress = %+v, %v", list, err)
		}
		p := list[0]
		if p.Campaign.Slug != "ga-2009" || p.Letters != 3 || p.Sent != 1 || p.Failed != 1 || p.Signatures != 0 || p.Waiting != 0 || p.Replies != 0 {
			t.Errorf("progress = %+v", p)
		}
	})
}
