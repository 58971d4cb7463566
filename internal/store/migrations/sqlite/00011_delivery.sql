-- +goose Up
-- A letter to a mission is an outbox message with a reply address of its
-- own (plus-addressing on the coalition's mailbox, so that bounces and
-- replies find their delivery), an envelope sender to match, and the signed
-- letter as a PDF attachment, stored with the message so that every attempt
-- sends the same bytes.
ALTER TABLE outbox ADD COLUMN reply_to TEXT NOT NULL DEFAULT '';
ALTER TABLE outbox ADD COLUMN return_path TEXT NOT NULL DEFAULT '';
CREATE TABLE outbox_attachments (
    id           INTEGER PRIMARY KEY,
    outbox_id    INTEGER NOT NULL REFERENCES outbox (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    data         BLOB NOT NULL
);
CREATE INDEX outbox_attachments_message ON outbox_attachments (outbox_id);

-- A delivery: one request to send a campaign's letter to a set of missions
-- (r2p deliver, or the delivery page).
CREATE TABLE deliveries (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    recipients  TEXT NOT NULL, -- as asked: members, observers, all, group:NAME, states:ISO3,...
    station     TEXT NOT NULL,
    actor       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

-- One message per campaign, mission, station and address, whatever the
-- number of deliveries asked: the unique key is what makes a second
-- delivery skip the addresses already written to.
CREATE TABLE delivery_recipients (
    id          INTEGER PRIMARY KEY,
    delivery_id INTEGER NOT NULL REFERENCES deliveries (id),
    campaign_id INTEGER NOT NULL REFERENCES campaigns (id),
    state       TEXT NOT NULL,
    station     TEXT NOT NULL,
    address     TEXT NOT NULL,
    lang        TEXT NOT NULL,
    tag         TEXT NOT NULL UNIQUE, -- the plus-address of its replies
    outbox_id   INTEGER NOT NULL REFERENCES outbox (id),
    UNIQUE (campaign_id, state, station, address)
);
CREATE INDEX delivery_recipients_delivery ON delivery_recipients (delivery_id);

-- +goose Down
DROP TABLE delivery_recipients;
DROP TABLE deliveries;
DROP TABLE outbox_attachments;
ALTER TABLE outbox DROP COLUMN return_path;
ALTER TABLE outbox DROP COLUMN reply_to;
