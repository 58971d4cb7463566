package web_test

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/states"
)

func TestErrorsUseTheEnvelope(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		method, target string
		status         int
		code, message  string
	}{
		{"GET", "/api/v1/nope", 404, "not_found", "no API endpoint GET /api/v1/nope"},
		{"DELETE", "/api/v1/", 404, "not_found", "no API endpoint DELETE /api/v1/"},
		{"GET", "/api/v1/states/XYZ", 404, "not_found", `no state with code "XYZ"`},
		{"POST", "/api/v1/states", 405, "method_not_allowed", "POST /api/v1/states: only GET is allowed"},
		{"GET", "/api/v1/states?status=rogue", 400, "invalid_parameter", `status "rogue": want member, observer, former or organization`},
		{"GET", "/api/v1/states?at=20-07-2009&group=African", 400, "invalid_parameter", `at "20-07-2009": want a date as YYYY-MM-DD`},
		{"GET", "/api/v1/states?group=Benelux", 400, "invalid_parameter", `group "Benelux": want one of African, Asia-Pacific, Eastern European, Latin American and Caribbean, Western European and Others, European Union, United Nations, Nordic countries, Non-Aligned Movement, Arab Group, Caribbean Community, Group of Friends of the Responsibility to Protect (or another of their names)`},
		{"GET", "/api/v1/states?group=NAM&at=1950-01-01", 400, "invalid_parameter", `group "Non-Aligned Movement" has no members on 1950-01-01`},
		{"GET", "/api/v1/audit", 401, "unauthorized", "send an API token as Authorization: Bearer TOKEN; an admin creates tokens at /admin/tokens"},
		{"GET", "/api/v1/audit?limit=5000", 400, "invalid_parameter", `limit "5000": want a whole number from 1 to 1000`},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			req := request{method: tc.method, target: tc.target, noCSRF: true}
			if tc.status == 400 && strings.HasPrefix(tc.target, "/api/v1/audit") {
				req.bearer = h.token("admin")
			}
			res := h.do(req)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var env struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(res.body), &env); err != nil {
				t.Fatalf("body %q: %v", res.body, err)
			}
			if env.Error.Code != tc.code || env.Error.Message != tc.message {
				t.Errorf("error = %+v, want %s: %s", env.Error, tc.code, tc.message)
			}
		})
	}
}

func TestStatesAPI(t *testing.T) {
	h := newHarness(t)
	for _, tc := range []struct {
		target string
		want   int
	}{
		{"/api/v1/states?status=member", 193},
		{"/api/v1/states?status=observer", 2},
		{"/api/v1/states?group=African", 54},
		{"/api/v1/states?group=European+Union&at=2019-12-31", 28},
		{"/api/v1/states?group=European+Union&at=2020-02-01", 27},
		{"/api/v1/states?group=NAM&at=2009-07-23", 118},
		{"/api/v1/states?group=Mouvement+des+pays+non+align%C3%A9s&at=2012-09-01", 120},
		{"/api/v1/states?status=member&group=Western+European+and+Others", 28},
	} {
		res := h.do(request{target: tc.target})
		var got struct {
			States      []states.State
			Memberships []states.Membership
		}
		if err := json.Unmarshal([]byte(res.body), &got); err != nil || res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %v", tc.target, res.StatusCode, err)
		}
		if len(got.States) != tc.want {
			t.Errorf("GET %s: %d states, want %d", tc.target, len(got.States), tc.want)
		}
		for _, m := range got.Memberships {
			if !containsCode(got.States, m.Code) {
				t.Errorf("GET %s: membership of %s, which is not in the list", tc.target, m.Code)
			}
		}
	}
	res := h.do(request{target: "/api/v1/states/ci"})
	var civ states.State
	json.Unmarshal([]byte(res.body), &civ)
	if res.StatusCode != 200 || civ.Code != "CIV" || civ.Name != "Côte d'Ivoire" || civ.RegionalGroup != "African" {
		t.Errorf("GET /api/v1/states/ci = %d %+v", res.StatusCode, civ)
	}
}

func TestHealthz(t *testing.T) {
	h := newHarness(t)
	if res := h.do(request{target: "/healthz"}); res.StatusCode != 200 || res.body != "{\n  \"status\": \"ok\"\n}\n" {
		t.Errorf("healthy: %d %q", res.StatusCode, res.body)
	}
	h.store.Close()
	if res := h.do(request{target: "/healthz"}); res.StatusCode != 503 || !strings.Contains(res.body, `"code": "unavailable"`) {
		t.Errorf("database closed: %d %q, want 503 with a JSON error", res.StatusCode, res.body)
	}
}

func TestStaticAssetsHaveContentHashedURLs(t *testing.T) {
	h := newHarness(t)
	page := h.do(request{target: "/login"})
	m := regexp.MustCompile(`href="(/static/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(page.body)
	if m == nil {
		t.Fatalf("the login page links no hashed stylesheet:\n%s", page.body)
	}
	css := h.do(request{target: m[1]})
	if css.StatusCode != 200 || css.Header.Get("Content-Type") != "text/css; charset=utf-8" ||
		css.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.Contains(css.body, "--accent") {
		t.Errorf("GET %s: %d %v", m[1], css.StatusCode, css.Header)
	}
	if res := h.do(request{target: "/static/app.css"}); res.StatusCode != 404 {
		t.Errorf("unhashed name: %d, want 404", res.StatusCode)
	}
}

func containsCode(list []states.State, code string) bool {
	for _, s := range list {
		if s.Code == code {
			return true
		}
	}
	return false
}
