package account

import (
	"context"
	"errors"
	"runtime"
	"time"

	"golang.org/x/crypto/argon2"
)

// ErrBusy says that a password was not hashed because as many hashes as
// memory allows were already under way, and none ended in time.
var ErrBusy = errors.New("account: too many passwords are being checked; try again in a few seconds")

// Hasher makes and checks password hashes, a bounded number at a time.
// Each argon2id hash holds its memory cost (64 MiB by default) while it
// runs, so without a bound, simultaneous logins are a way to exhaust the
// server's memory. A call that finds every slot taken waits a little, then
// gives up with ErrBusy.
type Hasher struct {
	params Argon2Params
	slots  chan struct{}
	wait   time.Duration
	idKey  keyFunc
}

// NewHasher hashes new passwords with params, at most slots at a time, and
// lets a call wait up to wait for a slot.
func NewHasher(params Argon2Params, slots int, wait time.Duration) *Hasher {
	return &Hasher{params: params, slots: make(chan struct{}, max(1, slots)), wait: wait, idKey: argon2.IDKey}
}

// HashSlots is how many hashes with params fit in a memory budget (bytes):
// at least one, and no more than there are CPUs to run them.
func HashSlots(budget int64, params Argon2Params) int {
	perHash := int64(params.Memory) * 1024
	return max(1, min(runtime.NumCPU(), int(budget/max(1, perHash))))
}

// Hash returns the PHC-format argon2id hash of a new password.
func (h *Hasher) Hash(ctx context.Context, pw string) (string, error) {
	if err := h.acquire(ctx); err != nil {
		return "", err
	}
	defer h.release()
	return hashPassword(h.idKey, pw, h.params), nil
}

// Matches reports whether pw is the password hash was made from, as
// PasswordMatches does.
func (h *Hasher) Matches(ctx context.Context, hash, pw string) (bool, error) {
	if err := h.acquire(ctx); err != nil {
		return false, err
	}
	defer h.release()
	return passwordMatches(h.idKey, hash, pw)
}

func (h *Hasher) acquire(ctx context.Context) error {
	select {
	case h.slots <- struct{}{}:
		return nil
	default:
	}
	timer := time.NewTimer(h.wait)
	defer timer.Stop()
	select {
	case h.slots <- struct{}{}:
		return nil
	case <-timer.C:
		return ErrBusy
	case <-ctx.Done():
		return ErrBusy
	}
}

func (h *Hasher) release() { <-h.slots }
