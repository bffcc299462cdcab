-- The media library: pictures checked and cleaned at upload, each with a
-- credit, a licence and, per language, an alternative text and a caption.
-- The file itself lives in the data folder under media/<id>/<file_name>.
CREATE TABLE media (
	id            INTEGER PRIMARY KEY,
	file_name     TEXT NOT NULL,
	original_name TEXT NOT NULL,
	format        TEXT NOT NULL,
	mime          TEXT NOT NULL,
	width         INTEGER NOT NULL,
	height        INTEGER NOT NULL,
	bytes         INTEGER NOT NULL,
	sha256        TEXT NOT NULL UNIQUE,
	credit        TEXT NOT NULL DEFAULT '',
	licence       TEXT NOT NULL DEFAULT '',
	unit_id       INTEGER REFERENCES units(id),
	uploaded_by   INTEGER REFERENCES users(id),
	-- folded: the searchable words (names, credit, texts) without diacritics.
	folded        TEXT NOT NULL DEFAULT '',
	created_at    TIMESTAMP NOT NULL,
	updated_at    TIMESTAMP NOT NULL
);

CREATE TABLE media_texts (
	media_id INTEGER NOT NULL REFERENCES media(id) ON DELETE CASCADE,
	lang     TEXT NOT NULL,
	alt      TEXT NOT NULL DEFAULT '',
	caption  TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (media_id, lang)
);

CREATE INDEX media_created ON media (created_at);
