-- Editorial workflow: who wrote and approved each language version, what is
-- live on the site, schedules, revisions, the audit log and API tokens.

-- The language the article is written in first; the others translate it.
ALTER TABLE articles ADD COLUMN source_lang TEXT NOT NULL DEFAULT 'vi';
-- independent: each language goes out when approved; together: all at once.
ALTER TABLE articles ADD COLUMN language_policy TEXT NOT NULL DEFAULT 'independent';
ALTER TABLE articles ADD COLUMN created_by INTEGER REFERENCES users(id);

ALTER TABLE translations ADD COLUMN author_id INTEGER REFERENCES users(id);
ALTER TABLE translations ADD COLUMN last_editor_id INTEGER REFERENCES users(id);
ALTER TABLE translations ADD COLUMN approved_by INTEGER REFERENCES users(id);
-- The version readers see (0 when none). Edits after publication make new
-- versions that stay off the site until they are approved and published.
ALTER TABLE translations ADD COLUMN live_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE translations ADD COLUMN publish_at TIMESTAMP;
ALTER TABLE translations ADD COLUMN unpublish_at TIMESTAMP;
-- The latest version whose change matters to translators (minor edits,
-- such as typo fixes, do not move it).
ALTER TABLE translations ADD COLUMN significant_version INTEGER NOT NULL DEFAULT 1;
-- For a translation: the significant version of the source it was made from.
ALTER TABLE translations ADD COLUMN source_version INTEGER NOT NULL DEFAULT 0;
-- The reviewer's comment when changes were requested.
ALTER TABLE translations ADD COLUMN review_comment TEXT NOT NULL DEFAULT '';

-- What was published before this migration is live at its current version.
UPDATE translations SET live_version = version WHERE status = 'published';

CREATE INDEX translations_live ON translations (live_version) WHERE live_version > 0;
CREATE INDEX translations_schedule ON translations (publish_at) WHERE publish_at IS NOT NULL;
CREATE INDEX translations_unschedule ON translations (unpublish_at) WHERE unpublish_at IS NOT NULL;

-- Every save of a translation, never changed afterwards.
CREATE TABLE revisions (
	id             INTEGER PRIMARY KEY,
	translation_id INTEGER NOT NULL REFERENCES translations(id) ON DELETE CASCADE,
	version        INTEGER NOT NULL,
	title          TEXT NOT NULL,
	slug           TEXT NOT NULL,
	summary        TEXT NOT NULL,
	body           TEXT NOT NULL,
	tags           TEXT NOT NULL DEFAULT '[]', -- JSON array
	editor_id      INTEGER REFERENCES users(id),
	minor          INTEGER NOT NULL DEFAULT 0,
	source_version INTEGER NOT NULL DEFAULT 0,
	created_at     TIMESTAMP NOT NULL,
	UNIQUE (translation_id, version)
);

CREATE TRIGGER revisions_immutable BEFORE UPDATE ON revisions
BEGIN SELECT RAISE(ABORT, 'revisions are immutable'); END;

-- Revisions of the content that existed before this migration.
INSERT INTO revisions (translation_id, version, title, slug, summary, body, tags, created_at)
SELECT t.id, t.version, t.title, t.slug, t.summary, t.body,
	COALESCE((SELECT json_group_array(tag) FROM (SELECT tag FROM translation_tags g WHERE g.translation_id = t.id ORDER BY position)), '[]'),
	t.updated_at
FROM translations t;

-- The accountable record: append-only, each entry chained to the previous
-- one by a SHA-256 hash.
CREATE TABLE audit_log (
	id        INTEGER PRIMARY KEY,
	at        TIMESTAMP NOT NULL,
	actor_id  INTEGER,
	actor     TEXT NOT NULL DEFAULT '',
	addr      TEXT NOT NULL DEFAULT '',
	action    TEXT NOT NULL,
	object    TEXT NOT NULL DEFAULT '',
	detail    TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);

CREATE INDEX audit_log_action ON audit_log (action, at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;

-- Bearer tokens for the JSON API; only a hash of each token is kept.
CREATE TABLE api_tokens (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	hash       TEXT NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL,
	revoked_at TIMESTAMP
);

-- Languages an approver may approve (comma-separated; empty for all).
ALTER TABLE users ADD COLUMN languages TEXT NOT NULL DEFAULT '';

-- Title and summary folded (lower case, no diacritics, đ -> d), so that a
-- search typed with or without diacritics finds the same versions.
ALTER TABLE translations ADD COLUMN folded TEXT NOT NULL DEFAULT '';
UPDATE translations SET folded = fold(title || ' ' || summary);
