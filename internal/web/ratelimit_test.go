package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/web"
)

// TestSignOnRateLimits sends 1,000 scripted submissions from one client,
// each for another organization and address: the first 20 are taken, the
// rest get 429 and store nothing. Time is the harness's clock, so the window
// is tested without sleeping.
func TestSignOnRateLimits(t *testing.T) {
	h := newBareHarness(t, func(o *web.Options) { o.SignOnPerIP, o.SignOnPerAddress = 20, 5 })
	h.demo()
	statuses := map[int]int{}
	for i := range 1000 {
		form := signOnForm(h, fmt.Sprintf("Network %d", i))
		form.Set("contact_email", fmt.Sprintf("c%d@example.org", i))
		res := h.do(request{method: "POST", target: "/c/ga-2009", form: form})
		statuses[res.StatusCode]++
		if res.StatusCode == http.StatusTooManyRequests && res.Header.Get("Retry-After") == "" {
			t.Fatal("a 429 without Retry-After")
		}
	}
	if statuses[200] != 20 || statuses[429] != 980 {
		t.Errorf("answers %v, want 20 × 200 and 980 × 429", statuses)
	}
	if n, _ := h.store.OutboxCounts(ctx); n.Queued != 20 {
		t.Errorf("%d confirmation e-mails queued, want 20", n.Queued)
	}

	// One contact address is limited on its own: 5 an hour.
	h.now = h.now.Add(2 * time.Hour)
	taken := 0
	for i := range 10 {
		form := signOnForm(h, fmt.Sprintf("Coalition %d", i))
		res := h.do(request{method: "POST", target: "/c/ga-2009", form: form})
		if res.StatusCode == 200 {
			taken++
		}
	}
	if taken != 5 {
		t.Errorf("one contact address: %d submissions taken, want 5", taken)
	}
}

func TestSignOnLimitsOff(t *testing.T) {
	h := newBareHarness(t) // limits 0: off, as for a load test
	h.demo()
	for i := range 50 {
		form := signOnForm(h, fmt.Sprintf("Network %d", i))
		if res := h.do(request{method: "POST", target: "/c/ga-2009", form: form}); res.StatusCode != 200 {
			t.Fatalf("submission %d with limits off: %s", i, res)
		}
	}
}
