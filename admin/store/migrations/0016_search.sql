-- The admin's article search covers the title, the summary and the text,
-- with or without diacritics: a full-text index (SQLite FTS4) of each
-- language version, folded (lower case, no diacritics, đ -> d) by the
-- fold() function the store registers on every connection. Triggers keep
-- it in step with the versions.
CREATE VIRTUAL TABLE translation_search USING fts4(title, summary, body, tokenize=unicode61);
INSERT INTO translation_search (docid, title, summary, body)
	SELECT id, fold(title), fold(summary), fold(body) FROM translations;
CREATE TRIGGER translation_search_insert AFTER INSERT ON translations BEGIN
	INSERT INTO translation_search (docid, title, summary, body) VALUES (new.id, fold(new.title), fold(new.summary), fold(new.body));
END;
CREATE TRIGGER translation_search_update AFTER UPDATE OF title, summary, body ON translations BEGIN
	DELETE FROM translation_search WHERE docid = old.id;
	INSERT INTO translation_search (docid, title, summary, body) VALUES (new.id, fold(new.title), fold(new.summary), fold(new.body));
END;
CREATE TRIGGER translation_search_delete AFTER DELETE ON translations BEGIN
	DELETE FROM translation_search WHERE docid = old.id;
END;
