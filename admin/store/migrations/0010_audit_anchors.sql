-- Each build records the newest entry of the audit log when it started
-- (its id and hash): an anchor that `portal audit verify` checks, so that
-- removing the newest entries of the log does not go unnoticed.
ALTER TABLE builds ADD COLUMN audit_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE builds ADD COLUMN audit_hash TEXT NOT NULL DEFAULT '';
