package store_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func createOrg(t *testing.T, s *store.Store, o organization.Organization) organization.Organization {
	t.Helper()
	o.Normalize()
	var created organization.Organization
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		created, err = tx.CreateOrganization(ctx, o)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return created
}

func TestOrganizations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		createOrg(t, s, organization.Organization{Name: "Réseau de Développement et de Communications de la Femme Africaine", Acronym: "FEMNET",
			Countries: []string{"MLI"}, Type: organization.Network, Aliases: []string{"African Women's Development and Communication Network"}})
		irri := createOrg(t, s, organization.Organization{Name: "International Refugee Rights Initiative", Countries: []string{"UGA", "USA"},
			CountryLabels: []string{"", "USA"}, Website: "refugee-rights.org", Type: organization.NGO})
		createOrg(t, s, organization.Organization{Name: "Human Rights Watch", Type: organization.NGO})

		got, err := s.Organization(ctx, irri.ID)
		if err != nil || !slices.Equal(got.Countries, []string{"UGA", "USA"}) || !slices.Equal(got.CountryLabels, []string{"", "USA"}) || got.Website != "refugee-rights.org" {
			t.Errorf("Organization = %+v, %v", got, err)
		}
		for query, want := range map[string][]string{
			"reseau femme":    {"Réseau de Développement et de Communications de la Femme Africaine"},
			"FEMNET":          {"Réseau de Développement et de Communications de la Femme Africaine"},
			"women's network": {"Réseau de Développement et de Communications de la Femme Africaine"},
			"rights":          {"Human Rights Watch", "International Refugee Rights Initiative"},
			"100%":            nil,
			"":                {"Human Rights Watch", "International Refugee Rights Initiative", "Réseau de Développement et de Communications de la Femme Africaine"},
		} {
			list, total, err := s.Organizations(ctx, store.OrganizationFilter{Query: query})
			if err != nil {
				t.Fatal(err)
			}
			if names := orgNames(list); !slices.Equal(names, want) || total != len(want) {
				t.Errorf("search %q = %v (total %d), want %v", query, names, total, want)
			}
		}

		// Update returns the record before and after.
		irri.Notes = "Kampala and New York"
		var before, after organization.Organization
		s.Transact(ctx, func(tx *store.Tx) error {
			before, after, err = tx.UpdateOrganization(ctx, irri)
			return err
		})
		if err != nil || before.Notes != "" || after.Notes != "Kampala and New York" {
			t.Errorf("update: before %q after %q, %v", before.Notes, after.Notes, err)
		}
	})
}

func TestMergeAndUndo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		hrw := createOrg(t, s, organization.Organization{Name: "Human Rights Watch", Acronym: "HRW", Type: organization.NGO})
		dup := createOrg(t, s, organization.Organization{Name: "Human Rights-Watch", Acronym: "HRW", Aliases: []string{"Human Rights Watch (New York)"}, Type: organization.NGO})
		var m organization.Merge
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			m, err = tx.MergeOrganizations(ctx, dup.ID, hrw.ID)
			return err
		})
		if err != nil || !slices.Equal(m.AddedAliases, []string{"Human Rights-Watch", "Human Rights Watch (New York)"}) {
			t.Fatalf("merge = %+v, %v", m, err)
		}
		target, _ := s.Organization(ctx, hrw.ID)
		source, _ := s.Organization(ctx, dup.ID)
		if !slices.Equal(target.Aliases, m.AddedAliases) || source.MergedInto != hrw.ID {
			t.Errorf("after merge: target aliases %v, source merged into %d", target.Aliases, source.MergedInto)
		}
		if list, total, _ := s.Organizations(ctx, store.OrganizationFilter{}); total != 1 || list[0].ID != hrw.ID {
			t.Errorf("list after merge = %v", orgNames(list))
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.MergeOrganizations(ctx, dup.ID, hrw.ID); return err })
		if !errors.Is(err, store.ErrAlreadyMerged) {
			t.Errorf("merging a merged entry again: %v", err)
		}

		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.UndoMerge(ctx, m.ID); return err })
		if err != nil {
			t.Fatal(err)
		}
		target, _ = s.Organization(ctx, hrw.ID)
		source, _ = s.Organization(ctx, dup.ID)
		if len(target.Aliases) != 0 || source.MergedInto != 0 {
			t.Errorf("after undo: target aliases %v, source merged into %d", target.Aliases, source.MergedInto)
		}
		merges, _ := s.Merges(ctx, hrw.ID)
		if len(merges) != 1 || !merges[0].Undone() {
			t.Errorf("merge history = %+v", merges)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.UndoMerge(ctx, m.ID); return err })
		if !errors.Is(err, store.ErrAlreadyMerged) {
			t.Errorf("undoing twice: %v", err)
		}
		if n, _ := s.CountOrganizations(ctx); n != 2 {
			t.Errorf("CountOrganizations = %d", n)
		}
		v1, err := s.RegistryVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		createOrg(t, s, organization.Organization{Name: "Genocide Alert", Type: organization.NGO})
		if v2, _ := s.RegistryVersion(ctx); v2 == v1 {
			t.Errorf("RegistryVersion did not change after an insert: %s", v1)
		}
	})
}

func orgNames(list []organization.Organization) []string {
	var names []string
	for _, o := range list {
		names = append(names, o.Name)
	}
	return names
}
