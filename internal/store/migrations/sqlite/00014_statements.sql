-- +goose Up
-- What governments say at the UN: events (debates, meetings), the
-- statements made at them, ad hoc lists of states that a joint statement
-- spoke for, and a full-text index of the statements.
CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    body       TEXT NOT NULL CHECK (body IN ('ga-plenary', 'ga-informal-dialogue', 'sc-open-debate', 'hrc', 'other')),
    title      TEXT NOT NULL CHECK (title <> ''),
    year       INTEGER NOT NULL,
    start_date TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, '' when not known
    end_date   TEXT NOT NULL DEFAULT '',
    session    TEXT NOT NULL DEFAULT '',
    symbols    TEXT NOT NULL DEFAULT '[]', -- JSON array of document symbols
    created_at TIMESTAMP NOT NULL,
    UNIQUE (body, year, title)
);

-- The campaigns that targeted an event.
CREATE TABLE event_campaigns (
    event_id    INTEGER NOT NULL REFERENCES events (id) ON DELETE CASCADE,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, campaign_id)
);
CREATE INDEX event_campaigns_campaign ON event_campaigns (campaign_id);

-- Lists of states typed by staff for joint statements on behalf of a
-- group the reference data does not know; a statement names one as
-- on_behalf_of 'list:ID'.
CREATE TABLE statement_groups (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL CHECK (name <> ''),
    members    TEXT NOT NULL,               -- JSON array of state codes
    as_of      TEXT NOT NULL,               -- YYYY-MM-DD
    source     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

-- The text is stored once, normalized, and never changed: codes of the
-- codebook point into it by byte offset (see the trigger below).
-- dedup_key makes an import idempotent: a record's turn by symbol and
-- order, else a speaker's text by its hash.
CREATE TABLE statements (
    id            INTEGER PRIMARY KEY,
    event_id      INTEGER NOT NULL REFERENCES events (id),
    speaker_kind  TEXT NOT NULL CHECK (speaker_kind IN ('state', 'organization', 'official')),
    speaker       TEXT NOT NULL DEFAULT '',  -- ISO3 or reference code (EUU, SUN), or AU, SG...
    speaker_name  TEXT NOT NULL DEFAULT '',
    speaker_title TEXT NOT NULL DEFAULT '',
    on_behalf_of  TEXT NOT NULL DEFAULT '',  -- a group's name, or 'list:ID'
    language      TEXT NOT NULL DEFAULT '',  -- ISO 639-1
    date          TEXT NOT NULL DEFAULT '',  -- YYYY-MM-DD, '' when only the year is known
    year          INTEGER NOT NULL,
    position      INTEGER NOT NULL DEFAULT 0, -- order in the meeting, 0 when not known
    procedural    BOOLEAN NOT NULL DEFAULT FALSE,
    source_symbol TEXT NOT NULL DEFAULT '',
    source_page   INTEGER NOT NULL DEFAULT 0,
    source_url    TEXT NOT NULL DEFAULT '',
    source_file   TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    text          TEXT NOT NULL CHECK (text <> ''),
    text_hash     TEXT NOT NULL,             -- SHA-256 of text, hex
    dedup_key     TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    UNIQUE (event_id, dedup_key)
);
CREATE INDEX statements_event ON statements (event_id, position);
CREATE INDEX statements_speaker ON statements (speaker, year);
CREATE INDEX statements_year ON statements (year);

-- +goose StatementBegin
CREATE TRIGGER statements_text_immutable BEFORE UPDATE OF text ON statements
WHEN NEW.text IS NOT OLD.text
BEGIN
    SELECT RAISE(ABORT, 'statement text is immutable: codes point into it');
END;
-- +goose StatementEnd

-- The full-text index holds no copy of the text: it reads it from
-- statements (external content), kept in step by the triggers.
CREATE VIRTUAL TABLE statements_fts USING fts5(
    text, content = 'statements', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);

-- +goose StatementBegin
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts (statements_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER statements_fts_delete;
DROP TRIGGER statements_fts_insert;
DROP TABLE statements_fts;
DROP TRIGGER statements_text_immutable;
DROP TABLE statements;
DROP TABLE statement_groups;
DROP TABLE event_campaigns;
DROP TABLE events;
