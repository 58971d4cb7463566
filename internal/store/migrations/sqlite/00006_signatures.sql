-- +goose Up
CREATE TABLE signatures (
    id             INTEGER PRIMARY KEY,
    campaign_id    INTEGER NOT NULL REFERENCES campaigns (id),
    version        INTEGER NOT NULL,
    name           TEXT NOT NULL,
    name_key       TEXT NOT NULL,  -- the name folded, to keep one signature per organization and address
    acronym        TEXT NOT NULL DEFAULT '',
    countries      TEXT NOT NULL DEFAULT '[]',
    country_labels TEXT NOT NULL DEFAULT '[]',
    city           TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    type           TEXT NOT NULL,
    contact_name   TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    display        TEXT NOT NULL CHECK (display IN ('named', 'anonymous', 'counted')),
    lang           TEXT NOT NULL,
    status         TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'approved', 'rejected', 'withdrawn')),
    ip             TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMP NOT NULL,
    confirmed_at   TIMESTAMP,
    UNIQUE (campaign_id, name_key, contact_email)
);
CREATE INDEX signatures_campaign_status ON signatures (campaign_id, status);

-- One-time links sent to a signature's contact: confirm, later withdraw.
CREATE TABLE signature_links (
    token_hash   BLOB PRIMARY KEY,
    signature_id INTEGER NOT NULL REFERENCES signatures (id),
    purpose      TEXT NOT NULL CHECK (purpose IN ('confirm', 'withdraw')),
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP
);

-- +goose Down
DROP TABLE signature_links;
DROP TABLE signatures;
