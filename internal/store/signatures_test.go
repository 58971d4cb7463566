package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/campaign"
	"github.com/r2p-coalition/r2p/internal/organization"
	"github.com/r2p-coalition/r2p/internal/signature"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func TestSignatures(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 10, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var camp campaign.Campaign
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			camp, err = tx.CreateCampaign(ctx, campaign.Campaign{Slug: "ga-2009", Status: campaign.Draft, TimeZone: "UTC", Event: campaign.Event{Name: "GA debate"}},
				[]campaign.Text{{Lang: "en", Title: "Letter", Body: "Text"}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sig := signature.Signature{CampaignID: camp.ID, Version: 1, Name: "Genocide Alert", Countries: []string{"DEU"}, Type: organization.NGO,
			ContactName: "A. Person", ContactEmail: "contact@genocide-alert.de", Display: signature.Named, Lang: "fr", Status: signature.Pending}
		sig.Normalize()
		secret, hash := account.NewSecret("")
		sign := func(s2 signature.Signature) (signature.Signature, bool) {
			var stored signature.Signature
			var created bool
			err := s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				if stored, created, err = tx.CreateSignature(ctx, s2, "192.0.2.1"); err != nil || !created {
					return err
				}
				return tx.CreateSignatureLink(ctx, stored.ID, "confirm", hash, c.now.Add(48*time.Hour))
			})
			if err != nil {
				t.Fatal(err)
			}
			return stored, created
		}
		first, created := sign(sig)
		if !created || first.Status != signature.Pending || first.Lang != "fr" {
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
		if err != nil || len(list) != 1 || list[0].Status != signature.Confirmed || list[0].ContactEmail != "" || list[0].ContactName != "" || !list[0].ConfirmedAt.Equal(c.now) {
			t.Errorf("PublicSignatures = %+v, %v", list, err)
		}
	}, c.option())
}
