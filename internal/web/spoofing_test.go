package web_test

import (
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/web"
)

// spoofedHeaders are the headers a client sets to pass for another
// address behind a proxy; r2p trusts none of them.
func spoofedHeaders(i int) http.Header {
	v4 := fmt.Sprintf("198.51.%d.%d", i/250, i%250+1)
	v6 := fmt.Sprintf("2001:db8:%x::1", i+1)
	return http.Header{
		"X-Forwarded-For":     {v4 + ", 203.0.113.7"},
		"X-Real-Ip":           {v6},
		"Forwarded":           {fmt.Sprintf(`for=%s;proto=https, for="[%s]"`, v4, v6)},
		"True-Client-Ip":      {v4},
		"Cf-Connecting-Ip":    {v6},
		"X-Client-Ip":         {v4},
		"X-Cluster-Client-Ip": {v4},
		"Fastly-Client-Ip":    {v4},
		"X-Originating-Ip":    {v4},
	}
}

// TestSignOnLimitIgnoresSpoofedAddresses sends 300 sign-on submissions
// from one client — each on a new connection (another port), each for
// another organization and contact, each claiming another address in every
// forwarding header — and checks that exactly the default per-address
// limit of them is stored. It does so for an IPv4 client and for an IPv6
// one. The harness's clock moves a second a submission: all are in one
// window.
func TestSignOnLimitIgnoresSpoofedAddresses(t *testing.T) {
	defaults := config.New(flag.NewFlagSet("serve", flag.ContinueOnError))
	defaults.ServerFlags(func(string) string { return "" })
	perIP := defaults.SignOnPerIP
	if perIP != 20 {
		t.Fatalf("the default --signon-ip-limit is %d; this test was written for 20", perIP)
	}
	for _, host := range []string{"192.0.2.10", "[2001:db8:5:6::10]"} {
		t.Run(host, func(t *testing.T) {
			h := newBareHarness(t, func(o *web.Options) {
				o.SignOnPerIP, o.SignOnPerAddress = defaults.SignOnPerIP, defaults.SignOnPerEmail
			})
			h.demo()
			statuses := map[int]int{}
			for i := range 300 {
				h.now = h.now.Add(time.Second)
				form := signOnForm(h, fmt.Sprintf("Spoofing Network %d", i))
				form.Set("contact_email", fmt.Sprintf("contact%d@spoof%d.example", i, i))
				form.Set("csrf", testCSRF)
				r := httptest.NewRequest("POST", "/c/ga-2009", strings.NewReader(form.Encode()))
				r.RemoteAddr = fmt.Sprintf("%s:%d", host, 40000+i)
				for k, v := range spoofedHeaders(i) {
					r.Header[k] = v
				}
				r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				r.AddCookie(&http.Cookie{Name: "r2p_csrf", Value: testCSRF})
				rec := httptest.NewRecorder()
				h.srv.ServeHTTP(rec, r)
				statuses[rec.Code]++
			}
			if statuses[200] != perIP || statuses[429] != 300-perIP {
				t.Errorf("answers %v, want %d × 200 and %d × 429", statuses, perIP, 300-perIP)
			}
			stored := 0
			for id := int64(43); id <= 42+300; id++ { // after the demo's 42
				if _, err := h.store.Signature(ctx, id); err == nil {
					stored++
				}
			}
			if n, _ := h.store.OutboxCounts(ctx); stored != perIP || n.Queued != int64(perIP) {
				t.Errorf("%d signatures stored and %d confirmation e-mails queued, want %d", stored, n.Queued, perIP)
			}
		})
	}
}
