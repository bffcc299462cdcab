-- Structured facts of a language version (a park's area, an event's dates),
-- as a JSON object, kept in every revision like the text.
ALTER TABLE translations ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE revisions ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
