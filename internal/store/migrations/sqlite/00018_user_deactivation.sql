-- +goose Up
-- An administrator can deactivate a user: the user can no longer sign in,
-- their sessions and links end, and the API tokens they created stop
-- working. NULL: active. Reactivating sets it back to NULL.
ALTER TABLE users ADD COLUMN deactivated_at TIMESTAMP;

-- +goose Down
ALTER TABLE users DROP COLUMN deactivated_at;
