// Package triage reads one message that came back about a delivery of an
// open letter and sorts it — a bounce (hard or soft), a delay warning, an
// automatic reply or a reply from a person — and says which delivery it is
// about. It reads bytes and stores nothing: package inbox takes the
// messages in and keeps them.
//
// Every letter goes out with a return path and a Reply-To of its own, a
// plus-address of one configured Mailbox (letters@coalition.org sends
// delivery d7f3k2 as letters+d7f3k2@coalition.org), so whatever comes back
// carries the tag. Parse reads one message (ReadMessage a .eml file,
// ReadMbox an mbox file), and Classify says what it is:
//
//   - a delivery status notification (RFC 3464, multipart/report with
//     report-type=delivery-status) is read per recipient: Action "failed"
//     is a bounce, "delayed" a Delay (never a bounce), "delivered",
//     "relayed" and "expanded" Delivered;
//   - a failure is a HardBounce when its status is 5.x.x, a SoftBounce when
//     it is 4.x.x (the message expired in the sender's queue: the address
//     may well be good) or when the mailbox is full: 5.2.2, or a diagnostic
//     saying "over quota" or "mailbox full" whatever its code, since a full
//     mailbox empties. Policy and spam refusals (5.7.x) are hard. A failure
//     without any status code is hard, as RFC 3464's "failed" means the
//     server gave up;
//   - bounces of older mail servers that send plain text (qmail, older
//     Exim and Sendmail, Exchange 2003) are recognised by a mail-system
//     sender (MAILER-DAEMON, postmaster, an empty return path) together
//     with the wording of those servers, which also tells their delay
//     warnings apart;
//   - RFC 3834 automatic replies (Auto-Submitted other than "no",
//     X-Autoreply, X-Autorespond, Precedence auto_reply, bulk or junk, and
//     the subjects out-of-office replies get in the UN's languages and a
//     few more) are AutoReply; so are read receipts (RFC 8098) and any
//     other message sent with an empty return path, which RFC 5321 keeps
//     for machines;
//   - what remains, from a person's address, is a HumanReply.
//
// Two real-world headers are deliberately not signals:
// X-Auto-Response-Suppress, which Outlook puts on ordinary messages too,
// and X-MS-Exchange-Inbox-Rules-Loop, which Exchange adds to anything an
// inbox rule forwarded or redirected, a person's reply included. Precedence
// "list", and "bulk" on a message with a List-Id, are mailing-list traffic,
// which may carry a person's reply (a mission's address may be a group).
//
// The tag is looked for from the most reliable place to the least: the
// envelope sender a report quotes (Postfix's X-Postfix-Sender), the
// envelope recipient the receiving server recorded (Delivered-To,
// X-Original-To, Envelope-To, X-Envelope-To, Received ... for <...>), the
// To and Cc of the incoming message, then the header of the returned
// original (Return-Path, Reply-To, Sender, From) for a bounce. When none
// has it, Result.References lists the Message-IDs the message refers to
// (the returned original's first), for the caller to look up among the
// letters it sent.
package triage

import (
	"fmt"
	"time"
)

// Kind is what an incoming message is.
type Kind int

const (
	Unknown    Kind = iota // not recognised; someone should look at it
	HardBounce             // delivery failed for good: 5.x.x
	SoftBounce             // delivery failed for now: 4.x.x, or a full mailbox
	Delay                  // delivery is still being tried; not a bounce
	AutoReply              // an automatic reply, read receipt or other machine-made message
	HumanReply             // a reply written by a person
	Delivered              // a report of successful delivery, relay or expansion
)

var kindNames = [...]string{"unknown", "hard_bounce", "soft_bounce", "delay", "auto_reply", "human_reply", "delivered"}

// String is the kind's stable name: "hard_bounce", "soft_bounce", "delay",
// "auto_reply", "human_reply", "delivered" or "unknown".
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// IsBounce reports whether k is a hard or soft bounce.
func (k Kind) IsBounce() bool { return k == HardBounce || k == SoftBounce }

// ParseKind reads a name String returns.
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if n == s {
			return Kind(i), nil
		}
	}
	return Unknown, fmt.Errorf("inbound: unknown kind %q", s)
}

// MarshalText implements encoding.TextMarshaler with String's names.
func (k Kind) MarshalText() ([]byte, error) {
	if k < 0 || int(k) >= len(kindNames) {
		return nil, fmt.Errorf("inbound: invalid kind %d", int(k))
	}
	return []byte(kindNames[k]), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (k *Kind) UnmarshalText(b []byte) error {
	v, err := ParseKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// Recipient is one recipient a delivery report, or a plain-text bounce,
// speaks of.
type Recipient struct {
	// Address is the recipient the report names: its Final-Recipient,
	// else its Original-Recipient; for a plain-text bounce, the address
	// the text names.
	Address           string `json:"address"`
	OriginalRecipient string `json:"original_recipient,omitempty"`
	// Action is "failed", "delayed", "delivered", "relayed" or "expanded"
	// (lower case); for a plain-text bounce, "failed" or "delayed".
	Action string `json:"action"`
	// Status is the enhanced status code, e.g. "5.1.1"; for a plain-text
	// bounce, the first one the text gives for the recipient. "" when
	// there is none.
	Status string `json:"status,omitempty"`
	// DiagnosticCode is the remote server's answer as the report gives it,
	// unfolded, e.g. "smtp; 550 5.1.1 <pm@mission.example>: Recipient
	// address rejected: User unknown".
	DiagnosticCode string `json:"diagnostic_code,omitempty"`
	RemoteMTA      string `json:"remote_mta,omitempty"`
	Kind           Kind   `json:"kind"` // this recipient's verdict
}

// Result is what Classify makes of a message.
type Result struct {
	Kind Kind `json:"kind"`
	// Reason says, in one line, which signal decided Kind.
	Reason string `json:"reason"`

	// Tag is the delivery tag found, "" when none; TagSource names where
	// it was found, e.g. "Delivered-To" or "Reply-To of the returned
	// message".
	Tag       string `json:"tag,omitempty"`
	TagSource string `json:"tag_source,omitempty"`

	// Recipients are the recipients a bounce, delay or delivery report
	// names, with their verdicts.
	Recipients []Recipient `json:"recipients,omitempty"`
	// ReportingMTA is the server that wrote the report, e.g.
	// "dns; mx.example.org"; EnvelopeID its Original-Envelope-Id.
	ReportingMTA string `json:"reporting_mta,omitempty"`
	EnvelopeID   string `json:"envelope_id,omitempty"`

	// OriginalMessageID and OriginalSubject are those of the returned
	// original message, when a bounce or delay includes it.
	OriginalMessageID string `json:"original_message_id,omitempty"`
	OriginalSubject   string `json:"original_subject,omitempty"`
	// References are the Message-IDs the message refers to, the most
	// telling first: the returned original's, then In-Reply-To, then
	// References from the newest. The caller matches them against the
	// Message-IDs of the letters it sent.
	References []string `json:"references,omitempty"`

	// The incoming message itself.
	MessageID  string    `json:"message_id,omitempty"`
	From       string    `json:"from,omitempty"`
	FromName   string    `json:"from_name,omitempty"`
	Subject    string    `json:"subject,omitempty"`
	Date       time.Time `json:"date,omitzero"`
	NullSender bool      `json:"null_sender,omitempty"`
	// Excerpt is the start of what a person or an automatic reply wrote,
	// as plain text on one line, the quoted letter left out; "" for
	// bounces and reports.
	Excerpt string `json:"excerpt,omitempty"`

	// Problems lists what was damaged in the message.
	Problems []string `json:"problems,omitempty"`
}
