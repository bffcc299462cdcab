-- The demo's translations were written from their source as it is: a
-- database seeded before this recorded them as translated from no version,
-- and listed them as out of date. Only demo articles whose source has not
-- changed since are corrected.
UPDATE translations SET source_version = 1
WHERE source_version = 0
	AND article_id IN (
		SELECT a.id FROM articles a JOIN translations s ON s.article_id = a.id AND s.lang = a.source_lang
		WHERE a.source_key LIKE 'demo/%' AND s.significant_version = 1)
	AND lang != (SELECT source_lang FROM articles WHERE id = article_id);
