-- Delivery lanes: a destination may deliver its queue over several lanes at once. Each open
-- delivery row carries its lane (0 with a single lane): the hash of the destination's lane key
-- (e.g. the patient id) modulo the lane count, so messages with the same key keep their order.
-- When a channel starts with a different lane count or key, it assigns its open rows again.
ALTER TABLE deliveries ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
-- Each lane seeks straight to its own queued rows.
DROP INDEX deliveries_queue;
CREATE INDEX deliveries_queue ON deliveries (channel, destination, lane, seq) WHERE status = 'Q';
