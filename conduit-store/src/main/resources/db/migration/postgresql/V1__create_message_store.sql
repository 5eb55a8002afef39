-- The message store: one set of tables for all channels (PostgreSQL dialect).
-- Same model as db/migration/sqlite/V1: status and stage columns hold the one-letter codes of
-- MessageStatus and Stage; times are epoch milliseconds; content columns hold the store's content
-- format (1-byte header: 0 = raw, 1 = LZ4 with the original length).

CREATE TABLE messages (
    id                  BIGINT  PRIMARY KEY,  -- MessageId.value: time-ordered
    channel             TEXT    NOT NULL,
    received_at         BIGINT  NOT NULL,
    status              TEXT    NOT NULL,
    data_type           TEXT    NOT NULL,
    charset             TEXT    NOT NULL,
    origin              TEXT    NOT NULL,
    message_type        TEXT,
    control_id          TEXT,
    patient_id          TEXT,
    sending_application TEXT,
    sending_facility    TEXT,
    metadata            TEXT    NOT NULL,
    error               TEXT,
    size                INTEGER NOT NULL,
    content             BYTEA   NOT NULL
);
-- Content is already compressed by the store: keep TOAST from compressing it again.
ALTER TABLE messages ALTER COLUMN content SET STORAGE EXTERNAL;

-- PostgreSQL has no implicit rowid in indexes: each search index ends with id explicitly.
CREATE INDEX messages_channel      ON messages (channel, id);
CREATE INDEX messages_received_at  ON messages (received_at, id);
CREATE INDEX messages_message_type ON messages (message_type, id) WHERE message_type IS NOT NULL;
CREATE INDEX messages_control_id   ON messages (control_id, id)   WHERE control_id IS NOT NULL;
CREATE INDEX messages_patient_id   ON messages (patient_id, id)   WHERE patient_id IS NOT NULL;
CREATE INDEX messages_open_status  ON messages (status, id)       WHERE status <> 'S';

CREATE TABLE stages (
    seq         BIGINT  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    message_id  BIGINT  NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    destination TEXT    NOT NULL,
    stage       TEXT    NOT NULL,
    at          BIGINT  NOT NULL,
    detail      TEXT,
    content     BYTEA
);
ALTER TABLE stages ALTER COLUMN content SET STORAGE EXTERNAL;
CREATE INDEX stages_message ON stages (message_id, seq);

-- Queue positions; a resend takes a new value so the delivery moves to the back of the queue.
CREATE SEQUENCE deliveries_seq;

CREATE TABLE deliveries (
    message_id  BIGINT  NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    destination TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    seq         BIGINT  NOT NULL DEFAULT nextval('deliveries_seq'),
    attempts    INTEGER NOT NULL,
    last_error  TEXT,
    updated_at  BIGINT  NOT NULL,
    payload     BYTEA,
    PRIMARY KEY (message_id, destination)
);
ALTER TABLE deliveries ALTER COLUMN payload SET STORAGE EXTERNAL;
CREATE INDEX deliveries_queue ON deliveries (channel, destination, seq) WHERE status = 'Q';
CREATE INDEX deliveries_open  ON deliveries (channel, destination, status, message_id) WHERE status <> 'S';
