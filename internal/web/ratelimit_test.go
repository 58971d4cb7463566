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

// TestSignOnLimitsByNetworkAndMailbox: an IPv6 client holds its whole /64,
// so the per-client limit counts the /64 (an IPv4 client by its address);
// plus-tags and Gmail's dots reach one mailbox, so the per-address limit
// counts the mailbox.
func TestSignOnLimitsByNetworkAndMailbox(t *testing.T) {
	h := newBareHarness(t, func(o *web.Options) { o.SignOnPerIP, o.SignOnPerAddress = 3, 2 })
	h.demo()
	sign := func(i int, email, remote string) int {
		form := signOnForm(h, fmt.Sprintf("Network %d", i))
		form.Set("contact_email", email)
		return h.do(request{method: "POST", target: "/c/ga-2009", form: form, remote: remote}).StatusCode
	}
	var got []int
	for i, remote := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff:ffff:ffff:ffff",
		"2001:db8:1:2:abcd::9", "2001:db8:1:3::1", "::ffff:192.0.2.77", "192.0.2.77", "192.0.2.77",
		"192.0.2.77", "192.0.2.78"} {
		got = append(got, sign(i, fmt.Sprintf("c%d@example.org", i), remote))
	}
	want := []int{200, 200, 200, 429, 200, 200, 200, 200, 429, 200}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("answers by client address = %v, want %v (one /64 is one client; an IPv4-mapped address is its IPv4 address)", got, want)
	}

	h.now = h.now.Add(2 * time.Hour)
	got = nil
	for i, email := range []string{"victim+0@example.org", "Victim+1@example.org", "victim+2@example.org", "victim@example.org",
		"v.ic.tim@gmail.com", "victim+x@googlemail.com", "vic.tim@gmail.com", "vic.tim@example.org"} {
		got = append(got, sign(100+i, email, fmt.Sprintf("198.51.100.%d:4000", i)))
	}
	want = []int{200, 200, 429, 429, 200, 200, 429, 200}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("answers by contact address = %v, want %v (a plus-tag, or a dot at Gmail, is the same mailbox)", got, want)
	}
}
