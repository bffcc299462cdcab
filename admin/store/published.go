package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"portal/admin"
)

// EachPublished calls fn for every translation readers may see, with the
// content of its live version (not of later edits awaiting approval) and
// the names of its area and unit in its language, ordered by article and
// language. It reads in one transaction, so the set is consistent.
func (db *DB) EachPublished(ctx context.Context, fn func(*admin.Published) error) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	notes, err := changeNotes(ctx, tx)
	if err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `
		SELECT a.id, a.kind, a.licence, ar.key, COALESCE(an.name, ''), COALESCE(an.slug, ''), COALESCE(an.description, ''),
			COALESCE(un.name, ''),
			t.id, t.article_id, t.lang, r.title, r.slug, r.summary, r.body, r.tags, t.status, r.version,
			t.published_at, t.created_at, r.created_at, r.facts
		FROM translations t
		JOIN revisions r ON r.translation_id = t.id AND r.version = t.live_version
		JOIN articles a ON a.id = t.article_id
		JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN area_names an ON an.area_id = ar.id AND an.lang = t.lang
		LEFT JOIN unit_names un ON un.unit_id = a.unit_id AND un.lang = t.lang
		WHERE t.live_version > 0
		ORDER BY a.id, t.lang`)
	if err != nil {
		return mapErr("published", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			p         admin.Published
			t         = &p.Translation
			published sql.NullTime
			tags      string
			facts     string
		)
		err := rows.Scan(&p.ArticleID, &p.Kind, &p.Licence, &p.AreaKey, &p.Area.Name, &p.Area.Slug, &p.Area.Description, &p.UnitName,
			&t.ID, &t.ArticleID, &t.Lang, &t.Title, &t.Slug, &t.Summary, &t.Body, &tags, &t.Status, &t.Version,
			&published, &t.CreatedAt, &t.UpdatedAt, &facts)
		if err != nil {
			return mapErr("published", err)
		}
		t.PublishedAt = published.Time
		t.LiveVersion = t.Version
		if t.Facts, err = readFacts(facts); err != nil {
			return err
		}
		for _, n := range notes[t.ID] {
			if n.version <= t.Version {
				t.Changes = append(t.Changes, n.ChangeNote)
			}
		}
		if t.Tags, err = readTags(tags); err != nil {
			return err
		}
		if err := fn(&p); err != nil {
			return err
		}
	}
	return mapErr("published", rows.Err())
}

// EachWithdrawn calls fn for every translation that was published and has
// been taken down since (its address is locked, nothing of it is live), with
// its title, address and the time it was taken down (UpdatedAt).
func (db *DB) EachWithdrawn(ctx context.Context, fn func(*admin.Published) error) error {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.kind, ar.key, COALESCE(an.name, ''), COALESCE(an.slug, ''),
			t.id, t.lang, t.title, t.slug, t.published_at, t.updated_at
		FROM translations t
		JOIN articles a ON a.id = t.article_id
		JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN area_names an ON an.area_id = ar.id AND an.lang = t.lang
		WHERE t.slug_locked = 1 AND t.live_version = 0
		UNION ALL
		SELECT w.article_id, w.kind, w.area_key, COALESCE(an.name, ''), COALESCE(an.slug, ''),
			0, w.lang, w.title, w.slug, w.published_at, w.withdrawn_at
		FROM withdrawn_pages w
		JOIN areas ar ON ar.key = w.area_key
		LEFT JOIN area_names an ON an.area_id = ar.id AND an.lang = w.lang
		ORDER BY 1, 7`)
	if err != nil {
		return mapErr("withdrawn", err)
	}
	var list []*admin.Published
	for rows.Next() {
		var (
			p         admin.Published
			t         = &p.Translation
			published sql.NullTime
		)
		if err := rows.Scan(&p.ArticleID, &p.Kind, &p.AreaKey, &p.Area.Name, &p.Area.Slug,
			&t.ID, &t.Lang, &t.Title, &t.Slug, &published, &t.UpdatedAt); err != nil {
			rows.Close()
			return mapErr("withdrawn", err)
		}
		t.ArticleID, t.PublishedAt, t.Status = p.ArticleID, published.Time, admin.StatusUnpublished
		list = append(list, &p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return mapErr("withdrawn", err)
	}
	for _, p := range list {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// Embargoed returns the versions of press releases and clarifications that
// are approved for a publication after now (under embargo), with their
// approved text, soonest first.
func (db *DB) Embargoed(ctx context.Context, now time.Time) ([]*admin.Published, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.kind, ar.key, COALESCE(an.name, ''), COALESCE(an.slug, ''), COALESCE(un.name, ''),
			t.id, t.lang, t.title, t.slug, t.summary, t.body, t.version, t.publish_at, t.updated_at
		FROM translations t
		JOIN articles a ON a.id = t.article_id
		JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN area_names an ON an.area_id = ar.id AND an.lang = t.lang
		LEFT JOIN unit_names un ON un.unit_id = a.unit_id AND un.lang = t.lang
		WHERE t.status = 'approved' AND t.publish_at > ? AND a.kind IN ('press_release', 'clarification')
		ORDER BY t.publish_at, a.id, t.lang`, now.UTC())
	if err != nil {
		return nil, mapErr("embargoed", err)
	}
	defer rows.Close()
	var out []*admin.Published
	for rows.Next() {
		var (
			p  admin.Published
			t  = &p.Translation
			at sql.NullTime
		)
		if err := rows.Scan(&p.ArticleID, &p.Kind, &p.AreaKey, &p.Area.Name, &p.Area.Slug, &p.UnitName,
			&t.ID, &t.Lang, &t.Title, &t.Slug, &t.Summary, &t.Body, &t.Version, &at, &t.UpdatedAt); err != nil {
			return nil, mapErr("embargoed", err)
		}
		t.ArticleID, t.PublishAt, t.Status = p.ArticleID, at.Time, admin.StatusApproved
		out = append(out, &p)
	}
	return out, mapErr("embargoed", rows.Err())
}

type versionNote struct {
	admin.ChangeNote
	version int
}

// changeNotes returns the notes for readers of every revision, by
// translation, oldest first.
func changeNotes(ctx context.Context, tx *sql.Tx) (map[int64][]versionNote, error) {
	rows, err := tx.QueryContext(ctx, `SELECT translation_id, version, created_at, public_note FROM revisions
		WHERE public_note <> '' ORDER BY translation_id, version`)
	if err != nil {
		return nil, mapErr("change notes", err)
	}
	defer rows.Close()
	out := map[int64][]versionNote{}
	for rows.Next() {
		var (
			id int64
			n  versionNote
		)
		if err := rows.Scan(&id, &n.version, &n.At, &n.Note); err != nil {
			return nil, mapErr("change notes", err)
		}
		out[id] = append(out[id], n)
	}
	return out, mapErr("change notes", rows.Err())
}
