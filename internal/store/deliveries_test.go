package store_test

import (
	"errors"
	"testing"

	"github.com/r2p-coalition/r2p/internal/campaign"
	"github.com/r2p-coalition/r2p/internal/outbox"
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
