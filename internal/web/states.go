package web

import (
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

type statesResponse struct {
	States      []states.State      `json:"states"`
	Memberships []states.Membership `json:"memberships"`
}

// listStates serves the reference table. Filters: status (member,
// observer, former, organization) and group (any name states.ResolveGroup
// knows: a UN regional group, the EU, the Non-Aligned Movement…; members on
// the date given by at, default today).
func (s *Server) listStates(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	list := s.states.All()
	if status := q.Get("status"); status != "" {
		if !slices.Contains([]states.Status{states.Member, states.Observer, states.Former, states.Organization},
			states.Status(status)) {
			return errorf(http.StatusBadRequest, "invalid_parameter",
				"status %q: want member, observer, former or organization", status)
		}
		list = slices.DeleteFunc(list, func(st states.State) bool { return st.Status != states.Status(status) })
	}
	at := time.Now()
	if v := q.Get("at"); v != "" {
		var err error
		if at, err = time.Parse(time.DateOnly, v); err != nil {
			return errorf(http.StatusBadRequest, "invalid_parameter", "at %q: want a date as YYYY-MM-DD", v)
		}
	}
	if name := q.Get("group"); name != "" {
		group, ok := s.states.ResolveGroup(name)
		if !ok {
			return errorf(http.StatusBadRequest, "invalid_parameter",
				"group %q: want one of %s (or another of their names)", name, strings.Join(states.Groups(), ", "))
		}
		members := s.states.Members(group, at)
		if len(members) == 0 {
			return errorf(http.StatusBadRequest, "invalid_parameter", "group %q has no members on %s", group,
				at.Format(time.DateOnly))
		}
		in := map[string]bool{}
		for _, m := range members {
			in[m.Code] = true
		}
		list = slices.DeleteFunc(list, func(st states.State) bool { return !in[st.Code] })
	}
	codes := map[string]bool{}
	for _, st := range list {
		codes[st.Code] = true
	}
	memberships := slices.DeleteFunc(s.states.Memberships(), func(m states.Membership) bool { return !codes[m.Code] })
	writeJSON(w, http.StatusOK, statesResponse{States: list, Memberships: memberships})
	return nil
}

// getState serves one entry by its alpha-3 or alpha-2 code.
func (s *Server) getState(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	st, ok := s.states.Lookup(code)
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no state with code %q", code)
	}
	writeJSON(w, http.StatusOK, st)
	return nil
}
