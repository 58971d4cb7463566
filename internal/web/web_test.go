package web_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
	"github.com/r2p-coalition/r2p/internal/web"
)

type downDatabase struct{}

func (downDatabase) Ping(context.Context) error { return errors.New("connection refused") }

func get(t *testing.T, h http.Handler, method, target string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	res := rec.Result()
	body, _ := io.ReadAll(res.Body)
	return res, string(body)
}

func TestErrorsUseTheEnvelope(t *testing.T) {
	h := web.New(storetest.SQLite(t), states.Default(), slog.New(slog.DiscardHandler))
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
		{"GET", "/api/v1/states?group=Nordic", 400, "invalid_parameter", `group "Nordic" has no members on ` + today() + `; groups: African, Asia-Pacific, Eastern European, Latin American and Caribbean, Western European and Others, European Union, United Nations`},
	} {
		t.Run(tc.method+" "+tc.target, func(t *testing.T) {
			res, body := get(t, h, tc.method, tc.target)
			if res.StatusCode != tc.status {
				t.Errorf("status %d, want %d", res.StatusCode, tc.status)
			}
			if ct := res.Header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("Content-Type %q", ct)
			}
			var env struct {
				Error struct{ Code, Message string }
			}
			if err := json.Unmarshal([]byte(body), &env); err != nil {
				t.Fatalf("body %q: %v", body, err)
			}
			if env.Error.Code != tc.code || env.Error.Message != tc.message {
				t.Errorf("error = %+v, want %s: %s", env.Error, tc.code, tc.message)
			}
		})
	}
}

func TestStatesAPI(t *testing.T) {
	h := web.New(storetest.SQLite(t), states.Default(), slog.New(slog.DiscardHandler))
	for _, tc := range []struct {
		target string
		want   int
	}{
		{"/api/v1/states?status=member", 193},
		{"/api/v1/states?status=observer", 2},
		{"/api/v1/states?group=African", 54},
		{"/api/v1/states?group=European+Union&at=2019-12-31", 28},
		{"/api/v1/states?group=European+Union&at=2020-02-01", 27},
		{"/api/v1/states?status=member&group=Western+European+and+Others", 28},
	} {
		res, body := get(t, h, "GET", tc.target)
		var got struct {
			States      []states.State
			Memberships []states.Membership
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil || res.StatusCode != 200 {
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

	res, body := get(t, h, "GET", "/api/v1/states/ci")
	var civ states.State
	json.Unmarshal([]byte(body), &civ)
	if res.StatusCode != 200 || civ.Code != "CIV" || civ.Name != "Côte d'Ivoire" || civ.RegionalGroup != "African" {
		t.Errorf("GET /api/v1/states/ci = %d %+v", res.StatusCode, civ)
	}
}

func TestHealthz(t *testing.T) {
	up := web.New(storetest.SQLite(t), states.Default(), slog.New(slog.DiscardHandler))
	if res, body := get(t, up, "GET", "/healthz"); res.StatusCode != 200 || body != "{\n  \"status\": \"ok\"\n}\n" {
		t.Errorf("healthy: %d %q", res.StatusCode, body)
	}
	down := web.New(downDatabase{}, states.Default(), slog.New(slog.DiscardHandler))
	if res, body := get(t, down, "GET", "/healthz"); res.StatusCode != 503 || !json.Valid([]byte(body)) {
		t.Errorf("database down: %d %q, want 503 with a JSON error", res.StatusCode, body)
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

func today() string { return time.Now().Format(time.DateOnly) }
