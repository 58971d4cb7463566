package account

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"
)

// blockingKey stands in for argon2id: each call reports that it started,
// then waits for its release.
type blockingKey struct {
	started chan struct{}
	release chan struct{}
}

func (b blockingKey) idKey(pw, salt []byte, _, _ uint32, _ uint8, keyLen uint32) []byte {
	b.started <- struct{}{}
	<-b.release
	return make([]byte, keyLen)
}

// TestHasherBoundsConcurrentHashes: with 2 slots, 2 hashes run, a third
// waits, then gives up with ErrBusy; its context ending also ends its wait.
// Slots free up as hashes end.
func TestHasherBoundsConcurrentHashes(t *testing.T) {
	b := blockingKey{started: make(chan struct{}), release: make(chan struct{})}
	h := NewHasher(Argon2Params{Time: 1, Memory: 64, Threads: 1}, 2, time.Millisecond)
	h.idKey = b.idKey
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			if _, err := h.Hash(context.Background(), "a long enough password"); err != nil {
				t.Error(err)
			}
		})
	}
	<-b.started
	<-b.started // both slots taken
	if _, err := h.Matches(context.Background(), dummyTestHash, "x"); !errors.Is(err, ErrBusy) {
		t.Errorf("a third hash while two run: %v, want ErrBusy", err)
	}
	waiting := NewHasher(Argon2Params{}, 0, time.Hour) // 0 slots: 1
	waiting.slots <- struct{}{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := waiting.Hash(ctx, "a long enough password"); !errors.Is(err, ErrBusy) {
		t.Errorf("a wait whose request has ended: %v, want ErrBusy", err)
	}
	close(b.release)
	wg.Wait()
	h.idKey = func(pw, salt []byte, _, _ uint32, _ uint8, keyLen uint32) []byte { return make([]byte, keyLen) }
	if _, err := h.Hash(context.Background(), "a long enough password"); err != nil {
		t.Errorf("after the two ended: %v", err)
	}
}

const dummyTestHash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

func TestHashSlots(t *testing.T) {
	p := Argon2Params{Memory: 64 * 1024}
	if got := HashSlots(0, p); got != 1 {
		t.Errorf("no budget: %d slots, want 1", got)
	}
	if got := HashSlots(64<<20, p); got != 1 {
		t.Errorf("64 MiB: %d slots, want 1", got)
	}
	if got := HashSlots(1<<40, p); got != runtime.NumCPU() {
		t.Errorf("1 TiB: %d slots, want one per CPU (%d)", got, runtime.NumCPU())
	}
}

func TestHasherHashesWithItsParams(t *testing.T) {
	h := NewHasher(Argon2Params{Time: 1, Memory: 64, Threads: 1}, 1, time.Second)
	hash, err := h.Hash(context.Background(), "a long enough password")
	if err != nil || hash[:len("$argon2id$v=19$m=64,t=1,p=1$")] != "$argon2id$v=19$m=64,t=1,p=1$" {
		t.Fatalf("Hash = %q, %v", hash, err)
	}
	if ok, err := h.Matches(context.Background(), hash, "a long enough password"); !ok || err != nil {
		t.Errorf("Matches = %v, %v", ok, err)
	}
}
