package store

import (
	"context"
	"database/sql"

	"portal/admin"
	"portal/admin/text"
)

// CreateUser adds a user. The password hash is made by the caller.
func (db *DB) CreateUser(ctx context.Context, u *admin.User) error {
	if !u.Role.Valid() {
		return admin.Errorf(admin.EINVALID, "unknown role %q", u.Role)
	}
	u.Username = text.Clean(u.Username)
	u.CreatedAt = db.now()
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO users (username, password_hash, role, unit_id, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`,
			u.Username, u.PasswordHash, u.Role, nullID(u.UnitID), u.CreatedAt).Scan(&u.ID)
		return mapErr("user "+u.Username, err)
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
		u    admin.User
		unit sql.NullInt64
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT id, username, password_hash, role, unit_id, disabled, created_at
		FROM users `+where, arg).Scan(&u.ID, &u.Username, &u.PasswordHash, &u.Role, &unit, &u.Disabled, &u.CreatedAt)
	if err != nil {
		return nil, mapErr("user", err)
	}
	u.UnitID = unit.Int64
	return &u, nil
}

// CountUsers returns how many users exist.
func (db *DB) CountUsers(ctx context.Context) (int, error) {
	var n int
	err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM users`).Scan(&n)
	return n, mapErr("count users", err)
}
