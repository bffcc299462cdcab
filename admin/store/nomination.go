package store

import (
	"context"
	"database/sql"
	"fmt"

	"portal/admin"
	"portal/admin/text"
)

// Nominate marks article id as nominated for the national
// external-information press award, with a note, or takes the mark off,
// and records ev.
func (db *DB) Nominate(ctx context.Context, id int64, nominated bool, note string, by int64, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var (
			res sql.Result
			err error
		)
		if nominated {
			res, err = tx.ExecContext(ctx, `UPDATE articles SET nominated_at = COALESCE(nominated_at, ?), nominated_by = ?, nomination_note = ? WHERE id = ?`,
				db.now(), nullID(by), text.Clean(note), id)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE articles SET nominated_at = NULL, nominated_by = NULL, nomination_note = '' WHERE id = ?`, id)
		}
		if err != nil {
			return mapErr("nominate", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no article %d", id)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// Nomination is an article nominated for the award, with what a jury
// needs to find it.
type Nomination struct {
	ArticleID   int64
	Kind        admin.Kind
	AreaKey     string
	UnitName    string // in the site's default language
	NominatedAt sql.NullTime
	By          string
	Note        string
	// Versions are the article's language versions that readers see.
	Versions []NominatedVersion
}

// NominatedVersion is one published language version of a nominee.
type NominatedVersion struct {
	Lang, Title, AreaSlug, Slug string
	PublishedAt                 sql.NullTime
}

// Nominations returns the nominated articles, the latest nominated first,
// with their published language versions.
func (db *DB) Nominations(ctx context.Context, defaultLang string) ([]*Nomination, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.kind, ar.key, COALESCE(un.name, ''), a.nominated_at, COALESCE(NULLIF(u.full_name, ''), u.username, ''), a.nomination_note
		FROM articles a
		JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN unit_names un ON un.unit_id = a.unit_id AND un.lang = ?
		LEFT JOIN users u ON u.id = a.nominated_by
		WHERE a.nominated_at IS NOT NULL
		ORDER BY a.nominated_at DESC, a.id DESC`, defaultLang)
	if err != nil {
		return nil, mapErr("nominations", err)
	}
	var out []*Nomination
	byID := map[int64]*Nomination{}
	for rows.Next() {
		n := &Nomination{}
		if err := rows.Scan(&n.ArticleID, &n.Kind, &n.AreaKey, &n.UnitName, &n.NominatedAt, &n.By, &n.Note); err != nil {
			rows.Close()
			return nil, mapErr("nominations", err)
		}
		out, byID[n.ArticleID] = append(out, n), n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr("nominations", err)
	}
	if len(out) == 0 {
		return out, nil
	}
	vrows, err := db.db.QueryContext(ctx, `
		SELECT t.article_id, t.lang, r.title, COALESCE(an.slug, ''), r.slug, t.published_at
		FROM translations t
		JOIN revisions r ON r.translation_id = t.id AND r.version = t.live_version
		JOIN articles a ON a.id = t.article_id
		LEFT JOIN area_names an ON an.area_id = a.area_id AND an.lang = t.lang
		WHERE a.nominated_at IS NOT NULL AND t.live_version > 0
		ORDER BY t.article_id, t.lang`)
	if err != nil {
		return nil, mapErr("nominations", err)
	}
	defer vrows.Close()
	for vrows.Next() {
		var (
			id int64
			v  NominatedVersion
		)
		if err := vrows.Scan(&id, &v.Lang, &v.Title, &v.AreaSlug, &v.Slug, &v.PublishedAt); err != nil {
			return nil, mapErr("nominations", err)
		}
		if n := byID[id]; n != nil {
			n.Versions = append(n.Versions, v)
		}
	}
	return out, mapErr("nominations", vrows.Err())
}

// Nominated reports whether article id is nominated, and its note.
func (db *DB) Nominated(ctx context.Context, id int64) (bool, string, error) {
	var (
		at   sql.NullTime
		note string
	)
	err := db.db.QueryRowContext(ctx, `SELECT nominated_at, nomination_note FROM articles WHERE id = ?`, id).Scan(&at, &note)
	if err != nil {
		return false, "", mapErr(fmt.Sprintf("article %d", id), err)
	}
	return at.Valid, note, nil
}
