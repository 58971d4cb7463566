package web

import "net/http"

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	get := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		mux.Handle("GET "+pattern, s.api(h))
		mux.Handle(pattern, s.api(methodNotAllowed(http.MethodGet)))
	}

	get("/healthz", s.healthz)

	get("/api/v1/states", s.listStates)
	get("/api/v1/states/{code}", s.getState)

	mux.Handle("/api/v1/", s.api(s.apiNotFound))
	return s.recoverPanics(mux)
}
