-- Units own articles and users: departments, agencies, districts.
CREATE TABLE units (
	id         INTEGER PRIMARY KEY,
	key        TEXT NOT NULL UNIQUE,
	kind       TEXT NOT NULL,
	created_at TIMESTAMP NOT NULL
);

CREATE TABLE unit_names (
	unit_id INTEGER NOT NULL REFERENCES units(id) ON DELETE CASCADE,
	lang    TEXT NOT NULL,
	name    TEXT NOT NULL,
	PRIMARY KEY (unit_id, lang)
);

-- Content areas of the site, with a name and URL segment per language.
CREATE TABLE areas (
	id     INTEGER PRIMARY KEY,
	key    TEXT NOT NULL UNIQUE,
	weight INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE area_names (
	area_id     INTEGER NOT NULL REFERENCES areas(id) ON DELETE CASCADE,
	lang        TEXT NOT NULL,
	name        TEXT NOT NULL,
	slug        TEXT NOT NULL,
	description TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (area_id, lang),
	UNIQUE (lang, slug)
);

CREATE TABLE users (
	id            INTEGER PRIMARY KEY,
	username      TEXT NOT NULL UNIQUE COLLATE NOCASE,
	password_hash TEXT NOT NULL,
	role          TEXT NOT NULL,
	unit_id       INTEGER REFERENCES units(id),
	disabled      INTEGER NOT NULL DEFAULT 0,
	created_at    TIMESTAMP NOT NULL
);

CREATE TABLE articles (
	id             INTEGER PRIMARY KEY,
	area_id        INTEGER NOT NULL REFERENCES areas(id),
	kind           TEXT NOT NULL,
	unit_id        INTEGER REFERENCES units(id),
	source_key     TEXT UNIQUE,
	internal_notes TEXT NOT NULL DEFAULT '',
	created_at     TIMESTAMP NOT NULL,
	updated_at     TIMESTAMP NOT NULL
);

-- One language version of an article. The slug is unique per language and
-- is locked once the translation has been published.
CREATE TABLE translations (
	id           INTEGER PRIMARY KEY,
	article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	lang         TEXT NOT NULL,
	title        TEXT NOT NULL,
	slug         TEXT NOT NULL,
	summary      TEXT NOT NULL DEFAULT '',
	body         TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL DEFAULT 'draft',
	version      INTEGER NOT NULL DEFAULT 1,
	slug_locked  INTEGER NOT NULL DEFAULT 0,
	published_at TIMESTAMP,
	created_at   TIMESTAMP NOT NULL,
	updated_at   TIMESTAMP NOT NULL,
	UNIQUE (article_id, lang),
	UNIQUE (lang, slug)
);

CREATE INDEX translations_status ON translations (status, lang);

CREATE TABLE translation_tags (
	translation_id INTEGER NOT NULL REFERENCES translations(id) ON DELETE CASCADE,
	position       INTEGER NOT NULL,
	tag            TEXT NOT NULL,
	PRIMARY KEY (translation_id, position)
);

-- One row per site build, so the admin can show the last result.
CREATE TABLE builds (
	id          INTEGER PRIMARY KEY,
	started_at  TIMESTAMP NOT NULL,
	finished_at TIMESTAMP,
	ok          INTEGER NOT NULL DEFAULT 0,
	pages       INTEGER NOT NULL DEFAULT 0,
	error       TEXT NOT NULL DEFAULT ''
);

-- Admin sign-in sessions (the layout the session library expects).
CREATE TABLE sessions (
	token  TEXT PRIMARY KEY,
	data   BLOB NOT NULL,
	expiry REAL NOT NULL
);

CREATE INDEX sessions_expiry_idx ON sessions (expiry);
