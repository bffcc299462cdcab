package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"portal/admin"
)

// QueueItem is one language version in a work queue of the dashboard.
type QueueItem struct {
	ArticleID int64
	Lang      string
	Title     string
	Status    admin.Status
	Version   int
	UpdatedAt time.Time
	PublishAt time.Time
	AreaKey   string
	EditorID  int64 // who saved the current version
	// PagePath is the version's page on the public site ("/vi/du-lich/…/")
	// when readers see it there, else "".
	PagePath string
}

// QueueFilter selects language versions for a work queue. Zero fields
// select everything.
type QueueFilter struct {
	Statuses         []admin.Status
	AuthorID         int64    // written by this user
	NotEditedBy      int64    // neither written nor last edited by this user
	Langs            []string // in these languages
	UnitID           int64    // of this unit's articles
	Scheduled        bool     // with a publication time set
	Live             bool     // readers see a version
	Limit            int
	OrderByPublished bool // newest publication first, instead of last change
}

// Queue returns the language versions matching f, most recent first.
func (db *DB) Queue(ctx context.Context, f QueueFilter) ([]*QueueItem, error) {
	var (
		where []string
		args  []any
	)
	if len(f.Statuses) > 0 {
		where = append(where, "t.status IN ("+placeholders(len(f.Statuses))+")")
		for _, s := range f.Statuses {
			args = append(args, s)
		}
	}
	if len(f.Langs) > 0 {
		where = append(where, "t.lang IN ("+placeholders(len(f.Langs))+")")
		for _, l := range f.Langs {
			args = append(args, l)
		}
	}
	if f.AuthorID != 0 {
		where, args = append(where, "t.author_id = ?"), append(args, f.AuthorID)
	}
	if f.NotEditedBy != 0 {
		where = append(where, "COALESCE(t.author_id, 0) != ? AND COALESCE(t.last_editor_id, 0) != ?")
		args = append(args, f.NotEditedBy, f.NotEditedBy)
	}
	if f.UnitID != 0 {
		where, args = append(where, "a.unit_id = ?"), append(args, f.UnitID)
	}
	if f.Scheduled {
		where = append(where, "t.publish_at IS NOT NULL")
	}
	if f.Live {
		where = append(where, "t.live_version > 0")
	}
	q := `SELECT t.article_id, t.lang, t.title, t.status, t.version, t.updated_at, t.publish_at, ar.key, COALESCE(t.last_editor_id, 0),
			CASE WHEN t.live_version > 0 AND t.site_version > 0 AND an.slug IS NOT NULL THEN '/' || t.lang || '/' || an.slug || '/' || t.slug || '/' ELSE '' END
		FROM translations t JOIN articles a ON a.id = t.article_id JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN area_names an ON an.area_id = ar.id AND an.lang = t.lang`
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	if f.OrderByPublished {
		q += " ORDER BY t.published_at DESC"
	} else {
		q += " ORDER BY t.updated_at DESC"
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	q += fmt.Sprintf(" LIMIT %d", f.Limit)
	rows, err := db.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, mapErr("queue", err)
	}
	defer rows.Close()
	var out []*QueueItem
	for rows.Next() {
		var (
			it QueueItem
			p  sql.NullTime
		)
		if err := rows.Scan(&it.ArticleID, &it.Lang, &it.Title, &it.Status, &it.Version, &it.UpdatedAt, &p, &it.AreaKey, &it.EditorID, &it.PagePath); err != nil {
			return nil, mapErr("queue", err)
		}
		it.PublishAt = p.Time
		out = append(out, &it)
	}
	return out, mapErr("queue", rows.Err())
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// TranslationGap is an article whose version in a language is missing or
// outdated.
type TranslationGap struct {
	ArticleID int64
	Title     string // in the source language
	Lang      string
	Missing   bool // no version yet; otherwise outdated
}

// TranslationGaps returns articles with a source version but no version, or
// an outdated one, in another of langs.
func (db *DB) TranslationGaps(ctx context.Context, langs []string, unitID int64, limit int) ([]*TranslationGap, error) {
	var out []*TranslationGap
	for _, lang := range langs {
		q := `SELECT a.id, s.title, t.id IS NULL
			FROM articles a
			JOIN translations s ON s.article_id = a.id AND s.lang = a.source_lang
			LEFT JOIN translations t ON t.article_id = a.id AND t.lang = ?
			WHERE a.source_lang != ? AND (t.id IS NULL OR t.source_version < s.significant_version)`
		args := []any{lang, lang}
		if unitID != 0 {
			q, args = q+` AND a.unit_id = ?`, append(args, unitID)
		}
		q += fmt.Sprintf(` ORDER BY a.updated_at DESC LIMIT %d`, limit)
		rows, err := db.db.QueryContext(ctx, q, args...)
		if err != nil {
			return nil, mapErr("translation gaps", err)
		}
		for rows.Next() {
			g := &TranslationGap{Lang: lang}
			if err := rows.Scan(&g.ArticleID, &g.Title, &g.Missing); err != nil {
				rows.Close()
				return nil, mapErr("translation gaps", err)
			}
			out = append(out, g)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, mapErr("translation gaps", err)
		}
	}
	return out, nil
}
