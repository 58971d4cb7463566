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
	max int
	now func() time.Time

	mu       sync.Mutex
	failures *window
}

// maxKeys bounds the memory a window uses.
const maxKeys = 100_000

// NewLimiter allows max failures per key within window; now is the clock.
func NewLimiter(max int, window time.Duration, now func() time.Time) *Limiter {
	return &Limiter{max: max, now: now, failures: newWindow(window)}
}

// Allowed reports whether key may try again, and if not, how long until it
// may.
func (l *Limiter) Allowed(key string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.failures.below(key, l.max, l.now())
}

// Fail records a failed attempt by key.
func (l *Limiter) Fail(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures.add(key, l.now())
}

// Reset forgets key's failures, after a success.
func (l *Limiter) Reset(key string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.failures.forget(key)
}

// window holds the times of recent events per key, and forgets those that
// are more than span old. It does no locking: its owner does.
type window struct {
	span  time.Duration
	times map[string][]time.Time
}

func newWindow(span time.Duration) *window {
	return &window{span: span, times: map[string][]time.Time{}}
}

// below reports whether key has had fewer than max events in the window
// (max 0: no limit), and if not, how long until it will have.
func (w *window) below(key string, max int, now time.Time) (bool, time.Duration) {
	recent := w.recent(key, now)
	if max <= 0 || len(recent) < max {
		return true, 0
	}
	return false, recent[len(recent)-max].Add(w.span).Sub(now)
}

// add records an event of key at the time given.
func (w *window) add(key string, at time.Time) {
	if len(w.times) >= maxKeys {
		w.forgetStale(at)
	}
	w.times[key] = append(w.recent(key, at), at)
}

// remove takes back one event of key recorded at the time given, if it is
// still there.
func (w *window) remove(key string, at time.Time) {
	times := w.times[key]
	for i, t := range times {
		if t.Equal(at) {
			w.times[key] = append(times[:i:i], times[i+1:]...)
			break
		}
	}
	if len(w.times[key]) == 0 {
		delete(w.times, key)
	}
}

func (w *window) forget(key string) { delete(w.times, key) }

// recent returns key's events in the window, oldest first, and forgets the
// older ones.
func (w *window) recent(key string, now time.Time) []time.Time {
	cutoff := now.Add(-w.span)
	recent := w.times[key]
	for len(recent) > 0 && !recent[0].After(cutoff) {
		recent = recent[1:]
	}
	if len(recent) == 0 {
		delete(w.times, key)
		return nil
	}
	w.times[key] = recent
	return recent
}

func (w *window) forgetStale(now time.Time) {
	for key := range w.times {
		w.recent(key, now)
	}
	for key := range w.times { // still full: drop arbitrary keys
		if len(w.times) < maxKeys {
			break
		}
		delete(w.times, key)
	}
}
