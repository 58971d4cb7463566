// Package account is about the people who use r2p's staff area and the
// programs that use its API: users and their roles, passwords, the
// one-time links that set a password, sessions, API tokens, and the limit
// on login attempts. It holds no SQL and no HTTP.
package account

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/mail"
	"strings"
	"time"
)

// Role is what a user or token may do. Each role includes the ones below it.
type Role string

// The roles, from most to least powerful.
const (
	Admin  Role = "admin"  // manages users, tokens and settings; everything an editor does
	Editor Role = "editor" // changes the coalition's data
	Viewer Role = "viewer" // reads
)

// Roles lists every role, most powerful first.
var Roles = []Role{Admin, Editor, Viewer}

func (r Role) rank() int {
	switch r {
	case Admin:
		return 3
	case Editor:
		return 2
	case Viewer:
		return 1
	}
	return 0
}

// Lesser is the less powerful of two roles.
func Lesser(a, b Role) Role {
	if a.rank() <= b.rank() {
		return a
	}
	return b
}

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool { return r.rank() > 0 }

// Allows reports whether a holder of r may do what needs the role need.
func (r Role) Allows(need Role) bool { return r.rank() >= need.rank() && r.Valid() }

// User is a person with access to the staff area.
type User struct {
	ID        int64     `json:"id"`
	Email     string    `json:"email"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	Active    bool      `json:"active"` // has set a password
	CreatedAt time.Time `json:"created_at"`
	// Deactivated users cannot sign in, and the API tokens they created do
	// not work, until an admin reactivates them.
	Deactivated bool `json:"deactivated"`
}

// Actor is how the audit log names the user.
func (u User) Actor() string { return fmt.Sprintf("user:%d", u.ID) }

// Token purposes: what a one-time link is for.
const (
	PurposeSetup  = "setup"  // the first administrator sets a password
	PurposeInvite = "invite" // an invited user sets a password
)

// How long things last.
const (
	SetupLinkLifetime  = 24 * time.Hour
	InviteLinkLifetime = 7 * 24 * time.Hour
	SessionLifetime    = 12 * time.Hour   // from sign-in, however busy (OWASP ASVS 3.3.2, level 2)
	SessionIdle        = 30 * time.Minute // without a request
	MinPasswordLength  = 12
	MaxPasswordLength  = 128 // OWASP ASVS 2.1.2: 64 are allowed, more than 128 refused
)

// Session is a signed-in user's session.
type Session struct {
	User      User
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Renewal says until when a session used at now lasts: SessionIdle more,
// never past SessionLifetime after sign-in. ok is false when that is
// within a minute of its stored expiry, not worth a write.
func (s Session) Renewal(now time.Time) (until time.Time, ok bool) {
	until = now.Add(SessionIdle)
	if end := s.CreatedAt.Add(SessionLifetime); until.After(end) {
		until = end
	}
	return until, until.Sub(s.ExpiresAt) >= time.Minute
}

// NormalizeEmail checks an address and returns it lower-cased, or an error
// naming the field.
func NormalizeEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || !strings.Contains(s, "@") {
		return "", fmt.Errorf("email %q is not an e-mail address", s)
	}
	return strings.ToLower(s), nil
}

// NewSecret returns a random secret for a link, a session or an API token,
// with a prefix that says what it is, and the hash that is stored instead of
// it. Only the hash is kept: a stolen database opens nothing.
func NewSecret(prefix string) (secret string, hash []byte) {
	var b [32]byte
	rand.Read(b[:])
	secret = prefix + base64.RawURLEncoding.EncodeToString(b[:])
	return secret, HashSecret(secret)
}

// HashSecret is the stored form of a secret.
func HashSecret(secret string) []byte {
	h := sha256.Sum256([]byte(secret))
	return h[:]
}

// APIToken lets a program use the JSON API with a role. Only a hash of the
// secret is stored; the secret is shown once, when the token is created.
type APIToken struct {
	ID        int64     `json:"id"`
	Name      string    `json:"name"`
	Role      Role      `json:"role"`
	CreatedBy int64     `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	RevokedAt time.Time `json:"revoked_at,omitzero"`
	// Rights is EffectiveRole, for the request the token is making.
	Rights Role `json:"rights,omitzero"`
}

// EffectiveRole is what the token may do now that its creator is as they
// are: no more than the creator's current role, and nothing ("") once they
// are deactivated. A token never outlives the rights of the person who
// made it.
func (t APIToken) EffectiveRole(creator User) Role {
	if creator.Deactivated || creator.ID != t.CreatedBy {
		return ""
	}
	return Lesser(t.Role, creator.Role)
}

// Actor is how the audit log names the token.
func (t APIToken) Actor() string { return fmt.Sprintf("token:%d", t.ID) }

// Revoked reports whether the token no longer works.
func (t APIToken) Revoked() bool { return !t.RevokedAt.IsZero() }
