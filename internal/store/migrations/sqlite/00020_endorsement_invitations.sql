-- +goose Up
-- An invitation to a signer of an earlier version of a campaign's text to
-- endorse a later one: at most one per signature and version, carrying a
-- one-time link stored by the hash of its secret. Only the signer's
-- contact holds the link: erasing the contact deletes its invitations.
CREATE TABLE endorsement_invitations (
    signature_id INTEGER NOT NULL REFERENCES signatures (id),
    version      INTEGER NOT NULL,  -- the version the signer is asked to endorse
    token_hash   BLOB NOT NULL UNIQUE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP,
    PRIMARY KEY (signature_id, version)
);

-- +goose Down
DROP TABLE endorsement_invitations;
