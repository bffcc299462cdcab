package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/text"
)

// AddTranslation adds a language version to an existing article and
// records ev.
func (db *DB) AddTranslation(ctx context.Context, t *admin.Translation, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if err := db.insertTranslation(ctx, tx, t, db.now()); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET updated_at = ? WHERE id = ?`, t.UpdatedAt, t.ArticleID); err != nil {
			return mapErr("add translation", err)
		}
		if err := db.appendEvent(ctx, tx, ev); err != nil {
			return err
		}
		return readBack(ctx, tx, t)
	})
}

// normalize puts t's texts in the one form the portal stores: NFC, no
// control characters (line breaks only where a text has lines), tags
// without repeats (two tags with the same address are one tag).
func normalize(t *admin.Translation) {
	t.Title = text.Line(t.Title)
	t.Summary = text.Clean(t.Summary)
	t.Body = text.Block(t.Body)
	t.Slug = strings.TrimSpace(t.Slug)
	t.ChangeNote = text.Clean(t.ChangeNote)
	seen := map[string]bool{}
	tags := t.Tags[:0:0]
	for _, tag := range t.Tags {
		tag = text.Line(tag)
		key := text.Slug(tag)
		if tag == "" || (key != "" && seen[key]) {
			continue
		}
		seen[key] = true
		tags = append(tags, tag)
	}
	t.Tags = tags
	for k, v := range t.Facts {
		t.Facts[k] = text.Clean(v)
	}
}

func validate(t *admin.Translation) error {
	if t.Lang == "" {
		return &admin.Error{Code: admin.EINVALID, Field: "lang", Key: "lang_required", Message: "language is required"}
	}
	if t.Title == "" {
		return &admin.Error{Code: admin.EINVALID, Field: "title", Key: "title_required", Message: "title is required"}
	}
	if t.Status == "" {
		t.Status = admin.StatusDraft
	}
	if !t.Status.Valid() {
		return &admin.Error{Code: admin.EINVALID, Field: "status", Key: "unknown_status", Args: []any{t.Status}, Message: fmt.Sprintf("unknown status %q", t.Status)}
	}
	if t.Slug != "" && !text.ValidSlug(t.Slug) {
		return &admin.Error{Code: admin.EINVALID, Field: "slug", Key: "slug_invalid", Message: "a slug has only lower-case letters a-z, digits and single hyphens"}
	}
	for _, c := range []struct {
		field string
		s     string
		max   int
	}{{"title", t.Title, admin.MaxTitle}, {"summary", t.Summary, admin.MaxSummary}, {"body", t.Body, admin.MaxBody},
		{"change_note", t.ChangeNote, admin.MaxNote}} {
		if e := admin.TooLong(c.field, c.s, c.max); e != nil {
			return e
		}
	}
	if len(t.Tags) > admin.MaxTags {
		return &admin.Error{Code: admin.EINVALID, Field: "tags", Key: "tags_too_many", Args: []any{admin.MaxTags, len(t.Tags)},
			Message: fmt.Sprintf("at most %d tags (these are %d)", admin.MaxTags, len(t.Tags))}
	}
	for _, tag := range t.Tags {
		if e := admin.TooLong("tag", tag, admin.MaxTag); e != nil {
			e.Field, e.Args = "tags", append([]any{text.Truncate(tag, 40)}, e.Args...)
			return e
		}
		// A tag's page is at an address made from it, like an article's.
		if text.Slug(tag) == "" {
			return &admin.Error{Code: admin.EINVALID, Field: "tags", Key: "tag_no_letters", Args: []any{tag},
				Message: fmt.Sprintf("the tag %q has no letter or digit", tag)}
		}
	}
	for k, v := range t.Facts {
		if e := admin.TooLong("fact", v, admin.MaxFact); e != nil {
			e.Field, e.Args = "fact_"+k, append([]any{admin.FactLabel(k)}, e.Args...)
			return e
		}
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
	t.Version, t.SignificantVersion = 1, 1
	if t.Status == admin.StatusPublished && !t.PublishedAt.IsZero() && t.PublishedAt.Before(now) {
		// An import of what was published earlier: it was last changed
		// then, not now.
		now = t.PublishedAt.UTC()
	}
	t.CreatedAt, t.UpdatedAt = now, now
	t.LastEditorID = t.AuthorID
	locked := false
	if t.Status == admin.StatusPublished {
		locked = true
		t.LiveVersion = 1
		if t.PublishedAt.IsZero() {
			t.PublishedAt = now
		}
	}
	err = tx.QueryRowContext(ctx, `
		INSERT INTO translations (article_id, lang, title, slug, summary, body, status, version,
			slug_locked, published_at, created_at, updated_at, author_id, last_editor_id,
			live_version, significant_version, source_version, folded, facts)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		t.ArticleID, t.Lang, t.Title, t.Slug, t.Summary, t.Body, t.Status, t.Version,
		locked, nullTime(t.PublishedAt), now, now, nullID(t.AuthorID), nullID(t.AuthorID),
		t.LiveVersion, t.SignificantVersion, t.SourceVersion, text.Fold(t.Title+" "+t.Summary), factsJSON(t.Facts)).Scan(&t.ID)
	if err != nil {
		return mapErr(fmt.Sprintf("translation %s of article %d", t.Lang, t.ArticleID), err)
	}
	if err := writeTags(ctx, tx, t); err != nil {
		return err
	}
	return insertRevision(ctx, tx, t, false, now)
}

func insertRevision(ctx context.Context, tx *sql.Tx, t *admin.Translation, minor bool, now time.Time) error {
	tags, _ := json.Marshal(t.Tags)
	if t.Tags == nil {
		tags = []byte("[]")
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO revisions (translation_id, version, title, slug, summary, body, tags, editor_id, minor, source_version, created_at, facts, public_note)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		t.ID, t.Version, t.Title, t.Slug, t.Summary, t.Body, string(tags), nullID(t.LastEditorID), minor, t.SourceVersion, now, factsJSON(t.Facts),
		text.Clean(t.ChangeNote))
	return mapErr("revision", err)
}

// factsJSON is how facts are stored: a JSON object, "{}" for none.
func factsJSON(f admin.Facts) string {
	if len(f) == 0 {
		return "{}"
	}
	b, _ := json.Marshal(f)
	return string(b)
}

// readFacts reads stored facts; nil for none.
func readFacts(s string) (admin.Facts, error) {
	var f admin.Facts
	if err := json.Unmarshal([]byte(s), &f); err != nil {
		return nil, fmt.Errorf("store: stored facts: %w", err)
	}
	if len(f) == 0 {
		return nil, nil
	}
	return f, nil
}

// readTags reads a revision's stored tags.
func readTags(s string) ([]string, error) {
	var tags []string
	if err := json.Unmarshal([]byte(s), &tags); err != nil {
		return nil, fmt.Errorf("store: stored tags: %w", err)
	}
	return tags, nil
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
		if slices.Contains(admin.ReservedSlugs, s) {
			return true, nil
		}
		var n int
		err := tx.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM translations WHERE lang = ? AND slug = ? AND id != ?)
			+ (SELECT count(*) FROM withdrawn_pages WHERE lang = ? AND slug = ?)`, t.Lang, s, self, t.Lang, s).Scan(&n)
		return n > 0, err
	}
	if t.Slug != "" {
		ok, err := taken(t.Slug)
		if err != nil {
			return "", mapErr("slug", err)
		}
		if ok {
			return "", &admin.Error{Code: admin.ECONFLICT, Field: "slug", Key: "slug_taken", Args: []any{t.Slug},
				Message: fmt.Sprintf("the address %q is already used by another article in this language", t.Slug)}
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

// SaveTranslation writes a new version of an existing translation: its
// title, slug, summary, body and tags, with t.Status as its new state,
// t.LastEditorID as its editor and t.SourceVersion as the source it
// follows. t.Version must be the version the edit started from: a save on
// a stale version is refused with a conflict and changes nothing. The slug
// of a translation that has been published cannot change. A minor save
// does not make the other languages outdated. Every save is a revision;
// the approval of the previous version no longer holds.
func (db *DB) SaveTranslation(ctx context.Context, t *admin.Translation, minor bool, ev *admin.Event) error {
	normalize(t)
	if err := validate(t); err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		var (
			version, significant int
			slug                 string
			locked               bool
		)
		err := tx.QueryRowContext(ctx, `SELECT version, significant_version, slug, slug_locked FROM translations WHERE id = ?`, t.ID).
			Scan(&version, &significant, &slug, &locked)
		if err != nil {
			return mapErr("translation", err)
		}
		if version != t.Version {
			return &admin.Error{Code: admin.ECONFLICT, Field: "version", Key: "stale_version", Args: []any{version, t.Version},
				Message: fmt.Sprintf("this text was changed by someone else while you edited it (now version %d, you started from version %d); your text is kept below", version, t.Version)}
		}
		if t.Slug == "" {
			t.Slug = slug
		}
		if t.Slug != slug {
			if locked {
				return &admin.Error{Code: admin.ECONFLICT, Field: "slug", Key: "slug_locked", Message: "the address of a published article cannot change"}
			}
			if t.Slug, err = db.freeSlug(ctx, tx, t, t.ID); err != nil {
				return err
			}
		}
		now := db.now()
		t.Version = version + 1
		t.SignificantVersion = significant
		if !minor {
			t.SignificantVersion = t.Version
		}
		t.UpdatedAt = now
		t.ApprovedBy = 0
		_, err = tx.ExecContext(ctx, `
			UPDATE translations SET title = ?, slug = ?, summary = ?, body = ?, version = ?, updated_at = ?,
				status = ?, last_editor_id = ?, approved_by = NULL, significant_version = ?, source_version = ?,
				folded = ?, review_comment = ?, facts = ?
			WHERE id = ?`, t.Title, t.Slug, t.Summary, t.Body, t.Version, now,
			t.Status, nullID(t.LastEditorID), t.SignificantVersion, t.SourceVersion,
			text.Fold(t.Title+" "+t.Summary), t.ReviewComment, factsJSON(t.Facts), t.ID)
		if err != nil {
			return mapErr("save translation", err)
		}
		if err := writeTags(ctx, tx, t); err != nil {
			return err
		}
		if err := insertRevision(ctx, tx, t, minor, now); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE articles SET updated_at = ? WHERE id = ?`, now, t.ArticleID)
		if err != nil {
			return mapErr("save translation", err)
		}
		if err := db.appendEvent(ctx, tx, ev); err != nil {
			return err
		}
		return readBack(ctx, tx, t)
	})
}

// readBack replaces *t with the translation as the transaction tx left
// it, so that what a write answers is the version it made, never one
// another writer committed just after.
func readBack(ctx context.Context, tx *sql.Tx, t *admin.Translation) error {
	got, err := readTranslation(ctx, tx, t.ID)
	if err != nil {
		return err
	}
	got.ChangeNote = t.ChangeNote
	*t = *got
	return nil
}

const translationColumns = `t.id, t.article_id, t.lang, t.title, t.slug, t.summary, t.body, t.status, t.version,
	t.published_at, t.created_at, t.updated_at, COALESCE(t.author_id, 0), COALESCE(t.last_editor_id, 0),
	COALESCE(t.approved_by, 0), t.live_version, t.publish_at, t.unpublish_at, t.significant_version,
	t.source_version, t.review_comment, t.facts, t.site_version, t.site_error`

func scanTranslation(rows interface{ Scan(...any) error }) (*admin.Translation, error) {
	var (
		t                               admin.Translation
		published, publishAt, unpublish sql.NullTime
		facts                           string
	)
	err := rows.Scan(&t.ID, &t.ArticleID, &t.Lang, &t.Title, &t.Slug, &t.Summary, &t.Body, &t.Status, &t.Version,
		&published, &t.CreatedAt, &t.UpdatedAt, &t.AuthorID, &t.LastEditorID, &t.ApprovedBy, &t.LiveVersion,
		&publishAt, &unpublish, &t.SignificantVersion, &t.SourceVersion, &t.ReviewComment, &facts, &t.SiteVersion, &t.SiteError)
	if err != nil {
		return nil, mapErr("translation", err)
	}
	if t.Facts, err = readFacts(facts); err != nil {
		return nil, err
	}
	t.PublishedAt, t.PublishAt, t.UnpublishAt = published.Time, publishAt.Time, unpublish.Time
	return &t, nil
}

// querier is what reads need of a database or of a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// readTranslation reads translation id, with its tags, through q: inside
// a transaction, what that transaction wrote, whatever others commit.
func readTranslation(ctx context.Context, q querier, id int64) (*admin.Translation, error) {
	t, err := scanTranslation(q.QueryRowContext(ctx, `SELECT `+translationColumns+` FROM translations t WHERE t.id = ?`, id))
	if err != nil {
		return nil, err
	}
	if t.Tags, err = tagsOf(ctx, q, id); err != nil {
		return nil, err
	}
	return t, nil
}

func (db *DB) tags(ctx context.Context, translationID int64) ([]string, error) {
	return tagsOf(ctx, db.db, translationID)
}

func tagsOf(ctx context.Context, q querier, translationID int64) ([]string, error) {
	rows, err := q.QueryContext(ctx, `SELECT tag FROM translation_tags WHERE translation_id = ? ORDER BY position`, translationID)
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

// Revisions returns every revision of a translation, oldest first.
func (db *DB) Revisions(ctx context.Context, translationID int64) ([]*admin.Revision, error) {
	return db.revisions(ctx, `WHERE translation_id = ? ORDER BY version`, translationID)
}

// Revision returns one revision of a translation.
func (db *DB) Revision(ctx context.Context, translationID int64, version int) (*admin.Revision, error) {
	rs, err := db.revisions(ctx, `WHERE translation_id = ? AND version = ?`, translationID, version)
	if err != nil {
		return nil, err
	}
	if len(rs) == 0 {
		return nil, admin.Errorf(admin.ENOTFOUND, "no version %d", version)
	}
	return rs[0], nil
}

func (db *DB) revisions(ctx context.Context, where string, args ...any) ([]*admin.Revision, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT id, translation_id, version, title, slug, summary, body, tags, COALESCE(editor_id, 0), minor, source_version, created_at, facts
		FROM revisions `+where, args...)
	if err != nil {
		return nil, mapErr("revisions", err)
	}
	defer rows.Close()
	var out []*admin.Revision
	for rows.Next() {
		var (
			r           admin.Revision
			tags, facts string
		)
		if err := rows.Scan(&r.ID, &r.TranslationID, &r.Version, &r.Title, &r.Slug, &r.Summary, &r.Body, &tags,
			&r.EditorID, &r.Minor, &r.SourceVersion, &r.CreatedAt, &facts); err != nil {
			return nil, mapErr("revisions", err)
		}
		var err error
		if r.Facts, err = readFacts(facts); err != nil {
			return nil, err
		}
		if r.Tags, err = readTags(tags); err != nil {
			return nil, err
		}
		out = append(out, &r)
	}
	return out, mapErr("revisions", rows.Err())
}
