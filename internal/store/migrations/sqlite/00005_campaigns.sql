-- +goose Up
CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    status      TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed', 'delivered')),
    event_name  TEXT NOT NULL,
    event_date  TEXT NOT NULL DEFAULT '',
    event_place TEXT NOT NULL DEFAULT '',
    opens_at    TIMESTAMP,
    deadline    TIMESTAMP,
    time_zone   TEXT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL
);

-- The letter's text in every language, one row per version; signatures
-- will name the version they endorsed.
CREATE TABLE campaign_versions (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    number      INTEGER NOT NULL,
    texts       TEXT NOT NULL,  -- JSON array of {lang, title, body, asks}
    created_at  TIMESTAMP NOT NULL,
    UNIQUE (campaign_id, number)
);

-- +goose Down
DROP TABLE campaign_versions;
DROP TABLE campaigns;
