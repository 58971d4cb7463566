package mail

import (
	"context"
	"log/slog"

	"github.com/r2p-coalition/r2p/internal/outbox"
)

// logMailer stands in for an SMTP server that is not configured.
type logMailer struct{ log *slog.Logger }

// NewLogMailer returns a Mailer for when R2P_SMTP_URL is unset: it writes
// each message to log — recipient, subject, Message-ID and the whole text,
// since that is where invitation and setup links are — and reports it
// sent.
func NewLogMailer(log *slog.Logger) Mailer { return logMailer{log} }

func (l logMailer) Send(ctx context.Context, m outbox.Message) error {
	l.log.InfoContext(ctx, "mail written to the log instead of sent: R2P_SMTP_URL is not set",
		"to", m.To, "subject", m.Subject, "message_id", m.MessageID, "text", m.Text)
	return nil
}
