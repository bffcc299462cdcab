package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"portal/admin"
	"portal/admin/text"
)

const mediaColumns = `m.id, m.file_name, m.original_name, m.format, m.mime, m.width, m.height, m.bytes, m.sha256,
	m.credit, m.licence, COALESCE(m.unit_id, 0), COALESCE(m.uploaded_by, 0), m.created_at, m.updated_at`

func scanMedia(row interface{ Scan(...any) error }) (*admin.Media, error) {
	m := &admin.Media{Texts: map[string]admin.MediaText{}}
	err := row.Scan(&m.ID, &m.FileName, &m.OriginalName, &m.Format, &m.MIME, &m.Width, &m.Height, &m.Bytes, &m.SHA256,
		&m.Credit, &m.Licence, &m.UnitID, &m.UploadedBy, &m.CreatedAt, &m.UpdatedAt)
	return m, err
}

// mediaFolded is what a search of the library compares with.
func mediaFolded(m *admin.Media) string {
	parts := []string{m.OriginalName, m.FileName, m.Credit}
	for _, t := range m.Texts {
		parts = append(parts, t.Alt, t.Caption)
	}
	return text.Fold(strings.Join(parts, " \n "))
}

func cleanMedia(m *admin.Media) {
	m.OriginalName = text.Line(m.OriginalName)
	m.Credit = text.Line(m.Credit)
	for lang, t := range m.Texts {
		m.Texts[lang] = admin.MediaText{Alt: text.Line(t.Alt), Caption: text.Line(t.Caption)}
	}
}

// AddMedia stores a new picture and records ev. When the same picture (by
// checksum) is already in the library it adds nothing and returns the
// stored one, so a picture uploaded twice is one item.
func (db *DB) AddMedia(ctx context.Context, m *admin.Media, ev *admin.Event) (existing *admin.Media, err error) {
	cleanMedia(m)
	// The file name is part of the picture's address on the site and of
	// its path in page bundles and media kits: it is always made here, by
	// the slug rule, whatever the caller set.
	ext, ok := admin.FormatExt[m.Format]
	if !ok {
		return nil, admin.Refuse(admin.EINVALID, "media_format_unknown", "unknown picture format %q", m.Format)
	}
	m.FileName = text.FileName(m.OriginalName, "anh", ext)
	err = db.tx(ctx, func(tx *sql.Tx) error {
		old, err := scanMedia(tx.QueryRowContext(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.sha256 = ?`, m.SHA256))
		if err == nil {
			existing = old
			return db.mediaTexts(ctx, tx, map[int64]*admin.Media{old.ID: old})
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return mapErr("media", err)
		}
		now := db.now()
		m.CreatedAt, m.UpdatedAt = now, now
		err = tx.QueryRowContext(ctx, `
			INSERT INTO media (file_name, original_name, format, mime, width, height, bytes, sha256,
				credit, licence, unit_id, uploaded_by, folded, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
			m.FileName, m.OriginalName, m.Format, m.MIME, m.Width, m.Height, m.Bytes, m.SHA256,
			m.Credit, m.Licence, nullID(m.UnitID), nullID(m.UploadedBy), mediaFolded(m), now, now).Scan(&m.ID)
		if err != nil {
			return mapErr("add media", err)
		}
		if err := putMediaTexts(ctx, tx, m); err != nil {
			return err
		}
		if ev != nil {
			ev.Object = fmt.Sprintf("media/%d", m.ID)
		}
		return db.appendEvent(ctx, tx, ev)
	})
	return existing, err
}

func putMediaTexts(ctx context.Context, tx *sql.Tx, m *admin.Media) error {
	for lang, t := range m.Texts {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO media_texts (media_id, lang, alt, caption) VALUES (?, ?, ?, ?)
			ON CONFLICT (media_id, lang) DO UPDATE SET alt = excluded.alt, caption = excluded.caption`,
			m.ID, lang, t.Alt, t.Caption)
		if err != nil {
			return mapErr("media texts", err)
		}
	}
	return nil
}

// UpdateMedia saves a picture's credit, licence and texts, and records ev.
func (db *DB) UpdateMedia(ctx context.Context, m *admin.Media, ev *admin.Event) error {
	cleanMedia(m)
	return db.tx(ctx, func(tx *sql.Tx) error {
		m.UpdatedAt = db.now()
		res, err := tx.ExecContext(ctx, `UPDATE media SET credit = ?, licence = ?, folded = ?, updated_at = ? WHERE id = ?`,
			m.Credit, m.Licence, mediaFolded(m), m.UpdatedAt, m.ID)
		if err != nil {
			return mapErr("update media", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return admin.Errorf(admin.ENOTFOUND, "no picture %d", m.ID)
		}
		if err := putMediaTexts(ctx, tx, m); err != nil {
			return err
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// Media returns the picture with the given id, with its texts.
func (db *DB) Media(ctx context.Context, id int64) (*admin.Media, error) {
	m, err := scanMedia(db.db.QueryRowContext(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id = ?`, id))
	if err != nil {
		return nil, mapErr(fmt.Sprintf("picture %d", id), err)
	}
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	return m, db.mediaTexts(ctx, tx, map[int64]*admin.Media{m.ID: m})
}

func (db *DB) mediaTexts(ctx context.Context, tx *sql.Tx, byID map[int64]*admin.Media) error {
	if len(byID) == 0 {
		return nil
	}
	q := `SELECT media_id, lang, alt, caption FROM media_texts`
	var args []any
	if len(byID) < 500 {
		marks := make([]string, 0, len(byID))
		for id := range byID {
			marks, args = append(marks, "?"), append(args, id)
		}
		q += ` WHERE media_id IN (` + strings.Join(marks, ",") + `)`
	}
	rows, err := tx.QueryContext(ctx, q, args...)
	if err != nil {
		return mapErr("media texts", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			id   int64
			lang string
			t    admin.MediaText
		)
		if err := rows.Scan(&id, &lang, &t.Alt, &t.Caption); err != nil {
			return mapErr("media texts", err)
		}
		if m := byID[id]; m != nil {
			m.Texts[lang] = t
		}
	}
	return mapErr("media texts", rows.Err())
}

// MediaFilter selects pictures of the library.
type MediaFilter struct {
	// Q matches names, credit, alternative texts and captions, with or
	// without diacritics.
	Q string
	// Incomplete selects pictures that still lack a text in one of
	// Languages, a credit or a licence.
	Incomplete bool
	Languages  []string
	Limit      int
	Offset     int
}

// ListMedia returns the pictures matching f, newest first, and how many
// match in all.
func (db *DB) ListMedia(ctx context.Context, f MediaFilter) ([]*admin.Media, int, error) {
	if err := admin.CheckQuery(f.Q); err != nil {
		return nil, 0, err
	}
	var (
		where []string
		args  []any
	)
	if q := strings.TrimSpace(text.Fold(f.Q)); q != "" {
		for _, w := range strings.Fields(q) {
			where, args = append(where, `m.folded LIKE ? ESCAPE '\'`), append(args, "%"+likeEscape(w)+"%")
		}
	}
	if f.Incomplete {
		cond := []string{`m.credit = ''`, `m.licence = ''`}
		for _, l := range f.Languages {
			cond = append(cond, `NOT EXISTS (SELECT 1 FROM media_texts x WHERE x.media_id = m.id AND x.lang = ? AND x.alt <> '' AND x.caption <> '')`)
			args = append(args, l)
		}
		where = append(where, "("+strings.Join(cond, " OR ")+")")
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, 0, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	var total int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM media m`+cond, args...).Scan(&total); err != nil {
		return nil, 0, mapErr("media", err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 24
	}
	rows, err := tx.QueryContext(ctx, `SELECT `+mediaColumns+` FROM media m`+cond+` ORDER BY m.created_at DESC, m.id DESC LIMIT ? OFFSET ?`,
		append(args, limit, f.Offset)...)
	if err != nil {
		return nil, 0, mapErr("media", err)
	}
	var list []*admin.Media
	byID := map[int64]*admin.Media{}
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			rows.Close()
			return nil, 0, mapErr("media", err)
		}
		list, byID[m.ID] = append(list, m), m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, mapErr("media", err)
	}
	return list, total, db.mediaTexts(ctx, tx, byID)
}

// AllMedia returns every picture of the library by id, with its texts.
func (db *DB) AllMedia(ctx context.Context) (map[int64]*admin.Media, error) {
	tx, err := db.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, fmt.Errorf("store: begin: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `SELECT `+mediaColumns+` FROM media m`)
	if err != nil {
		return nil, mapErr("media", err)
	}
	byID := map[int64]*admin.Media{}
	for rows.Next() {
		m, err := scanMedia(rows)
		if err != nil {
			rows.Close()
			return nil, mapErr("media", err)
		}
		byID[m.ID] = m
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, mapErr("media", err)
	}
	return byID, db.mediaTexts(ctx, tx, byID)
}

// MediaUse is one language version of an article that shows a picture.
type MediaUse struct {
	ArticleID int64
	Lang      string
	Title     string
	// Live is true when the version readers see shows the picture (not
	// only a draft).
	Live bool
}

// MediaUses returns the language versions whose working text or version
// on the site shows the picture.
func (db *DB) MediaUses(ctx context.Context, m *admin.Media) ([]MediaUse, error) {
	return mediaUses(ctx, db.db, m)
}

func mediaUses(ctx context.Context, q querier, m *admin.Media) ([]MediaUse, error) {
	pattern := "%(" + likeEscape(m.Path()) + "%"
	rows, err := q.QueryContext(ctx, `
		SELECT t.article_id, t.lang, t.title,
			EXISTS (SELECT 1 FROM revisions r WHERE r.translation_id = t.id AND r.version = t.live_version
				AND r.body LIKE ? ESCAPE '\')
		FROM translations t
		WHERE t.body LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM revisions r WHERE r.translation_id = t.id AND r.version = t.live_version
				AND r.body LIKE ? ESCAPE '\')
		ORDER BY t.article_id, t.lang`, pattern, pattern, pattern)
	if err != nil {
		return nil, mapErr("media uses", err)
	}
	defer rows.Close()
	var uses []MediaUse
	for rows.Next() {
		var u MediaUse
		if err := rows.Scan(&u.ArticleID, &u.Lang, &u.Title, &u.Live); err != nil {
			return nil, mapErr("media uses", err)
		}
		uses = append(uses, u)
	}
	return uses, mapErr("media uses", rows.Err())
}

// DeleteMedia removes a picture from the library and records ev. A picture
// that any article shows, on the site or in a draft, is refused.
func (db *DB) DeleteMedia(ctx context.Context, id int64, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		m, err := scanMedia(tx.QueryRowContext(ctx, `SELECT `+mediaColumns+` FROM media m WHERE m.id = ?`, id))
		if err != nil {
			return mapErr(fmt.Sprintf("picture %d", id), err)
		}
		uses, err := mediaUses(ctx, tx, m)
		if err != nil {
			return err
		}
		if len(uses) > 0 {
			return admin.Refuse(admin.ECONFLICT, "media_in_use", "the picture is shown in %d article versions; take it out of them first", len(uses))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM media WHERE id = ?`, id); err != nil {
			return mapErr("delete media", err)
		}
		return db.appendEvent(ctx, tx, ev)
	})
}
