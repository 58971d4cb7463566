-- +goose Up
-- A campaign may approve a confirmed signature by itself when the
-- organization is already in the registry.
ALTER TABLE campaigns ADD COLUMN auto_approve BOOLEAN NOT NULL DEFAULT FALSE;
-- A signature staff found to repeat another is rejected and points at it.
ALTER TABLE signatures ADD COLUMN duplicate_of BIGINT REFERENCES signatures (id);

-- +goose Down
ALTER TABLE signatures DROP COLUMN duplicate_of;
ALTER TABLE campaigns DROP COLUMN auto_approve;
