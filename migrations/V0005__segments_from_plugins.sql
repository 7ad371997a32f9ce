-- Merchant segments are whatever the loaded evidence sources serve (each plugin declares
-- its own), so the database no longer fixes the list.
ALTER TABLE merchants DROP CONSTRAINT IF EXISTS merchants_segment_check;
ALTER TABLE merchants ADD CONSTRAINT merchants_segment_is_a_word CHECK (segment ~ '^[a-z][a-z0-9_]{0,39}$');
