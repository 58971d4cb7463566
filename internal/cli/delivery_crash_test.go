package cli_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net"
	netmail "net/mail"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/r2p-coalition/r2p/internal/cli"
	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// sink is a real SMTP server on loopback that records every message it
// accepts: its recipient and Message-ID.
type sink struct {
	addr  string
	delay time.Duration // before accepting each message, so that senders overlap

	mu       sync.Mutex
	received []received
	accepted chan struct{} // a token for each message accepted
	// inWindow, when set, runs as each message is accepted and before the
	// sender hears so: a crash there is the one that must repeat a message.
	inWindow func()
}

type received struct{ to, messageID string }

func startSink(t *testing.T, delay time.Duration) *sink {
	t.Helper()
	s := &sink{delay: delay, accepted: make(chan struct{}, 10000)}
	server := smtp.NewServer(s)
	server.Domain = "localhost"
	server.AllowInsecureAuth = true
	server.ErrorLog = log.New(io.Discard, "", 0) // the connections the test kills
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.addr = ln.Addr().String()
	go server.Serve(ln)
	t.Cleanup(func() { server.Close() })
	return s
}

func (s *sink) NewSession(*smtp.Conn) (smtp.Session, error) { return &sinkSession{sink: s}, nil }

// byAddress counts, for each address, the messages received and the
// distinct Message-IDs among them.
func (s *sink) byAddress() (raw, distinct map[string]int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	raw, distinct = map[string]int{}, map[string]int{}
	seen := map[[2]string]bool{}
	for _, r := range s.received {
		raw[r.to]++
		if !seen[[2]string{r.to, r.messageID}] {
			seen[[2]string{r.to, r.messageID}] = true
			distinct[r.to]++
		}
	}
	return raw, distinct
}

type sinkSession struct {
	sink     *sink
	to, from string
}

func (s *sinkSession) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *sinkSession) Rcpt(to string, _ *smtp.RcptOptions) error   { s.to = to; return nil }
func (s *sinkSession) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(b))
	if err != nil {
		return err
	}
	time.Sleep(s.sink.delay)
	s.sink.mu.Lock()
	s.sink.received = append(s.sink.received, received{to: s.to, messageID: msg.Header.Get("Message-ID")})
	inWindow := s.sink.inWindow
	s.sink.mu.Unlock()
	if inWindow != nil {
		inWindow()
	}
	s.sink.accepted <- struct{}{}
	return nil
}
func (s *sinkSession) Reset()        {}
func (s *sinkSession) Logout() error { return nil }

// queueAllMissions fills the missions directory with one address for each
// of the 195 member and observer states and queues the demo letter to all
// of them, through the command line.
func queueAllMissions(t *testing.T, env map[string]string) {
	t.Helper()
	var csv strings.Builder
	csv.WriteString("iso3,email,language\n")
	for _, code := range allStates(t) {
		fmt.Fprintf(&csv, "%s,mission.%s@un.example.org,en\n", code, strings.ToLower(code))
	}
	path := filepath.Join(t.TempDir(), "missions.csv")
	os.WriteFile(path, []byte(csv.String()), 0o644)
	for _, args := range [][]string{{"missions", "import", path}, {"deliver", "ga-2009", "--to", "all"}} {
		var out, errOut bytes.Buffer
		if code := cli.Run(context.Background(), args, cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }}); code != 0 {
			t.Fatalf("r2p %s: %s%s", strings.Join(args, " "), out.String(), errOut.String())
		}
	}
}

// allStates are the codes of the UN member and observer states.
func allStates(t *testing.T) []string {
	t.Helper()
	var codes []string
	for _, st := range states.Default().All() {
		if st.Status == states.Member || st.Status == states.Observer {
			codes = append(codes, st.Code)
		}
	}
	if len(codes) != 195 {
		t.Fatalf("%d member and observer states, want 195", len(codes))
	}
	return codes
}

// TestDeliverySurvivesSIGKILL runs r2p serve as a child process, sending a
// 195-mission delivery to a real SMTP server on loopback, SIGKILLs it at
// random moments (seeded; after a random number of accepted messages, so
// that a slow machine changes nothing) and restarts it, until every
// address has its letter. Every address must receive it, always with the
// same Message-ID; a second copy can only come from the one unavoidable
// window — the server accepted the message, the process died before
// recording it — and the test reports how many there were.
func TestDeliverySurvivesSIGKILL(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	seedDemo(t, store.Options{Path: db})
	env := map[string]string{"R2P_DB": db, "R2P_COALITION": "Civil Society Coalition on R2P", "R2P_MAIL_FROM": "letters@coalition.example.org"}
	queueAllMissions(t, env)
	smtpSink := startSink(t, 0)
	rng := rand.New(rand.NewPCG(2009, 23))
	kills := 0
	st, err := store.Open(context.Background(), store.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	// allSent: the outbox records every letter as sent.
	allSent := func() bool {
		counts, err := st.OutboxCounts(context.Background())
		return err == nil && counts.Sent == 195
	}
	for round := 0; ; round++ {
		server := start(t, "serve", "--db", db, "--addr", "127.0.0.1:0", "--smtp-url", "smtp://"+smtpSink.addr,
			"--mail-from", "letters@coalition.example.org", "--mail-lease", "2s")
		server.waitFor(t, `msg="r2p is serving"`)
		go func() {
			for server.stderr.Scan() { // keep the pipe flowing
			}
		}()
		raw, _ := smtpSink.byAddress()
		t.Logf("round %d: %d addresses have their letter", round+1, len(raw))
		if allSent() {
			server.cmd.Process.Signal(syscall.SIGTERM)
			server.cmd.Wait()
			break
		}
		if round > 40 {
			t.Fatalf("after %d rounds only %d of 195 addresses have their letter", round, len(raw))
		}
		// Kill after a random number of further acceptances, or at the
		// end of the round's time if the sending is done. Every other kill
		// falls in the window: the message accepted, the sender not told.
		if kills < 6 {
			target := 1 + rng.IntN(40)
			if kills%2 == 0 {
				smtpSink.mu.Lock()
				n := 0
				smtpSink.inWindow = func() {
					if n++; n == target {
						server.cmd.Process.Signal(syscall.SIGKILL)
					}
				}
				smtpSink.mu.Unlock()
			}
			deadline := time.Now().Add(30 * time.Second)
			for n := 0; n < target && time.Now().Before(deadline); {
				select {
				case <-smtpSink.accepted:
					n++
				case <-time.After(100 * time.Millisecond):
					if allSent() {
						n = target // all sent: kill now
					}
				}
			}
			smtpSink.mu.Lock()
			smtpSink.inWindow = nil
			smtpSink.mu.Unlock()
			server.cmd.Process.Signal(syscall.SIGKILL)
			server.cmd.Wait()
			kills++
			continue
		}
		// No more kills: let it finish.
		for deadline := time.Now().Add(60 * time.Second); time.Now().Before(deadline) && !allSent(); time.Sleep(50 * time.Millisecond) {
		}
		server.cmd.Process.Signal(syscall.SIGTERM)
		server.cmd.Wait()
	}
	raw, distinct := smtpSink.byAddress()
	duplicates := 0
	for address, n := range raw {
		if distinct[address] != 1 {
			t.Errorf("%s received %d different Message-IDs, want 1", address, distinct[address])
		}
		duplicates += n - 1
	}
	if len(raw) != 195 {
		t.Errorf("%d addresses received the letter, want 195", len(raw))
	}
	t.Logf("%d kills; 195 addresses, %d messages received, %d raw duplicates (each with the Message-ID of the first)", kills, len(smtpSink.received), duplicates)
	if kills < 3 || duplicates == 0 {
		t.Errorf("%d kills and %d duplicates: the test proved little", kills, duplicates)
	}
}

// TestTwoServersShareADelivery: two r2p serve processes run on one
// PostgreSQL database; r2p missions import and r2p deliver, run beside
// them, queue a delivery; the two servers send it together, and no address
// gets its letter twice.
func TestTwoServersShareADelivery(t *testing.T) {
	url := storetest.PostgresURL(t)
	seedDemo(t, store.Options{URL: url})
	env := map[string]string{"R2P_DATABASE_URL": url, "R2P_COALITION": "Civil Society Coalition on R2P", "R2P_MAIL_FROM": "letters@coalition.example.org"}
	smtpSink := startSink(t, 15*time.Millisecond) // each send takes a while: both servers are busy at once
	var servers []*process
	for range 2 {
		server := start(t, "serve", "--database-url", url, "--addr", "127.0.0.1:0", "--smtp-url", "smtp://"+smtpSink.addr,
			"--mail-from", "letters@coalition.example.org")
		server.waitFor(t, `msg="r2p is serving"`)
		servers = append(servers, server)
	}
	// The directory is loaded and the delivery queued from the command
	// line while both servers run: their workers pick it up.
	queueAllMissions(t, env)
	sentBy := make([]int, len(servers))
	var wg sync.WaitGroup
	for i, server := range servers {
		wg.Go(func() {
			pattern := regexp.MustCompile(`msg="mail sent"`)
			for server.stderr.Scan() {
				if pattern.MatchString(server.stderr.Text()) {
					sentBy[i]++
				}
			}
		})
	}
	for deadline := time.Now().Add(90 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if raw, _ := smtpSink.byAddress(); len(raw) == 195 {
			break
		}
	}
	time.Sleep(500 * time.Millisecond) // a duplicate would arrive now
	for _, server := range servers {
		server.cmd.Process.Signal(syscall.SIGTERM)
		server.cmd.Wait()
	}
	wg.Wait()
	raw, _ := smtpSink.byAddress()
	for address, n := range raw {
		if n != 1 {
			t.Errorf("%s received the letter %d times", address, n)
		}
	}
	if len(raw) != 195 {
		t.Errorf("%d addresses received the letter, want 195", len(raw))
	}
	t.Logf("messages sent by each server: %v", sentBy)
	if sentBy[0] == 0 || sentBy[1] == 0 || sentBy[0]+sentBy[1] != 195 {
		t.Errorf("the servers sent %v messages; want both to share the 195", sentBy)
	}
}

func seedDemo(t *testing.T, opts store.Options) {
	t.Helper()
	s, err := store.Open(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
}
