-- What each site build changed in the served tree: the files it wrote
-- (new or different, with their SHA-256 and size) and the files it removed,
-- by path below the site's root. A copy of the site elsewhere sends exactly
-- these. changes is how many rows a build has, NULL until they are recorded.
ALTER TABLE builds ADD COLUMN changes INTEGER;

CREATE TABLE site_changes (
	build_id INTEGER NOT NULL REFERENCES builds (id) ON DELETE CASCADE,
	path     TEXT NOT NULL,
	removed  INTEGER NOT NULL DEFAULT 0,
	sha256   TEXT NOT NULL DEFAULT '',
	bytes    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (build_id, path)
) WITHOUT ROWID;
