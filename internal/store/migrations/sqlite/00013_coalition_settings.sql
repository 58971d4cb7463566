-- +goose Up
-- The coalition's own details, printed at the head of its letters to
-- governments: one row, written from /admin/settings. Without it, letters
-- take the name of --coalition (R2P_COALITION).
CREATE TABLE coalition_settings (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    name       TEXT NOT NULL CHECK (name <> ''),
    place      TEXT NOT NULL DEFAULT '',  -- where letters are written, such as New York
    signature  TEXT NOT NULL DEFAULT '',  -- the name that signs them, if not the coalition's
    logo       BLOB,                      -- a PNG or JPEG image, or NULL
    updated_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE coalition_settings;
