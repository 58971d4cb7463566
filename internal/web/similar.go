package web

import (
	"net/http"

	"github.com/r2p-coalition/r2p/internal/dedup"
	"github.com/r2p-coalition/r2p/internal/organization"
)

// record is an organization as the duplicate finder sees it.
func record(o organization.Organization) dedup.Record {
	return dedup.Record{ID: o.ID, Name: o.Name, Acronym: o.Acronym, Website: o.Website, Aliases: o.Aliases, Countries: o.Countries}
}

// registryIndex indexes the registry for the duplicate finder, and maps ids
// back to organizations.
func (s *Server) registryIndex(r *http.Request) (*dedup.Index, map[int64]organization.Organization, error) {
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
	return dedup.NewIndex(records), byID, nil
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
		similar = append(similar, similarView{Org: byID[m.B.ID], Score: int(m.Score*100 + 0.5), Reasons: reasonTexts(m.Reasons)})
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
