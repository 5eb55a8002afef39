-- Delivery lanes: a destination may deliver its queue over several lanes at once. Each queued row
-- carries a non-negative hash of its lane key (e.g. the patient id; 0 without one), and lane i of n
-- takes the rows whose lane_hash % n = i, so messages with the same key keep their order. The hash
-- is stored rather than a lane number so the lane count can change between deployments.
ALTER TABLE deliveries ADD COLUMN lane_hash INTEGER NOT NULL DEFAULT 0;
-- The queue index also holds the hash, so a lane skips the other lanes' rows without reading them.
DROP INDEX deliveries_queue;
CREATE INDEX deliveries_queue ON deliveries (channel, destination, seq, lane_hash) WHERE status = 'Q';
