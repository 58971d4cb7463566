package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
	"github.com/r2p-coalition/r2p/internal/web"
)

// BenchmarkSignOn sends sign-on submissions over HTTP on loopback from 50
// concurrent clients to a server on SQLite with durable commits (group
// commit, synchronous=FULL) and the rate limits off. Each submission is
// validated, stored with its two links, its confirmation e-mail queued and
// audited, in one transaction, and answered with the "check your e-mail"
// page. Run:
//
//	go test -run '^$' -bench SignOn -benchtime 20000x ./internal/web/
func BenchmarkSignOn(b *testing.B) {
	st := storetest.SQLite(b)
	if _, err := demo.Load(ctx, st); err != nil {
		b.Fatal(err)
	}
	srv, err := web.New(st, states.Default(), web.Options{BaseURL: "http://127.0.0.1"})
	if err != nil {
		b.Fatal(err)
	}
	started, err := web.SignOnStarted(ctx, st, 1, time.Now().Add(-time.Minute))
	if err != nil {
		b.Fatal(err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()
	const clients = 50
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	client := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	const csrf = "bench-csrf-token-0123456789abcdefghijklmnopqrstuvwxyz"

	latencies := make([]time.Duration, b.N)
	var next atomic.Int64
	var failed atomic.Int64
	var wg sync.WaitGroup
	b.ResetTimer()
	t0 := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				form := url.Values{"csrf": {csrf}, "started": {started}, "name": {fmt.Sprintf("Bench Organization %d", i)},
					"countries": {"GHA"}, "type": {"ngo"}, "contact_name": {"Bench"}, "contact_email": {fmt.Sprintf("b%d@example.org", i)},
					"display": {"named"}, "consent": {"yes"}}
				req, _ := http.NewRequest("POST", ts.URL+"/c/ga-2009", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.AddCookie(&http.Cookie{Name: "r2p_csrf", Value: csrf})
				start := time.Now()
				res, err := client.Do(req)
				if err != nil {
					failed.Add(1)
					continue
				}
				io.Copy(io.Discard, res.Body) // read to the end, so the connection is kept
				res.Body.Close()
				if res.StatusCode != 200 {
					failed.Add(1)
				}
				latencies[i] = time.Since(start)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(t0)
	b.StopTimer()
	if n := failed.Load(); n > 0 {
		b.Fatalf("%d submissions failed", n)
	}
	counts, err := st.OutboxCounts(ctx)
	if err != nil || counts.Queued != int64(b.N) {
		b.Fatalf("%d confirmation e-mails queued for %d acknowledged submissions (%v): something was lost", counts.Queued, b.N, err)
	}
	slices.Sort(latencies)
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "submissions/s")
	b.ReportMetric(float64(latencies[len(latencies)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(latencies[len(latencies)*99/100].Microseconds())/1000, "p99-ms")
}
