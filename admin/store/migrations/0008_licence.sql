-- The licence of an article's text when it differs from the site's (a key
-- of admin.Licences; '' for the site's).
ALTER TABLE articles ADD COLUMN licence TEXT NOT NULL DEFAULT '';
