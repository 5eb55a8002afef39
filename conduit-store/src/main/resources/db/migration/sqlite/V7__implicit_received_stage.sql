-- The RECEIVED stage is no longer a row: every message has exactly one, at its received_at, first in
-- its history, so the store reads it from the message (statement "stages") instead of writing a row
-- per message. The rows written before are removed so that it is not shown twice.
DELETE FROM stages WHERE stage = 'R' AND destination = '';
