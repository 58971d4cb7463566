package sender_test

import (
	"bytes"
	"mime"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/mail/sender"
)

// TestHeadersCannotBeInjected sends messages whose subject and attachment
// name carry line breaks and header lines (a campaign's title and a
// state's name end up there): the server receives one message with no
// header r2p did not write, and the subject and file name as text.
func TestHeadersCannotBeInjected(t *testing.T) {
	srv := startSMTP(t, nil)
	m := newSMTP(t, sender.Config{SMTPURL: srv.URL("smtp"), From: "r2p@example.org"})
	injected := "Open letter\r\nBcc: victim@evil.example\r\nX-Injected: yes\r\n\r\n<script>alert(1)</script>"
	for _, msg := range []outbox.Message{
		{MessageID: "<1@r2p>", To: "navi@example.org", Subject: injected, Text: "Hello.\n", CreatedAt: time.Now()},
		{MessageID: "<2@r2p>", To: "navi@example.org", Subject: "Letter", Text: "Hello.\n", CreatedAt: time.Now(),
			Attachments: []outbox.Attachment{{Name: "letter\r\nX-Injected: yes.pdf", ContentType: "application/pdf",
				Data: []byte("%PDF-1.4\n")}}},
		{MessageID: "<3@r2p>", To: "navi@example.org", Subject: "Letter", Text: "Hello.\r\n.\r\nX-Injected: yes\r\n",
			CreatedAt: time.Now()},
	} {
		if err := m.Send(ctx, msg); err != nil {
			t.Errorf("%s: %v", msg.MessageID, err)
		}
	}
	delivered := srv.Delivered()
	if len(delivered) != 3 {
		t.Fatalf("%d messages delivered, want 3", len(delivered))
	}
	for i, d := range delivered {
		if len(d.To) != 1 || d.To[0] != "navi@example.org" {
			t.Errorf("message %d went to %q", i+1, d.To)
		}
		head, _, _ := bytes.Cut(d.Data, []byte("\r\n\r\n"))
		for _, line := range strings.Split(string(head), "\r\n") {
			name, _, _ := strings.Cut(line, ":")
			if strings.EqualFold(name, "Bcc") || strings.EqualFold(name, "X-Injected") {
				t.Errorf("message %d has the header line %q:\n%s", i+1, line, head)
			}
		}
		r := decode(t, d.Data)
		if r.Header.Get("X-Injected") != "" || r.Header.Get("Bcc") != "" {
			t.Errorf("message %d: injected headers %v", i+1, r.Header)
		}
	}
	subject, err := new(mime.WordDecoder).DecodeHeader(decode(t, delivered[0].Data).Header.Get("Subject"))
	if err != nil || !strings.HasPrefix(subject, "Open letter") || !strings.Contains(subject, "victim@evil.example") {
		t.Errorf("the subject %q (%v): want the title's text, kept as text", subject, err)
	}
	if text := decode(t, delivered[2].Data).Text; !strings.Contains(text, "X-Injected: yes") {
		t.Errorf("a line of the body that looks like a header is no longer text: %q", text)
	}
}
