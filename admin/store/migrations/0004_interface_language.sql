-- The language of the admin's interface each user chose ('' for the
-- default, Vietnamese).
ALTER TABLE users ADD COLUMN ui_lang TEXT NOT NULL DEFAULT '';
