package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// TestInvitationsToEndorse: after a second version of the text, the
// signatures of the first that count in public and have a contact are
// invited once each; a link moves its signature to the new version once;
// a link of a withdrawn, expired or erased signature does nothing.
func TestInvitationsToEndorse(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		c.now = time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)
		var camp campaign.Campaign
		sigs := map[string]signon.Signature{}
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			camp, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC",
				Event: campaign.Event{Name: "GA debate"}}, []campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
			if err != nil {
				return err
			}
			if _, err := tx.SetCampaignStatus(ctx, camp.ID, campaign.Open); err != nil {
				return err
			}
			for _, sg := range []struct {
				name, email string
				status      signon.Status
			}{
				{"Approved", "a@example.org", signon.Approved}, {"Confirmed", "c@example.org", signon.Confirmed},
				{"Pending", "p@example.org", signon.Pending}, {"Rejected", "r@example.org", signon.Rejected},
				{"Withdrawn", "w@example.org", signon.Withdrawn}, {"No address", "", signon.Approved},
				{"Erased", "e@example.org", signon.Approved}, {"Gone", "g@example.org", signon.Confirmed},
			} {
				sig := signon.Signature{CampaignID: camp.ID, Version: 1, Name: sg.name, Countries: []string{"SEN"},
					Type: organization.NGO, ContactName: "X", ContactEmail: sg.email, Display: signon.Named, Lang: "fr",
					Status: sg.status}
				if sigs[sg.name], _, err = tx.CreateSignature(ctx, sig, ""); err != nil {
					return err
				}
			}
			_, err = tx.EraseContact(ctx, camp.ID, "e@example.org")
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		countsFor := func(version int) store.EndorsementCounts {
			t.Helper()
			n, err := s.EndorsementCounts(ctx, camp.ID, version)
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		counts := func() store.EndorsementCounts { t.Helper(); return countsFor(2) }
		toInvite := func() []string {
			t.Helper()
			var names []string
			err := s.Transact(ctx, func(tx *store.Tx) error {
				list, err := tx.SignaturesToInvite(ctx, camp.ID, 2)
				for _, sig := range list {
					names = append(names, sig.Name+" "+sig.ContactEmail+" "+sig.Lang)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return names
		}
		if got, want := countsFor(1), (store.EndorsementCounts{}); got != want {
			t.Errorf("version 1 has no earlier version: %+v", got)
		}
		if err := s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.AddCampaignVersion(ctx, camp.ID, []campaign.Text{{Lang: "en", Title: "Open letter", Body: "New text."}})
			return err
		}); err != nil {
			t.Fatal(err)
		}
		// A signature given now endorses version 2 already.
		if err := s.Transact(ctx, func(tx *store.Tx) error {
			_, _, err := tx.CreateSignature(ctx, signon.Signature{CampaignID: camp.ID, Version: 2, Name: "New", Countries: []string{"SEN"},
				Type: organization.NGO, ContactName: "X", ContactEmail: "n@example.org", Display: signon.Named, Lang: "en",
				Status: signon.Confirmed}, "")
			return err
		}); err != nil {
			t.Fatal(err)
		}
		if got, want := counts(), (store.EndorsementCounts{Earlier: 5, Unreachable: 2}); got != want || got.ToInvite() != 3 {
			t.Errorf("after version 2: %+v, want %+v", got, want)
		}
		if got := toInvite(); len(got) != 3 || got[0] != "Approved a@example.org fr" || got[1] != "Confirmed c@example.org fr" || got[2] != "Gone g@example.org fr" {
			t.Errorf("to invite: %q", got)
		}

		secrets := map[string][]byte{}
		invite := func(name string) bool {
			t.Helper()
			_, hash := account.NewSecret("")
			var created bool
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				created, err = tx.CreateInvitation(ctx, store.Invitation{SignatureID: sigs[name].ID, Version: 2, Hash: hash,
					Expires: c.now.Add(30 * 24 * time.Hour)})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			if created {
				secrets[name] = hash
			}
			return created
		}
		for _, name := range []string{"Approved", "Confirmed", "Gone"} {
			if !invite(name) {
				t.Errorf("%s: not invited", name)
			}
		}
		if invite("Approved") {
			t.Error("a second invitation to the same version was stored")
		}
		if got, want := counts(), (store.EndorsementCounts{Earlier: 5, Unreachable: 2, Invited: 3}); got != want || got.ToInvite() != 0 {
			t.Errorf("after the invitations: %+v, want %+v", got, want)
		}
		if got := toInvite(); len(got) != 0 {
			t.Errorf("invited twice: %q", got)
		}

		// The link moves the signature to version 2, once.
		sig, version, err := s.SignatureByInvitation(ctx, secrets["Approved"])
		if err != nil || sig.ID != sigs["Approved"].ID || version != 2 {
			t.Fatalf("SignatureByInvitation = %+v %d, %v", sig, version, err)
		}
		endorse := func(name string) (signon.Signature, int, error) {
			var before signon.Signature
			var version int
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				before, version, err = tx.EndorseVersion(ctx, secrets[name])
				return err
			})
			return before, version, err
		}
		if before, version, err := endorse("Approved"); err != nil || before.Version != 1 || version != 2 {
			t.Errorf("EndorseVersion = %+v %d, %v", before, version, err)
		}
		if got, _ := s.Signature(ctx, sigs["Approved"].ID); got.Version != 2 || got.Status != signon.Approved {
			t.Errorf("the signature after the link: %+v", got)
		}
		if _, _, err := endorse("Approved"); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("the link used twice: %v", err)
		}
		if got, want := counts(), (store.EndorsementCounts{Earlier: 4, Unreachable: 2, Invited: 2}); got != want {
			t.Errorf("after one endorsement: %+v, want %+v", got, want)
		}

		// A withdrawn signature's link, an erased contact's and an expired
		// one do nothing.
		s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.EraseContact(ctx, camp.ID, "g@example.org")
			return err
		})
		if _, _, err := endorse("Gone"); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("an erased contact's link: %v", err)
		}
		if got, want := counts(), (store.EndorsementCounts{Earlier: 4, Unreachable: 3, Invited: 1}); got != want {
			t.Errorf("after an erasure: %+v, want %+v", got, want)
		}
		c.now = c.now.Add(31 * 24 * time.Hour)
		if _, _, err := s.SignatureByInvitation(ctx, secrets["Confirmed"]); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("an expired link: %v", err)
		}
		c.now = c.now.Add(-31 * 24 * time.Hour)
		if err := s.Transact(ctx, func(tx *store.Tx) error {
			return tx.RejectSignature(ctx, sigs["Confirmed"].ID, "not an NGO")
		}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := endorse("Confirmed"); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("a rejected signature's link: %v", err)
		}
		if got, _ := s.Signature(ctx, sigs["Confirmed"].ID); got.Version != 1 {
			t.Errorf("a rejected signature moved to version %d", got.Version)
		}
	}, c.option())
}
