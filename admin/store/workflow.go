package store

import (
	"context"
	"database/sql"
	"time"

	"portal/admin"
	"portal/admin/text"
)

// Change is one workflow change of a translation: from the state and
// version it was seen in, to a new state.
type Change struct {
	TranslationID int64
	FromStatus    admin.Status
	FromVersion   int
	To            admin.Status
	ApprovedBy    int64     // set on approval; kept otherwise
	GoLive        bool      // the current version becomes the one readers see
	TakeDown      bool      // readers no longer see any version
	PublishAt     time.Time // the schedule to set (zero clears it)
	UnpublishAt   time.Time
	Comment       string // the reviewer's comment, for changes requested
	Event         *admin.Event
}

// ApplyChanges applies workflow changes together, in one transaction: all or
// none. A change whose translation is no longer in the state and version it
// was seen in is refused with a conflict, so two reviewers acting at once
// cannot both succeed.
//
// It returns the changed translations as the transaction left them, in the
// order of changes.
func (db *DB) ApplyChanges(ctx context.Context, changes []Change) ([]*admin.Translation, error) {
	var done []*admin.Translation
	err := db.tx(ctx, func(tx *sql.Tx) error {
		done = done[:0]
		now := db.now()
		for _, c := range changes {
			c.Comment = text.Clean(c.Comment)
			if e := admin.TooLong("comment", c.Comment, admin.MaxNote); e != nil {
				return e
			}
			q := `UPDATE translations SET status = ?, updated_at = ?, publish_at = ?, unpublish_at = ?, review_comment = ?`
			args := []any{c.To, now, nullTime(c.PublishAt), nullTime(c.UnpublishAt), c.Comment}
			if c.ApprovedBy != 0 {
				q += `, approved_by = ?`
				args = append(args, c.ApprovedBy)
			}
			if c.GoLive {
				q += `, live_version = version, slug_locked = 1, published_at = COALESCE(published_at, ?)`
				args = append(args, now)
			}
			if c.TakeDown {
				q += `, live_version = 0`
			}
			q += ` WHERE id = ? AND status = ? AND version = ?`
			args = append(args, c.TranslationID, c.FromStatus, c.FromVersion)
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return mapErr("workflow", err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return &admin.Error{Code: admin.ECONFLICT, Key: "changed_meanwhile", Message: "this version changed while you were looking at it; reload it and try again"}
			}
			if err := db.appendEvent(ctx, tx, c.Event); err != nil {
				return err
			}
			t, err := readTranslation(ctx, tx, c.TranslationID)
			if err != nil {
				return err
			}
			done = append(done, t)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return done, nil
}

// SetStatus forces a translation into a state without workflow checks: for
// tests and imports. Publishing makes the current version live.
func (db *DB) SetStatus(ctx context.Context, translationID int64, s admin.Status) error {
	if !s.Valid() {
		return admin.Errorf(admin.EINVALID, "unknown status %q", s)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `
			UPDATE translations SET status = ?, updated_at = ?,
				slug_locked = slug_locked OR ? = 'published',
				live_version = CASE WHEN ? = 'published' THEN version WHEN ? = 'unpublished' THEN 0 ELSE live_version END,
				published_at = CASE WHEN ? = 'published' AND published_at IS NULL THEN ? ELSE published_at END
			WHERE id = ?`, s, now, s, s, s, s, now, translationID)
		if err != nil {
			return mapErr("set status", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no translation %d", translationID)
		}
		return nil
	})
}
