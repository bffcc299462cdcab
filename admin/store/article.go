package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"portal/admin"
	"portal/admin/text"
)

// CreateArticle adds an article with its translations, each at version 1
// with its first revision, and records ev. Missing slugs are made from
// titles and made unique in their language; a slug given explicitly that
// is taken is refused. Translations created as published are live at
// version 1 with a locked slug.
func (db *DB) CreateArticle(ctx context.Context, a *admin.Article, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.createArticle(ctx, tx, a); err != nil {
			return err
		}
		if ev != nil && ev.Object == "" {
			ev.Object = fmt.Sprintf("article/%d", a.ID)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// ImportArticles adds the articles whose SourceKey is not in the database
// yet, in one transaction, records ev when it added any, and returns how
// many it added. Loading the same set twice changes nothing.
func (db *DB) ImportArticles(ctx context.Context, articles []*admin.Article, ev *admin.Event) (int, error) {
	added := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, a := range articles {
			if a.SourceKey != "" {
				var id int64
				err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE source_key = ?`, a.SourceKey).Scan(&id)
				if err == nil {
					a.ID = id
					continue
				}
				if err != sql.ErrNoRows {
					return mapErr("import", err)
				}
			}
			if err := db.createArticle(ctx, tx, a); err != nil {
				return err
			}
			added++
		}
		if added == 0 || ev == nil {
			return nil
		}
		ev.Detail = strings.TrimSpace(fmt.Sprintf("%s %d articles", ev.Detail, added))
		return db.appendEvent(ctx, tx, ev)
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func (db *DB) createArticle(ctx context.Context, tx *sql.Tx, a *admin.Article) error {
	if !a.Kind.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "kind", Key: "unknown_kind", Args: []any{a.Kind}, Message: fmt.Sprintf("unknown kind %q", a.Kind)}
	}
	if a.SourceLang == "" {
		a.SourceLang = "vi"
	}
	if a.Policy == "" {
		a.Policy = admin.DefaultPolicy(a.Kind)
	}
	a.InternalNotes = text.Clean(a.InternalNotes)
	if e := admin.TooLong("internal_notes", a.InternalNotes, admin.MaxNote); e != nil {
		return e
	}
	now := db.now()
	a.CreatedAt, a.UpdatedAt = now, now
	var sourceKey sql.NullString
	if a.SourceKey != "" {
		sourceKey = sql.NullString{String: a.SourceKey, Valid: true}
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO articles (area_id, kind, unit_id, source_key, internal_notes, source_lang, language_policy, created_by, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.AreaID, a.Kind, nullID(a.UnitID), sourceKey, a.InternalNotes, a.SourceLang, a.Policy,
		nullID(a.CreatedBy), now, now).Scan(&a.ID)
	if err != nil {
		return mapErr("create article", err)
	}
	for _, t := range a.Translations {
		t.ArticleID = a.ID
		if err := db.insertTranslation(ctx, tx, t, now); err != nil {
			return err
		}
	}
	return nil
}

// Article returns an article with all its translations.
func (db *DB) Article(ctx context.Context, id int64) (*admin.Article, error) {
	var (
		a         admin.Article
		unit      sql.NullInt64
		createdBy sql.NullInt64
		sourceKey sql.NullString
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT id, area_id, kind, unit_id, source_key, internal_notes, source_lang, language_policy, created_by, created_at, updated_at, licence
		FROM articles WHERE id = ?`, id).Scan(&a.ID, &a.AreaID, &a.Kind, &unit, &sourceKey, &a.InternalNotes,
		&a.SourceLang, &a.Policy, &createdBy, &a.CreatedAt, &a.UpdatedAt, &a.Licence)
	if err != nil {
		return nil, mapErr(fmt.Sprintf("article %d", id), err)
	}
	a.UnitID, a.SourceKey, a.CreatedBy = unit.Int64, sourceKey.String, createdBy.Int64
	rows, err := db.db.QueryContext(ctx, `SELECT `+translationColumns+` FROM translations t WHERE t.article_id = ? ORDER BY t.lang`, id)
	if err != nil {
		return nil, mapErr("translations", err)
	}
	defer rows.Close()
	for rows.Next() {
		t, err := scanTranslation(rows)
		if err != nil {
			return nil, err
		}
		a.Translations = append(a.Translations, t)
	}
	if err := rows.Err(); err != nil {
		return nil, mapErr("translations", err)
	}
	for _, t := range a.Translations {
		if t.Tags, err = db.tags(ctx, t.ID); err != nil {
			return nil, err
		}
	}
	return &a, nil
}

// SetArticleLicence sets the licence of an article's text (a key of
// admin.Licences, "" for the site's) and records ev.
func (db *DB) SetArticleLicence(ctx context.Context, id int64, licence string, ev *admin.Event) error {
	if licence != "" && admin.LicenceByKey(licence) == nil {
		return admin.Refuse(admin.EINVALID, "media_licence_unknown", "choose one of the licences offered")
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET licence = ? WHERE id = ?`, licence, id)
		if err != nil {
			return mapErr("licence", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no article %d", id)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// DeleteArticle deletes an article with its language versions and their
// revisions, and records ev. The addresses readers once saw are kept in
// withdrawn_pages, so that the site says the article was withdrawn there
// and no other article takes them.
func (db *DB) DeleteArticle(ctx context.Context, id int64, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `
			INSERT OR REPLACE INTO withdrawn_pages (article_id, kind, area_key, lang, title, slug, published_at, withdrawn_at)
			SELECT a.id, a.kind, ar.key, t.lang, t.title, t.slug, t.published_at, ?
			FROM translations t JOIN articles a ON a.id = t.article_id JOIN areas ar ON ar.id = a.area_id
			WHERE a.id = ? AND t.slug_locked = 1`, db.now(), id); err != nil {
			return mapErr("delete article", err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id)
		if err != nil {
			return mapErr("delete article", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no article %d", id)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}
