// Package outbox describes e-mail waiting to be sent. A message is written to
// the outbox in the same transaction as the change that causes it (an
// invitation, a confirmation, a letter), so a rolled-back change sends
// nothing and a committed one is never forgotten; a worker sends it later and
// retries temporary failures.
package outbox

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Status is where a message is in its life.
type Status string

const (
	Queued  Status = "queued"  // waiting for its next attempt
	Sending Status = "sending" // claimed by a worker, which holds it for a lease
	Sent    Status = "sent"    // accepted by the SMTP server (or written to the log)
	Failed  Status = "failed"  // refused for good, or retried for too long
)

// Valid reports whether s is one of the four statuses.
func (s Status) Valid() bool {
	switch s {
	case Queued, Sending, Sent, Failed:
		return true
	}
	return false
}

// Message is one e-mail to one recipient.
type Message struct {
	ID        int64  `json:"id"`
	MessageID string `json:"message_id"`     // stable RFC 5322 Message-ID "<...@domain>", assigned at enqueue, reused on every attempt
	To        string `json:"to"`             // one address
	Subject   string `json:"subject"`        // one line
	Text      string `json:"text"`           // plain-text body (required)
	HTML      string `json:"html,omitempty"` // optional HTML alternative
	// ReplyTo, when set, is the Reply-To address; ReturnPath the envelope
	// sender (MAIL FROM), where bounces go. A letter to a mission sets both
	// to its plus-address, so that replies and bounces find their delivery.
	ReplyTo    string `json:"reply_to,omitempty"`
	ReturnPath string `json:"return_path,omitempty"`
	// Attachments are stored with the message and sent with every attempt.
	// Claimed messages carry them; lists leave them out.
	Attachments   []Attachment `json:"attachments,omitempty"`
	Status        Status       `json:"status"`
	Attempts      int          `json:"attempts"`
	NextAttemptAt time.Time    `json:"next_attempt_at"`
	LastError     string       `json:"last_error,omitempty"` // the server's reply or the network error of the last failed attempt
	CreatedAt     time.Time    `json:"created_at"`
	SentAt        time.Time    `json:"sent_at,omitzero"`
}

// Attachment is a file sent with a message, such as the signed letter.
type Attachment struct {
	Name        string `json:"name"`         // file name, e.g. "ga-2009-letter-GHA.pdf"
	ContentType string `json:"content_type"` // e.g. "application/pdf"
	Data        []byte `json:"-"`
}

// Counts is the number of messages in each status.
type Counts struct{ Queued, Sending, Sent, Failed int64 }

// Total is the number of messages in the outbox.
func (c Counts) Total() int64 { return c.Queued + c.Sending + c.Sent + c.Failed }

// Sentinel errors; check them with errors.Is.
var (
	// ErrInvalid is wrapped by every error Validate returns.
	ErrInvalid = errors.New("invalid message")
	// ErrDuplicate means a message with the same Message-ID is already in
	// the outbox.
	ErrDuplicate = errors.New("a message with this Message-ID is already in the outbox")
)

// FieldError says which field of a message is wrong and why.
type FieldError struct {
	Field   string // "to", "subject", "text", "message_id", "reply_to", "return_path" or "attachments"
	Problem string
}

func (e *FieldError) Error() string {
	return fmt.Sprintf("outbox: %s: %s", e.Field, e.Problem)
}

// Unwrap makes errors.Is(err, ErrInvalid) true.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Validate checks what a message needs before it is queued: To is one valid
// address, Subject is one non-empty line, Text is not empty, and MessageID,
// when already set, is a valid Message-ID. It returns the first problem as a
// *FieldError.
func (m Message) Validate() error {
	switch {
	case strings.TrimSpace(m.To) == "":
		return &FieldError{"to", "is empty"}
	case !validAddress(m.To):
		return &FieldError{"to", fmt.Sprintf("%q is not an e-mail address", m.To)}
	case strings.TrimSpace(m.Subject) == "":
		return &FieldError{"subject", "is empty"}
	case strings.ContainsAny(m.Subject, "\r\n"):
		return &FieldError{"subject", "contains a line break"}
	case strings.TrimSpace(m.Text) == "":
		return &FieldError{"text", "is empty"}
	case m.MessageID != "" && !ValidMessageID(m.MessageID):
		return &FieldError{"message_id", fmt.Sprintf("%q is not of the form <left@right>", m.MessageID)}
	case m.ReplyTo != "" && !validAddress(m.ReplyTo):
		return &FieldError{"reply_to", fmt.Sprintf("%q is not an e-mail address", m.ReplyTo)}
	case m.ReturnPath != "" && !validAddress(m.ReturnPath):
		return &FieldError{"return_path", fmt.Sprintf("%q is not an e-mail address", m.ReturnPath)}
	}
	for _, a := range m.Attachments {
		if a.Name == "" || strings.ContainsAny(a.Name, "/\\\r\n\"") || a.ContentType == "" || len(a.Data) == 0 {
			return &FieldError{"attachments",
				fmt.Sprintf("%q: want a plain file name, a content type and data", a.Name)}
		}
	}
	return nil
}

// validAddress accepts what net/mail accepts ("a@example.org", or with a
// display name), as one address without line breaks.
func validAddress(s string) bool {
	if strings.ContainsAny(s, "\r\n") {
		return false
	}
	_, err := mail.ParseAddress(s)
	return err == nil
}

// ValidMessageID reports whether id is "<left@right>" with printable ASCII
// on both sides and no space, angle bracket or second "@": the form every
// mail system handles (RFC 5322 section 3.6.4, without the obsolete forms).
func ValidMessageID(id string) bool {
	inner, ok := strings.CutPrefix(id, "<")
	if !ok {
		return false
	}
	if inner, ok = strings.CutSuffix(inner, ">"); !ok {
		return false
	}
	left, right, ok := strings.Cut(inner, "@")
	if !ok || left == "" || right == "" || len(id) > 250 {
		return false
	}
	for _, c := range []byte(inner) {
		if c <= ' ' || c >= 0x7f || c == '<' || c == '>' || c == '"' || c == '\\' || c == '(' || c == ')' || c == ',' || c == ';' || c == ':' || c == '[' || c == ']' {
			return false
		}
	}
	return !strings.Contains(right, "@")
}

// RedactAddress returns address as logs may show it: the first character of
// its local part and its domain, "a***@example.org", or "***" for what is
// not an address.
func RedactAddress(address string) string {
	if a, err := mail.ParseAddress(address); err == nil {
		address = a.Address
	}
	at := strings.LastIndexByte(address, '@')
	if at <= 0 {
		return "***"
	}
	_, size := utf8.DecodeRuneInString(address)
	return address[:min(size, at)] + "***" + address[at:]
}

// NewMessageID returns a random Message-ID "<32 hex digits@domain>", 128
// bits from crypto/rand.
func NewMessageID(domain string) string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand documents it)
	return "<" + hex.EncodeToString(b[:]) + "@" + domain + ">"
}

// Backoff policy: the pause after the n-th failed attempt doubles from
// FirstBackoff up to MaxBackoff. A message that keeps failing is tried about
// 77 times in 72 hours: quickly at first (greylisting usually clears within
// minutes), then hourly.
const (
	FirstBackoff = time.Minute
	MaxBackoff   = time.Hour
)

// Backoff is how long to wait after the attempt-th attempt (counted from 1)
// failed temporarily: 1 min, 2 min, 4 min, ... capped at 1 h.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	shift := min(attempt-1, 16) // 1 min << 16 is far beyond the cap
	return min(FirstBackoff<<shift, MaxBackoff)
}
