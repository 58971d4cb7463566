package store_test

import (
	"encoding/json"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

func importMissions(t *testing.T, s *store.Store, list ...mission.Mission) store.MissionCounts {
	t.Helper()
	var n store.MissionCounts
	err := s.Transact(ctx, func(tx *store.Tx) error {
		var err error
		n, err = tx.ImportMissions(ctx, "cli", "missions.csv", list)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func missionKeys(list []mission.Mission) []string {
	var keys []string
	for _, m := range list {
		keys = append(keys, m.State+"/"+m.Station)
	}
	return keys
}

func TestImportMissions(t *testing.T) {
	now := time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		gha := mission.Mission{State: "GHA", Station: "New York", Emails: []string{"mission@gha.example.org", "second@gha.example.org"},
			PostalAddress: "1 Fictive Road\nNew York", HeadName: "Kwame Placeholder", HeadTitle: "Permanent Representative", Salutation: "Your Excellency", Language: "en"}
		fraGeneva := mission.Mission{State: "FRA", Station: "Geneva", Emails: []string{"geneve@fra.example.org"}, Language: "fr"}
		fraNY := mission.Mission{State: "FRA", Station: "New York", Emails: []string{}, Salutation: "Excellence"}
		if n := importMissions(t, s, gha, fraGeneva, fraNY); n != (store.MissionCounts{Created: 3}) {
			t.Errorf("first import: %+v", n)
		}
		all, err := s.Missions(ctx, store.MissionFilter{})
		if err != nil || !slices.Equal(missionKeys(all), []string{"FRA/Geneva", "FRA/New York", "GHA/New York"}) {
			t.Fatalf("Missions = %v, %v", missionKeys(all), err)
		}
		got := all[2]
		if !got.SameContact(gha) || got.ID == 0 || !got.UpdatedAt.Equal(now) {
			t.Errorf("stored %+v\nwant %+v at %s", got, gha, now)
		}
		if one, err := s.Mission(ctx, got.ID); err != nil || !one.SameContact(gha) {
			t.Errorf("Mission(%d) = %+v, %v", got.ID, one, err)
		}

		// Again, with one change: one update, the rest unchanged; an empty
		// row for a state without a record adds nothing.
		gha.HeadName = "Ama Placeholder"
		ken := mission.Mission{State: "KEN", Station: "New York", Emails: []string{}}
		if n := importMissions(t, s, gha, fraGeneva, fraNY, ken); n != (store.MissionCounts{Updated: 1, Unchanged: 3}) {
			t.Errorf("second import: %+v", n)
		}
		if after, _ := s.Mission(ctx, got.ID); after.HeadName != "Ama Placeholder" {
			t.Errorf("the update did not replace the record: %+v", after)
		}

		events, _ := s.AuditEvents(ctx, store.AuditFilter{Limit: 100})
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action+" "+e.Subject)
		}
		want := []string{"mission.import missions", "mission.update mission:GHA/New York",
			"mission.import missions", "mission.create mission:FRA/New York", "mission.create mission:FRA/Geneva", "mission.create mission:GHA/New York"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit:\n%v\nwant\n%v", actions, want)
		}
		var summary struct {
			Source string
			store.MissionCounts
		}
		if json.Unmarshal(events[0].After, &summary) != nil || summary.Source != "missions.csv" || summary.MissionCounts != (store.MissionCounts{Updated: 1, Unchanged: 3}) {
			t.Errorf("import event after = %s", events[0].After)
		}
		var before, after mission.Mission
		if json.Unmarshal(events[1].Before, &before) != nil || json.Unmarshal(events[1].After, &after) != nil ||
			before.HeadName != "Kwame Placeholder" || after.HeadName != "Ama Placeholder" || events[1].Actor != "cli" {
			t.Errorf("update event: %s -> %s by %s", events[1].Before, events[1].After, events[1].Actor)
		}

		// Filters: states and station.
		for _, tc := range []struct {
			f    store.MissionFilter
			want []string
		}{
			{store.MissionFilter{States: []string{"FRA"}}, []string{"FRA/Geneva", "FRA/New York"}},
			{store.MissionFilter{Station: "New York"}, []string{"FRA/New York", "GHA/New York"}},
			{store.MissionFilter{States: []string{"GHA", "FRA"}, Station: "Geneva"}, []string{"FRA/Geneva"}},
			{store.MissionFilter{States: []string{"KEN"}}, nil},
		} {
			list, err := s.Missions(ctx, tc.f)
			if err != nil || !slices.Equal(missionKeys(list), tc.want) {
				t.Errorf("Missions(%+v) = %v, %v; want %v", tc.f, missionKeys(list), err, tc.want)
			}
		}
	}, func(o *store.Options) { o.Now = func() time.Time { return now } })
}

func TestSaveAndDeleteMission(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var ken, kenGeneva mission.Mission
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			if ken, err = tx.SaveMission(ctx, "user:1", mission.Mission{State: "KEN", Station: "New York", Emails: []string{}}); err != nil {
				return err
			}
			kenGeneva, err = tx.SaveMission(ctx, "user:1", mission.Mission{State: "KEN", Station: "Geneva", Emails: []string{}})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		ken.Station = "Nairobi"
		ken.Emails = []string{"nairobi@ken.example.org"}
		err = s.Transact(ctx, func(tx *store.Tx) error { ken, err = tx.SaveMission(ctx, "user:1", ken); return err })
		if err != nil || ken.Station != "Nairobi" || !slices.Equal(ken.Emails, []string{"nairobi@ken.example.org"}) {
			t.Errorf("update = %+v, %v", ken, err)
		}
		kenGeneva.Station = "Nairobi"
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.SaveMission(ctx, "user:1", kenGeneva); return err })
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("a second Nairobi record: %v, want ErrDuplicate", err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.SaveMission(ctx, "user:1", mission.Mission{State: "KEN", Station: "Geneva"})
			return err
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("a second Geneva record: %v, want ErrDuplicate", err)
		}

		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.DeleteMission(ctx, "user:1", kenGeneva.ID); return err })
		if err != nil {
			t.Fatal(err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.DeleteMission(ctx, "user:1", kenGeneva.ID); return err })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deleting twice: %v", err)
		}
		if _, err := s.Mission(ctx, kenGeneva.ID); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Mission after delete: %v", err)
		}
		events, _ := s.AuditEvents(ctx, store.AuditFilter{Actor: "user:1"})
		var actions []string
		for _, e := range events {
			actions = append(actions, e.Action+" "+e.Subject)
		}
		want := []string{"mission.delete mission:KEN/Geneva", "mission.update mission:KEN/Nairobi", "mission.create mission:KEN/Geneva", "mission.create mission:KEN/New York"}
		if !slices.Equal(actions, want) || events[0].After != nil || events[0].Before == nil {
			t.Errorf("audit = %v, want %v", actions, want)
		}
	})
}
