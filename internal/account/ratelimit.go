package account

import (
	"sync"
	"time"
)

// Limiter counts failed attempts per key (an IP address, an account) in a
// sliding window and says when a key has had too many. It keeps at most
// a bounded number of keys, forgetting the stalest, so a flood of addresses
// cannot exhaust memory.
type Limiter struct {
	max    int
	window time.Duration
	now    func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time
}

// maxKeys bounds the memory a Limiter uses.
const maxKeys = 100_000

// NewLimiter allows max failures per key within window; now is the clock.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	return &Limiter{max: max, window: window, now: now, failures: map[string][]time.Time{}}
}

// Allowed reports whether key may try again, and if not, how long until it
// may.
func (l *Limiter) Allowed(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	recent := l.prune(key)
	if len(recent) < l.max {
		return true, 0
	}
	return false, recent[0].Add(l.window).Sub(l.now())
}

// Fail records a failed attempt by key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.failures) >= maxKeys {
		l.forgetStale()
	}
	l.failures[key] = append(l.prune(key), l.now())
}

// Reset forgets key's failures, after a success.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.failures, key)
}

func (l *Limiter) prune(key string) []time.Time {
	cutoff := l.now().Add(-l.window)
	recent := l.failures[key]
	for len(recent) > 0 && !recent[0].After(cutoff) {
		recent = recent[1:]
	}
	if len(recent) == 0 {
		delete(l.failures, key)
		return nil
	}
	l.failures[key] = recent
	return recent
}

func (l *Limiter) forgetStale() {
	for key := range l.failures {
		l.prune(key)
	}
	for key := range l.failures { // still full: drop arbitrary keys
		if len(l.failures) < maxKeys {
			break
		}
		delete(l.failures, key)
	}
}
