package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"portal/admin"
	"portal/admin/text"
)

// notifyCursor is the setting that keeps the id of the last audit entry
// the notifier has read.
const notifyCursor = "notify_cursor"

// NotifyCursor returns the id of the last audit entry the notifier read;
// ok is false before the notifier has ever run.
func (db *DB) NotifyCursor(ctx context.Context) (id int64, ok bool, err error) {
	v, err := db.Setting(ctx, notifyCursor)
	if err != nil || v == "" {
		return 0, false, err
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false, fmt.Errorf("store: notify cursor %q: %w", v, err)
	}
	return n, true, nil
}

// Mail is one message of the outbox.
type Mail struct {
	ID             int64
	NotificationID int64 // 0 for a mail of its own (a test, a reset link)
	To, ToName     string
	Subject        string
	Text, HTML     string
	Secret         bool // holds a secret: its text is wiped once done
	CreatedAt      time.Time
	Attempts       int
	NextAt         time.Time
	LastError      string
	SentAt         time.Time
	FailedAt       time.Time
}

// Notify stores what the notifier made of the audit log up to entry
// cursor, in one transaction with the cursor: the notifications, and for
// each notification (by index) the mail to send, if any. A notification
// already made (the same user, entry and kind) is not made twice.
func (db *DB) Notify(ctx context.Context, cursor int64, notes []*admin.Notification, mails map[int]*Mail) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		for i, n := range notes {
			n.CreatedAt = now
			res, err := tx.ExecContext(ctx, `INSERT INTO notifications (user_id, kind, event_id, article_id, lang, title, detail, actor, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
				n.UserID, n.Kind, n.EventID, n.ArticleID, n.Lang, text.Line(n.Title), text.Clean(n.Detail), text.Line(n.Actor), now)
			if err != nil {
				return mapErr("notification", err)
			}
			if k, _ := res.RowsAffected(); k == 0 {
				continue
			}
			if n.ID, err = res.LastInsertId(); err != nil {
				return mapErr("notification", err)
			}
			if m := mails[i]; m != nil {
				m.NotificationID = n.ID
				if err := insertMail(ctx, tx, m, now); err != nil {
					return err
				}
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, notifyCursor, strconv.FormatInt(cursor, 10))
		return mapErr("notify cursor", err)
	})
}

func insertMail(ctx context.Context, tx *sql.Tx, m *Mail, now time.Time) error {
	m.CreatedAt, m.NextAt = now, now
	err := tx.QueryRowContext(ctx, `INSERT INTO outbox (notification_id, to_addr, to_name, subject, text_body, html_body, secret, created_at, next_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		nullID(m.NotificationID), m.To, m.ToName, m.Subject, m.Text, m.HTML, m.Secret, now, now).Scan(&m.ID)
	return mapErr("outbox", err)
}

// QueueMail puts one mail in the outbox and records ev with it.
func (db *DB) QueueMail(ctx context.Context, m *Mail, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := insertMail(ctx, tx, m, db.now()); err != nil {
			return err
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

const mailColumns = `id, COALESCE(notification_id, 0), to_addr, to_name, subject, text_body, html_body, secret, created_at,
	attempts, next_at, last_error, sent_at, failed_at`

func scanMails(rows *sql.Rows) ([]*Mail, error) {
	defer rows.Close()
	var out []*Mail
	for rows.Next() {
		var (
			m            Mail
			sent, failed sql.NullTime
		)
		if err := rows.Scan(&m.ID, &m.NotificationID, &m.To, &m.ToName, &m.Subject, &m.Text, &m.HTML, &m.Secret, &m.CreatedAt,
			&m.Attempts, &m.NextAt, &m.LastError, &sent, &failed); err != nil {
			return nil, mapErr("outbox", err)
		}
		m.SentAt, m.FailedAt = sent.Time, failed.Time
		out = append(out, &m)
	}
	return out, mapErr("outbox", rows.Err())
}

// DueMail returns up to limit mails waiting to be sent whose time has
// come, the oldest first.
func (db *DB) DueMail(ctx context.Context, limit int) ([]*Mail, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+mailColumns+` FROM outbox
		WHERE sent_at IS NULL AND failed_at IS NULL AND next_at <= ? ORDER BY next_at, id LIMIT ?`, db.now(), limit)
	if err != nil {
		return nil, mapErr("outbox", err)
	}
	return scanMails(rows)
}

// NextMail returns when the next waiting mail is due; zero when none waits.
func (db *DB) NextMail(ctx context.Context) (time.Time, error) {
	var t time.Time
	err := db.db.QueryRowContext(ctx, `SELECT next_at FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL
		ORDER BY next_at LIMIT 1`).Scan(&t)
	if err == sql.ErrNoRows {
		return time.Time{}, nil
	}
	return t, mapErr("outbox", err)
}

// MailSent records that mail id was accepted by the mail server.
func (db *DB) MailSent(ctx context.Context, id int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = '',
			text_body = CASE WHEN secret THEN '' ELSE text_body END, html_body = CASE WHEN secret THEN '' ELSE html_body END
			WHERE id = ?`, db.now(), id)
		return mapErr("outbox", err)
	})
}

// MailRetry records a failed attempt at mail id, to be tried again at next.
func (db *DB) MailRetry(ctx context.Context, id int64, errText string, next time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_at = ? WHERE id = ?`,
			text.Truncate(text.Clean(errText), 500), next.UTC(), id)
		return mapErr("outbox", err)
	})
}

// MailFailed records that mail id cannot be sent, for good, and why.
func (db *DB) MailFailed(ctx context.Context, id int64, errText string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = ?, failed_at = ?,
			text_body = CASE WHEN secret THEN '' ELSE text_body END, html_body = CASE WHEN secret THEN '' ELSE html_body END
			WHERE id = ?`, text.Truncate(text.Clean(errText), 500), db.now(), id)
		return mapErr("outbox", err)
	})
}

// MailProblems returns the mails that failed for good, and those still
// waiting after at least one failed attempt, the newest first.
func (db *DB) MailProblems(ctx context.Context, limit int) ([]*Mail, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+mailColumns+` FROM outbox
		WHERE failed_at IS NOT NULL OR (sent_at IS NULL AND attempts > 0) ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, mapErr("outbox", err)
	}
	return scanMails(rows)
}

// OutboxCounts says how many mails wait to be sent and how many failed.
func (db *DB) OutboxCounts(ctx context.Context) (waiting, failed int, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT
		count(*) FILTER (WHERE sent_at IS NULL AND failed_at IS NULL),
		count(*) FILTER (WHERE failed_at IS NOT NULL) FROM outbox`).Scan(&waiting, &failed)
	return waiting, failed, mapErr("outbox", err)
}

// Notifications returns a user's notifications, the newest first, up to
// limit, before the notification beforeID when it is not 0.
func (db *DB) Notifications(ctx context.Context, userID int64, limit int, beforeID int64) ([]*admin.Notification, error) {
	q := `SELECT id, user_id, kind, event_id, article_id, lang, title, detail, actor, created_at, read_at
		FROM notifications WHERE user_id = ?`
	args := []any{userID}
	if beforeID > 0 {
		q, args = q+` AND id < ?`, append(args, beforeID)
	}
	rows, err := db.db.QueryContext(ctx, q+` ORDER BY id DESC LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, mapErr("notifications", err)
	}
	defer rows.Close()
	var out []*admin.Notification
	for rows.Next() {
		var (
			n    admin.Notification
			read sql.NullTime
		)
		if err := rows.Scan(&n.ID, &n.UserID, &n.Kind, &n.EventID, &n.ArticleID, &n.Lang, &n.Title, &n.Detail, &n.Actor, &n.CreatedAt, &read); err != nil {
			return nil, mapErr("notifications", err)
		}
		n.ReadAt = read.Time
		out = append(out, &n)
	}
	return out, mapErr("notifications", rows.Err())
}

// Unread counts a user's unread notifications.
func (db *DB) Unread(ctx context.Context, userID int64) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, userID).Scan(&n)
	return n, mapErr("notifications", err)
}

// MarkRead marks a user's notification id as read; id 0 marks them all.
// It returns the notification marked (nil for all).
func (db *DB) MarkRead(ctx context.Context, userID, id int64) (*admin.Notification, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		q, args := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`, []any{db.now(), userID}
		if id != 0 {
			q, args = q+` AND id = ?`, append(args, id)
		}
		_, err := tx.ExecContext(ctx, q, args...)
		return mapErr("notifications", err)
	})
	if err != nil || id == 0 {
		return nil, err
	}
	var n admin.Notification
	err = db.db.QueryRowContext(ctx, `SELECT id, kind, article_id, lang FROM notifications WHERE id = ? AND user_id = ?`, id, userID).
		Scan(&n.ID, &n.Kind, &n.ArticleID, &n.Lang)
	if err != nil {
		return nil, mapErr("notification", err)
	}
	return &n, nil
}

// NotificationChoices returns how a user chose to be told of each kind
// (kinds not chosen are absent).
func (db *DB) NotificationChoices(ctx context.Context, userID int64) (map[string]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT kind, delivery FROM notification_choices WHERE user_id = ?`, userID)
	if err != nil {
		return nil, mapErr("notification choices", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			return nil, mapErr("notification choices", err)
		}
		out[k] = d
	}
	return out, mapErr("notification choices", rows.Err())
}

// AllNotificationChoices returns every user's choices, by user id.
func (db *DB) AllNotificationChoices(ctx context.Context) (map[int64]map[string]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT user_id, kind, delivery FROM notification_choices`)
	if err != nil {
		return nil, mapErr("notification choices", err)
	}
	defer rows.Close()
	out := map[int64]map[string]string{}
	for rows.Next() {
		var (
			id   int64
			k, d string
		)
		if err := rows.Scan(&id, &k, &d); err != nil {
			return nil, mapErr("notification choices", err)
		}
		if out[id] == nil {
			out[id] = map[string]string{}
		}
		out[id][k] = d
	}
	return out, mapErr("notification choices", rows.Err())
}

// SetNotificationChoices stores a user's choices and records ev.
func (db *DB) SetNotificationChoices(ctx context.Context, userID int64, choices map[string]string, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for k, d := range choices {
			if _, err := tx.ExecContext(ctx, `INSERT INTO notification_choices (user_id, kind, delivery) VALUES (?, ?, ?)
				ON CONFLICT (user_id, kind) DO UPDATE SET delivery = excluded.delivery`, userID, k, d); err != nil {
				return mapErr("notification choices", err)
			}
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// CreateReset stores the hash of a password reset token of a user, valid
// until expires, with the mail that carries the link, and records ev.
func (db *DB) CreateReset(ctx context.Context, hash string, userID int64, expires time.Time, m *Mail, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		if _, err := tx.ExecContext(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) VALUES (?, ?, ?, ?)`,
			hash, userID, now, expires.UTC()); err != nil {
			return mapErr("password reset", err)
		}
		if err := insertMail(ctx, tx, m, now); err != nil {
			return err
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// ResetUser returns the user a reset token hash is for, when the token is
// unused and not expired; else a not-found error.
func (db *DB) ResetUser(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := db.db.QueryRowContext(ctx, `SELECT user_id FROM password_resets WHERE token_hash = ? AND used_at IS NULL AND expires_at > ?`,
		hash, db.now()).Scan(&id)
	return id, mapErr("password reset", err)
}

// ClaimReset uses a reset token: it succeeds once, for an unused token
// that has not expired, and returns its user.
func (db *DB) ClaimReset(ctx context.Context, hash string) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		return mapErr("password reset", tx.QueryRowContext(ctx, `UPDATE password_resets SET used_at = ?
			WHERE token_hash = ? AND used_at IS NULL AND expires_at > ? RETURNING user_id`, now, hash, now).Scan(&id))
	})
	return id, err
}

// UserByEmail returns the user with that e-mail address (case-insensitive).
func (db *DB) UserByEmail(ctx context.Context, email string) (*admin.User, error) {
	return db.user(ctx, `WHERE email = ? COLLATE NOCASE AND email != ''`, text.Line(email))
}
