package web_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
	"github.com/r2p-coalition/r2p/internal/web"
)

// BenchmarkDeliveryPreview195 renders the preview of the seed letter, with
// its 42 signatories, to a fictitious mission of every member and observer
// state at New York: the letters are composed without their PDFs. Run:
//
//	go test -run '^$' -bench DeliveryPreview195 ./internal/web/
func BenchmarkDeliveryPreview195(b *testing.B) {
	st := storetest.SQLite(b)
	if _, err := demo.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	var list []mission.Mission
	for _, s := range mission.States(states.Default()) {
		list = append(list, mission.Mission{State: s.Code, Station: mission.DefaultStation, Emails: []string{"mission@" + strings.ToLower(s.Code) + ".example.org"},
			HeadName: "H.E. Ambassador " + s.Code, HeadTitle: "Permanent Representative"})
	}
	secret, hash := account.NewSecret("")
	err := st.Transact(ctx, func(tx *store.Tx) error {
		if _, err := tx.ImportMissions(ctx, "cli", "missions.csv", list); err != nil {
			return err
		}
		u, err := tx.CreateUser(ctx, "editor@coalition.org", "Editor", account.Editor)
		if err != nil {
			return err
		}
		return tx.CreateSession(ctx, hash, u.ID, time.Now().Add(time.Hour))
	})
	if err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(st, states.Default(), web.Options{BaseURL: "http://127.0.0.1", Coalition: "Fictive Coalition for R2P"})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		r := httptest.NewRequest("GET", "/admin/campaigns/1/delivery?recipients=all&station=New+York", nil)
		r.AddCookie(&http.Cookie{Name: "r2p_session", Value: secret})
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		if w.Code != 200 || !strings.Contains(w.Body.String(), `<span class="n">195</span><span class="label">New messages</span>`) {
			b.Fatalf("preview: %d\n%.2000s", w.Code, w.Body.String())
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/preview")
}
