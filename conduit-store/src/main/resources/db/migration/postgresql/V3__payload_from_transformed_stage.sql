-- A delivery may send the content of its message's source-side TRANSFORMED stage instead of a
-- payload of its own (1), so transformed content is stored once. NULL/0: its payload, else the
-- received content.
ALTER TABLE deliveries ADD COLUMN from_transformed INTEGER;
