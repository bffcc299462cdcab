package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"portal/admin"
	"portal/admin/text"
)

// CreateUser adds a user and records ev. The password hash is made by the
// caller.
func (db *DB) CreateUser(ctx context.Context, u *admin.User, ev *admin.Event) error {
	if !u.Role.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "role", Message: "unknown role " + string(u.Role)}
	}
	u.Username = text.Line(u.Username)
	if u.Username == "" {
		return &admin.Error{Code: admin.EINVALID, Field: "username", Message: "a user name is required"}
	}
	u.CreatedAt = db.now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO users (username, password_hash, role, unit_id, created_at, languages)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`,
			u.Username, u.PasswordHash, u.Role, nullID(u.UnitID), u.CreatedAt, strings.Join(u.Languages, ",")).Scan(&u.ID)
		if err != nil {
			return mapErr("user "+u.Username, err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// UserByUsername returns the user with that name (case-insensitive).
func (db *DB) UserByUsername(ctx context.Context, username string) (*admin.User, error) {
	return db.user(ctx, `WHERE username = ?`, text.Line(username))
}

// UserByID returns the user with that id.
func (db *DB) UserByID(ctx context.Context, id int64) (*admin.User, error) {
	return db.user(ctx, `WHERE id = ?`, id)
}

func (db *DB) user(ctx context.Context, where string, arg any) (*admin.User, error) {
	var (
		u     admin.User
		unit  sql.NullInt64
		langs string
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT id, username, password_hash, role, unit_id, disabled, created_at, languages, ui_lang
		FROM users `+where, arg).Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &unit, &u.Disabled, &u.CreatedAt, &langs, &u.UILang)
	if err != nil {
		return nil, mapErr("user", err)
	}
	u.UnitID = unit.Int64
	if langs != "" {
		u.Languages = strings.Split(langs, ",")
	}
	return &u, nil
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
	rows, err := db.db.QueryContext(ctx, `SELECT id FROM users ORDER BY username`)
	if err != nil {
		return nil, mapErr("users", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, mapErr("users", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	var out []*admin.User
	for _, id := range ids {
		u, err := db.UserByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, nil
}

// UpdateUser writes a user's role, unit, languages and whether the account
// is disabled, and records ev.
func (db *DB) UpdateUser(ctx context.Context, u *admin.User, ev *admin.Event) error {
	if !u.Role.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "role", Key: "unknown_role", Args: []any{u.Role}, Message: "unknown role " + string(u.Role)}
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE users SET role = ?, unit_id = ?, languages = ?, disabled = ? WHERE id = ?`,
			u.Role, nullID(u.UnitID), strings.Join(u.Languages, ","), u.Disabled, u.ID)
		if err != nil {
			return mapErr("update user", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no user %d", u.ID)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// SetPassword replaces a user's password hash and records ev.
func (db *DB) SetPassword(ctx context.Context, userID int64, hash string, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID); err != nil {
			return mapErr("set password", err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
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
