-- +goose Up
ALTER TABLE signatures ADD COLUMN organization_id INTEGER REFERENCES organizations (id);
ALTER TABLE signatures ADD COLUMN reject_reason TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE signatures DROP COLUMN reject_reason;
ALTER TABLE signatures DROP COLUMN organization_id;
