package web

import (
	"net/http"

	"github.com/r2p-coalition/r2p/internal/account"
)

// public marks a route that needs no role.
const public account.Role = ""

// route is one registered route; the tests walk them all.
type route struct {
	Method, Pattern string
	Role            account.Role // public, or the least role that may use it
	API             bool         // JSON API (bearer tokens) rather than a page (session cookie)
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) buildRoutes() http.Handler {
	mux := http.NewServeMux()
	page := func(method, pattern string, role account.Role, h handlerFunc) {
		s.routes = append(s.routes, route{method, pattern, role, false})
		mux.Handle(method+" "+pattern, s.page(role, h))
	}
	api := func(method, pattern string, role account.Role, h handlerFunc) {
		s.routes = append(s.routes, route{method, pattern, role, true})
		mux.Handle(method+" "+pattern, s.api(role, h))
		mux.Handle(pattern, s.api(public, methodNotAllowed(method)))
	}

	page("GET", "/{$}", public, s.home)
	page("GET", "/login", public, s.loginForm)
	page("POST", "/login", public, s.login)
	page("POST", "/logout", account.Viewer, s.logout)
	page("GET", "/setup/{token}", public, s.setupForm)
	page("POST", "/setup/{token}", public, s.setup)
	page("GET", "/lang/{lang}", public, s.switchLanguage)
	page("GET", "/static/{file}", public, s.static)

	page("GET", "/admin", account.Viewer, s.dashboard)
	page("GET", "/admin/account", account.Viewer, s.accountPage)
	page("POST", "/admin/account/password", account.Viewer, s.changePassword)
	page("GET", "/admin/users", account.Admin, s.users)
	page("POST", "/admin/users", account.Admin, s.invite)
	page("POST", "/admin/users/{id}/role", account.Admin, s.changeRole)
	page("GET", "/admin/audit", account.Admin, s.auditLog)
	page("GET", "/admin/tokens", account.Admin, s.tokens)
	page("POST", "/admin/tokens", account.Admin, s.createToken)
	page("POST", "/admin/tokens/{id}/revoke", account.Admin, s.revokeToken)

	api("GET", "/healthz", public, s.healthz)
	api("GET", "/api/v1/openapi.json", public, s.openAPI)
	api("GET", "/api/v1/states", public, s.listStates)
	api("GET", "/api/v1/states/{code}", public, s.getState)
	api("GET", "/api/v1/me", account.Viewer, s.me)
	api("GET", "/api/v1/audit", account.Admin, s.apiAudit)
	mux.Handle("/api/v1/", s.api(public, s.apiNotFound))

	mux.Handle("/", s.page(public, s.pageNotFound))
	return securityHeaders(s.recoverPanics(s.identify(mux)))
}
