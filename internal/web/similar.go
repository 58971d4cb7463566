package web

import (
	"net/http"
	"sync"

	"github.com/r2p-coalition/r2p/internal/letters/dedup"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
)

// record is an organization as the duplicate finder sees it.
func record(o organization.Organization) dedup.Record {
	return dedup.Record{ID: o.ID, Name: o.Name, Acronym: o.Acronym, Website: o.Website, Aliases: o.Aliases,
		Countries: o.Countries}
}

// registryIndex is the duplicate finder's index of the registry, with its
// entries by id. Building it takes a fifth of a second for 20,000 entries,
// so it is kept until the registry changes.
type registryIndex struct {
	mu      sync.Mutex
	version string
	index   *dedup.Index
	byID    map[int64]organization.Organization
}

// registryChanged drops the index after this process changed the registry;
// the version check catches changes made by other processes.
func (s *Server) registryChanged() {
	s.registry.mu.Lock()
	s.registry.index = nil
	s.registry.mu.Unlock()
}

func (s *Server) registryIndex(r *http.Request) (*dedup.Index, map[int64]organization.Organization, error) {
	version, err := s.store.RegistryVersion(r.Context())
	if err != nil {
		return nil, nil, err
	}
	c := &s.registry
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.index != nil && c.version == version {
		return c.index, c.byID, nil
	}
	all, err := s.store.AllOrganizations(r.Context())
	if err != nil {
		return nil, nil, err
	}
	records := make([]dedup.Record, len(all))
	byID := make(map[int64]organization.Organization, len(all))
	for i, o := range all {
		records[i] = record(o)
		byID[o.ID] = o
	}
	c.version, c.index, c.byID = version, dedup.NewIndex(records), byID
	return c.index, c.byID, nil
}

// similarTo lists the registry entries that may be the same organization
// as o, best first, with the reasons. Nothing is merged here: a person
// decides.
func (s *Server) similarTo(r *http.Request, o organization.Organization) ([]similarView, error) {
	ix, byID, err := s.registryIndex(r)
	if err != nil {
		return nil, err
	}
	var similar []similarView
	for _, m := range ix.Candidates(record(o), dedup.ReviewScore) {
		if m.B.ID == o.ID {
			continue
		}
		similar = append(similar,
			similarView{Org: byID[m.B.ID], Score: percent(m.Score), Reasons: reasonTexts(m.Reasons)})
	}
	return similar, nil
}

func reasonTexts(reasons []dedup.Reason) []string {
	texts := make([]string, len(reasons))
	for i, r := range reasons {
		texts[i] = r.Detail
	}
	return texts
}
