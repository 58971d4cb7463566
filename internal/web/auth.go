package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/store"
)

func (s *Server) home(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "home", nil)
}

type loginData struct{ Email, Next, Error string }

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if visitorFrom(r).user != nil {
		http.Redirect(w, r, "/admin", http.StatusSeeOther)
		return nil
	}
	return s.render(w, r, http.StatusOK, "login", loginData{Next: r.URL.Query().Get("next")})
}

// login checks an e-mail address and password. The attempt is counted
// before the password is hashed, against the account from this address,
// the address and the account (account.LoginLimiter): no number of
// simultaneous attempts gets more passwords checked than the limits allow.
func (s *Server) login(w http.ResponseWriter, r *http.Request) error {
	L := visitorFrom(r).printer
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	data := loginData{Email: r.PostFormValue("email"), Next: r.PostFormValue("next")}
	attempt, wait := s.logins.Begin(email, clientIP(r))
	if attempt == nil {
		data.Error = L.T("login.too_many", int(math.Ceil(wait.Minutes())))
		return s.renderTooMany(w, r, "login", data, wait)
	}
	user, hash, err := s.store.UserCredentials(r.Context(), email)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		attempt.Abandoned()
		return err
	}
	if hash == "" {
		hash = dummyHash // spend the same time whether or not the account exists
	}
	ok, err := s.passwords.Matches(r.Context(), hash, r.PostFormValue("password"))
	if errors.Is(err, account.ErrBusy) {
		attempt.Abandoned()
		data.Error = L.T("login.busy")
		return s.renderTooMany(w, r, "login", data, busyRetry)
	}
	if err != nil {
		return fmt.Errorf("login %s: %w", email, err)
	}
	if !ok || user.ID == 0 || !user.Active || user.Deactivated {
		data.Error = L.T("login.failed")
		return s.render(w, r, http.StatusUnauthorized, "login", data)
	}
	attempt.Succeeded()
	if err := s.startSession(w, r, user.ID); err != nil {
		return err
	}
	http.Redirect(w, r, localPath(data.Next, "/admin"), http.StatusSeeOther)
	return nil
}

// busyRetry is the wait a client is told when every password hash slot
// was taken.
const busyRetry = 5 * time.Second

// renderTooMany answers 429 with a page and a Retry-After.
func (s *Server) renderTooMany(w http.ResponseWriter, r *http.Request, page string, data any,
	wait time.Duration) error {
	w.Header().Set("Retry-After", fmt.Sprint(int(math.Ceil(wait.Seconds()))))
	return s.render(w, r, http.StatusTooManyRequests, page, data)
}

// passwordProblem says, in the reader's language, why a new password was
// refused (account.CheckPassword).
func passwordProblem(L *i18n.Printer, err error) string {
	switch {
	case errors.Is(err, account.ErrPasswordTooLong):
		return L.T("field.password_too_long", account.MaxPasswordLength)
	case errors.Is(err, account.ErrPasswordCommon):
		return L.T("field.password_common")
	case errors.Is(err, account.ErrPasswordHasEmail):
		return L.T("field.password_has_email")
	case errors.Is(err, account.ErrPasswordHasName):
		return L.T("field.password_has_name")
	}
	return L.T("field.password_too_short", account.MinPasswordLength)
}

func (s *Server) startSession(w http.ResponseWriter, r *http.Request, userID int64) error {
	secret, hash := account.NewSecret("")
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		return tx.CreateSession(r.Context(), hash, userID, s.opts.Now().Add(account.SessionIdle))
	})
	if err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(s.hostCookie(sessionCookie), secret, int(account.SessionLifetime.Seconds())))
	return nil
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		return tx.DeleteSession(r.Context(),
			v.sessionHash)
	})
	if err != nil {
		return err
	}
	http.SetCookie(w, s.cookie(s.hostCookie(sessionCookie), "", -1))
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

type setupData struct {
	Token, Email, Name, Error string
	MinLength                 int
	Invalid                   bool
}

// setupForm shows the form behind a one-time link: the first
// administrator's, or an invited user's.
func (s *Server) setupForm(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	u, _, err := s.store.Link(r.Context(), account.HashSecret(token))
	if errors.Is(err, store.ErrLinkUsed) {
		return s.render(w, r, http.StatusNotFound, "setup", setupData{Invalid: true})
	}
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "setup",
		setupData{Token: token, Email: u.Email, Name: u.Name, MinLength: account.MinPasswordLength})
}

// setup sets the password (and name) of the link's user, uses the link up,
// and signs the user in.
func (s *Server) setup(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	hash := account.HashSecret(token)
	u, _, err := s.store.Link(r.Context(), hash)
	if errors.Is(err, store.ErrLinkUsed) {
		return s.render(w, r, http.StatusNotFound, "setup", setupData{Invalid: true})
	}
	if err != nil {
		return err
	}
	name := strings.TrimSpace(r.PostFormValue("name"))
	data := setupData{Token: token, Email: u.Email, Name: r.PostFormValue("name"), MinLength: account.MinPasswordLength}
	password := r.PostFormValue("password")
	if err := account.CheckPassword(password, u.Email, name); err != nil {
		data.Error = passwordProblem(visitorFrom(r).printer, err)
		return s.render(w, r, http.StatusUnprocessableEntity, "setup", data)
	}
	passwordHash, err := s.passwords.Hash(r.Context(), password)
	if errors.Is(err, account.ErrBusy) {
		data.Error = visitorFrom(r).printer.T("login.busy")
		return s.renderTooMany(w, r, "setup", data, busyRetry)
	}
	if err != nil {
		return err
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		u, purpose, err := tx.UseLink(r.Context(), hash)
		if err != nil {
			return err
		}
		if err := tx.SetPassword(r.Context(), u.ID, passwordHash); err != nil {
			return err
		}
		if err := tx.SetName(r.Context(), u.ID, name); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]string{"name": name, "via": purpose})
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: u.Actor(), Action: "user.activate", Subject: u.Actor(), After: after})
		return err
	})
	if errors.Is(err, store.ErrLinkUsed) {
		return s.render(w, r, http.StatusNotFound, "setup", setupData{Invalid: true})
	}
	if err != nil {
		return err
	}
	if err := s.startSession(w, r, u.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin", http.StatusSeeOther)
	return nil
}

// switchLanguage remembers the reader's choice in a cookie for a year and
// goes back to the page they were on.
func (s *Server) switchLanguage(w http.ResponseWriter, r *http.Request) error {
	l, ok := i18n.Parse(r.PathValue("lang"))
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no language %q", r.PathValue("lang"))
	}
	http.SetCookie(w, s.cookie(langCookie, string(l), 365*24*3600))
	http.Redirect(w, r, localPath(r.URL.Query().Get("next"), "/"), http.StatusSeeOther)
	return nil
}
