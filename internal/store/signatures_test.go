package store_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func TestSignatures(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		camp := openCampaign(t, s)
		sig := signon.Signature{CampaignID: camp.ID, Version: 1, Name: "Genocide Alert", Countries: []string{"DEU"}, Type: organization.NGO,
			ContactName: "A. Person", ContactEmail: "contact@genocide-alert.de", Display: signon.Named, Lang: "fr", Status: signon.Pending}
		sig.Normalize()
		secret, hash := account.NewSecret("")
		sign := func(s2 signon.Signature) (signon.Signature, bool) {
			var stored signon.Signature
			var created bool
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				if stored, created, err = tx.CreateSignature(ctx, s2, "192.0.2.1"); err != nil || !created {
					return err
				}
				return tx.CreateSignatureLinks(ctx, stored.ID, store.SignatureLink{Purpose: "confirm", Hash: hash, Expires: c.now.Add(48 * time.Hour)})
			})
			if err != nil {
				t.Fatal(err)
			}
			return stored, created
		}
		first, created := sign(sig)
		if !created || first.Status != signon.Pending || first.Lang != "fr" {
			t.Fatalf("first = %+v created %v", first, created)
		}
		again := sig
		again.Name = "GENOCIDE ALERT"
		if second, created := sign(again); created || second.ID != first.ID {
			t.Errorf("signing twice made %+v (created %v), want the first signature back", second, created)
		}
		if n, _ := s.CountPublicSignatures(ctx, camp.ID); n != 0 {
			t.Errorf("a pending signature counts: %d", n)
		}
		if got, err := s.SignatureByLink(ctx, account.HashSecret(secret), "confirm"); err != nil || got.ID != first.ID {
			t.Errorf("SignatureByLink = %+v, %v", got, err)
		}
		confirm := func() error {
			return s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.ConfirmSignature(ctx, hash); return err })
		}
		if err := confirm(); err != nil {
			t.Fatal(err)
		}
		if err := confirm(); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("confirming twice: %v", err)
		}
		list, err := s.PublicSignatures(ctx, camp.ID)
		if err != nil || len(list) != 1 || list[0].Status != signon.Confirmed || list[0].ContactEmail != "" || list[0].ContactName != "" || !list[0].ConfirmedAt.Equal(c.now) {
			t.Errorf("PublicSignatures = %+v, %v", list, err)
		}
	}, c.option())
}

func TestContactRetention(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var camp campaign.Campaign
		s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			camp, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
				[]campaign.Text{{Lang: "en", Title: "Letter", Body: "Text"}})
			return err
		})
		for i, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
			sig := signon.Signature{CampaignID: camp.ID, Version: 1, Name: fmt.Sprintf("Org %d", i), Countries: []string{"GHA"}, Type: organization.NGO,
				ContactName: "Person", ContactEmail: email, Display: signon.Named, Lang: "en", Status: signon.Confirmed}
			sig.Normalize()
			s.Transact(ctx, func(tx *store.Tx) error { _, _, err := tx.CreateSignature(ctx, sig, "192.0.2.1"); return err })
		}
		erase := func(fn func(tx *store.Tx) (int64, error)) int64 {
			var n int64
			if err := s.Transact(ctx, func(tx *store.Tx) error { var err error; n, err = fn(tx); return err }); err != nil {
				t.Fatal(err)
			}
			return n
		}
		// On request: one signer's contact.
		if n := erase(func(tx *store.Tx) (int64, error) { return tx.EraseContact(ctx, camp.ID, "b@example.org") }); n != 1 {
			t.Errorf("EraseContact erased %d, want 1", n)
		}
		queue, _ := s.ModerationQueue(ctx, camp.ID)
		if len(queue) != 3 || queue[1].ContactEmail != fmt.Sprintf("erased:%d", queue[1].ID) || queue[1].ContactName != "" || queue[0].ContactEmail != "a@example.org" {
			t.Errorf("after erasing one contact: %+v", queue)
		}
		// The retention job: nothing while the campaign is open, everything
		// once it has been closed longer than the retention period.
		const retention = 30 * 24 * time.Hour
		if n := erase(func(tx *store.Tx) (int64, error) { return tx.EraseExpiredContacts(ctx, retention) }); n != 0 {
			t.Errorf("erased %d contacts of a campaign that never closed", n)
		}
		for _, to := range []campaign.Status{campaign.Open, campaign.Closed} {
			s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SetCampaignStatus(ctx, camp.ID, to); return err })
		}
		c.now = c.now.Add(29 * 24 * time.Hour)
		if n := erase(func(tx *store.Tx) (int64, error) { return tx.EraseExpiredContacts(ctx, retention) }); n != 0 {
			t.Errorf("erased %d contacts before the retention period ended", n)
		}
		c.now = c.now.Add(2 * 24 * time.Hour)
		if n := erase(func(tx *store.Tx) (int64, error) { return tx.EraseExpiredContacts(ctx, retention) }); n != 2 {
			t.Errorf("retention job erased %d contacts, want the 2 left", n)
		}
		queue, _ = s.ModerationQueue(ctx, camp.ID)
		for _, sig := range queue {
			if !strings.HasPrefix(sig.ContactEmail, "erased:") || sig.ContactName != "" || sig.Name == "" {
				t.Errorf("after retention: %+v", sig)
			}
		}
		c.now = time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)
	}, c.option())
}

// TestOneSignaturePerMailbox: plus-tags, and Gmail's dots, reach one
// mailbox, so they are one contact for "one organization, one signature";
// the address is kept as given.
func TestOneSignaturePerMailbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		camp := openCampaign(t, s)
		sign := func(name, email string) (signon.Signature, bool) {
			sig := signon.Signature{CampaignID: camp.ID, Version: 1, Name: name, Countries: []string{"GHA"}, Type: organization.NGO,
				ContactName: "Victim", ContactEmail: email, Display: signon.Named, Lang: "en", Status: signon.Pending}
			sig.Normalize()
			var stored signon.Signature
			var created bool
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				stored, created, err = tx.CreateSignature(ctx, sig, "192.0.2.1")
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return stored, created
		}
		first, created := sign("Victim Network", "Victim+0@Example.org")
		if !created || first.ContactEmail != "victim+0@example.org" {
			t.Fatalf("first = %+v, created %v: want the address as given (lower-cased)", first, created)
		}
		for i := 1; i <= 6; i++ {
			if again, created := sign("Victim Network", fmt.Sprintf("victim+%d@example.org", i)); created || again.ID != first.ID {
				t.Errorf("victim+%d@: created %v, id %d; want signature %d back", i, created, again.ID, first.ID)
			}
		}
		if again, created := sign("Victim Network", "victim@example.org"); created || again.ID != first.ID {
			t.Errorf("the untagged address made a second signature")
		}
		gmail, _ := sign("Victim Network", "vic.tim@gmail.com")
		if again, created := sign("Victim Network", "victim+x@googlemail.com"); created || again.ID != gmail.ID {
			t.Errorf("Gmail's dots and its other domain made a second signature")
		}
		if _, created := sign("Another Network", "victim+1@example.org"); !created {
			t.Errorf("another organization from the same mailbox is another signature")
		}
		queue, _ := s.ModerationQueue(ctx, camp.ID)
		if n, _ := s.CountPublicSignatures(ctx, camp.ID); len(queue) != 0 || n != 0 {
			t.Errorf("pending signatures are in the queue or count")
		}
	})
}

// openCampaign makes an open campaign ga-2009 with one English text.
func openCampaign(t *testing.T, s *store.Store) campaign.Campaign {
	t.Helper()
	var camp campaign.Campaign
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		camp, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
			[]campaign.Text{{Lang: "en", Title: "Letter", Body: "Text"}})
		if err != nil {
			return err
		}
		_, err = tx.SetCampaignStatus(ctx, camp.ID, campaign.Open)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	camp.Status = campaign.Open
	return camp
}

// TestNoConfirmationOnceClosed: a pending signature cannot be confirmed
// while its campaign is closed or delivered; its link stays unused, so it
// counts if the campaign opens again.
func TestNoConfirmationOnceClosed(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		camp := openCampaign(t, s)
		_, hash := account.NewSecret("")
		sig := signon.Signature{CampaignID: camp.ID, Version: 1, Name: "Late Network", Countries: []string{"GHA"}, Type: organization.NGO,
			ContactName: "Late", ContactEmail: "late@example.org", Display: signon.Named, Lang: "en", Status: signon.Pending}
		err := s.Transact(ctx, func(tx *store.Tx) error {
			stored, _, err := tx.CreateSignature(ctx, sig, "192.0.2.1")
			if err != nil {
				return err
			}
			return tx.CreateSignatureLinks(ctx, stored.ID, store.SignatureLink{Purpose: "confirm", Hash: hash, Expires: c.now.Add(48 * time.Hour)})
		})
		if err != nil {
			t.Fatal(err)
		}
		setStatus := func(to campaign.Status) {
			t.Helper()
			if err := s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SetCampaignStatus(ctx, camp.ID, to); return err }); err != nil {
				t.Fatal(err)
			}
		}
		confirm := func() error {
			return s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.ConfirmSignature(ctx, hash); return err })
		}
		setStatus(campaign.Closed)
		if err := confirm(); !errors.Is(err, store.ErrCampaignClosed) {
			t.Errorf("confirming once closed: %v, want ErrCampaignClosed", err)
		}
		if n, _ := s.CountPublicSignatures(ctx, camp.ID); n != 0 {
			t.Errorf("a signature confirmed after the close counts: %d", n)
		}
		setStatus(campaign.Open)
		if err := confirm(); err != nil {
			t.Errorf("confirming once open again: %v", err)
		}
		if n, _ := s.CountPublicSignatures(ctx, camp.ID); n != 1 {
			t.Errorf("after confirming in the reopened campaign: %d public signatures, want 1", n)
		}
	}, c.option())
}

func TestServerKey(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		a, err := s.ServerKey(ctx, "signon-started")
		if err != nil || len(a) != 32 {
			t.Fatalf("ServerKey = %x, %v: want 32 random bytes", a, err)
		}
		if again, _ := s.ServerKey(ctx, "signon-started"); string(again) != string(a) {
			t.Errorf("the key changed between two calls")
		}
		if other, _ := s.ServerKey(ctx, "other"); string(other) == string(a) {
			t.Errorf("two purposes share one key")
		}
	})
}

// TestEraseContactReachesTheMailbox: a signer who asks for erasure from
// one address of a mailbox is erased under its other addresses too
// ("b+letters@" is "b@"), not only under the one given.
func TestEraseContactReachesTheMailbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var camp campaign.Campaign
		s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			camp, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Open, TimeZone: "UTC",
				Event: campaign.Event{Name: "GA debate"}}, []campaign.Text{{Lang: "en", Title: "Open letter", Body: "Text."}})
			return err
		})
		for i, email := range []string{"b@example.org", "b+letters@example.org", "bb@example.org"} {
			sig := signon.Signature{CampaignID: camp.ID, Version: 1, Name: fmt.Sprintf("Org %d", i), Countries: []string{"GHA"}, Type: organization.NGO,
				ContactName: "Person", ContactEmail: email, Display: signon.Named, Lang: "en", Status: signon.Confirmed}
			sig.Normalize()
			if err := s.Transact(ctx, func(tx *store.Tx) error { _, _, err := tx.CreateSignature(ctx, sig, "192.0.2.1"); return err }); err != nil {
				t.Fatal(err)
			}
		}
		var n int64
		if err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			n, err = tx.EraseContact(ctx, camp.ID, "B@example.org")
			return err
		}); err != nil || n != 2 {
			t.Errorf("EraseContact(B@example.org) erased %d, %v; want the 2 signatures of that mailbox", n, err)
		}
		queue, _ := s.ModerationQueue(ctx, camp.ID)
		for _, sig := range queue {
			if erased := strings.HasPrefix(sig.ContactEmail, "erased:"); erased == (sig.Name == "Org 2") {
				t.Errorf("%s (%s): erased %v", sig.Name, sig.ContactEmail, erased)
			}
		}
	})
}
