package cli_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/cli"
	"github.com/r2p-coalition/r2p/internal/store"
)

// TestMain lets the tests run this binary as r2p itself, in a separate
// process, as an operator would.
func TestMain(m *testing.M) {
	if os.Getenv("R2P_TEST_AS_R2P") == "1" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		code := cli.Run(ctx, os.Args[1:], cli.Env{Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv})
		stop()
		os.Exit(code)
	}
	os.Exit(m.Run())
}

// r2p runs a command in-process with the given environment.
func r2p(t *testing.T, env map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = cli.Run(context.Background(), args, cli.Env{Stdout: &out, Stderr: &errOut, Getenv: func(k string) string { return env[k] }})
	return code, out.String(), errOut.String()
}

func TestHelp(t *testing.T) {
	for _, name := range []string{"serve", "migrate", "states", "signatories", "code", "import", "missions", "deliver", "outbox", "mail", "events", "search", "export", "version"} {
		code, out, _ := r2p(t, nil, "help", name)
		if code != 0 || !strings.HasPrefix(out, "Usage: r2p "+name) {
			t.Errorf("r2p help %s: exit %d, output %q", name, code, out)
		}
		code, _, errOut := r2p(t, nil, name, "--help")
		if code != 0 || !strings.HasPrefix(errOut, "Usage: r2p "+name) {
			t.Errorf("r2p %s --help: exit %d, output %q", name, code, errOut)
		}
	}
	code, out, _ := r2p(t, nil, "help")
	for _, name := range []string{"serve", "migrate", "states", "signatories", "code", "import", "missions", "deliver", "outbox", "mail", "events", "search", "export", "version", "help"} {
		if !strings.Contains(out, "\n  "+name+" ") {
			t.Errorf("r2p help does not list %s:\n%s", name, out)
		}
	}
	if code != 0 {
		t.Errorf("r2p help: exit %d", code)
	}
}

func TestUsageErrors(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{}, "Usage: r2p COMMAND"},
		{nil, []string{"frobnicate"}, `r2p: unknown command "frobnicate"`},
		{nil, []string{"help", "frobnicate"}, `r2p help: unknown command "frobnicate"`},
		{nil, []string{"serve", "--no-such-flag"}, "flag provided but not defined: -no-such-flag"},
		{nil, []string{"migrate", "--db", "postgres://h/db"}, "r2p migrate: --db takes a SQLite file; give a PostgreSQL URL with --database-url or R2P_DATABASE_URL"},
		{map[string]string{"R2P_DATABASE_URL": "postgres://h/db"}, []string{"migrate", "--db", db}, "r2p migrate: both a SQLite file (--db, R2P_DB) and a PostgreSQL URL (--database-url, R2P_DATABASE_URL) are set; choose one"},
		{nil, []string{"migrate", "--database-url", "mysql://h/db"}, "r2p migrate: --database-url: want a URL starting with postgres://"},
		{map[string]string{"R2P_SHUTDOWN_TIMEOUT": "soon"}, []string{"serve", "--db", db}, `r2p serve: R2P_SHUTDOWN_TIMEOUT="soon": want a duration such as 30s`},
		{map[string]string{"R2P_LOG_LEVEL": "loud"}, []string{"serve", "--db", db}, `r2p serve: --log-level "loud": want debug, info, warn or error`},
		{nil, []string{"serve", "--addr", "8080", "--db", db}, `r2p serve: --addr "8080": want host:port, such as 127.0.0.1:8080`},
		{nil, []string{"states", "list"}, "r2p states: want: r2p states resolve NAME..."},
		{nil, []string{"states", "resolve"}, "r2p states: give at least one NAME to resolve"},
		{nil, []string{"version", "extra"}, `r2p version: unexpected arguments ["extra"]`},
	} {
		code, _, errOut := r2p(t, tc.env, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("r2p %q: exit %d, stderr %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a rejected command created the database (%v)", err)
	}
}

func TestStatesResolve(t *testing.T) {
	code, out, errOut := r2p(t, nil, "states", "resolve", "DR Congo", "Korea", "Burma", "South Asia", "côte d'ivoire")
	if want := "DR Congo\tCOD\nBurma\tMMR\ncôte d'ivoire\tCIV\n"; out != want {
		t.Errorf("stdout = %q, want %q", out, want)
	}
	wantErr := "r2p states resolve: ambiguous state name \"Korea\": could be KOR (Republic of Korea), PRK (Democratic People's Republic of Korea)\n" +
		"r2p states resolve: unknown state \"South Asia\"\n"
	if errOut != wantErr {
		t.Errorf("stderr = %q, want %q", errOut, wantErr)
	}
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if code, _, _ := r2p(t, nil, "states", "resolve", "Swaziland"); code != 0 {
		t.Errorf("all names resolved: exit %d, want 0", code)
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := r2p(t, nil, "version")
	if code != 0 || !regexp.MustCompile(`^r2p dev \(.+, go1\.\d+`).MatchString(out) {
		t.Errorf("r2p version: exit %d, %q", code, out)
	}
}

func TestMigrate(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	env := map[string]string{"R2P_DB": db}
	code, out, errOut := r2p(t, env, "migrate")
	applied := regexp.MustCompile(`(?m)^applied 0*(\d+)_\w+\.sql \([0-9.]+(µs|ms|s)\)$`).FindAllStringSubmatch(out, -1)
	if code != 0 || len(applied) < 3 {
		t.Fatalf("first migrate: exit %d\n%s%s", code, out, errOut)
	}
	var versions []string
	for i, m := range applied {
		if m[1] != fmt.Sprint(i+1) {
			t.Errorf("migration %d applied as number %s", i+1, m[1])
		}
		versions = append(versions, m[1])
	}
	last := versions[len(versions)-1]
	if !strings.HasSuffix(out, "sqlite "+db+" is at schema version "+last+"\n") {
		t.Errorf("first migrate does not end with the schema version %s:\n%s", last, out)
	}
	code, out, _ = r2p(t, env, "migrate")
	if code != 0 || out != "sqlite "+db+" is at schema version "+last+"\n" {
		t.Errorf("second migrate: exit %d, %q", code, out)
	}
	s, err := store.Open(context.Background(), store.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	events, err := s.AuditEvents(context.Background(), store.AuditFilter{Action: "schema.migrate"})
	want := `{"applied":[` + strings.Join(versions, ",") + `]}`
	if err != nil || len(events) != 1 || events[0].Actor != "cli" || string(events[0].After) != want {
		t.Errorf("audit of the migration = %+v, %v; want one event by cli with %s", events, err, want)
	}
}

// process is r2p running as a separate process.
type process struct {
	cmd    *exec.Cmd
	stderr *bufio.Scanner
	log    strings.Builder
}

func start(t *testing.T, args ...string) *process {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "R2P_TEST_AS_R2P=1")
	pipe, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	return &process{cmd: cmd, stderr: bufio.NewScanner(pipe)}
}

// waitFor reads the log until a line matches re and returns the match.
func (p *process) waitFor(t *testing.T, re string) []string {
	t.Helper()
	pattern := regexp.MustCompile(re)
	for p.stderr.Scan() {
		p.log.WriteString(p.stderr.Text() + "\n")
		if m := pattern.FindStringSubmatch(p.stderr.Text()); m != nil {
			return m
		}
	}
	t.Fatalf("r2p ended without logging %q:\n%s", re, p.log.String())
	return nil
}

func TestServeRunsBesideMigrateAndStopsCleanly(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	server := start(t, "serve", "--addr", "127.0.0.1:0", "--db", db)
	setup := server.waitFor(t, `level=WARN msg="no one can sign in yet.*email=admin@localhost link=(\S+/setup/[A-Za-z0-9_-]{43})`)[1]
	url := server.waitFor(t, `msg="r2p is serving" url=(\S+)`)[1]
	if !strings.HasPrefix(setup, url+"/setup/") {
		t.Errorf("setup link %q does not start with the server's URL %s", setup, url)
	}

	res, err := http.Get(url + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("GET /healthz: %d %s", res.StatusCode, body)
	}

	// Another command on the same database while the server runs.
	migrate := exec.Command(os.Args[0], "migrate", "--db", db)
	migrate.Env = append(os.Environ(), "R2P_TEST_AS_R2P=1")
	if out, err := migrate.CombinedOutput(); err != nil || !strings.Contains(string(out), "is at schema version ") {
		t.Fatalf("migrate beside a running server: %v\n%s", err, out)
	}

	if err := server.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	server.waitFor(t, `msg="database closed"`)
	done := make(chan error, 1)
	go func() { done <- server.cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("r2p serve after SIGTERM: %v\n%s", err, server.log.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("r2p serve did not exit after SIGTERM:\n%s", server.log.String())
	}
	if _, err := os.Stat(db + "-wal"); !os.IsNotExist(err) {
		t.Errorf("WAL file left behind (%v): the database was not closed cleanly", err)
	}
}
