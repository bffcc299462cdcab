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
func readFacts(s string) admin.Facts {
	var f admin.Facts
	json.Unmarshal([]byte(s), &f)
	if len(f) == 0 {
		return nil
	}
	return f
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
		err := tx.QueryRowContext(ctx, `SELECT count(*) FROM translations WHERE lang = ? AND slug = ? AND id != ?`, t.Lang, s, self).Scan(&n)
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
	t.Facts = readFacts(facts)
	t.PublishedAt, t.PublishAt, t.UnpublishAt = published.Time, publishAt.Time, unpublish.Time
	return &t, nil
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
		r.Facts = readFacts(facts)
		json.Unmarshal([]byte(tags), &r.Tags)
		out = append(out, &r)
	}
	return out, mapErr("revisions", rows.Err())
}

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
		t.Facts = readFacts(facts)
		for _, n := range notes[t.ID] {
			if n.version <= t.Version {
				t.Changes = append(t.Changes, n.ChangeNote)
			}
		}
		json.Unmarshal([]byte(tags), &t.Tags)
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
		ORDER BY a.id, t.lang`)
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
