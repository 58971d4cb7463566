package web

import "github.com/r2p-coalition/r2p/internal/states"

// Route is a registered route, for the tests that walk them all.
type Route = route

// Routes returns every registered route.
func (s *Server) Routes() []Route { return s.routes }

// Rendered reports whether a page has been rendered since New.
func (s *Server) Rendered(page string) bool { _, ok := s.rendered.Load(page); return ok }

// PageNames are the pages there are.
var PageNames = pageNames

// States is the reference table the server uses.
func (s *Server) States() *states.Table { return s.states }
