package store

import (
	"context"
	"database/sql"
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
	u.Username = text.Clean(u.Username)
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
	return db.user(ctx, `WHERE username = ?`, text.Clean(username))
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
		SELECT id, username, password_hash, role, unit_id, disabled, created_at, languages
		FROM users `+where, arg).Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &unit, &u.Disabled, &u.CreatedAt, &langs)
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
