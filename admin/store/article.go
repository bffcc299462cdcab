package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/text"
)

// CreateArticle adds an article with its translations. Missing slugs are
// made from titles and made unique in their language; a slug given
// explicitly that is taken is refused. Published translations get their
// publication time (now, unless set) and a locked slug.
func (db *DB) CreateArticle(ctx context.Context, a *admin.Article) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.createArticle(ctx, tx, a) })
}

// ImportArticles adds the articles whose SourceKey is not in the database
// yet, in one transaction, and returns how many it added. Loading the same
// set twice changes nothing.
func (db *DB) ImportArticles(ctx context.Context, articles []*admin.Article) (int, error) {
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
		return nil
	})
	if err != nil {
		return 0, err
	}
	return added, nil
}

func (db *DB) createArticle(ctx context.Context, tx *sql.Tx, a *admin.Article) error {
	if !a.Kind.Valid() {
		return admin.Errorf(admin.EINVALID, "unknown kind %q", a.Kind)
	}
	now := db.now()
	a.CreatedAt, a.UpdatedAt = now, now
	var sourceKey sql.NullString
	if a.SourceKey != "" {
		sourceKey = sql.NullString{String: a.SourceKey, Valid: true}
	}
	err := tx.QueryRowContext(ctx, `
		INSERT INTO articles (area_id, kind, unit_id, source_key, internal_notes, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		a.AreaID, a.Kind, nullID(a.UnitID), sourceKey, text.NFC(a.InternalNotes), now, now).Scan(&a.ID)
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

func normalize(t *admin.Translation) {
	t.Title = text.Clean(t.Title)
	t.Summary = text.Clean(t.Summary)
	t.Body = text.NFC(strings.ReplaceAll(t.Body, "\r\n", "\n"))
	t.Slug = strings.TrimSpace(t.Slug)
	seen := map[string]bool{}
	tags := t.Tags[:0:0]
	for _, tag := range t.Tags {
		tag = text.Clean(tag)
		if tag == "" || seen[text.Fold(tag)] {
			continue
		}
		seen[text.Fold(tag)] = true
		tags = append(tags, tag)
	}
	t.Tags = tags
}

func validate(t *admin.Translation) error {
	if t.Lang == "" {
		return &admin.Error{Code: admin.EINVALID, Field: "lang", Message: "language is required"}
	}
	if t.Title == "" {
		return &admin.Error{Code: admin.EINVALID, Field: "title", Message: "title is required"}
	}
	if t.Status == "" {
		t.Status = admin.StatusDraft
	}
	if !t.Status.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "status", Message: fmt.Sprintf("unknown status %q", t.Status)}
	}
	if t.Slug != "" && !text.ValidSlug(t.Slug) {
		return &admin.Error{Code: admin.EINVALID, Field: "slug", Message: "a slug has only lower-case letters a-z, digits and single hyphens"}
	}
	return nil
}

func (db *DB) insertTranslation(ctx context.Context, tx *sql.Tx, t *admin.Translation, now time.Time) error {
	normalize(t)
	if err := validate(t); err != nil {
		return err
	}
	slug, err := db.freeSlug(ctx, tx, t, 0)
	if err != nil {
		return err
	}
	t.Slug = slug
	t.Version = 1
	t.CreatedAt, t.UpdatedAt = now, now
	locked := false
	if t.Status == admin.StatusPublished {
		locked = true
		if t.PublishedAt.IsZero() {
			t.PublishedAt = now
		}
	}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO translations (article_id, lang, title, slug, summary, body, status, version,
			slug_locked, published_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.ArticleID, t.Lang, t.Title, t.Slug, t.Summary, t.Body, t.Status, t.Version,
		locked, nullTime(t.PublishedAt), now, now).Scan(&t.ID)
	if err != nil {
		return mapErr(fmt.Sprintf("translation %s of article %d", t.Lang, t.ArticleID), err)
	}
	return writeTags(ctx, tx, t)
}

func writeTags(ctx context.Context, tx *sql.Tx, t *admin.Translation) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM translation_tags WHERE translation_id = ?`, t.ID); err != nil {
		return mapErr("tags", err)
	}
	for i, tag := range t.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO translation_tags (translation_id, position, tag) VALUES (?, ?, ?)`, t.ID, i, tag); err != nil {
			return mapErr("tags", err)
		}
	}
	return nil
}

// freeSlug returns the slug t will have: t.Slug if given and free in its
// language, or one made from the title with -2, -3 ... added until free.
// self is the translation's own id (0 for a new one).
func (db *DB) freeSlug(ctx context.Context, tx *sql.Tx, t *admin.Translation, self int64) (string, error) {
	taken := func(s string) (bool, error) {
		var n int
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM translations WHERE lang = ? AND slug = ? AND id != ?`, t.Lang, s, self).Scan(&n)
		return n > 0, err
	}
	if t.Slug != "" {
		ok, err := taken(t.Slug)
		if err != nil {
			return "", mapErr("slug", err)
		}
		if ok {
			return "", &admin.Error{Code: admin.ECONFLICT, Field: "slug", Message: fmt.Sprintf("the address %q is already used by another article in this language", t.Slug)}
		}
		return t.Slug, nil
	}
	base := text.Slug(t.Title)
	if base == "" {
		base = fmt.Sprintf("article-%d", t.ArticleID)
	}
	for i := 1; ; i++ {
		s := base
		if i > 1 {
			suffix := fmt.Sprintf("-%d", i)
			s = strings.TrimRight(base[:min(len(base), 80-len(suffix))], "-") + suffix
		}
		ok, err := taken(s)
		if err != nil {
			return "", mapErr("slug", err)
		}
		if !ok {
			return s, nil
		}
	}
}

// SaveTranslation writes a new version of an existing translation: title,
// slug, summary, body and tags. t.Version must be the version the edit
// started from; a save on a stale version is refused with a conflict. The
// slug of a translation that has been published cannot change.
func (db *DB) SaveTranslation(ctx context.Context, t *admin.Translation) error {
	normalize(t)
	if err := validate(t); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var (
			version int
			slug    string
			locked  bool
		)
		err := tx.QueryRowContext(ctx, `SELECT version, slug, slug_locked FROM translations WHERE id = ?`, t.ID).Scan(&version, &slug, &locked)
		if err != nil {
			return mapErr("translation", err)
		}
		if version != t.Version {
			return admin.Errorf(admin.ECONFLICT, "this text was changed by someone else (version %d, you edited version %d)", version, t.Version)
		}
		if t.Slug == "" {
			t.Slug = slug
		}
		if t.Slug != slug {
			if locked {
				return &admin.Error{Code: admin.ECONFLICT, Field: "slug", Message: "the address of a published article cannot change"}
			}
			if t.Slug, err = db.freeSlug(ctx, tx, t, t.ID); err != nil {
				return err
			}
		}
		now := db.now()
		t.Version = version + 1
		t.UpdatedAt = now
		_, err = tx.ExecContext(ctx, `
			UPDATE translations SET title = ?, slug = ?, summary = ?, body = ?, version = ?, updated_at = ?
			WHERE id = ?`, t.Title, t.Slug, t.Summary, t.Body, t.Version, now, t.ID)
		if err != nil {
			return mapErr("save translation", err)
		}
		if err := writeTags(ctx, tx, t); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE articles SET updated_at = ? WHERE id = (SELECT article_id FROM translations WHERE id = ?)`, now, t.ID)
		return mapErr("save translation", err)
	})
}

// SetStatus moves a translation to a new workflow state. Publishing records
// the first publication time and locks the slug.
func (db *DB) SetStatus(ctx context.Context, translationID int64, s admin.Status) error {
	if !s.Valid() {
		return admin.Errorf(admin.EINVALID, "unknown status %q", s)
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		now := db.now()
		res, err := tx.ExecContext(ctx, `
			UPDATE translations SET status = ?, updated_at = ?,
				slug_locked = slug_locked OR ? = 'published',
				published_at = CASE WHEN ? = 'published' AND published_at IS NULL THEN ? ELSE published_at END
			WHERE id = ?`, s, now, s, s, now, translationID)
		if err != nil {
			return mapErr("set status", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no translation %d", translationID)
		}
		return nil
	})
}

// Article returns an article with all its translations.
func (db *DB) Article(ctx context.Context, id int64) (*admin.Article, error) {
	var (
		a         admin.Article
		unit      sql.NullInt64
		sourceKey sql.NullString
	)
	err := db.db.QueryRowContext(ctx, `
		SELECT id, area_id, kind, unit_id, source_key, internal_notes, created_at, updated_at
		FROM articles WHERE id = ?`, id).Scan(&a.ID, &a.AreaID, &a.Kind, &unit, &sourceKey, &a.InternalNotes, &a.CreatedAt, &a.UpdatedAt)
	if err != nil {
		return nil, mapErr(fmt.Sprintf("article %d", id), err)
	}
	a.UnitID, a.SourceKey = unit.Int64, sourceKey.String
	rows, err := db.db.QueryContext(ctx, `
		SELECT id, article_id, lang, title, slug, summary, body, status, version, published_at, created_at, updated_at
		FROM translations WHERE article_id = ? ORDER BY lang`, id)
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

func scanTranslation(rows *sql.Rows) (*admin.Translation, error) {
	var (
		t         admin.Translation
		published sql.NullTime
	)
	err := rows.Scan(&t.ID, &t.ArticleID, &t.Lang, &t.Title, &t.Slug, &t.Summary, &t.Body, &t.Status, &t.Version, &published, &t.CreatedAt, &t.UpdatedAt)
	if err != nil {
		return nil, mapErr("translation", err)
	}
	t.PublishedAt = published.Time
	return &t, nil
}

func (db *DB) tags(ctx context.Context, translationID int64) ([]string, error) {
	rows, err := db.db.QueryContext(ctx, `SELECT tag FROM translation_tags WHERE translation_id = ? ORDER BY position`, translationID)
	if err != nil {
		return nil, mapErr("tags", err)
	}
	defer rows.Close()
	var tags []string
	for rows.Next() {
		var tag string
		if err := rows.Scan(&tag); err != nil {
			return nil, mapErr("tags", err)
		}
		tags = append(tags, tag)
	}
	return tags, mapErr("tags", rows.Err())
}

// EachPublished calls fn for every published translation, with the names of
// its area and unit in its language, ordered by article and language. It
// reads in one transaction, so the set is consistent.
func (db *DB) EachPublished(ctx context.Context, fn func(*admin.Published) error) error {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	tags := map[int64][]string{}
	trows, err := tx.QueryContext(ctx, `
		SELECT g.translation_id, g.tag FROM translation_tags g
		JOIN translations t ON t.id = g.translation_id
		WHERE t.status = 'published' ORDER BY g.translation_id, g.position`)
	if err != nil {
		return mapErr("published tags", err)
	}
	for trows.Next() {
		var (
			id  int64
			tag string
		)
		if err := trows.Scan(&id, &tag); err != nil {
			trows.Close()
			return mapErr("published tags", err)
		}
		tags[id] = append(tags[id], tag)
	}
	trows.Close()
	rows, err := tx.QueryContext(ctx, `
		SELECT a.id, a.kind, ar.key, COALESCE(an.name, ''), COALESCE(an.slug, ''), COALESCE(an.description, ''),
			COALESCE(un.name, ''),
			t.id, t.article_id, t.lang, t.title, t.slug, t.summary, t.body, t.status, t.version,
			t.published_at, t.created_at, t.updated_at
		FROM translations t
		JOIN articles a ON a.id = t.article_id
		JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN area_names an ON an.area_id = ar.id AND an.lang = t.lang
		LEFT JOIN unit_names un ON un.unit_id = a.unit_id AND un.lang = t.lang
		WHERE t.status = 'published'
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
		)
		err := rows.Scan(&p.ArticleID, &p.Kind, &p.AreaKey, &p.Area.Name, &p.Area.Slug, &p.Area.Description, &p.UnitName,
			&t.ID, &t.ArticleID, &t.Lang, &t.Title, &t.Slug, &t.Summary, &t.Body, &t.Status, &t.Version,
			&published, &t.CreatedAt, &t.UpdatedAt)
		if err != nil {
			return mapErr("published", err)
		}
		t.PublishedAt = published.Time
		t.Tags = tags[t.ID]
		if err := fn(&p); err != nil {
			return err
		}
	}
	return mapErr("published", rows.Err())
}

// ArticleSummary is one row of the admin's article list.
type ArticleSummary struct {
	ID        int64
	AreaKey   string
	Kind      admin.Kind
	UpdatedAt time.Time
	Titles    map[string]string       // by language
	Statuses  map[string]admin.Status // by language
}

// RecentArticles returns the most recently changed articles.
func (db *DB) RecentArticles(ctx context.Context, limit int) ([]*ArticleSummary, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, ar.key, a.kind, a.updated_at, t.lang, t.title, t.status
		FROM (SELECT * FROM articles ORDER BY updated_at DESC, id DESC LIMIT ?) a
		JOIN areas ar ON ar.id = a.area_id
		LEFT JOIN translations t ON t.article_id = a.id
		ORDER BY a.updated_at DESC, a.id DESC, t.lang`, limit)
	if err != nil {
		return nil, mapErr("recent articles", err)
	}
	defer rows.Close()
	var list []*ArticleSummary
	for rows.Next() {
		var (
			s                   ArticleSummary
			lang, title, status sql.NullString
		)
		if err := rows.Scan(&s.ID, &s.AreaKey, &s.Kind, &s.UpdatedAt, &lang, &title, &status); err != nil {
			return nil, mapErr("recent articles", err)
		}
		if len(list) == 0 || list[len(list)-1].ID != s.ID {
			s.Titles, s.Statuses = map[string]string{}, map[string]admin.Status{}
			list = append(list, &s)
		}
		if lang.Valid {
			last := list[len(list)-1]
			last.Titles[lang.String] = title.String
			last.Statuses[lang.String] = admin.Status(status.String)
		}
	}
	return list, mapErr("recent articles", rows.Err())
}

// CountArticles returns the number of articles and of published translations.
func (db *DB) CountArticles(ctx context.Context) (articles, published int, err error) {
	err = db.db.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM translations WHERE status = 'published')`).Scan(&articles, &published)
	return articles, published, mapErr("count articles", err)
}
