package config_test

import (
	"flag"
	"io"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/config"
)

func load(t *testing.T, env map[string]string, args ...string) (*config.Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	cfg := config.New(fs)
	getenv := func(k string) string { return env[k] }
	cfg.ServerFlags(getenv)
	cfg.DatabaseFlags(getenv)
	cfg.LogFlags(getenv)
	if err := fs.Parse(args); err != nil {
		t.Fatal(err)
	}
	return cfg, cfg.Validate()
}

func TestDefaults(t *testing.T) {
	cfg, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:8080" || cfg.DBPath != "r2p.db" || cfg.DatabaseURL != "" || cfg.ShutdownTimeout != 30*time.Second || cfg.LogFormat != "text" {
		t.Errorf("defaults = %+v", cfg)
	}
	if opts := cfg.StoreOptions(); opts.Path != "r2p.db" || opts.URL != "" {
		t.Errorf("StoreOptions = %+v", opts)
	}
}

func TestEnvironmentThenFlags(t *testing.T) {
	env := map[string]string{"R2P_ADDR": "0.0.0.0:9000", "R2P_DB": "/var/lib/r2p/r2p.db", "R2P_SHUTDOWN_TIMEOUT": "5s", "R2P_LOG_FORMAT": "json"}
	cfg, err := load(t, env)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "0.0.0.0:9000" || cfg.DBPath != "/var/lib/r2p/r2p.db" || cfg.ShutdownTimeout != 5*time.Second || cfg.LogFormat != "json" {
		t.Errorf("from the environment: %+v", cfg)
	}
	cfg, err = load(t, env, "--addr", "127.0.0.1:1", "--shutdown-timeout", "1m")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:1" || cfg.ShutdownTimeout != time.Minute {
		t.Errorf("flags must win over the environment: %+v", cfg)
	}
}

func TestPostgresFromTheEnvironment(t *testing.T) {
	cfg, err := load(t, map[string]string{"R2P_DATABASE_URL": "postgres://r2p:s3cret@db.internal/r2p"})
	if err != nil {
		t.Fatal(err)
	}
	if opts := cfg.StoreOptions(); opts.URL != "postgres://r2p:s3cret@db.internal/r2p" || opts.Path != "" {
		t.Errorf("StoreOptions = %+v", opts)
	}
	if got := cfg.Database(); got != "postgres postgres://r2p:xxxxx@db.internal/r2p" {
		t.Errorf("Database() = %q, want the password hidden", got)
	}
}

func TestIMAPFlags(t *testing.T) {
	parse := func(env map[string]string, args ...string) (*config.Config, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		cfg := config.New(fs)
		cfg.IMAPFlags(func(k string) string { return env[k] })
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return cfg, cfg.Validate()
	}
	cfg, err := parse(map[string]string{"R2P_IMAP_URL": "imaps://u:p@imap.example.org/INBOX", "R2P_REPLY_MAILBOX": "letters@coalition.org"})
	if err != nil || cfg.IMAPURL != "imaps://u:p@imap.example.org/INBOX" || cfg.IMAPInterval != time.Minute || cfg.ReplyMailbox != "letters@coalition.org" {
		t.Errorf("from the environment: %+v, %v", cfg, err)
	}
	// Reading the replies needs no coalition name, unlike sending letters.
	if _, err := parse(nil, "--imap-interval", "5s"); err == nil || err.Error() != "--imap-interval 5s: at least 10s" {
		t.Errorf("--imap-interval 5s: %v", err)
	}
	if _, err := parse(nil, "--reply-mailbox", "letters+x@coalition.org"); err == nil {
		t.Error("a reply mailbox with a plus was accepted")
	}
}

// TestLetterFlags: the coalition's name may come from the stored settings,
// so it is not required here; a reply mailbox must be a plain address.
func TestLetterFlags(t *testing.T) {
	parse := func(env map[string]string, args ...string) (*config.Config, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		cfg := config.New(fs)
		cfg.LetterFlags(func(k string) string { return env[k] })
		if err := fs.Parse(args); err != nil {
			t.Fatal(err)
		}
		return cfg, cfg.Validate()
	}
	if cfg, err := parse(nil); err != nil || cfg.Coalition != "" {
		t.Errorf("without a coalition: %q, %v; want no error", cfg.Coalition, err)
	}
	if cfg, err := parse(map[string]string{"R2P_COALITION": "Coalition for R2P"}, "--reply-mailbox", "letters@coalition.org"); err != nil ||
		cfg.Coalition != "Coalition for R2P" || cfg.ReplyMailbox != "letters@coalition.org" {
		t.Errorf("from the environment and flags: %+v, %v", cfg, err)
	}
	const want = `--reply-mailbox "letters+x@coalition.org": want a mailbox address without a plus, such as letters@coalition.org`
	if _, err := parse(nil, "--reply-mailbox", "letters+x@coalition.org"); err == nil || err.Error() != want {
		t.Errorf("a plus-address: %v, want %q", err, want)
	}
}
