package store_test

import (
	"errors"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// clock is a settable time for the store.
type clock struct{ now time.Time }

func (c *clock) option() storetest.Option {
	return func(o *store.Options) { o.Now = func() time.Time { return c.now } }
}

func TestAccounts(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var user account.User
		linkSecret, linkHash := account.NewSecret("")
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			if user, err = tx.CreateUser(ctx, "staff@coalition.org", "Staff", account.Editor); err != nil {
				return err
			}
			return tx.CreateLink(ctx, user.ID, account.PurposeInvite, linkHash, c.now.Add(time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		if user.Active || user.Role != account.Editor || !user.CreatedAt.Equal(c.now) {
			t.Errorf("new user = %+v", user)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error {
			_, err := tx.CreateUser(ctx, "staff@coalition.org", "Again", account.Viewer)
			return err
		})
		if !errors.Is(err, store.ErrDuplicate) {
			t.Errorf("second user with one address: %v, want ErrDuplicate", err)
		}

		// The link works once, before it expires.
		if u, purpose, err := s.Link(ctx, account.HashSecret(linkSecret)); err != nil || u.ID != user.ID || purpose != account.PurposeInvite {
			t.Fatalf("Link = %+v %q %v", u, purpose, err)
		}
		useLink := func() error {
			return s.Transact(ctx, func(tx *store.Tx) error {
				u, _, err := tx.UseLink(ctx, linkHash)
				if err != nil {
					return err
				}
				return tx.SetPassword(ctx, u.ID, account.HashPassword("a long enough password"))
			})
		}
		if err := useLink(); err != nil {
			t.Fatal(err)
		}
		if err := useLink(); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("second use of a link: %v, want ErrLinkUsed", err)
		}
		u, hash, err := s.UserCredentials(ctx, "staff@coalition.org")
		if err != nil || !u.Active {
			t.Fatalf("UserCredentials = %+v, %v", u, err)
		}
		if ok, _ := account.PasswordMatches(hash, "a long enough password"); !ok {
			t.Error("stored password does not match")
		}
		if _, _, err := s.UserCredentials(ctx, "nobody@coalition.org"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown address: %v", err)
		}

		// Sessions expire; deleting others keeps the current one.
		_, keep := account.NewSecret("")
		_, other := account.NewSecret("")
		err = s.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.CreateSession(ctx, keep, user.ID, c.now.Add(time.Hour)); err != nil {
				return err
			}
			if err := tx.CreateSession(ctx, other, user.ID, c.now.Add(time.Hour)); err != nil {
				return err
			}
			return tx.DeleteOtherSessions(ctx, user.ID, keep)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := s.Session(ctx, keep); err != nil || got.User.ID != user.ID {
			t.Errorf("kept session: %+v, %v", got, err)
		}
		if _, err := s.Session(ctx, other); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("other session after DeleteOtherSessions: %v", err)
		}

		// API tokens: created, listed, revoked.
		_, tokenHash := account.NewSecret("r2p_")
		var token account.APIToken
		s.Transact(ctx, func(tx *store.Tx) error {
			token, err = tx.CreateAPIToken(ctx, "research export", account.Viewer, tokenHash, user.ID)
			return err
		})
		if got, creator, err := s.APITokenByHash(ctx, tokenHash); err != nil || got.ID != token.ID || got.Role != account.Viewer ||
			creator.ID != user.ID || creator.Role != account.Editor || creator.Deactivated {
			t.Errorf("APITokenByHash = %+v, %+v, %v", got, creator, err)
		}
		s.Transact(ctx, func(tx *store.Tx) error { _, err := tx.RevokeAPIToken(ctx, token.ID); return err })
		if _, _, err := s.APITokenByHash(ctx, tokenHash); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revoked token still works: %v", err)
		}
		if list, _ := s.APITokens(ctx); len(list) != 1 || !list[0].Revoked() {
			t.Errorf("APITokens = %+v", list)
		}
		if n, _ := s.CountUsers(ctx); n != 1 {
			t.Errorf("CountUsers = %d", n)
		}

		c.now = c.now.Add(2 * time.Hour)
		if _, err := s.Session(ctx, keep); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("expired session: %v", err)
		}
		c.now = c.now.Add(-2 * time.Hour)
	}, c.option())
}

// TestDeactivation: a deactivated user's sessions and links end, their
// tokens' creator reads as deactivated, and reactivation undoes it.
func TestDeactivation(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, session := account.NewSecret("")
		_, link := account.NewSecret("")
		_, token := account.NewSecret("r2p_")
		var u, pending account.User
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			if u, err = tx.CreateUser(ctx, "leaver@coalition.org", "Leaver", account.Admin); err != nil {
				return err
			}
			if pending, err = tx.CreateUser(ctx, "pending@coalition.org", "", account.Viewer); err != nil {
				return err
			}
			if err := tx.SetPassword(ctx, u.ID, "x"); err != nil {
				return err
			}
			if err := tx.CreateSession(ctx, session, u.ID, c.now.Add(time.Hour)); err != nil {
				return err
			}
			if err := tx.CreateLink(ctx, pending.ID, account.PurposeInvite, link, c.now.Add(time.Hour)); err != nil {
				return err
			}
			_, err = tx.CreateAPIToken(ctx, "export", account.Editor, token, u.ID)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error {
			if err := tx.Deactivate(ctx, u.ID); err != nil {
				return err
			}
			return tx.Deactivate(ctx, pending.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, session); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("a deactivated user's session: %v, want ErrNotFound", err)
		}
		if _, _, err := s.Link(ctx, link); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("a deactivated user's link: %v, want ErrLinkUsed", err)
		}
		if _, creator, err := s.APITokenByHash(ctx, token); err != nil || !creator.Deactivated {
			t.Errorf("a deactivated user's token: creator %+v, %v", creator, err)
		}
		if got, _, _ := s.UserCredentials(ctx, "leaver@coalition.org"); !got.Deactivated || !got.Active {
			t.Errorf("UserCredentials of a deactivated user = %+v", got)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error { return tx.Deactivate(ctx, u.ID) })
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("deactivating twice: %v, want ErrNotFound", err)
		}
		if err := s.Transact(ctx, func(tx *store.Tx) error { return tx.Reactivate(ctx, u.ID) }); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.User(ctx, u.ID); got.Deactivated {
			t.Errorf("after Reactivate: %+v", got)
		}
		if _, creator, _ := s.APITokenByHash(ctx, token); creator.Deactivated || creator.Role != account.Admin {
			t.Errorf("a reactivated user's token: creator %+v", creator)
		}
	}, c.option())
}

func TestExpiredLink(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)}
	s := storetest.SQLite(t, c.option())
	_, hash := account.NewSecret("")
	s.Transact(ctx, func(tx *store.Tx) error {
		u, err := tx.CreateUser(ctx, "late@coalition.org", "", account.Viewer)
		if err != nil {
			return err
		}
		return tx.CreateLink(ctx, u.ID, account.PurposeInvite, hash, c.now.Add(time.Hour))
	})
	c.now = c.now.Add(time.Hour)
	if _, _, err := s.Link(ctx, hash); !errors.Is(err, store.ErrLinkUsed) {
		t.Errorf("link at its expiry: %v, want ErrLinkUsed", err)
	}
}

// TestOneLiveLinkPerUser: a new link kills the user's earlier ones, a link
// is dead once the user has a password, and using one ends every session
// the user had.
func TestOneLiveLinkPerUser(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		var user account.User
		_, first := account.NewSecret("")
		_, second := account.NewSecret("")
		_, session := account.NewSecret("")
		err := s.Transact(ctx, func(tx *store.Tx) error {
			var err error
			if user, err = tx.CreateUser(ctx, "staff@coalition.org", "Staff", account.Editor); err != nil {
				return err
			}
			if err := tx.CreateSession(ctx, session, user.ID, c.now.Add(time.Hour)); err != nil {
				return err
			}
			if err := tx.CreateLink(ctx, user.ID, account.PurposeInvite, first, c.now.Add(time.Hour)); err != nil {
				return err
			}
			return tx.CreateLink(ctx, user.ID, account.PurposeInvite, second, c.now.Add(time.Hour))
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Link(ctx, first); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("the replaced link: %v, want ErrLinkUsed", err)
		}
		if u, _, err := s.Link(ctx, second); err != nil || u.ID != user.ID {
			t.Fatalf("the newest link: %+v, %v", u, err)
		}
		err = s.Transact(ctx, func(tx *store.Tx) error {
			if _, _, err := tx.UseLink(ctx, second); err != nil {
				return err
			}
			return tx.SetPassword(ctx, user.ID, account.HashPassword("a long enough password"))
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Session(ctx, session); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("the session from before the link was used: %v, want ErrNotFound", err)
		}
		// A link written for a user who has a password (by a start that
		// raced the setup, say) opens nothing.
		_, late := account.NewSecret("")
		if err := s.Transact(ctx, func(tx *store.Tx) error {
			return tx.CreateLink(ctx, user.ID, account.PurposeSetup, late, c.now.Add(time.Hour))
		}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.Link(ctx, late); !errors.Is(err, store.ErrLinkUsed) {
			t.Errorf("a link of an active user: %v, want ErrLinkUsed", err)
		}
	}, c.option())
}

// TestExtendSession: a session in use moves its expiry later, never
// earlier, and one that has expired stays expired.
func TestExtendSession(t *testing.T) {
	c := &clock{now: time.Date(2009, 7, 20, 9, 0, 0, 0, time.UTC)}
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, live := account.NewSecret("")
		_, dead := account.NewSecret("")
		start := c.now
		err := s.Transact(ctx, func(tx *store.Tx) error {
			u, err := tx.CreateUser(ctx, "staff@coalition.org", "Staff", account.Editor)
			if err != nil {
				return err
			}
			if err := tx.CreateSession(ctx, live, u.ID, start.Add(30*time.Minute)); err != nil {
				return err
			}
			return tx.CreateSession(ctx, dead, u.ID, start.Add(10*time.Minute))
		})
		if err != nil {
			t.Fatal(err)
		}
		c.now = start.Add(20 * time.Minute)
		extend := func(hash []byte, until time.Time) {
			t.Helper()
			if err := s.Transact(ctx, func(tx *store.Tx) error { return tx.ExtendSession(ctx, hash, until) }); err != nil {
				t.Fatal(err)
			}
		}
		extend(live, start.Add(50*time.Minute))
		extend(live, start.Add(40*time.Minute)) // earlier: ignored
		extend(dead, start.Add(50*time.Minute))
		sess, err := s.Session(ctx, live)
		if err != nil || !sess.ExpiresAt.Equal(start.Add(50*time.Minute)) || !sess.CreatedAt.Equal(start) ||
			sess.User.Email != "staff@coalition.org" {
			t.Errorf("extended session: %+v, %v", sess, err)
		}
		if _, err := s.Session(ctx, dead); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("an expired session came back: %v", err)
		}
	}, c.option())
}
