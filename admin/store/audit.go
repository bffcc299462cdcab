package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/text"
)

// genesis is the previous hash of the first entry of the audit log.
const genesis = "0000000000000000000000000000000000000000000000000000000000000000"

// eventHash is the SHA-256 of an entry's fields and the previous entry's
// hash, so that changing, removing or reordering any entry breaks the chain
// from there on.
func eventHash(e *admin.Event, prev string) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x1f%s\x1f%d\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s",
		e.ID, e.At.UTC().Format(time.RFC3339Nano), e.ActorID, e.Actor, e.Addr, e.Action, e.Object, e.Detail, prev)
	return hex.EncodeToString(h.Sum(nil))
}

// appendEvent adds e to the audit log inside tx.
func (db *DB) appendEvent(ctx context.Context, tx *sql.Tx, e *admin.Event) error {
	if e == nil {
		return nil
	}
	prev := genesis
	var last int64
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&last, &prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return mapErr("audit", err)
	}
	e.ID = last + 1
	e.At = db.now()
	e.Actor, e.Addr, e.Action, e.Object = text.Line(e.Actor), text.Line(e.Addr), text.Line(e.Action), text.Line(e.Object)
	e.Detail = text.Clean(e.Detail)
	e.Hash = eventHash(e, prev)
	_, err = tx.ExecContext(ctx, `
		INSERT INTO audit_log (id, at, actor_id, actor, addr, action, object, detail, prev_hash, hash)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.ID, e.At.Format(time.RFC3339Nano), e.ActorID, e.Actor, e.Addr, e.Action, e.Object, e.Detail, prev, e.Hash)
	return mapErr("audit", err)
}

// Record appends one event to the audit log on its own (sign-ins, refusals).
func (db *DB) Record(ctx context.Context, e *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.appendEvent(ctx, tx, e) })
}

// AuditFilter selects audit entries; zero fields select everything.
type AuditFilter struct {
	Action   string // prefix, e.g. "translation." or "signin"
	ActorID  int64
	Actor    string // user name, exactly (case-insensitive)
	Object   string // prefix, e.g. "article/12"
	From     time.Time
	To       time.Time
	Limit    int
	BeforeID int64 // for paging back: entries with a smaller id
}

// Events returns audit entries matching f, newest first.
func (db *DB) Events(ctx context.Context, f AuditFilter) ([]*admin.Event, error) {
	var (
		where []string
		args  []any
	)
	if f.Action != "" {
		where, args = append(where, "action LIKE ? ESCAPE '\\'"), append(args, likePrefix(f.Action))
	}
	if f.Object != "" {
		where, args = append(where, "object LIKE ? ESCAPE '\\'"), append(args, likePrefix(f.Object))
	}
	if f.ActorID != 0 {
		where, args = append(where, "actor_id = ?"), append(args, f.ActorID)
	}
	if f.Actor != "" {
		where, args = append(where, "actor = ? COLLATE NOCASE"), append(args, f.Actor)
	}
	if !f.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, f.From.UTC().Format(time.RFC3339Nano))
	}
	if !f.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, f.To.UTC().Format(time.RFC3339Nano))
	}
	if f.BeforeID > 0 {
		where, args = append(where, "id < ?"), append(args, f.BeforeID)
	}
	q := `SELECT ` + eventColumns + ` FROM audit_log`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	q += " ORDER BY id DESC"
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapErr("audit", err)
	}
	return scanEvents(rows)
}

// EventsAfter returns up to limit audit entries after the entry afterID,
// oldest first: for those who follow the log (the notifier).
func (db *DB) EventsAfter(ctx context.Context, afterID int64, limit int) ([]*admin.Event, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT `+eventColumns+`
		FROM audit_log WHERE id > ? ORDER BY id LIMIT ?`, afterID, limit)
	if err != nil {
		return nil, mapErr("audit", err)
	}
	return scanEvents(rows)
}

// eventColumns are the columns scanEvents reads, in its order.
const eventColumns = `id, at, actor_id, actor, addr, action, object, detail, hash`

// scanEvents reads the rows of a query of eventColumns.
func scanEvents(rows *sql.Rows) ([]*admin.Event, error) {
	defer rows.Close()
	var out []*admin.Event
	for rows.Next() {
		var (
			e  admin.Event
			at string
		)
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.Addr, &e.Action, &e.Object, &e.Detail, &e.Hash); err != nil {
			return nil, mapErr("audit", err)
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, &e)
	}
	return out, mapErr("audit", rows.Err())
}

func likePrefix(s string) string { return likeEscape(s) + "%" }

// likeEscape makes s match itself in a LIKE pattern with ESCAPE '\'.
func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}

// Verification is the result of checking the audit chain.
type Verification struct {
	Checked int
	// BrokenID is the first entry whose hash does not match its fields and
	// the entry before it (0 when the chain is whole). Reason says how.
	BrokenID int64
	Reason   string
}

// Anchor is an entry of the audit log recorded elsewhere (by a build, in
// the data folder's anchor file, by a backup, by hand) when it was the
// newest: an entry of that id with that hash must always be in the log, so
// that removing the newest entries, which leaves the chain whole, is found.
type Anchor struct {
	ID   int64
	Hash string
	At   time.Time
	// Source says who recorded it, for the report ("build 12").
	Source string
}

// AuditHead returns the newest entry of the audit log as an anchor (ID 0
// while the log is empty).
func (db *DB) AuditHead(ctx context.Context) (Anchor, error) {
	var a Anchor
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		a, err = auditHead(ctx, tx)
		return err
	})
	return a, err
}

func auditHead(ctx context.Context, tx *sql.Tx) (Anchor, error) {
	a := Anchor{Hash: genesis}
	err := tx.QueryRowContext(ctx, `SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&a.ID, &a.Hash)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil
	}
	return a, mapErr("audit head", err)
}

// buildAnchors returns the anchors the builds recorded.
func (db *DB) buildAnchors(ctx context.Context) ([]Anchor, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT id, started_at, audit_id, audit_hash FROM builds WHERE audit_id > 0 ORDER BY id`)
	if err != nil {
		return nil, mapErr("audit anchors", err)
	}
	defer rows.Close()
	var out []Anchor
	for rows.Next() {
		var (
			a     Anchor
			build int64
		)
		if err := rows.Scan(&build, &a.At, &a.ID, &a.Hash); err != nil {
			return nil, mapErr("audit anchors", err)
		}
		a.Source = fmt.Sprintf("build %d", build)
		out = append(out, a)
	}
	return out, mapErr("audit anchors", rows.Err())
}

// VerifyAudit recomputes the hash chain of the whole audit log, then checks
// that every anchor the builds recorded, and every anchor given, is in it.
func (db *DB) VerifyAudit(ctx context.Context, anchors ...Anchor) (Verification, error) {
	v, last, err := db.verifyChain(ctx)
	if err != nil || v.BrokenID != 0 {
		return v, err
	}
	recorded, err := db.buildAnchors(ctx)
	if err != nil {
		return v, err
	}
	for _, a := range append(recorded, anchors...) {
		if a.ID == 0 {
			continue
		}
		when := ""
		if !a.At.IsZero() {
			when = " on " + a.At.UTC().Format(time.RFC3339)
		}
		if a.ID > last.ID {
			v.BrokenID = last.ID + 1
			v.Reason = fmt.Sprintf("entries %d to %d are missing: %s recorded entry %d as the newest%s, and the log now ends at entry %d",
				last.ID+1, a.ID, a.Source, a.ID, when, last.ID)
			return v, nil
		}
		var hash string
		if err := db.db.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE id = ?`, a.ID).Scan(&hash); err != nil {
			return v, mapErr("verify audit", err)
		}
		if hash != a.Hash {
			v.BrokenID = a.ID
			v.Reason = fmt.Sprintf("it is not the entry %s recorded%s: the log was rewritten from there", a.Source, when)
			return v, nil
		}
	}
	return v, nil
}

// verifyChain recomputes the hash chain and returns the last entry checked.
func (db *DB) verifyChain(ctx context.Context) (Verification, Anchor, error) {
	var v Verification
	last := Anchor{Hash: genesis}
	rows, err := db.db.QueryContext(ctx, `
		SELECT id, at, actor_id, actor, addr, action, object, detail, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return v, last, mapErr("verify audit", err)
	}
	defer rows.Close()
	prev := genesis
	var lastID int64
	for rows.Next() {
		var (
			e            admin.Event
			at, prevHash string
		)
		if err := rows.Scan(&e.ID, &at, &e.ActorID, &e.Actor, &e.Addr, &e.Action, &e.Object, &e.Detail, &prevHash, &e.Hash); err != nil {
			return v, last, mapErr("verify audit", err)
		}
		v.Checked++
		e.At, err = time.Parse(time.RFC3339Nano, at)
		switch {
		case err != nil:
			v.BrokenID, v.Reason = e.ID, "its time cannot be read"
		case e.ID != lastID+1:
			v.BrokenID, v.Reason = e.ID, fmt.Sprintf("entries %d to %d are missing", lastID+1, e.ID-1)
		case prevHash != prev:
			v.BrokenID, v.Reason = e.ID, "it does not follow the entry before it"
		case eventHash(&e, prev) != e.Hash:
			v.BrokenID, v.Reason = e.ID, "its content does not match its hash"
		}
		if v.BrokenID != 0 {
			return v, last, nil
		}
		prev, lastID = e.Hash, e.ID
		last.ID, last.Hash = e.ID, e.Hash
	}
	return v, last, mapErr("verify audit", rows.Err())
}

// CountEvents counts the entries of an action since a time whose object or
// address is the one given (either may be empty to ignore it).
func (db *DB) CountEvents(ctx context.Context, action, object, addr string, since time.Time) (int, error) {
	q := `SELECT count(*) FROM audit_log WHERE action = ? AND at >= ?`
	args := []any{action, since.UTC().Format(time.RFC3339Nano)}
	if object != "" {
		q, args = q+` AND object = ?`, append(args, object)
	}
	if addr != "" {
		q, args = q+` AND addr = ?`, append(args, addr)
	}
	var n int
	err := db.db.QueryRowContext(ctx, q, args...).Scan(&n)
	return n, mapErr("count events", err)
}
