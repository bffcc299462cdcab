-- Notifications: what the newsroom tells a user about their work. They
-- are made from the audit log by the notifier, which keeps its place in
-- the settings (notify_cursor), so that a change and what it tells people
-- are committed together, and nothing is lost when the program stops.
CREATE TABLE notifications (
	id         INTEGER PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	kind       TEXT NOT NULL,
	event_id   INTEGER NOT NULL,
	article_id INTEGER NOT NULL DEFAULT 0,
	lang       TEXT NOT NULL DEFAULT '',
	title      TEXT NOT NULL DEFAULT '',
	detail     TEXT NOT NULL DEFAULT '',
	actor      TEXT NOT NULL DEFAULT '',
	created_at TIMESTAMP NOT NULL,
	read_at    TIMESTAMP,
	UNIQUE (user_id, event_id, kind)
);
CREATE INDEX notifications_user ON notifications (user_id, id);
CREATE INDEX notifications_unread ON notifications (user_id) WHERE read_at IS NULL;

-- How each user wants to be told of each kind: email (and in the admin),
-- admin (in the admin only) or off. No row: by e-mail.
CREATE TABLE notification_choices (
	user_id  INTEGER NOT NULL REFERENCES users(id),
	kind     TEXT NOT NULL,
	delivery TEXT NOT NULL,
	PRIMARY KEY (user_id, kind)
);

-- The outbox: every mail to send, written in the transaction that decided
-- it, sent in the background with retries. A mail that cannot be sent for
-- good gets failed_at and is shown to administrators.
CREATE TABLE outbox (
	id              INTEGER PRIMARY KEY,
	notification_id INTEGER REFERENCES notifications(id),
	to_addr         TEXT NOT NULL,
	to_name         TEXT NOT NULL DEFAULT '',
	subject         TEXT NOT NULL,
	text_body       TEXT NOT NULL,
	html_body       TEXT NOT NULL,
	-- secret: the mail holds a secret (a reset link); its text is wiped
	-- once it is sent or has failed.
	secret          INTEGER NOT NULL DEFAULT 0,
	created_at      TIMESTAMP NOT NULL,
	attempts        INTEGER NOT NULL DEFAULT 0,
	next_at         TIMESTAMP NOT NULL,
	last_error      TEXT NOT NULL DEFAULT '',
	sent_at         TIMESTAMP,
	failed_at       TIMESTAMP
);
CREATE INDEX outbox_due ON outbox (next_at) WHERE sent_at IS NULL AND failed_at IS NULL;

-- Password resets by e-mail: only the hash of the link's token is kept;
-- a link works once, within its hour.
CREATE TABLE password_resets (
	token_hash TEXT PRIMARY KEY,
	user_id    INTEGER NOT NULL REFERENCES users(id),
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL,
	used_at    TIMESTAMP
);
