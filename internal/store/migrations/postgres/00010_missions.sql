-- +goose Up
-- The directory of permanent missions: one row per state and duty station.
-- r2p ships no rows; each coalition loads its own (r2p missions import).
CREATE TABLE missions (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    state          TEXT NOT NULL CHECK (length(state) = 3),  -- ISO 3166-1 alpha-3
    station        TEXT NOT NULL CHECK (station <> ''),
    emails         TEXT NOT NULL DEFAULT '[]',                -- JSON array
    postal_address TEXT NOT NULL DEFAULT '',
    head_name      TEXT NOT NULL DEFAULT '',
    head_title     TEXT NOT NULL DEFAULT '',
    salutation     TEXT NOT NULL DEFAULT '',
    language       TEXT NOT NULL DEFAULT '' CHECK (language IN ('', 'ar', 'zh', 'en', 'fr', 'ru', 'es')),
    updated_at     TIMESTAMPTZ NOT NULL,
    UNIQUE (state, station)
);

-- +goose Down
DROP TABLE missions;
