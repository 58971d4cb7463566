-- +goose Up
-- A message to a signer's contact names its signature, so that erasing the
-- contact reaches the copy of the address and of the text sent to it.
ALTER TABLE outbox ADD COLUMN signature_id BIGINT REFERENCES signatures (id);
CREATE INDEX outbox_signature ON outbox (signature_id);

-- The messages queued before: a signer's confirmation is the one that is
-- not a letter to a mission and carries its campaign's confirmation link.
-- It belongs to a signature of that campaign given with its recipient.
UPDATE outbox SET signature_id = (
    SELECT max(s.id) FROM signatures s JOIN campaigns c ON c.id = s.campaign_id
    WHERE s.contact_email = outbox.recipient AND outbox.text_body LIKE '%/c/' || c.slug || '/confirm/%')
WHERE id NOT IN (SELECT outbox_id FROM delivery_recipients);

-- A confirmation that belongs to no signature any more went to a contact
-- erased before this migration: it is erased now, as the store erases one
-- (see eraseSignatureMail in internal/store/erasure.go).
UPDATE outbox SET recipient = 'erased', text_body = '', html_body = '',
    last_error = CASE WHEN status IN ('queued', 'sending') THEN 'not sent: the contact was erased' ELSE '' END,
    status = CASE WHEN status IN ('queued', 'sending') THEN 'failed' ELSE status END,
    locked_until = NULL
WHERE signature_id IS NULL AND id NOT IN (SELECT outbox_id FROM delivery_recipients)
    AND EXISTS (SELECT 1 FROM campaigns c WHERE outbox.text_body LIKE '%/c/' || c.slug || '/confirm/%');

-- +goose Down
DROP INDEX outbox_signature;
ALTER TABLE outbox DROP COLUMN signature_id;
