-- The message store: one set of tables for all channels (SQLite dialect).
-- Status and stage columns hold the one-letter codes of MessageStatus and Stage, which never change.
-- Times are epoch milliseconds. Content columns hold the store's content format: a 1-byte header
-- (0 = stored raw, 1 = LZ4 block with the original length) followed by the bytes.

CREATE TABLE messages (
    id                  INTEGER PRIMARY KEY,  -- MessageId.value: time-ordered, so id order is arrival order
    channel             TEXT    NOT NULL,
    received_at         INTEGER NOT NULL,
    status              TEXT    NOT NULL,
    data_type           TEXT    NOT NULL,
    charset             TEXT    NOT NULL,
    origin              TEXT    NOT NULL,
    message_type        TEXT,
    control_id          TEXT,
    patient_id          TEXT,
    sending_application TEXT,
    sending_facility    TEXT,
    metadata            TEXT    NOT NULL,     -- every metadata entry, as escaped key=value lines
    error               TEXT,
    size                INTEGER NOT NULL,     -- length of the content as received, before compression
    content             BLOB    NOT NULL
);

-- Every SQLite index implicitly ends with the rowid (= id), so each one below also serves
-- "ORDER BY id DESC" paging without a sort.
CREATE INDEX messages_channel      ON messages (channel);
CREATE INDEX messages_received_at  ON messages (received_at);
CREATE INDEX messages_message_type ON messages (message_type) WHERE message_type IS NOT NULL;
CREATE INDEX messages_control_id   ON messages (control_id)   WHERE control_id IS NOT NULL;
CREATE INDEX messages_patient_id   ON messages (patient_id)   WHERE patient_id IS NOT NULL;
-- Almost every message ends SENT; indexing only the others keeps this index small and cheap to
-- maintain. Searches for SENT scan newest-first by id and find matches at once.
CREATE INDEX messages_open_status  ON messages (status)       WHERE status <> 'S';

CREATE TABLE stages (
    seq         INTEGER PRIMARY KEY,          -- insertion order is history order
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    destination TEXT    NOT NULL,             -- '' for the source side
    stage       TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    detail      TEXT,
    content     BLOB
);
CREATE INDEX stages_message ON stages (message_id);

CREATE TABLE deliveries (
    -- The queue position. AUTOINCREMENT guarantees a resend (which replaces the row) gets a seq
    -- larger than any ever used, so a reader paging with afterSeq never skips it.
    seq         INTEGER PRIMARY KEY AUTOINCREMENT,
    message_id  INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    destination TEXT    NOT NULL,
    channel     TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    attempts    INTEGER NOT NULL,
    last_error  TEXT,
    updated_at  INTEGER NOT NULL,
    payload     BLOB,                          -- null: send the message's received content
    UNIQUE (message_id, destination)
);
-- The destination queues: only queued rows, in queue order.
CREATE INDEX deliveries_queue ON deliveries (channel, destination, seq) WHERE status = 'Q';
-- Deliveries still needing attention (queued or errored), for deliveriesWithStatus.
CREATE INDEX deliveries_open  ON deliveries (channel, destination, status, message_id) WHERE status <> 'S';
