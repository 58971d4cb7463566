package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/r2p-coalition/r2p/internal/account"
)

// ErrDuplicate says that a unique value (an e-mail address) is taken.
var ErrDuplicate = errors.New("already exists")

// ErrLinkUsed says that a one-time link was used or has expired.
var ErrLinkUsed = errors.New("link used or expired")

const userColumns = `id, email, name, role, password_hash IS NOT NULL, created_at, deactivated_at IS NOT NULL`

func scanUser(row scanner) (account.User, error) {
	var u account.User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &u.CreatedAt, &u.Deactivated)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// CreateUser adds a user without a password; they set one through a link.
func (tx *Tx) CreateUser(ctx context.Context, email, name string, role account.Role) (account.User, error) {
	u, err := scanUser(tx.queryRow(ctx, `
		INSERT INTO users (email, name, role, created_at) VALUES ($1, $2, $3, $4)
		RETURNING `+userColumns, email, name, role, tx.s.opts.Now().UTC()))
	if isUniqueViolation(err) {
		return account.User{}, fmt.Errorf("store.CreateUser(%s): %w", email, ErrDuplicate)
	}
	if err != nil {
		return account.User{}, fmt.Errorf("store.CreateUser(%s): %w", email, err)
	}
	return u, nil
}

// SetPassword stores a user's password hash.
func (tx *Tx) SetPassword(ctx context.Context, userID int64, hash string) error {
	return tx.execOne(ctx, "store.SetPassword", userID, `UPDATE users SET password_hash = $1 WHERE id = $2`,
		hash, userID)
}

// SetName changes a user's name.
func (tx *Tx) SetName(ctx context.Context, userID int64, name string) error {
	return tx.execOne(ctx, "store.SetName", userID, `UPDATE users SET name = $1 WHERE id = $2`, name, userID)
}

// SetRole changes a user's role.
func (tx *Tx) SetRole(ctx context.Context, userID int64, role account.Role) error {
	return tx.execOne(ctx, "store.SetRole", userID, `UPDATE users SET role = $1 WHERE id = $2`, role, userID)
}

// Deactivate stops a user from signing in: it marks them deactivated, ends
// their sessions and kills their unused links. The API tokens they created
// stop working with them (APITokenByHash).
func (tx *Tx) Deactivate(ctx context.Context, userID int64) error {
	now := tx.s.opts.Now().UTC()
	if err := tx.execOne(ctx, "store.Deactivate", userID,
		`UPDATE users SET deactivated_at = $1 WHERE id = $2 AND deactivated_at IS NULL`, now, userID); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
		return fmt.Errorf("store.Deactivate(%d): %w", userID, err)
	}
	if _, err := tx.exec(ctx, `UPDATE user_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`,
		now, userID); err != nil {
		return fmt.Errorf("store.Deactivate(%d): %w", userID, err)
	}
	return nil
}

// Reactivate lets a deactivated user sign in again with their password,
// and their tokens work again.
func (tx *Tx) Reactivate(ctx context.Context, userID int64) error {
	return tx.execOne(ctx, "store.Reactivate", userID,
		`UPDATE users SET deactivated_at = NULL WHERE id = $1 AND deactivated_at IS NOT NULL`, userID)
}

// CountUsers returns how many users there are.
func (s *Store) CountUsers(ctx context.Context) (int64, error) {
	var n int64
	if err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n); err != nil {
		return 0, fmt.Errorf("store.CountUsers: %w", err)
	}
	return n, nil
}

// Users lists every user by e-mail address.
func (s *Store) Users(ctx context.Context) ([]account.User, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store.Users: %w", err)
	}
	defer rows.Close()
	var users []account.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store.Users: %w", err)
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// User returns the user with the given id.
func (s *Store) User(ctx context.Context, id int64) (account.User, error) {
	u, err := scanUser(s.read.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	return u, notFound(err, "store.User(%d)", id)
}

// UserCredentials returns the user with the e-mail address and their
// password hash ("" when they have not set one).
func (s *Store) UserCredentials(ctx context.Context, email string) (account.User, string, error) {
	var hash sql.NullString
	var u account.User
	err := s.read.QueryRowContext(ctx, `
		SELECT `+userColumns+`, password_hash FROM users WHERE email = $1`, email).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &u.CreatedAt, &u.Deactivated, &hash)
	return u, hash.String, notFound(err, "store.UserCredentials(%s)", email)
}

// CreateLink stores a one-time link for a user, which replaces the user's
// earlier unused links: a user has one live link at most, so a link printed
// or mailed before is dead once a new one is written.
func (tx *Tx) CreateLink(ctx context.Context, userID int64, purpose string, hash []byte, expires time.Time) error {
	_, err := tx.exec(ctx, `UPDATE user_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`,
		tx.s.opts.Now().UTC(), userID)
	if err == nil {
		_, err = tx.exec(ctx, `INSERT INTO user_links (token_hash, user_id, purpose, expires_at) VALUES ($1, $2, $3, $4)`,
			hash, userID, purpose, expires.UTC())
	}
	if err != nil {
		return fmt.Errorf("store.CreateLink(user %d): %w", userID, err)
	}
	return nil
}

// Link returns the user and purpose of an unused, unexpired link of a user
// who has no password yet, without using it up. Links set a first password:
// once the user has one, every link of theirs is dead.
func (s *Store) Link(ctx context.Context, hash []byte) (account.User, string, error) {
	return linkUser(ctx, s.read, hash, s.opts.Now())
}

// UseLink consumes a link: it returns the user and purpose, marks the link
// used and ends every session the user has, or fails with ErrLinkUsed.
func (tx *Tx) UseLink(ctx context.Context, hash []byte) (account.User, string, error) {
	u, purpose, err := linkUser(ctx, tx.tx, hash, tx.s.opts.Now())
	if err != nil {
		return u, purpose, err
	}
	if _, err := tx.exec(ctx, `UPDATE user_links SET used_at = $1 WHERE token_hash = $2`, tx.s.opts.Now().UTC(),
		hash); err != nil {
		return account.User{}, "", fmt.Errorf("store.UseLink: %w", err)
	}
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
		return account.User{}, "", fmt.Errorf("store.UseLink(user %d): %w", u.ID, err)
	}
	return u, purpose, nil
}

func linkUser(ctx context.Context, q querier, hash []byte, now time.Time) (account.User, string, error) {
	var u account.User
	var purpose string
	err := q.QueryRowContext(ctx, `
		SELECT u.id, u.email, u.name, u.role, u.password_hash IS NOT NULL, u.created_at, l.purpose
		FROM user_links l JOIN users u ON u.id = l.user_id
		WHERE l.token_hash = $1 AND l.used_at IS NULL AND l.expires_at > $2 AND u.password_hash IS NULL
		  AND u.deactivated_at IS NULL`,
		hash, now.UTC()).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &u.CreatedAt, &purpose)
	if errors.Is(err, sql.ErrNoRows) {
		return account.User{}, "", fmt.Errorf("store.Link: %w", ErrLinkUsed)
	}
	if err != nil {
		return account.User{}, "", fmt.Errorf("store.Link: %w", err)
	}
	return u, purpose, nil
}

// CreateSession stores a session for a user.
func (tx *Tx) CreateSession(ctx context.Context, hash []byte, userID int64, expires time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		hash, userID, tx.s.opts.Now().UTC(), expires.UTC())
	if err != nil {
		return fmt.Errorf("store.CreateSession(user %d): %w", userID, err)
	}
	return nil
}

// Session returns an unexpired session and its user, unless they are
// deactivated.
func (s *Store) Session(ctx context.Context, hash []byte) (account.Session, error) {
	var sess account.Session
	u := &sess.User
	err := s.read.QueryRowContext(ctx, `
		SELECT u.id, u.email, u.name, u.role, u.password_hash IS NOT NULL, u.created_at, u.deactivated_at IS NOT NULL,
			s.created_at, s.expires_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.deactivated_at IS NULL`, hash, s.opts.Now().UTC()).
		Scan(&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &u.CreatedAt, &u.Deactivated, &sess.CreatedAt, &sess.ExpiresAt)
	u.CreatedAt, sess.CreatedAt, sess.ExpiresAt = u.CreatedAt.UTC(), sess.CreatedAt.UTC(), sess.ExpiresAt.UTC()
	return sess, notFound(err, "store.Session")
}

// ExtendSession moves an unexpired session's expiry to until, if that is
// later.
func (tx *Tx) ExtendSession(ctx context.Context, hash []byte, until time.Time) error {
	if _, err := tx.exec(ctx, `UPDATE sessions SET expires_at = $2 WHERE token_hash = $1 AND expires_at > $3 AND expires_at < $2`,
		hash, until.UTC(), tx.s.opts.Now().UTC()); err != nil {
		return fmt.Errorf("store.ExtendSession: %w", err)
	}
	return nil
}

// DeleteSession ends a session.
func (tx *Tx) DeleteSession(ctx context.Context, hash []byte) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, hash); err != nil {
		return fmt.Errorf("store.DeleteSession: %w", err)
	}
	return nil
}

// DeleteOtherSessions ends every session of a user but the one given, as
// after a password change.
func (tx *Tx) DeleteOtherSessions(ctx context.Context, userID int64, keep []byte) error {
	if _, err := tx.exec(ctx, `DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2`, userID,
		keep); err != nil {
		return fmt.Errorf("store.DeleteOtherSessions(user %d): %w", userID, err)
	}
	return nil
}

const tokenColumns = `id, name, role, created_by, created_at, revoked_at`

func scanToken(row scanner) (account.APIToken, error) {
	var t account.APIToken
	var revoked sql.NullTime
	err := row.Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, &t.CreatedAt, &revoked)
	t.CreatedAt = t.CreatedAt.UTC()
	if revoked.Valid {
		t.RevokedAt = revoked.Time.UTC()
	}
	return t, err
}

// CreateAPIToken stores a new API token's hash.
func (tx *Tx) CreateAPIToken(ctx context.Context, name string, role account.Role, hash []byte,
	createdBy int64) (account.APIToken, error) {
	t, err := scanToken(tx.queryRow(ctx, `
		INSERT INTO api_tokens (name, token_hash, role, created_by, created_at) VALUES ($1, $2, $3, $4, $5)
		RETURNING `+tokenColumns, name, hash, role, createdBy, tx.s.opts.Now().UTC()))
	if err != nil {
		return account.APIToken{}, fmt.Errorf("store.CreateAPIToken(%s): %w", name, err)
	}
	return t, nil
}

// RevokeAPIToken stops a token from working and returns it as it was.
func (tx *Tx) RevokeAPIToken(ctx context.Context, id int64) (account.APIToken, error) {
	before, err := scanToken(tx.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE id = $1`, id))
	if err != nil {
		return account.APIToken{}, notFound(err, "store.RevokeAPIToken(%d)", id)
	}
	if _, err := tx.exec(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL`,
		tx.s.opts.Now().UTC(), id); err != nil {
		return account.APIToken{}, fmt.Errorf("store.RevokeAPIToken(%d): %w", id, err)
	}
	return before, nil
}

// APITokens lists every token, newest first.
func (s *Store) APITokens(ctx context.Context) ([]account.APIToken, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+tokenColumns+` FROM api_tokens ORDER BY id DESC`)
	if err != nil {
		return nil, fmt.Errorf("store.APITokens: %w", err)
	}
	defer rows.Close()
	var tokens []account.APIToken
	for rows.Next() {
		t, err := scanToken(rows)
		if err != nil {
			return nil, fmt.Errorf("store.APITokens: %w", err)
		}
		tokens = append(tokens, t)
	}
	return tokens, rows.Err()
}

// APITokenByHash returns the unrevoked token with the hash, and the user
// who created it as they are now: the token's rights depend on both
// (account.APIToken.EffectiveRole).
func (s *Store) APITokenByHash(ctx context.Context, hash []byte) (account.APIToken, account.User, error) {
	var t account.APIToken
	var u account.User
	var revoked sql.NullTime
	err := s.read.QueryRowContext(ctx, `
		SELECT t.id, t.name, t.role, t.created_by, t.created_at, t.revoked_at,
		       u.id, u.email, u.name, u.role, u.password_hash IS NOT NULL, u.created_at, u.deactivated_at IS NOT NULL
		FROM api_tokens t JOIN users u ON u.id = t.created_by
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, hash).
		Scan(&t.ID, &t.Name, &t.Role, &t.CreatedBy, &t.CreatedAt, &revoked,
			&u.ID, &u.Email, &u.Name, &u.Role, &u.Active, &u.CreatedAt, &u.Deactivated)
	t.CreatedAt, u.CreatedAt = t.CreatedAt.UTC(), u.CreatedAt.UTC()
	return t, u, notFound(err, "store.APITokenByHash")
}

// querier is what reads need: a pool or a transaction.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// execOne runs an UPDATE that must touch exactly one row.
func (tx *Tx) execOne(ctx context.Context, op string, id int64, query string, args ...any) error {
	res, err := tx.exec(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("%s(%d): %w", op, id, err)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return fmt.Errorf("%s(%d): %w", op, id, ErrNotFound)
	}
	return nil
}

// notFound turns sql.ErrNoRows into ErrNotFound and names the operation.
func notFound(err error, format string, args ...any) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		err = ErrNotFound
	}
	return fmt.Errorf(format+": %w", append(args, err)...)
}

func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}
