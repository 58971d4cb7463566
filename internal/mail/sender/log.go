package sender

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

// logMailer stands in for an SMTP server that is not configured.
type logMailer struct {
	log    *slog.Logger
	bodies bool
}

// NewLogMailer returns a Mailer for when R2P_SMTP_URL is unset: it writes
// each message to log and reports it sent. With bodies it writes the
// recipient and the whole text, where invitation and confirmation links
// are, for a demonstration or debugging; without, the recipient redacted,
// the subject and the Message-ID, since a log is kept and read where a
// contact's address and mail do not belong.
func NewLogMailer(log *slog.Logger, bodies bool) Mailer { return logMailer{log, bodies} }

func (l logMailer) Send(ctx context.Context, m outbox.Message) error {
	attrs := []any{"to", outbox.RedactAddress(m.To), "subject", m.Subject, "message_id", m.MessageID}
	if l.bodies {
		attrs = []any{"to", m.To, "subject", m.Subject, "message_id", m.MessageID, "text", m.Text}
	}
	if m.ReplyTo != "" {
		attrs = append(attrs, "reply_to", m.ReplyTo)
	}
	for _, a := range m.Attachments {
		attrs = append(attrs, "attachment", fmt.Sprintf("%s (%s, %d bytes)", a.Name, a.ContentType, len(a.Data)))
	}
	l.log.InfoContext(ctx, "mail written to the log instead of sent: R2P_SMTP_URL is not set", attrs...)
	return nil
}
