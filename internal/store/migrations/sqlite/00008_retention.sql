-- +goose Up
ALTER TABLE campaigns ADD COLUMN closed_at TIMESTAMP;
ALTER TABLE signatures ADD COLUMN contact_erased_at TIMESTAMP;

-- +goose Down
ALTER TABLE signatures DROP COLUMN contact_erased_at;
ALTER TABLE campaigns DROP COLUMN closed_at;
