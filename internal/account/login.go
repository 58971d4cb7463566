package account

import (
	"sync"
	"time"
)

// LoginLimits are how many failed sign-ins a LoginLimiter allows in its
// window; 0 is no limit.
type LoginLimits struct {
	// PerAccountAddress bounds the guesses at one account from one address:
	// the lock an attacker meets, and the owner at another address does not.
	PerAccountAddress int
	// PerAddress bounds one address's failures across all accounts, against
	// a machine that tries one password on many accounts.
	PerAddress int
	// PerAccount bounds one account's failures across all addresses, against
	// guesses spread over many machines. It does not hold an address the
	// account has signed in from before: the owner still gets in.
	PerAccount int
	Window     time.Duration
	// Remember is how long a successful sign-in keeps its address known for
	// the account.
	Remember time.Duration
}

// LoginLimiter counts failed sign-ins by account and address. Begin counts
// an attempt as failed before its password is checked, in one step with the
// check of the limits, so that no number of simultaneous attempts gets more
// passwords checked than the limits allow. It keeps its counts in memory.
type LoginLimiter struct {
	limits LoginLimits
	now    func() time.Time

	mu        sync.Mutex
	pairs     *window // account and address
	addresses *window
	accounts  *window
	known     *window // account and address: the last successful sign-in
}

// NewLoginLimiter counts sign-ins with the limits; now is the clock.
func NewLoginLimiter(limits LoginLimits, now func() time.Time) *LoginLimiter {
	return &LoginLimiter{limits: limits, now: now,
		pairs: newWindow(limits.Window), addresses: newWindow(limits.Window),
		accounts: newWindow(limits.Window), known: newWindow(limits.Remember)}
}

// LoginAttempt is one sign-in that a LoginLimiter let through: it counts
// as failed unless Succeeded or Abandoned says otherwise.
type LoginAttempt struct {
	l                *LoginLimiter
	account, address string
	at               time.Time
}

// Begin counts a sign-in to the account (a normalized e-mail address) from
// the address. It returns the attempt, or nil and how long to wait when a
// limit is reached.
func (l *LoginLimiter) Begin(account, address string) (*LoginAttempt, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now, pair := l.now(), pairKey(account, address)
	checks := []limitCheck{{l.pairs, pair, l.limits.PerAccountAddress}}
	if len(l.known.recent(pair, now)) == 0 {
		checks = append(checks, limitCheck{l.addresses, address, l.limits.PerAddress},
			limitCheck{l.accounts, account, l.limits.PerAccount})
	}
	refused, wait := false, time.Duration(0)
	for _, c := range checks {
		if ok, d := c.w.below(c.key, c.max, now); !ok {
			refused, wait = true, max(wait, d)
		}
	}
	if refused {
		return nil, wait
	}
	l.pairs.add(pair, now)
	l.addresses.add(address, now)
	l.accounts.add(account, now)
	return &LoginAttempt{l: l, account: account, address: address, at: now}, 0
}

// Succeeded says the password was right: the attempt is no failure, the
// account's failures from this address are forgotten, and the address is
// known for the account.
func (a *LoginAttempt) Succeeded() {
	l := a.l
	l.mu.Lock()
	defer l.mu.Unlock()
	a.takeBack()
	pair := pairKey(a.account, a.address)
	l.pairs.forget(pair)
	l.known.forget(pair)
	l.known.add(pair, l.now())
}

// Abandoned says the password was never checked (the server was too busy):
// the attempt does not count.
func (a *LoginAttempt) Abandoned() {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	a.takeBack()
}

func (a *LoginAttempt) takeBack() {
	a.l.pairs.remove(pairKey(a.account, a.address), a.at)
	a.l.addresses.remove(a.address, a.at)
	a.l.accounts.remove(a.account, a.at)
}

// limitCheck is one count Begin looks at: a key's events in a window
// against a maximum.
type limitCheck struct {
	w   *window
	key string
	max int
}

func pairKey(account, address string) string { return account + "\x00" + address }
