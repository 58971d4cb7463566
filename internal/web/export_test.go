package web

import (
	"html/template"
	"sync"

	"github.com/r2p-coalition/r2p/internal/input"
	"github.com/r2p-coalition/r2p/internal/states"
)

// SessionCSRF is the CSRF token of the session whose cookie is secret.
func SessionCSRF(secret string) string { return sessionCSRF(secret) }

// Route is a registered route, for the tests that walk them all.
type Route = route

// Routes returns every registered route.
func (s *Server) Routes() []Route { return s.routes }

// renderedPage is a page a server has rendered since TrackRendering.
type renderedPage struct {
	s    *Server
	page string
}

var rendered sync.Map // renderedPage -> true

// TrackRendering makes Rendered answer for s: every page's content notes,
// as it runs, that the page was rendered, and writes nothing more. Call it
// before s answers a request.
func (s *Server) TrackRendering() {
	for page, t := range s.pages {
		content := t.Lookup("content").Tree.Copy()
		template.Must(t.AddParseTree("untracked content", content))
		t.Funcs(template.FuncMap{"noteRendered": func() string {
			rendered.Store(renderedPage{s, page}, true)
			return ""
		}})
		template.Must(t.New("tracker").Parse(`{{define "content"}}{{noteRendered}}{{template "untracked content" .}}{{end}}`))
	}
}

// Rendered reports whether a page has been rendered since TrackRendering.
func (s *Server) Rendered(page string) bool { _, ok := rendered.Load(renderedPage{s, page}); return ok }

// PageNames are the pages there are.
var PageNames = pageNames

// States is the reference table the server uses.
func (s *Server) States() *states.Table { return s.states }

// AssetURL is the hashed URL of a static file, such as "app.css".
func (s *Server) AssetURL(name string) string { u, _ := s.assets.url(name); return u }

// FieldLimit is a form's field in the table of fields.
func FieldLimit(form, name string) (input.Field, bool) { return fieldLimit(form, name) }

// RouteForm is the form a route such as "POST /c/{slug}" reads, if any.
func RouteForm(route string) (string, bool) { f, ok := routeForms[route]; return f, ok }

// ShowsProblems reports a form whose page shows a field's problem beside
// the field.
func ShowsProblems(form string) bool { return showsProblems[form] }

// APIBodies are the JSON bodies' tables of fields, by the type each is
// read into.
var APIBodies = apiBodies

// JSONFieldAt is the path of the JSON string that holds a byte offset.
var JSONFieldAt = jsonFieldAt
