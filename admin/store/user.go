package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/text"
)

// CreateUser adds a user and records ev. The password hash is made by the
// caller; the account rules (who may be created, with what) are the
// editorial package's.
func (db *DB) CreateUser(ctx context.Context, u *admin.User, ev *admin.Event) error {
	if !u.Role.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "role", Key: "unknown_role", Args: []any{u.Role}, Message: "unknown role " + string(u.Role)}
	}
	u.Username = text.Line(u.Username)
	if u.Username == "" {
		return &admin.Error{Code: admin.EINVALID, Field: "username", Key: "username_required", Message: "a user name is required"}
	}
	cleanPerson(u)
	if u.FullName == "" {
		u.FullName = u.Username
	}
	u.CreatedAt = db.now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO users (username, password_hash, role, unit_id, created_at, languages, full_name, email, phone, position,
				must_change_password)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Username, u.PasswordHash, u.Role, nullID(u.UnitID), u.CreatedAt, strings.Join(u.Languages, ","),
			u.FullName, u.Email, u.Phone, u.Position, u.MustChangePassword).Scan(&u.ID)
		if err != nil {
			return userErr("user "+u.Username, err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// cleanPerson puts a user's texts in the stored form.
func cleanPerson(u *admin.User) {
	u.FullName = text.Line(u.FullName)
	u.Email = strings.ToLower(text.Line(u.Email))
	u.Phone = text.Line(u.Phone)
	u.Position = text.Line(u.Position)
}

// userErr maps a write error of the users table: a taken e-mail address is
// a conflict of its own.
func userErr(what string, err error) error {
	if err != nil && strings.Contains(err.Error(), "users.email") {
		return &admin.Error{Code: admin.ECONFLICT, Field: "email", Key: "email_taken", Message: "another account has this e-mail address"}
	}
	return mapErr(what, err)
}

// UserByUsername returns the user with that name (case-insensitive).
func (db *DB) UserByUsername(ctx context.Context, username string) (*admin.User, error) {
	return db.user(ctx, `WHERE username = ?`, text.Line(username))
}

// UserByID returns the user with that id.
func (db *DB) UserByID(ctx context.Context, id int64) (*admin.User, error) {
	return db.user(ctx, `WHERE id = ?`, id)
}

// userColumns are the columns scanUser reads, in its order.
const userColumns = `id, username, password_hash, role, unit_id, disabled, created_at, languages, ui_lang,
	full_name, email, phone, position, must_change_password, session_epoch, totp_secret != ''`

type scanner interface{ Scan(dest ...any) error }

func scanUser(row scanner) (*admin.User, error) {
	var (
		u     admin.User
		unit  sql.NullInt64
		langs string
	)
	err := row.Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &unit, &u.Disabled, &u.CreatedAt, &langs, &u.UILang,
		&u.FullName, &u.Email, &u.Phone, &u.Position, &u.MustChangePassword, &u.SessionEpoch, &u.TwoFA)
	if err != nil {
		return nil, err
	}
	u.UnitID = unit.Int64
	if langs != "" {
		u.Languages = strings.Split(langs, ",")
	}
	return &u, nil
}

func (db *DB) user(ctx context.Context, where string, arg any) (*admin.User, error) {
	u, err := scanUser(db.db.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users `+where, arg))
	if err != nil {
		return nil, mapErr("user", err)
	}
	return u, nil
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, mapErr("count users", err)
}

// CreateToken stores the hash of a new API token of a user and records ev.
func (db *DB) CreateToken(ctx context.Context, userID int64, hash string, ev *admin.Event) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, hash, created_at) VALUES (?, ?, ?) RETURNING id`,
			userID, hash, db.now()).Scan(&id)
		if err != nil {
			return mapErr("token", err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
	return id, err
}

// UserByToken returns the user whose token has this hash, unless the token
// was revoked or the user disabled.
func (db *DB) UserByToken(ctx context.Context, hash string) (*admin.User, error) {
	var (
		userID  int64
		revoked sql.NullTime
	)
	err := db.db.QueryRowContext(ctx, `SELECT user_id, revoked_at FROM api_tokens WHERE hash = ?`, hash).Scan(&userID, &revoked)
	if err != nil {
		return nil, mapErr("token", err)
	}
	if revoked.Valid {
		return nil, admin.Errorf(admin.EUNAUTHORIZED, "this token was revoked")
	}
	u, err := db.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.Disabled {
		return nil, admin.Errorf(admin.EUNAUTHORIZED, "this account is disabled")
	}
	return u, nil
}

// RevokeTokens revokes every token of a user and records ev; it returns
// how many it revoked.
func (db *DB) RevokeTokens(ctx context.Context, userID int64, ev *admin.Event) (int, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, db.now(), userID)
		if err != nil {
			return mapErr("revoke tokens", err)
		}
		n, _ = res.RowsAffected()
		return db.appendEvent(ctx, tx, ev)
	})
	return int(n), err
}

// Users returns every user, by name.
func (db *DB) Users(ctx context.Context) ([]*admin.User, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, mapErr("users", err)
	}
	defer rows.Close()
	var out []*admin.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, mapErr("users", err)
		}
		out = append(out, u)
	}
	return out, mapErr("users", rows.Err())
}

// UserNames returns how each user is shown (the full name, else the
// login), by user id.
func (db *DB) UserNames(ctx context.Context) (map[int64]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, COALESCE(NULLIF(full_name, ''), username) FROM users`)
	if err != nil {
		return nil, mapErr("user names", err)
	}
	defer rows.Close()
	out := map[int64]string{}
	for rows.Next() {
		var (
			id   int64
			name string
		)
		if err := rows.Scan(&id, &name); err != nil {
			return nil, mapErr("user names", err)
		}
		out[id] = name
	}
	return out, mapErr("user names", rows.Err())
}

// LastSignIns returns when each user last signed in, by user id.
func (db *DB) LastSignIns(ctx context.Context) (map[int64]time.Time, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT actor_id, max(at) FROM audit_log WHERE action = 'signin' AND actor_id > 0 GROUP BY actor_id`)
	if err != nil {
		return nil, mapErr("last sign-ins", err)
	}
	defer rows.Close()
	out := map[int64]time.Time{}
	for rows.Next() {
		var (
			id int64
			at string
		)
		if err := rows.Scan(&id, &at); err != nil {
			return nil, mapErr("last sign-ins", err)
		}
		if t, err := time.Parse(time.RFC3339Nano, at); err == nil {
			out[id] = t
		}
	}
	return out, mapErr("last sign-ins", rows.Err())
}

// UpdateUser writes a user's role, unit, languages, whether the account
// is disabled, and their name, e-mail, phone and position, and records ev.
// Disabling an account ends its sessions and revokes its API tokens in the
// same transaction.
func (db *DB) UpdateUser(ctx context.Context, u *admin.User, ev *admin.Event) error {
	if !u.Role.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "role", Key: "unknown_role", Args: []any{u.Role}, Message: "unknown role " + string(u.Role)}
	}
	cleanPerson(u)
	if u.FullName == "" {
		u.FullName = u.Username
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var wasDisabled bool
		if err := tx.QueryRowContext(ctx, `SELECT disabled FROM users WHERE id = ?`, u.ID).Scan(&wasDisabled); err != nil {
			return mapErr("user", err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, unit_id = ?, languages = ?, disabled = ?,
				full_name = ?, email = ?, phone = ?, position = ? WHERE id = ?`,
			u.Role, nullID(u.UnitID), strings.Join(u.Languages, ","), u.Disabled,
			u.FullName, u.Email, u.Phone, u.Position, u.ID)
		if err != nil {
			return userErr("update user", err)
		}
		if u.Disabled && !wasDisabled {
			if err := endAccess(ctx, tx, u, db.now()); err != nil {
				return err
			}
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// endAccess ends every session of u (by moving its epoch on) and revokes
// its API tokens.
func endAccess(ctx context.Context, tx *sql.Tx, u *admin.User, now time.Time) error {
	if err := tx.QueryRowContext(ctx, `UPDATE users SET session_epoch = session_epoch + 1 WHERE id = ? RETURNING session_epoch`, u.ID).
		Scan(&u.SessionEpoch); err != nil {
		return mapErr("end sessions", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, now, u.ID); err != nil {
		return mapErr("revoke tokens", err)
	}
	return nil
}

// SetPassword stores a user's new password hash and records ev. mustChange
// says the password was generated for the user, who must set their own at
// the next sign-in. The user's sessions are ended (the epoch moves on);
// the new epoch is returned, for the session that made the change to keep.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, mustChange bool, ev *admin.Event) (epoch int64, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE users SET password_hash = ?, must_change_password = ?, session_epoch = session_epoch + 1
			WHERE id = ? RETURNING session_epoch`, hash, mustChange, userID).Scan(&epoch)
		if err != nil {
			return mapErr("set password", err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
	return epoch, err
}

// SetTOTP stores (or, with "", removes) a user's two-factor secret and
// records ev.
func (db *DB) SetTOTP(ctx context.Context, userID int64, secret string, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET totp_secret = ? WHERE id = ?`, secret, userID); err != nil {
			return mapErr("set totp", err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// TOTPSecret returns a user's two-factor secret, "" when not enrolled.
func (db *DB) TOTPSecret(ctx context.Context, userID int64) (string, error) {
	var s string
	err := db.db.QueryRowContext(ctx, `SELECT totp_secret FROM users WHERE id = ?`, userID).Scan(&s)
	return s, mapErr("totp", err)
}

// Setting returns the value of a setting, "" when unset.
func (db *DB) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := db.db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, mapErr("setting", err)
}

// PutSetting sets a setting and records ev.
func (db *DB) PutSetting(ctx context.Context, key, value string, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
		if err != nil {
			return mapErr("setting", err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// PutSettings writes several settings and records ev, in one transaction.
func (db *DB) PutSettings(ctx context.Context, values map[string]string, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for k, v := range values {
			if _, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
				return mapErr("setting", err)
			}
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// Units returns every unit, by key.
func (db *DB) Units(ctx context.Context) ([]*admin.Unit, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT key FROM units ORDER BY key`)
	if err != nil {
		return nil, mapErr("units", err)
	}
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			rows.Close()
			return nil, mapErr("units", err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	var out []*admin.Unit
	for _, k := range keys {
		u, err := db.UnitByKey(ctx, k)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// SetUILang stores the admin interface language a user chose.
func (db *DB) SetUILang(ctx context.Context, userID int64, lang string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE users SET ui_lang = ? WHERE id = ?`, lang, userID)
		return mapErr("set interface language", err)
	})
}

// settingSite is the key of the public site's settings.
const settingSite = "site"

// SiteSettings returns the public site's settings; zero ones when none
// were saved.
func (db *DB) SiteSettings(ctx context.Context) (*admin.SiteSettings, error) {
	v, err := db.Setting(ctx, settingSite)
	if err != nil {
		return nil, err
	}
	s := &admin.SiteSettings{}
	if v == "" {
		return s, nil
	}
	if err := json.Unmarshal([]byte(v), s); err != nil {
		return nil, fmt.Errorf("store: site settings: %w", err)
	}
	return s, nil
}

// PutSiteSettings saves the public site's settings (in NFC) and records ev.
func (db *DB) PutSiteSettings(ctx context.Context, s *admin.SiteSettings, ev *admin.Event) error {
	for _, m := range []map[string]string{s.Title, s.Organisation, s.Description, s.Address, s.InvestorContact.Name, s.InvestorContact.Role,
		s.Spokesperson.Name, s.Spokesperson.Role, s.PressContact.Name, s.PressContact.Role} {
		for k, v := range m {
			m[k] = text.Clean(v)
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Errorf("store: site settings: %w", err)
	}
	return db.PutSetting(ctx, settingSite, string(b), ev)
}
