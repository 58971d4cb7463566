package sender_test

import (
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/sender"
)

func TestConfigValidate(t *testing.T) {
	const from = "R2P Coalition <r2p@example.org>"
	for _, tc := range []struct {
		name string
		c    sender.Config
		want string // "" for valid
	}{
		{"log only", sender.Config{}, ""},
		{"log only with a sender", sender.Config{From: from}, ""},
		{"smtp", sender.Config{SMTPURL: "smtp://u:secret@mail.example.org:587", From: from, Rate: 30, RetryFor: time.Hour}, ""},
		{"smtps without port", sender.Config{SMTPURL: "smtps://u:secret@mail.example.org", From: from}, ""},
		{"no credentials", sender.Config{SMTPURL: "smtp://localhost:25", From: from}, ""},
		{"wrong scheme", sender.Config{SMTPURL: "http://u:secret@mail.example.org", From: from}, "R2P_SMTP_URL http://u:xxxxx@mail.example.org: the scheme must be smtp://"},
		{"unparseable", sender.Config{SMTPURL: "smtp://u:secret@mail.example.org:port", From: from}, "R2P_SMTP_URL is not a valid URL"},
		{"port out of range", sender.Config{SMTPURL: "smtp://u:secret@mail.example.org:99999", From: from}, `port "99999" is not a port number`},
		{"no host", sender.Config{SMTPURL: "smtp://u:secret@:25", From: from}, "R2P_SMTP_URL smtp://u:xxxxx@:25: no host"},
		{"IPv6", sender.Config{SMTPURL: "smtp://u:secret@[::1]:25", From: from}, "IPv6 addresses are not supported"},
		{"path", sender.Config{SMTPURL: "smtp://u:secret@mail.example.org/x", From: from}, "only user, password, host and port"},
		{"query", sender.Config{SMTPURL: "smtp://u:secret@mail.example.org?tls=no", From: from}, "only user, password, host and port"},
		{"password without user", sender.Config{SMTPURL: "smtp://:secret@mail.example.org", From: from}, "a password without a user"},
		{"no sender", sender.Config{SMTPURL: "smtp://u:secret@mail.example.org"}, "R2P_MAIL_FROM is not set"},
		{"bad sender", sender.Config{From: "r2p at example.org"}, `R2P_MAIL_FROM "r2p at example.org": not an e-mail address`},
		{"negative rate", sender.Config{Rate: -1}, "R2P_SMTP_RATE -1: must be 0 (unthrottled) or more"},
		{"negative retry", sender.Config{RetryFor: -time.Hour}, "R2P_MAIL_RETRY_FOR -1h0m0s: must not be negative"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.c.Validate()
			if tc.want == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate = %v, want an error containing %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "secret") {
				t.Errorf("error %q shows the password", err)
			}
		})
	}
}

func TestConfigHelpers(t *testing.T) {
	c := sender.Config{SMTPURL: "smtps://u:secret@mail.example.org", From: "r2p@example.org"}
	if got := c.RedactedURL(); got != "smtps://u:xxxxx@mail.example.org" {
		t.Errorf("RedactedURL = %q", got)
	}
	if c.LogOnly() {
		t.Error("LogOnly with an SMTP URL")
	}
	if !(sender.Config{}).LogOnly() {
		t.Error("LogOnly without an SMTP URL = false")
	}
}

func TestNewMailerErrors(t *testing.T) {
	if _, err := sender.NewSMTP(sender.Config{From: "r2p@example.org"}); err == nil || !strings.Contains(err.Error(), "R2P_SMTP_URL is not set") {
		t.Errorf("NewSMTP without a URL = %v", err)
	}
	log := slog.New(slog.DiscardHandler)
	if _, err := sender.NewMailer(sender.Config{SMTPURL: "smtp://u:secret@mail.example.org"}, log); err == nil || strings.Contains(err.Error(), "secret") {
		t.Errorf("NewMailer without a sender = %v, want an error without the password", err)
	}
	if _, err := sender.NewMailer(sender.Config{Rate: -1}, log); err == nil {
		t.Error("NewMailer with a negative rate succeeded")
	}
}
