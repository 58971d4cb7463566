-- +goose Up
-- SQLite, unlike PostgreSQL, lets a PRIMARY KEY column hold NULL unless it
-- is declared NOT NULL (an old bug it keeps for compatibility), so these
-- three tables took a link or a session without a token hash. ALTER TABLE
-- cannot add NOT NULL: each table is made again under a new name, its rows
-- copied, the old one dropped and the new one renamed. A row without a hash
-- could never be looked up by one, so it is not copied. No table refers to
-- these three, and their own references are checked as the rows go in.
CREATE TABLE user_links_new (
    token_hash BLOB NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'invite')),
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
INSERT INTO user_links_new (token_hash, user_id, purpose, expires_at, used_at)
    SELECT token_hash, user_id, purpose, expires_at, used_at FROM user_links WHERE token_hash IS NOT NULL;
DROP TABLE user_links;
ALTER TABLE user_links_new RENAME TO user_links;
CREATE INDEX user_links_user ON user_links (user_id);

CREATE TABLE sessions_new (
    token_hash BLOB NOT NULL PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
INSERT INTO sessions_new (token_hash, user_id, created_at, expires_at)
    SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE signature_links_new (
    token_hash   BLOB NOT NULL PRIMARY KEY,
    signature_id INTEGER NOT NULL REFERENCES signatures (id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('confirm', 'withdraw')),
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP
);
INSERT INTO signature_links_new (token_hash, signature_id, purpose, expires_at, used_at)
    SELECT token_hash, signature_id, purpose, expires_at, used_at FROM signature_links WHERE token_hash IS NOT NULL;
DROP TABLE signature_links;
ALTER TABLE signature_links_new RENAME TO signature_links;

-- +goose Down
CREATE TABLE signature_links_old (
    token_hash   BLOB PRIMARY KEY,
    signature_id INTEGER NOT NULL REFERENCES signatures (id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('confirm', 'withdraw')),
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP
);
INSERT INTO signature_links_old SELECT token_hash, signature_id, purpose, expires_at, used_at FROM signature_links;
DROP TABLE signature_links;
ALTER TABLE signature_links_old RENAME TO signature_links;

CREATE TABLE sessions_old (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
INSERT INTO sessions_old SELECT token_hash, user_id, created_at, expires_at FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_old RENAME TO sessions;
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE user_links_old (
    token_hash BLOB PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('setup', 'invite')),
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
INSERT INTO user_links_old SELECT token_hash, user_id, purpose, expires_at, used_at FROM user_links;
DROP TABLE user_links;
ALTER TABLE user_links_old RENAME TO user_links;
CREATE INDEX user_links_user ON user_links (user_id);
