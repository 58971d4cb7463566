-- +goose Up
-- One organization, one signature per mailbox rather than per address:
-- email_key is the contact's address as signon.AddressKey counts it (no
-- plus-tag; at Gmail, no dots), so that victim+1@ and victim+2@ are one
-- contact. The address itself stays in contact_email as it was given.
-- Rows signed before this migration keep their address as their key: they
-- were unique by address, so they stay unique; a later signature from the
-- same mailbox meets the first of them that has no tag.
ALTER TABLE signatures ADD COLUMN email_key TEXT NOT NULL DEFAULT '';
UPDATE signatures SET email_key = contact_email;
CREATE UNIQUE INDEX signatures_campaign_name_mailbox ON signatures (campaign_id, name_key, email_key);

-- Secrets the server keeps across restarts and shares between instances,
-- by purpose: the key that signs the time a sign-on form was served.
CREATE TABLE server_keys (
    name       TEXT PRIMARY KEY,
    secret     BYTEA NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- +goose Down
DROP TABLE server_keys;
DROP INDEX signatures_campaign_name_mailbox;
ALTER TABLE signatures DROP COLUMN email_key;
