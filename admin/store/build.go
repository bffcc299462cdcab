package store

import (
	"context"
	"database/sql"
	"fmt"

	"portal/admin"
)

// StartBuild records that a build has started, with the newest entry of
// the audit log as an anchor of the chain, and returns its id.
func (db *DB) StartBuild(ctx context.Context) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		head, err := auditHead(ctx, tx)
		if err != nil {
			return err
		}
		return tx.QueryRowContext(ctx, `INSERT INTO builds (started_at, audit_id, audit_hash) VALUES (?, ?, ?) RETURNING id`,
			db.now(), head.ID, head.Hash).Scan(&id)
	})
	return id, mapErr("start build", err)
}

// FinishBuild records the result of a build. errText is empty on success.
func (db *DB) FinishBuild(ctx context.Context, id int64, pages int, errText string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE builds SET finished_at = ?, ok = ?, pages = ?, error = ? WHERE id = ?`,
			db.now(), errText == "", pages, errText, id)
		if err != nil || errText == "" {
			return mapErr("finish build", err)
		}
		// A failed build is in the audit log, which administrators are
		// told of.
		return db.appendEvent(ctx, tx, &admin.Event{Action: "site.build_failed", Actor: "system",
			Object: fmt.Sprintf("build/%d", id), Detail: errText})
	})
}

// Interrupted is the error recorded for a build the program stopped in the
// middle of.
const Interrupted = "interrupted: the program stopped before the build finished"

// AbandonBuilds records every build that never finished as failed with
// Interrupted and returns how many there were. It is for the start of the
// program that runs the builds, before it starts one.
func (db *DB) AbandonBuilds(ctx context.Context) (int, error) {
	var n int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE builds SET finished_at = ?, ok = 0, error = ? WHERE finished_at IS NULL`, db.now(), Interrupted)
		if err != nil {
			return mapErr("abandon builds", err)
		}
		n, err = res.RowsAffected()
		return mapErr("abandon builds", err)
	})
	return int(n), err
}

// LastBuild returns the most recent build, or nil when none has run.
func (db *DB) LastBuild(ctx context.Context) (*admin.Build, error) {
	var (
		b        admin.Build
		finished sql.NullTime
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT id, started_at, finished_at, ok, pages, error FROM builds ORDER BY id DESC LIMIT 1`).
		Scan(&b.ID, &b.StartedAt, &finished, &b.OK, &b.Pages, &b.Error)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, mapErr("last build", err)
	}
	b.FinishedAt = finished.Time
	return &b, nil
}

// SiteChange is one file a build changed in the served tree.
type SiteChange struct {
	Path    string // below the site's root, with forward slashes
	Removed bool
	SHA256  string // of the new content; "" when removed
	Bytes   int64
}

// keptChangeSets is how many builds' change sets are kept.
const keptChangeSets = 200

// RecordChanges stores what build id changed in the served tree, and
// forgets the change sets of builds older than the last keptChangeSets.
func (db *DB) RecordChanges(ctx context.Context, id int64, changes []SiteChange) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO site_changes (build_id, path, removed, sha256, bytes) VALUES (?, ?, ?, ?, ?)`)
		if err != nil {
			return mapErr("record changes", err)
		}
		defer func() { _ = stmt.Close() }() // the transaction's outcome is what matters
		for _, c := range changes {
			if _, err := stmt.ExecContext(ctx, id, c.Path, c.Removed, c.SHA256, c.Bytes); err != nil {
				return mapErr("record changes", err)
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE builds SET changes = ? WHERE id = ?`, len(changes), id); err != nil {
			return mapErr("record changes", err)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM site_changes WHERE build_id <= ? - ?`, id, keptChangeSets)
		return mapErr("record changes", err)
	})
}

// SiteChanges returns what build id changed in the served tree, by path;
// ok is false when the build's changes were never recorded (it failed, or
// is older than the change sets kept): then only a full copy is right.
func (db *DB) SiteChanges(ctx context.Context, id int64) (changes []SiteChange, ok bool, err error) {
	var n sql.NullInt64
	err = db.db.QueryRowContext(ctx, `SELECT changes FROM builds WHERE id = ?`, id).Scan(&n)
	if err != nil {
		return nil, false, mapErr(fmt.Sprintf("build %d", id), err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT path, removed, sha256, bytes FROM site_changes WHERE build_id = ? ORDER BY path`, id)
	if err != nil {
		return nil, false, mapErr("site changes", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c SiteChange
		if err := rows.Scan(&c.Path, &c.Removed, &c.SHA256, &c.Bytes); err != nil {
			return nil, false, mapErr("site changes", err)
		}
		changes = append(changes, c)
	}
	if err := rows.Err(); err != nil {
		return nil, false, mapErr("site changes", err)
	}
	return changes, n.Valid && int(n.Int64) == len(changes), nil
}
