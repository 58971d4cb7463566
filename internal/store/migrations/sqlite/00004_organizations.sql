-- +goose Up
CREATE TABLE organizations (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL,
    acronym        TEXT NOT NULL DEFAULT '',
    countries      TEXT NOT NULL DEFAULT '[]',  -- JSON array of ISO3 codes
    country_labels TEXT NOT NULL DEFAULT '[]',  -- JSON array, parallel to countries
    place          TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    type           TEXT NOT NULL CHECK (type IN ('ngo', 'network', 'academic', 'faith-based', 'other')),
    aliases        TEXT NOT NULL DEFAULT '[]',  -- JSON array
    notes          TEXT NOT NULL DEFAULT '',
    search_text    TEXT NOT NULL DEFAULT '',    -- names folded for searching
    merged_into    INTEGER REFERENCES organizations (id),
    created_at     TIMESTAMP NOT NULL,
    updated_at     TIMESTAMP NOT NULL
);
CREATE INDEX organizations_merged_into ON organizations (merged_into);

CREATE TABLE organization_merges (
    id            INTEGER PRIMARY KEY,
    source_id     INTEGER NOT NULL REFERENCES organizations (id),
    target_id     INTEGER NOT NULL REFERENCES organizations (id),
    added_aliases TEXT NOT NULL DEFAULT '[]',
    created_at    TIMESTAMP NOT NULL,
    undone_at     TIMESTAMP
);
CREATE INDEX organization_merges_source ON organization_merges (source_id);
CREATE INDEX organization_merges_target ON organization_merges (target_id);

-- +goose Down
DROP TABLE organization_merges;
DROP TABLE organizations;
