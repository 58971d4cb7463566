-- +goose Up
-- Mail that came back about the letters to the missions: bounces, delay
-- warnings, automatic replies and replies from people, from the reply
-- mailbox (IMAP) or from files staff uploaded. Each is attached to the
-- letter it is about when its tag, or a Message-ID it refers to, names
-- one; the others are kept unattached for a person to look at.
CREATE TABLE inbound_messages (
    id                    BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    received_at           TIMESTAMPTZ NOT NULL,
    source                TEXT NOT NULL CHECK (source IN ('imap', 'upload', 'cli')),
    source_ref            TEXT NOT NULL,             -- file and index, or IMAP mailbox and UID
    -- The message's Message-ID, or "sha256:" and the digest of its text
    -- when it has none: the same message ingested twice is stored once.
    dedup_key             TEXT NOT NULL UNIQUE,
    message_id            TEXT NOT NULL DEFAULT '',
    kind                  TEXT NOT NULL CHECK (kind IN ('unknown', 'hard_bounce', 'soft_bounce', 'delay', 'auto_reply', 'human_reply', 'delivered')),
    reason                TEXT NOT NULL,
    tag                   TEXT NOT NULL DEFAULT '',
    delivery_recipient_id BIGINT REFERENCES delivery_recipients (id),
    attached_by           TEXT NOT NULL DEFAULT '' CHECK (attached_by IN ('', 'tag', 'references')),
    status_code           TEXT NOT NULL DEFAULT '',  -- e.g. 5.1.1, for a report
    diagnostic            TEXT NOT NULL DEFAULT '',
    from_addr             TEXT NOT NULL DEFAULT '',
    from_name             TEXT NOT NULL DEFAULT '',
    subject               TEXT NOT NULL DEFAULT '',
    sent_at               TIMESTAMPTZ,               -- the message's Date
    excerpt               TEXT NOT NULL DEFAULT '',
    raw                   BYTEA NOT NULL,            -- the message, its first MiB
    raw_size              BIGINT NOT NULL           -- its whole size in bytes
);
CREATE INDEX inbound_messages_recipient ON inbound_messages (delivery_recipient_id);

-- +goose Down
DROP TABLE inbound_messages;
