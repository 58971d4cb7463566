package outbox_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

func TestBackoff(t *testing.T) {
	for _, tc := range []struct {
		attempt int
		want    time.Duration
	}{
		{0, time.Minute},
		{1, time.Minute},
		{2, 2 * time.Minute},
		{3, 4 * time.Minute},
		{6, 32 * time.Minute},
		{7, time.Hour},
		{8, time.Hour},
		{100, time.Hour},
		{1 << 40, time.Hour},
	} {
		if got := outbox.Backoff(tc.attempt); got != tc.want {
			t.Errorf("Backoff(%d) = %s, want %s", tc.attempt, got, tc.want)
		}
	}
}

func TestValidate(t *testing.T) {
	good := outbox.Message{To: "Ban Ki-moon <sg@example.org>", Subject: "Invitation", Text: "Hello"}
	if err := good.Validate(); err != nil {
		t.Fatalf("Validate(%+v) = %v", good, err)
	}
	withID := good
	withID.MessageID = "<letter-7.mission-FRA@r2p.example.org>"
	if err := withID.Validate(); err != nil {
		t.Fatalf("Validate with a Message-ID: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*outbox.Message)
		field string
	}{
		{"no recipient", func(m *outbox.Message) { m.To = " " }, "to"},
		{"not an address", func(m *outbox.Message) { m.To = "someone" }, "to"},
		{"two addresses", func(m *outbox.Message) { m.To = "a@example.org, b@example.org" }, "to"},
		{"header injection in To", func(m *outbox.Message) { m.To = "a@example.org\r\nBcc: b@example.org" }, "to"},
		{"no subject", func(m *outbox.Message) { m.Subject = "" }, "subject"},
		{"header injection in Subject", func(m *outbox.Message) { m.Subject = "Hi\r\nBcc: b@example.org" }, "subject"},
		{"line feed in Subject", func(m *outbox.Message) { m.Subject = "Hi\nthere" }, "subject"},
		{"no text", func(m *outbox.Message) { m.Text = "\n" }, "text"},
		{"Message-ID without brackets", func(m *outbox.Message) { m.MessageID = "abc@example.org" }, "message_id"},
		{"Message-ID without domain", func(m *outbox.Message) { m.MessageID = "<abc>" }, "message_id"},
		{"Message-ID with a space", func(m *outbox.Message) { m.MessageID = "<a b@example.org>" }, "message_id"},
		{"Message-ID with a line break", func(m *outbox.Message) { m.MessageID = "<a@example.org>\r\nBcc: x@y" }, "message_id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := good
			tc.edit(&m)
			err := m.Validate()
			var fe *outbox.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("Validate = %v, want a FieldError for %q", err, tc.field)
			}
			if !errors.Is(err, outbox.ErrInvalid) || !strings.Contains(err.Error(), tc.field+":") {
				t.Errorf("error %q should name %q and wrap ErrInvalid", err, tc.field)
			}
		})
	}
}

func TestNewMessageID(t *testing.T) {
	a, b := outbox.NewMessageID("r2p.example.org"), outbox.NewMessageID("r2p.example.org")
	if !regexp.MustCompile(`^<[0-9a-f]{32}@r2p\.example\.org>$`).MatchString(a) {
		t.Errorf("NewMessageID = %q, want <32 hex digits@r2p.example.org>", a)
	}
	if a == b {
		t.Errorf("two Message-IDs are equal: %q", a)
	}
	if !outbox.ValidMessageID(a) {
		t.Errorf("ValidMessageID(%q) = false", a)
	}
}

func TestStatusValid(t *testing.T) {
	for _, s := range []outbox.Status{outbox.Queued, outbox.Sending, outbox.Sent, outbox.Failed} {
		if !s.Valid() {
			t.Errorf("%q.Valid() = false", s)
		}
	}
	if outbox.Status("lost").Valid() {
		t.Error(`"lost".Valid() = true`)
	}
}

func TestRedactAddress(t *testing.T) {
	for in, want := range map[string]string{
		"alice@example.org":                 "a***@example.org",
		"Alice Example <alice@example.org>": "a***@example.org",
		"é@example.org":                     "é***@example.org",
		"not an address":                    "***",
		"@example.org":                      "***",
		"":                                  "***",
	} {
		if got := outbox.RedactAddress(in); got != want {
			t.Errorf("RedactAddress(%q) = %q, want %q", in, got, want)
		}
	}
}
