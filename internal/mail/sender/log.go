package sender

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/r2p-coalition/r2p/internal/mail/outbox"
)

// logMailer stands in for an SMTP server that is not configured.
type logMailer struct{ log *slog.Logger }

// NewLogMailer returns a Mailer for when R2P_SMTP_URL is unset: it writes
// each message to log — recipient, subject, Message-ID and the whole text,
// since that is where invitation and setup links are — and reports it
// sent.
func NewLogMailer(log *slog.Logger) Mailer { return logMailer{log} }

func (l logMailer) Send(ctx context.Context, m outbox.Message) error {
	attrs := []any{"to", m.To, "subject", m.Subject, "message_id", m.MessageID, "text", m.Text}
	if m.ReplyTo != "" {
		attrs = append(attrs, "reply_to", m.ReplyTo)
	}
	for _, a := range m.Attachments {
		attrs = append(attrs, "attachment", fmt.Sprintf("%s (%s, %d bytes)", a.Name, a.ContentType, len(a.Data)))
	}
	l.log.InfoContext(ctx, "mail written to the log instead of sent: R2P_SMTP_URL is not set", attrs...)
	return nil
}
