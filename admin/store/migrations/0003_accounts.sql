-- Two-factor sign-in: the TOTP secret of a user who enrolled (empty when
-- not enrolled).
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';

-- Settings an administrator changes in the admin (key -> value).
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
