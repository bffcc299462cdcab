-- Users are people: a full name (shown wherever a user appears), an e-mail
-- address (unique, for notifications and password resets), and optionally
-- a phone and a position. Existing users are named by their login.
ALTER TABLE users ADD COLUMN full_name TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN position TEXT NOT NULL DEFAULT '';
UPDATE users SET full_name = username;
CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE) WHERE email != '';

-- A password an administrator generated or reset is for one sign-in: the
-- user sets their own before anything else.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- Sessions signed in under an earlier epoch are ended: the epoch moves on
-- when the password changes or the account is disabled.
ALTER TABLE users ADD COLUMN session_epoch INTEGER NOT NULL DEFAULT 0;
