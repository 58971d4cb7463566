package web

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/audit"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/mail/outbox"
	"github.com/r2p-coalition/r2p/internal/store"
)

type dashboardData struct {
	Organizations int64
	Users         int64
	Mail          outbox.Counts
	SMTP          bool
	Events        []audit.Event
	Actors        map[string]string // actor -> how the page names them
	Campaigns     []store.CampaignProgress
}

func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	var d dashboardData
	var err error
	if d.Organizations, err = s.store.CountOrganizations(ctx); err != nil {
		return err
	}
	if d.Users, err = s.store.CountUsers(ctx); err != nil {
		return err
	}
	if d.Mail, err = s.store.OutboxCounts(ctx); err != nil {
		return err
	}
	if d.Events, err = s.store.AuditEvents(ctx, store.AuditFilter{Limit: 10}); err != nil {
		return err
	}
	if d.Campaigns, err = s.store.CampaignsProgress(ctx); err != nil {
		return err
	}
	d.SMTP = s.opts.SMTP
	if d.Actors, err = s.actorNames(r, d.Events); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "dashboard", d)
}

type accountData struct {
	MinLength           int
	Changed             bool
	Error, CurrentError string
}

func (s *Server) accountPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "account", accountData{MinLength: account.MinPasswordLength})
}

// changePassword needs the current password, ends the user's other
// sessions, and is audited (without the hashes). Wrong current passwords
// count as failed sign-ins: a stolen session cannot guess the password.
func (s *Server) changePassword(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	data := accountData{MinLength: account.MinPasswordLength}
	_, hash, err := s.store.UserCredentials(r.Context(), v.user.Email)
	if err != nil {
		return err
	}
	attempt, wait := s.logins.Begin(v.user.Email, clientIP(r))
	if attempt == nil {
		data.CurrentError = v.printer.T("login.too_many", int(math.Ceil(wait.Minutes())))
		return s.renderTooMany(w, r, "account", data, wait)
	}
	ok, err := s.passwords.Matches(r.Context(), hash, r.PostFormValue("current"))
	if errors.Is(err, account.ErrBusy) {
		attempt.Abandoned()
		data.CurrentError = v.printer.T("login.busy")
		return s.renderTooMany(w, r, "account", data, busyRetry)
	}
	if err != nil {
		return fmt.Errorf("password change of user %d: %w", v.user.ID, err)
	}
	if !ok {
		data.CurrentError = v.printer.T("account.wrong_current")
		return s.render(w, r, http.StatusUnprocessableEntity, "account", data)
	}
	attempt.Succeeded()
	password := r.PostFormValue("password")
	if err := account.CheckPassword(password, v.user.Email, v.user.Name); err != nil {
		data.Error = passwordProblem(v.printer, err)
		return s.render(w, r, http.StatusUnprocessableEntity, "account", data)
	}
	newHash, err := s.passwords.Hash(r.Context(), password)
	if errors.Is(err, account.ErrBusy) {
		data.Error = v.printer.T("login.busy")
		return s.renderTooMany(w, r, "account", data, busyRetry)
	}
	if err != nil {
		return err
	}
	// The owner hears of the change, in case it was not them (OWASP ASVS
	// 2.2.3).
	now := s.opts.Now().UTC()
	notice := outbox.Message{
		To:      v.user.Email,
		Subject: v.printer.T("account.changed_mail_subject"),
		Text: v.printer.T("account.changed_mail_body", v.user.Name, v.user.Email, v.printer.Date(now),
			now.Format("15:04"), clientIP(r)),
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if err := tx.SetPassword(r.Context(), v.user.ID, newHash); err != nil {
			return err
		}
		if err := tx.DeleteOtherSessions(r.Context(), v.user.ID, v.sessionHash); err != nil {
			return err
		}
		if _, err := tx.EnqueueMail(r.Context(), notice); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "user.password", Subject: v.user.Actor()})
		return err
	})
	if err != nil {
		return err
	}
	data.Changed = true
	return s.render(w, r, http.StatusOK, "account", data)
}

type inviteForm struct {
	Email, Name string
	Role        account.Role
}

type usersData struct {
	Users   []account.User
	Roles   []account.Role
	Form    inviteForm
	Invited string
	Error   string
}

func (s *Server) users(w http.ResponseWriter, r *http.Request) error {
	return s.renderUsers(w, r, http.StatusOK,
		usersData{Invited: r.URL.Query().Get("invited"), Form: inviteForm{Role: account.Editor}})
}

func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, status int, d usersData) error {
	var err error
	if d.Users, err = s.store.Users(r.Context()); err != nil {
		return err
	}
	d.Roles = account.Roles
	return s.render(w, r, status, "users", d)
}

// invite creates a user and e-mails them a link to set their password; the
// user, the link, the message and the audit entry commit together.
func (s *Server) invite(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	form := inviteForm{Email: r.PostFormValue("email"), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: account.Role(r.PostFormValue("role"))}
	email, err := account.NormalizeEmail(form.Email)
	switch {
	case err != nil:
		return s.renderUsers(w, r, http.StatusUnprocessableEntity,
			usersData{Form: form, Error: v.printer.T("users.bad_email", form.Email)})
	case !form.Role.Valid():
		return s.renderUsers(w, r, http.StatusUnprocessableEntity,
			usersData{Form: form, Error: v.printer.T("users.bad_role")})
	case utf8.RuneCountInString(form.Name) > 200: // characters, as the form's maxlength counts
		return s.renderUsers(w, r, http.StatusUnprocessableEntity,
			usersData{Form: form, Error: v.printer.T("users.name_too_long")})
	}
	secret, hash := account.NewSecret("")
	expires := s.opts.Now().Add(account.InviteLinkLifetime)
	link := s.opts.BaseURL + "/setup/" + secret
	msg := outbox.Message{
		To:      email,
		Subject: v.printer.T("invite.mail_subject"),
		Text:    v.printer.T("invite.mail_body", v.user.Name, v.user.Email, link, v.printer.Date(expires)),
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		u, err := tx.CreateUser(r.Context(), email, form.Name, form.Role)
		if err != nil {
			return err
		}
		if err := tx.CreateLink(r.Context(), u.ID, account.PurposeInvite, hash, expires); err != nil {
			return err
		}
		if _, err := tx.EnqueueMail(r.Context(), msg); err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"email": email, "name": form.Name, "role": form.Role})
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "user.invite", Subject: u.Actor(), After: after})
		return err
	})
	if errors.Is(err, store.ErrDuplicate) {
		return s.renderUsers(w, r, http.StatusUnprocessableEntity,
			usersData{Form: form, Error: v.printer.T("users.exists", email)})
	}
	if err != nil {
		return err
	}
	s.opts.WakeMailer()
	http.Redirect(w, r, "/admin/users?invited="+url.QueryEscape(email), http.StatusSeeOther)
	return nil
}

func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errorf(http.StatusNotFound, "not_found", "no record %q", r.PathValue("id"))
	}
	return id, nil
}

// changeRole sets another user's role. Admins cannot change their own, so
// there is always at least one admin.
func (s *Server) changeRole(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	role := account.Role(r.PostFormValue("role"))
	if !role.Valid() {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("users.bad_role"))
	}
	if id == v.user.ID {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("users.own_role"))
	}
	before, err := s.store.User(r.Context(), id)
	if err != nil {
		return notFound(err, "user %d", id)
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if err := tx.SetRole(r.Context(), id, role); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "user.role", Subject: before.Actor(),
				Before: jsonObject("role", before.Role), After: jsonObject("role", role)})
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

// deactivate stops another user from signing in: their sessions and
// links end, and the API tokens they created stop working. Admins cannot
// deactivate themselves, so one admin always remains.
func (s *Server) deactivate(w http.ResponseWriter, r *http.Request) error {
	return s.setDeactivated(w, r, true)
}

// reactivate lets a deactivated user sign in again, and their tokens work
// again with the rights their role now gives.
func (s *Server) reactivate(w http.ResponseWriter, r *http.Request) error {
	return s.setDeactivated(w, r, false)
}

func (s *Server) setDeactivated(w http.ResponseWriter, r *http.Request, deactivated bool) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	if id == v.user.ID {
		return errorf(http.StatusBadRequest, "invalid_parameter", "%s", v.printer.T("users.own_deactivation"))
	}
	before, err := s.store.User(r.Context(), id)
	if err != nil {
		return notFound(err, "user %d", id)
	}
	if before.Deactivated == deactivated {
		http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
		return nil
	}
	action, change := "user.reactivate", (*store.Tx).Reactivate
	if deactivated {
		action, change = "user.deactivate", (*store.Tx).Deactivate
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		if err := change(tx, r.Context(), id); err != nil {
			return err
		}
		_, err := tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: action, Subject: before.Actor(),
				Before: jsonObject("deactivated", before.Deactivated), After: jsonObject("deactivated", deactivated)})
		return err
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/users", http.StatusSeeOther)
	return nil
}

type auditData struct {
	Filter store.AuditFilter
	Events []audit.Event
	Actors map[string]string
	Older  string
}

// auditLog browses the audit log, newest first, 50 a page, filtered by
// actor and action.
func (s *Server) auditLog(w http.ResponseWriter, r *http.Request) error {
	f, err := auditFilter(r.URL.Query())
	if err != nil {
		return err
	}
	d := auditData{Filter: f}
	if d.Events, err = s.store.AuditEvents(r.Context(), f); err != nil {
		return err
	}
	if d.Actors, err = s.actorNames(r, d.Events); err != nil {
		return err
	}
	if len(d.Events) == f.Limit {
		q := url.Values{"actor": {f.Actor}, "action": {f.Action}, "before": {fmt.Sprint(d.Events[len(d.Events)-1].ID)}}
		d.Older = "/admin/audit?" + q.Encode()
	}
	return s.render(w, r, http.StatusOK, "audit", d)
}

func auditFilter(q url.Values) (store.AuditFilter, error) {
	f := store.AuditFilter{Actor: strings.TrimSpace(q.Get("actor")), Action: strings.TrimSpace(q.Get("action")),
		Limit: 50}
	for name, dst := range map[string]*int64{"before": &f.BeforeID} {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				return f, errorf(http.StatusBadRequest, "invalid_parameter",
					"%s %q: want a positive whole number", name, v)
			}
			*dst = n
		}
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 || n > 1000 {
			return f, errorf(http.StatusBadRequest, "invalid_parameter",
				"limit %q: want a whole number from 1 to 1000", v)
		}
		f.Limit = n
	}
	return f, nil
}

type tokensData struct {
	Tokens []account.APIToken
	Notes  map[int64]string // token id -> why it may do less than its role
	Roles  []account.Role
	Secret string // shown once, right after creation
	Name   string
	Error  string
}

func (s *Server) tokens(w http.ResponseWriter, r *http.Request) error {
	return s.renderTokens(w, r, http.StatusOK, tokensData{})
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, d tokensData) error {
	var err error
	if d.Tokens, err = s.store.APITokens(r.Context()); err != nil {
		return err
	}
	users, err := s.store.Users(r.Context())
	if err != nil {
		return err
	}
	d.Notes = tokenNotes(visitorFrom(r).printer, d.Tokens, users)
	d.Roles = account.Roles
	return s.render(w, r, status, "tokens", d)
}

// tokenNotes says which live tokens may do less than their role, since
// the users who created them were demoted or deactivated.
func tokenNotes(L *i18n.Printer, tokens []account.APIToken, users []account.User) map[int64]string {
	byID := map[int64]account.User{}
	for _, u := range users {
		byID[u.ID] = u
	}
	notes := map[int64]string{}
	for _, t := range tokens {
		switch rights := t.EffectiveRole(byID[t.CreatedBy]); {
		case t.Revoked() || rights == t.Role:
		case rights == "":
			notes[t.ID] = L.T("tokens.creator_deactivated")
		default:
			notes[t.ID] = L.T("tokens.limited", L.T("role."+string(rights)))
		}
	}
	return notes
}

func (s *Server) createToken(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	role := account.Role(r.PostFormValue("role"))
	switch {
	case name == "" || utf8.RuneCountInString(name) > 200:
		return s.renderTokens(w, r, http.StatusUnprocessableEntity,
			tokensData{Name: r.PostFormValue("name"), Error: v.printer.T("tokens.bad_name")})
	case !role.Valid():
		return s.renderTokens(w, r, http.StatusUnprocessableEntity,
			tokensData{Name: name, Error: v.printer.T("users.bad_role")})
	}
	secret, hash := account.NewSecret("r2p_")
	err := s.store.Transact(r.Context(), func(tx *store.Tx) error {
		t, err := tx.CreateAPIToken(r.Context(), name, role, hash, v.user.ID)
		if err != nil {
			return err
		}
		after, _ := json.Marshal(map[string]any{"name": name, "role": role})
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "token.create", Subject: t.Actor(), After: after})
		return err
	})
	if err != nil {
		return err
	}
	return s.renderTokens(w, r, http.StatusCreated, tokensData{Secret: secret})
}

func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	id, err := pathID(r)
	if err != nil {
		return err
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		before, err := tx.RevokeAPIToken(r.Context(), id)
		if err != nil {
			return err
		}
		_, err = tx.RecordAudit(r.Context(),
			audit.Event{Actor: v.actor(), Action: "token.revoke", Subject: before.Actor(),
				Before: jsonObject("revoked", before.Revoked()), After: jsonObject("revoked", true)})
		return err
	})
	if err != nil {
		return notFound(err, "token %d", id)
	}
	http.Redirect(w, r, "/admin/tokens", http.StatusSeeOther)
	return nil
}

func jsonObject(key string, value any) json.RawMessage {
	b, _ := json.Marshal(map[string]any{key: value})
	return b
}

// actorNames says who the actors of events are in words people know: a
// user's name or address, a token's name; the raw actor otherwise.
func (s *Server) actorNames(r *http.Request, events []audit.Event) (map[string]string, error) {
	L := visitorFrom(r).printer
	names := map[string]string{"system": L.T("actor.system"), "cli": L.T("actor.cli")}
	users, err := s.store.Users(r.Context())
	if err != nil {
		return nil, err
	}
	for _, u := range users {
		names[u.Actor()] = cmp.Or(u.Name, u.Email)
	}
	tokens, err := s.store.APITokens(r.Context())
	if err != nil {
		return nil, err
	}
	for _, t := range tokens {
		names[t.Actor()] = L.T("actor.token", t.Name)
	}
	for _, e := range events {
		if _, ok := names[e.Actor]; !ok {
			names[e.Actor] = e.Actor
		}
	}
	return names, nil
}
