package cli_test

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

// TestSignOnSurvivesSIGKILL starts r2p serve --demo as a child process,
// sends concurrent sign-on submissions and confirms them with the links the
// server's mailer writes to its log, kills it with SIGKILL at three random
// moments (seeded: after a random number of acknowledgements, so that a
// slow machine changes nothing), restarting it each time, and checks that
// every submission acknowledged to its client is stored with its
// confirmation e-mail queued, and every confirmation acknowledged is
// stored.
func TestSignOnSurvivesSIGKILL(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	rng := rand.New(rand.NewPCG(2009, 7))
	var mu sync.Mutex
	acknowledged := map[string]bool{}    // contact address -> submission acknowledged
	confirmed := map[string]bool{}       // contact address -> confirmation acknowledged
	links := make(chan [2]string, 1<<16) // contact address, confirmation path
	next := 0
	started := ""
	for round := range 3 {
		server := start(t, "serve", "--demo", "--addr", "127.0.0.1:0", "--db", db, "--signon-ip-limit", "0", "--signon-email-limit", "0")
		base := server.waitFor(t, `msg="r2p is serving" url=(\S+)`)[1]
		if started == "" {
			started = signedStart(t, db)
		}
		go readLinks(server, links)
		ctx, stop := context.WithCancel(context.Background())
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					select {
					case <-ctx.Done():
						return
					case link := <-links:
						if confirm(ctx, base, link[1]) {
							mu.Lock()
							confirmed[link[0]] = true
							mu.Unlock()
						} else if ctx.Err() != nil {
							links <- link // the server died: try again after the restart
						}
					}
				}
			}()
		}
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for ctx.Err() == nil {
					mu.Lock()
					next++
					email := fmt.Sprintf("contact%d@example.org", next)
					mu.Unlock()
					if submit(ctx, base, email, started) {
						mu.Lock()
						acknowledged[email] = true
						mu.Unlock()
					}
				}
			}()
		}
		// Let submissions flow, then crash while they are in flight.
		mu.Lock()
		target, confirmTarget := len(acknowledged)+20+rng.IntN(100), len(confirmed)+10+rng.IntN(30)
		mu.Unlock()
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
			mu.Lock()
			n, c := len(acknowledged), len(confirmed)
			mu.Unlock()
			if n >= target && c >= confirmTarget {
				break
			}
		}
		server.cmd.Process.Signal(syscall.SIGKILL)
		server.cmd.Wait()
		stop()
		wg.Wait()
		t.Logf("round %d: %d submissions and %d confirmations acknowledged so far", round+1, len(acknowledged), len(confirmed))
	}
	if len(acknowledged) < 60 || len(confirmed) < 20 {
		t.Fatalf("only %d submissions and %d confirmations were acknowledged; the test proves little", len(acknowledged), len(confirmed))
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
	public, err := s.PublicSignatures(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	stored := map[string]bool{}
	for _, sig := range public {
		stored[strings.TrimPrefix(sig.Name, "Organization of ")] = true
	}
	for email := range confirmed {
		if !stored[email] {
			t.Errorf("the confirmation of %s was acknowledged but its signature is not confirmed", email)
		}
	}
}

// readLinks reads the server's log to its end, sending on each
// confirmation link the mailer writes there.
func readLinks(server *process, links chan<- [2]string) {
	pattern := regexp.MustCompile(`\bto=(\S+) .*(/c/ga-2009/confirm/[A-Za-z0-9_-]+)`)
	for server.stderr.Scan() {
		if m := pattern.FindStringSubmatch(server.stderr.Text()); m != nil {
			links <- [2]string{m[1], m[2]}
		}
	}
}

// postForm posts a form with a CSRF token and reports whether the answer
// was 200 and contained want.
func postForm(ctx context.Context, target string, form url.Values, want string) bool {
	const csrf = "crash-test-csrf-token-0123456789abcdefghijklmnopqrstuv"
	form.Set("csrf", csrf)
	req, err := http.NewRequestWithContext(ctx, "POST", target, strings.NewReader(form.Encode()))
	if err != nil {
		return false
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(&http.Cookie{Name: "__Host-r2p_csrf", Value: csrf})
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return false
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	return err == nil && res.StatusCode == 200 && strings.Contains(string(body), want)
}

// confirm uses a confirmation link and reports whether the server
// acknowledged it.
func confirm(ctx context.Context, base, path string) bool {
	return postForm(ctx, base+path, url.Values{}, " is confirmed.")
}

// signedStart is the start time of a sign-on form of the demo campaign
// served a minute ago, signed as the server on db signs it.
func signedStart(t *testing.T, db string) string {
	t.Helper()
	s, err := store.Open(context.Background(), store.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	started, err := web.SignOnStarted(context.Background(), s, 1, time.Now().Add(-time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return started
}

// submit posts one sign-on form and reports whether the server
// acknowledged it.
func submit(ctx context.Context, base, email, started string) bool {
	form := url.Values{"started": {started},
		"name": {"Organization of " + email}, "countries": {"GHA"}, "type": {"ngo"}, "contact_name": {"Crash Test"},
		"contact_email": {email}, "display": {"named"}, "consent": {"yes"}}
	return postForm(ctx, base+"/c/ga-2009", form, "We have sent a link to "+email)
}
