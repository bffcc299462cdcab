-- What the served site shows of each language version: the version its
-- pages show (0: none), and, when the last build left it out or failed,
-- why. A version is "published" for readers only once site_version is its
-- live_version.
ALTER TABLE translations ADD COLUMN site_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE translations ADD COLUMN site_error TEXT NOT NULL DEFAULT '';
ALTER TABLE translations ADD COLUMN site_build INTEGER NOT NULL DEFAULT 0;
