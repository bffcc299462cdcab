-- The addresses of deleted articles that readers once saw: the site keeps
-- a page at each saying the article was withdrawn, and no new article may
-- take the address.
CREATE TABLE withdrawn_pages (
	article_id   INTEGER NOT NULL,
	kind         TEXT NOT NULL,
	area_key     TEXT NOT NULL,
	lang         TEXT NOT NULL,
	title        TEXT NOT NULL,
	slug         TEXT NOT NULL,
	published_at TIMESTAMP,
	withdrawn_at TIMESTAMP NOT NULL,
	PRIMARY KEY (lang, slug)
);
