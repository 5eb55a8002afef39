-- The audit log: append-only, each entry chained to the previous one by a SHA-256 hash (AuditChain).
-- seq is assigned by the store's single writer (no gaps), so a deleted entry leaves a gap.
CREATE TABLE audit (
    seq           BIGINT PRIMARY KEY,
    at            BIGINT NOT NULL,     -- epoch milliseconds
    actor         TEXT    NOT NULL,
    address       TEXT    NOT NULL,
    action        TEXT    NOT NULL,
    channel       TEXT    NOT NULL,
    message_ids   TEXT    NOT NULL,     -- comma-separated message ids
    detail        TEXT    NOT NULL,
    previous_hash TEXT    NOT NULL,
    hash          TEXT    NOT NULL
);
