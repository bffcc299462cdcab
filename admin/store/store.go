// Package store keeps the portal's data in one SQLite file (WAL mode). It is
// the only package that speaks SQL. Each exported method is one transaction.
// Text is written in NFC whatever form it arrives in, and times are UTC.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"portal/admin"
	"portal/admin/text"
)

//go:embed migrations/*.sql
var migrations embed.FS

// driverName is SQLite with the portal's own SQL functions: fold(text),
// the diacritic-insensitive form search compares.
const driverName = "sqlite3_portal"

var registerDriver sync.Once

// DB is the portal's database.
type DB struct {
	db  *sql.DB
	now func() time.Time
	// written is called after every committed write (see OnWrite).
	written atomic.Pointer[func()]
}

// OnWrite sets f to be called after every committed write: the notifier's
// Wake, so that it reads the audit log at once. f must not block.
func (db *DB) OnWrite(f func()) { db.written.Store(&f) }

// Open opens (creating if needed) the SQLite database at path and applies
// the migrations that have not been applied yet.
func Open(ctx context.Context, path string) (*DB, error) {
	registerDriver.Do(func() {
		sql.Register(driverName, &sqlite3.SQLiteDriver{
			ConnectHook: func(c *sqlite3.SQLiteConn) error {
				return c.RegisterFunc("fold", text.Fold, true)
			},
		})
	})
	q := url.Values{}
	q.Set("_foreign_keys", "on")
	q.Set("_journal_mode", "WAL")
	q.Set("_busy_timeout", "10000")
	q.Set("_txlock", "immediate")
	// FULL: a transaction the portal has acknowledged (a save, an approval,
	// an audit entry) survives a power cut, not only a crash of the program.
	// It costs one sync of the log per transaction (see BenchmarkSave).
	q.Set("_synchronous", "FULL")
	sqldb, err := sql.Open(driverName, "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open: %w", err)
	}
	db := &DB{db: sqldb, now: func() time.Time { return time.Now().UTC() }}
	if err := db.migrate(ctx); err != nil {
		_ = sqldb.Close() // the migration error is the one to report
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// SQL returns the underlying handle, for the session store of the web layer.
func (db *DB) SQL() *sql.DB { return db.db }

// SetClock replaces the clock used for timestamps (tests).
func (db *DB) SetClock(now func() time.Time) { db.now = func() time.Time { return now().UTC() } }

func (db *DB) migrate(ctx context.Context) error {
	if _, err := db.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version TEXT PRIMARY KEY, applied_at TIMESTAMP NOT NULL)`); err != nil {
		return fmt.Errorf("store: migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return fmt.Errorf("store: list migrations: %w", err)
	}
	sort.Strings(names)
	for _, name := range names {
		version := strings.TrimSuffix(strings.TrimPrefix(name, "migrations/"), ".sql")
		if err := db.apply(ctx, version, name); err != nil {
			return err
		}
	}
	return nil
}

func (db *DB) apply(ctx context.Context, version, name string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
			return fmt.Errorf("store: migration %s: %w", version, err)
		}
		if n > 0 {
			return nil
		}
		src, err := migrations.ReadFile(name)
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", version, err)
		}
		if _, err := tx.ExecContext(ctx, string(src)); err != nil {
			return fmt.Errorf("store: migration %s: %w", version, err)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, db.now()); err != nil {
			return fmt.Errorf("store: migration %s: %w", version, err)
		}
		return nil
	})
}

// Migrations returns the versions applied, in order.
func (db *DB) Migrations(ctx context.Context) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT version FROM schema_migrations ORDER BY version`)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	defer rows.Close()
	var vs []string
	for rows.Next() {
		var v string
		if err := rows.Scan(&v); err != nil {
			return nil, fmt.Errorf("store: migrations: %w", err)
		}
		vs = append(vs, v)
	}
	return vs, rows.Err()
}

// tx runs fn in one transaction, committing when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", err)
	}
	if f := db.written.Load(); f != nil {
		(*f)()
	}
	return nil
}

// mapErr turns SQL errors into domain errors: no rows into not found and
// unique violations into conflicts. Others are wrapped.
func mapErr(op string, err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return admin.Errorf(admin.ENOTFOUND, "%s: not found", op)
	}
	var se sqlite3.Error
	if errors.As(err, &se) && (se.ExtendedCode == sqlite3.ErrConstraintUnique || se.ExtendedCode == sqlite3.ErrConstraintPrimaryKey) {
		return admin.Errorf(admin.ECONFLICT, "%s: already exists", op)
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}
