-- Named statements of the JDBC message store, PostgreSQL dialect.
-- Each statement starts with a "-- name: <name>" line; StatementSet reads them. Parameter order is
-- part of the contract with the Java code and is the same in every dialect's file.
-- Status/stage literals are the one-letter codes of MessageStatus and Stage. Literal 'Q' and
-- "status <> 'S'" terms are written out (not bound) so the planner can use the partial indexes.

-- ---- writes ----------------------------------------------------------------------------------

-- name: insertMessage
INSERT INTO messages (id, channel, received_at, status, data_type, charset, origin, message_type, control_id,
                      patient_id, sending_application, sending_facility, metadata, error, size, content, parent_id)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- name: insertStage
INSERT INTO stages (message_id, destination, stage, at, detail, content) VALUES (?, ?, ?, ?, ?, ?)

-- (message_id, destination, channel, updated_at, payload, from_transformed, lane, lane again).
-- On a resend the row is reset: a new seq from deliveries_seq (the back of the queue), attempts 0, the
-- new payload; a null payload, from_transformed or lane keeps the earlier value.
-- name: enqueue
INSERT INTO deliveries (message_id, destination, channel, status, attempts, last_error, updated_at, payload,
                        from_transformed, lane)
VALUES (?, ?, ?, 'Q', 0, NULL, ?, ?, ?, COALESCE(?, 0))
ON CONFLICT (message_id, destination) DO UPDATE
SET seq = nextval('deliveries_seq'), channel = EXCLUDED.channel, status = 'Q', attempts = 0, last_error = NULL,
    updated_at = EXCLUDED.updated_at, payload = COALESCE(EXCLUDED.payload, deliveries.payload),
    from_transformed = COALESCE(EXCLUDED.from_transformed, deliveries.from_transformed),
    lane = COALESCE(?, deliveries.lane)

-- (id). Skips the row write when nothing changes, which is the common case.
-- name: markQueued
UPDATE messages SET status = 'Q', error = NULL WHERE id = ? AND (status <> 'Q' OR error IS NOT NULL)

-- (attempts, last_error, updated_at, message_id, destination)
-- name: recordAttempt
UPDATE deliveries SET attempts = ?, last_error = ?, updated_at = ?
WHERE message_id = ? AND destination = ? AND status = 'Q'

-- (status, attempts, error or null to keep, updated_at, message_id, destination)
-- name: completeDelivery
UPDATE deliveries SET status = ?, attempts = ?, last_error = COALESCE(?, last_error), updated_at = ?
WHERE message_id = ? AND destination = ?

-- (id, id)
-- name: markSentWhenDone
UPDATE messages SET status = 'S', error = NULL
WHERE id = ? AND NOT EXISTS (SELECT 1 FROM deliveries WHERE message_id = ? AND status IN ('Q', 'E'))

-- (status, error, id)
-- name: setStatus
UPDATE messages SET status = ?, error = ? WHERE id = ?

-- (lane, message_id, destination)
-- name: setLane
UPDATE deliveries SET lane = ? WHERE message_id = ? AND destination = ?

-- (channel, destination): a single lane again.
-- name: resetLanes
UPDATE deliveries SET lane = 0 WHERE channel = ? AND destination = ? AND status <> 'S' AND lane <> 0

-- name: auditLast
SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1

-- (seq, at, actor, address, action, channel, message_ids, detail, previous_hash, hash)
-- name: auditInsert
INSERT INTO audit (seq, at, actor, address, action, channel, message_ids, detail, previous_hash, hash)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)

-- (username, password_hash, role, created_at, disabled); fails on an existing username
-- name: createUser
INSERT INTO users (username, password_hash, role, created_at, disabled) VALUES (?, ?, ?, ?, ?)

-- (password_hash or null, role or null, disabled or null, username): only the given fields change
-- name: updateUser
UPDATE users SET password_hash = COALESCE(?, password_hash), role = COALESCE(?, role), disabled = COALESCE(?, disabled)
WHERE username = ?

-- name: deleteUser
DELETE FROM users WHERE username = ?

-- (id, name, secret_hash, role, created_by, created_at, expires_at)
-- name: saveToken
INSERT INTO api_tokens (id, name, secret_hash, role, created_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)

-- name: deleteToken
DELETE FROM api_tokens WHERE id = ?

-- ---- reads -----------------------------------------------------------------------------------

-- name: findMessage
SELECT id, channel, received_at, status, data_type, charset, origin, metadata, error, content, parent_id
FROM messages WHERE id = ?

-- The received content, which stage content stored as a delta decodes against.
-- name: messageContent
SELECT content FROM messages WHERE id = ?

-- name: children
SELECT id FROM messages WHERE parent_id = ? ORDER BY id

-- (id, id). The RECEIVED stage has no row (it would repeat the message's received_at): it is read
-- from the message, first.
-- name: stages
SELECT ''::text AS destination, 'R'::text AS stage, received_at AS at, NULL::text AS detail, NULL::bytea AS content,
       0::bigint AS seq
FROM messages WHERE id = ?
UNION ALL
SELECT destination, stage, at, detail, content, seq FROM stages WHERE message_id = ?
ORDER BY seq

-- name: deliveries
SELECT destination, channel, status, attempts, last_error, updated_at FROM deliveries
WHERE message_id = ? ORDER BY seq

-- (channel, destination, lane, afterSeq, limit): one lane's queue (lane 0 with a single lane). The message
-- content is read only when the delivery has
-- no payload of its own.
-- name: pending
SELECT d.seq, d.message_id, d.attempts, d.payload, m.received_at, m.charset, m.metadata,
       CASE WHEN d.payload IS NOT NULL THEN NULL
            WHEN d.from_transformed = 1 THEN (SELECT s.content FROM stages s WHERE s.message_id = d.message_id
                                              AND s.destination = '' AND s.stage = 'T' ORDER BY s.seq DESC LIMIT 1)
            ELSE m.content END AS content,
       CASE WHEN d.payload IS NOT NULL OR d.from_transformed = 1 THEN m.content END AS base
FROM deliveries d JOIN messages m ON m.id = d.message_id
WHERE d.channel = ? AND d.destination = ? AND d.status = 'Q' AND d.lane = ? AND d.seq > ?
ORDER BY d.seq LIMIT ?

-- (channel, destination): the lane and lane key source of every open delivery (queued or errored), served by
-- deliveries_open; a channel starting with other lanes assigns them again.
-- name: openLanes
SELECT d.message_id, d.lane, m.metadata FROM deliveries d JOIN messages m ON m.id = d.message_id
WHERE d.channel = ? AND d.destination = ? AND d.status <> 'S'

-- name: queueDepth
SELECT count(*) FROM deliveries WHERE channel = ? AND destination = ? AND status = 'Q'

-- (channel, destination, status, limit) for QUEUED and ERRORED: served by deliveries_open.
-- name: deliveriesWithOpenStatus
SELECT message_id FROM deliveries
WHERE channel = ? AND destination = ? AND status = ? AND status <> 'S'
ORDER BY message_id LIMIT ?

-- (channel, destination, status, limit) for any status.
-- name: deliveriesWithStatus
SELECT message_id FROM deliveries WHERE channel = ? AND destination = ? AND status = ?
ORDER BY message_id LIMIT ?

-- A WHERE term of the search: the metadata contains the (LIKE-escaped, '%'-wrapped) text, ignoring case.
-- name: metadataContains
metadata ILIKE ? ESCAPE '!'

-- The search head; MessageSearch appends portable WHERE terms, "ORDER BY id DESC LIMIT ?".
-- name: search
SELECT id, channel, received_at, status, data_type, metadata, size, error FROM messages

-- (afterSeq, limit)
-- name: auditEntries
SELECT seq, at, actor, address, action, channel, message_ids, detail, previous_hash, hash FROM audit
WHERE seq > ? ORDER BY seq LIMIT ?

-- (id, destination): what was or will be sent, as in "pending", whatever the delivery's status; "base"
-- (what a delta decodes against) only when the content is not the received content itself.
-- name: deliveryContent
SELECT CASE WHEN d.payload IS NOT NULL THEN d.payload
            WHEN d.from_transformed = 1 THEN (SELECT s.content FROM stages s WHERE s.message_id = d.message_id
                                              AND s.destination = '' AND s.stage = 'T' ORDER BY s.seq DESC LIMIT 1)
            ELSE m.content END AS content,
       CASE WHEN d.payload IS NOT NULL OR d.from_transformed = 1 THEN m.content END AS base
FROM deliveries d JOIN messages m ON m.id = d.message_id
WHERE d.message_id = ? AND d.destination = ?

-- (channel, destination): the received time of the queue's head, served by deliveries_queue.
-- name: oldestQueued
SELECT m.received_at FROM deliveries d JOIN messages m ON m.id = d.message_id
WHERE d.channel = ? AND d.destination = ? AND d.status = 'Q'
ORDER BY d.seq LIMIT 1

-- The audit search head; AuditSearch appends WHERE terms, "ORDER BY seq DESC LIMIT ?".
-- name: auditSearch
SELECT seq, at, actor, address, action, channel, message_ids, detail, previous_hash, hash FROM audit

-- name: user
SELECT username, password_hash, role, created_at, disabled FROM users WHERE username = ?

-- name: users
SELECT username, password_hash, role, created_at, disabled FROM users ORDER BY username

-- name: token
SELECT id, name, secret_hash, role, created_by, created_at, expires_at FROM api_tokens WHERE id = ?

-- name: tokens
SELECT id, name, secret_hash, role, created_by, created_at, expires_at FROM api_tokens ORDER BY created_at DESC
