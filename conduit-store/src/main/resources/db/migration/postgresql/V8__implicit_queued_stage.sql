-- The QUEUED stage is no longer a row either: a message was queued, at its receipt, for every
-- destination it has a delivery row for (a resend records RESENT, and is refused where the message
-- was never queued), so the store derives those stages from the deliveries when it reads a history.
DELETE FROM stages WHERE stage = 'Q';
