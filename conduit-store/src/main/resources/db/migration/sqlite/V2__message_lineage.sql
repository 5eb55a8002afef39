-- Lineage: a message split from another, or handed over by another channel, points to its parent.
ALTER TABLE messages ADD COLUMN parent_id INTEGER;
CREATE INDEX messages_parent ON messages (parent_id) WHERE parent_id IS NOT NULL;
