package web_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
)

type openAPIDoc struct {
	OpenAPI string `json:"openapi"`
	Paths   map[string]map[string]struct {
		Security  []map[string][]string      `json:"security"`
		Role      string                     `json:"x-r2p-role"`
		Responses map[string]json.RawMessage `json:"responses"`
	} `json:"paths"`
}

// TestOpenAPIDescribesTheRoutes keeps /api/v1/openapi.json true: every API
// route is documented with its method, security and error answers, and
// nothing documented is missing from the router.
func TestOpenAPIDescribesTheRoutes(t *testing.T) {
	h := newHarness(t)
	res := h.do(request{target: "/api/v1/openapi.json"})
	var doc openAPIDoc
	if err := json.Unmarshal([]byte(res.body), &doc); err != nil || res.StatusCode != 200 || !strings.HasPrefix(doc.OpenAPI, "3.1") {
		t.Fatalf("GET /api/v1/openapi.json: %d, %v", res.StatusCode, err)
	}
	var routes, documented []string
	for _, rt := range h.srv.Routes() {
		if !rt.API {
			continue
		}
		key := strings.ToLower(rt.Method) + " " + rt.Pattern
		routes = append(routes, key)
		op, ok := doc.Paths[rt.Pattern][strings.ToLower(rt.Method)]
		if !ok {
			continue
		}
		if _, ok := op.Responses["200"]; !ok {
			if _, ok := op.Responses["201"]; !ok {
				t.Errorf("%s: no 200 or 201 response documented", key)
			}
		}
		if rt.Role == "" {
			if len(op.Security) != 0 {
				t.Errorf("%s is public but documented with security %v", key, op.Security)
			}
			continue
		}
		if len(op.Security) == 0 || op.Role != string(rt.Role) {
			t.Errorf("%s needs %s: documented security %v, x-r2p-role %q", key, rt.Role, op.Security, op.Role)
		}
		if _, ok := op.Responses["401"]; !ok {
			t.Errorf("%s: no 401 documented", key)
		}
		if _, ok := op.Responses["403"]; !ok && rt.Role != account.Viewer {
			t.Errorf("%s: no 403 documented though it needs %s", key, rt.Role)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			documented = append(documented, method+" "+path)
		}
	}
	slices.Sort(routes)
	slices.Sort(documented)
	if !slices.Equal(routes, documented) {
		t.Errorf("routes and description differ:\nroutes:     %v\ndocumented: %v", routes, documented)
	}
}
