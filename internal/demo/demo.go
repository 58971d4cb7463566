// Package demo loads the seed — the open letter of 20 July 2009 to every
// government before the General Assembly debate on the Responsibility to
// Protect, and its 42 signatories — as campaign ga-2009, so that a fresh
// `r2p serve --demo` shows the whole product on real data. The signatories
// are read by the real list parser from the letter's text.
package demo

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
)

// Slug is the demo campaign's address: /c/ga-2009.
const Slug = "ga-2009"

//go:embed seed_letter.txt
var seedLetter string

// Asks are the seed letter's three requests.
var Asks = []campaign.Ask{
	{Label: "Reaffirm support for the Responsibility to Protect",
		Description: "Use the debate to reaffirm your government's support for the norm endorsed at the 2005 World Summit."},
	{Label: "Welcome the Secretary-General's report A/63/677",
		Description: "\"Implementing the Responsibility to Protect\" and its three-pillar approach."},
	{Label: "Speak in support at the General Assembly debate",
		Description: "Take the floor at the plenary debate of 23 July 2009."},
}

// Event is the debate the letter targets.
var Event = campaign.Event{Name: "UN General Assembly plenary debate on the Responsibility to Protect",
	Date: "2009-07-23", Place: "New York"}

// Load creates the demo campaign with its signatories, once: if a campaign
// ga-2009 exists it does nothing. Everything is one transaction.
func Load(ctx context.Context, s *store.Store) (loaded bool, err error) {
	if _, err := s.CampaignBySlug(ctx, Slug); err == nil {
		return false, nil
	} else if !errors.Is(err, store.ErrNotFound) {
		return false, err
	}
	rows, err := orglist.Parse(seedLetter)
	if err != nil {
		return false, fmt.Errorf("demo: the seed letter: %w", err)
	}
	text := campaign.Text{
		Lang:  "en",
		Title: "Civil Society Organizations Send Open Letter to Governments in Advance of the General Assembly Debate on the Responsibility to Protect",
		Body:  letterBody(),
		Asks:  Asks,
	}
	c := campaign.Campaign{Slug: Slug, Status: campaign.Draft, Event: Event, TimeZone: "America/New_York"}
	err = s.Transact(ctx, func(tx *store.Tx) error {
		created, err := tx.CreateCampaign(ctx, c, []campaign.Text{text})
		if err != nil {
			return err
		}
		if _, err := tx.SetCampaignStatus(ctx, created.ID, campaign.Open); err != nil {
			return err
		}
		for _, r := range rows {
			sig := signon.Signature{CampaignID: created.ID, Version: 1, Name: r.Name, Acronym: r.Acronym,
				Countries: r.Countries, CountryLabels: r.CountryLabels, City: r.Place, Type: organization.NGO,
				Display: signon.Named, Lang: "en", Status: signon.Approved}
			sig.Normalize()
			if _, _, err := tx.CreateSignature(ctx, sig, ""); err != nil {
				return err
			}
		}
		return nil
	})
	return err == nil, err
}

// letterBody is the letter from its date to "Sincerely,", as Markdown
// paragraphs.
func letterBody() string {
	start := strings.Index(seedLetter, "As civil society organizations")
	end := strings.Index(seedLetter, "Sincerely,")
	if start < 0 || end < start {
		return seedLetter
	}
	var paras []string
	for _, p := range strings.Split(seedLetter[start:end+len("Sincerely,")], "\n") {
		if p = strings.TrimSpace(p); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}
