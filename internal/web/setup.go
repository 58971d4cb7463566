package web

import (
	"context"
	"encoding/json"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/store"
)

// EnsureAdmin runs at every start. On the first start — no users yet — it
// creates the administrator with the given address and no password. As long
// as no user has set a password, it writes a fresh one-time setup link to
// the log: there is never a default password. It returns the link, or ""
// when the setup is done.
func (s *Server) EnsureAdmin(ctx context.Context, email string) (string, error) {
	users, err := s.store.Users(ctx)
	if err != nil {
		return "", err
	}
	for _, u := range users {
		if u.Active {
			return "", nil
		}
	}
	email, err = account.NormalizeEmail(email)
	if err != nil {
		return "", err
	}
	secret, hash := account.NewSecret("")
	err = s.store.Transact(ctx, func(tx *store.Tx) error {
		admin, err := s.firstAdmin(ctx, tx, users, email)
		if err != nil {
			return err
		}
		return tx.CreateLink(ctx, admin.ID, account.PurposeSetup, hash, s.opts.Now().Add(account.SetupLinkLifetime))
	})
	if err != nil {
		return "", err
	}
	link := s.opts.BaseURL + "/setup/" + secret
	s.log.Warn("no one can sign in yet: open this one-time link to set the administrator's password (valid 24 hours; a new one is printed at each start until then)",
		"email", email, "link", link)
	return link, nil
}

func (s *Server) firstAdmin(ctx context.Context, tx *store.Tx, users []account.User,
	email string) (account.User, error) {
	for _, u := range users {
		if u.Role == account.Admin {
			return u, nil
		}
	}
	admin, err := tx.CreateUser(ctx, email, "", account.Admin)
	if err != nil {
		return admin, err
	}
	after, _ := json.Marshal(map[string]string{"email": email, "role": string(account.Admin)})
	_, err = tx.RecordAudit(ctx,
		audit.Event{Actor: "system", Action: "user.create", Subject: admin.Actor(), After: after})
	return admin, err
}
