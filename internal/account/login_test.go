package account

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var testLoginLimits = LoginLimits{PerAccountAddress: 5, PerAddress: 20, PerAccount: 50,
	Window: 15 * time.Minute, Remember: 30 * 24 * time.Hour}

// failures begins n attempts that fail, and reports how many were let
// through.
func failures(l *LoginLimiter, account, address string, n int) int {
	through := 0
	for range n {
		if a, _ := l.Begin(account, address); a != nil {
			through++
		}
	}
	return through
}

// TestLoginLimiterCountsBeforeTheCheck: 100 simultaneous attempts at one
// account from one address get exactly 5 passwords checked, since each is
// counted in the same step that checks the limit.
func TestLoginLimiterCountsBeforeTheCheck(t *testing.T) {
	now := time.Date(2009, 7, 23, 10, 0, 0, 0, time.UTC)
	l := NewLoginLimiter(testLoginLimits, func() time.Time { return now })
	var through, refused atomic.Int64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for range 100 {
		wg.Go(func() {
			<-start
			if a, wait := l.Begin("sam@coalition.org", "192.0.2.1"); a != nil {
				through.Add(1)
			} else if wait == 15*time.Minute {
				refused.Add(1)
			}
		})
	}
	close(start)
	wg.Wait()
	if through.Load() != 5 || refused.Load() != 95 {
		t.Errorf("%d let through, %d refused for 15m; want 5 and 95", through.Load(), refused.Load())
	}
}

// TestLoginLimiterSparesTheOwner: the lock is on the account from one
// address; the owner elsewhere signs in, and once the account is attacked
// from everywhere, an address it signed in from before still gets in.
func TestLoginLimiterSparesTheOwner(t *testing.T) {
	now := time.Date(2009, 7, 23, 10, 0, 0, 0, time.UTC)
	l := NewLoginLimiter(testLoginLimits, func() time.Time { return now })
	const owner, office = "sam@coalition.org", "198.51.100.7"
	if got := failures(l, owner, "203.0.113.1", 6); got != 5 {
		t.Fatalf("attacker: %d attempts let through, want 5", got)
	}
	a, _ := l.Begin(owner, office)
	if a == nil {
		t.Fatal("the owner at another address is locked out by the attacker's failures")
	}
	a.Succeeded()

	// 10 attackers × 5 failures reach the account's limit of 50.
	for i := range 9 {
		failures(l, owner, "203.0.113."+string(rune('2'+i)), 5)
	}
	if a, wait := l.Begin(owner, "192.0.2.99"); a != nil || wait != 15*time.Minute {
		t.Errorf("a new address once the account has 50 failures: %v, wait %s; want refused for 15m", a, wait)
	}
	if a, _ := l.Begin(owner, office); a == nil {
		t.Error("the owner's known address is refused once the account has 50 failures")
	} else {
		a.Succeeded()
	}

	// The known address is still held by its own limit.
	if got := failures(l, owner, office, 7); got != 5 {
		t.Errorf("the known address: %d failures let through, want 5", got)
	}
	now = now.Add(15 * time.Minute)
	if a, _ := l.Begin(owner, "192.0.2.99"); a == nil {
		t.Error("15 minutes later a new address is still refused")
	}
}

func TestLoginLimiterPerAddress(t *testing.T) {
	now := time.Date(2009, 7, 23, 10, 0, 0, 0, time.UTC)
	l := NewLoginLimiter(testLoginLimits, func() time.Time { return now })
	through := 0
	for i := range 30 { // one password tried on 30 accounts
		through += failures(l, "user"+string(rune('a'+i))+"@coalition.org", "192.0.2.1", 1)
	}
	if through != 20 {
		t.Errorf("%d accounts tried from one address, want 20", through)
	}
	if a, wait := l.Begin("new@coalition.org", "192.0.2.1"); a != nil || wait != 15*time.Minute {
		t.Errorf("a 31st account: %v, wait %s", a, wait)
	}
}

func TestLoginAttemptOutcomes(t *testing.T) {
	now := time.Date(2009, 7, 23, 10, 0, 0, 0, time.UTC)
	l := NewLoginLimiter(testLoginLimits, func() time.Time { return now })
	// Abandoned attempts (the server was busy) do not count.
	for range 10 {
		a, _ := l.Begin("sam@coalition.org", "192.0.2.1")
		if a == nil {
			t.Fatal("abandoned attempts counted")
		}
		a.Abandoned()
	}
	// A success forgets the account's failures from the address, and takes
	// itself off the address's and the account's counts.
	failures(l, "sam@coalition.org", "192.0.2.1", 4)
	now = now.Add(time.Minute)
	a, _ := l.Begin("sam@coalition.org", "192.0.2.1")
	a.Succeeded()
	if got := failures(l, "sam@coalition.org", "192.0.2.1", 6); got != 5 {
		t.Errorf("after a success: %d failures let through, want 5 again", got)
	}
	if n := len(l.addresses.times["192.0.2.1"]); n != 9 {
		t.Errorf("the address has %d failures, want 4 + 5 (the success and the abandoned attempts not counted)", n)
	}
}
