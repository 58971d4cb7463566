package cli_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/store"
)

// TestSignOnSurvivesSIGKILL starts r2p serve --demo as a child process,
// sends concurrent sign-on submissions, kills it with SIGKILL at three
// random moments (seeded: after a random number of acknowledgements, so
// that a slow machine changes nothing), restarting it each time, and checks
// that every submission acknowledged to its client is stored with its
// confirmation e-mail queued.
func TestSignOnSurvivesSIGKILL(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	rng := rand.New(rand.NewPCG(2009, 7))
	var mu sync.Mutex
	acknowledged := map[string]bool{} // contact address -> acknowledged
	next := 0
	for round := range 3 {
		server := start(t, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", db, "--signon-ip-limit", "0", "--signon-email-limit", "0")
		base := server.waitFor(t, `msg="r2p is serving" url=(\S+)`)[1]
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					mu.Lock()
					next++
					email := fmt.Sprintf("contact%d@example.org", next)
					mu.Unlock()
					if submit(ctx, base, email) {
						mu.Lock()
						acknowledged[email] = true
						mu.Unlock()
					}
				}
			}()
		}
		// Let submissions flow, then crash while they are in flight.
		mu.Lock()
		target := len(acknowledged) + 20 + rng.IntN(100)
		mu.Unlock()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			n := len(acknowledged)
			mu.Unlock()
			if n >= target {
				break
			}
		}
		server.cmd.Process.Signal(syscall.SIGKILL)
		server.cmd.Wait()
		stop()
		wg.Wait()
		t.Logf("round %d: %d acknowledged so far", round+1, len(acknowledged))
	}
	if len(acknowledged) < 60 {
		t.Fatalf("only %d submissions were acknowledged; the test proves little", len(acknowledged))
	}
	s, err := store.Open(context.Background(), store.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	queued := map[string]bool{}
	for before := int64(0); ; {
		msgs, err := s.OutboxMessages(context.Background(), store.OutboxFilter{Limit: 1000, BeforeID: before})
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) == 0 {
			break
		}
		for _, m := range msgs {
			queued[m.To] = true
		}
		before = msgs[len(msgs)-1].ID
	}
	for email := range acknowledged {
		if !queued[email] {
			t.Errorf("the submission of %s was acknowledged but its confirmation e-mail is not queued", email)
		}
	}
}

// submit posts one sign-on form and reports whether the server
// acknowledged it.
func submit(ctx context.Context, base, email string) bool {
	const csrf = "crash-test-csrf-token-0123456789abcdefghijklmnopqrstuv"
	form := url.Values{"csrf": {csrf}, "started": {strconv.FormatInt(time.Now().Add(-time.Minute).Unix(), 10)},
		"name": {"Organization of " + email}, "countries": {"GHA"}, "type": {"ngo"}, "contact_name": {"Crash Test"},
		"contact_email": {email}, "display": {"named"}, "consent": {"yes"}}
	req, err := http.NewRequestWithContext(ctx, "POST", base+"/c/ga-2009", strings.NewReader(form.Encode()))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "r2p_csrf", Value: csrf})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return err == nil && res.StatusCode == 200 && strings.Contains(string(body), "We have sent a link to "+email)
}
