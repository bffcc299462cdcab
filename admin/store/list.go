package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"

	"portal/admin"
	"portal/admin/text"
)

// ArticleSummary is one row of an article list.
type ArticleSummary struct {
	ID        int64
	AreaKey   string
	Kind      admin.Kind
	UnitID    int64
	UpdatedAt time.Time
	Titles    map[string]string       // by language
	Statuses  map[string]admin.Status // by language
	// Pages are the public pages readers see, by language.
	Pages map[string]string
	// Passage is, in a search, the sentence of the text that matches.
	Passage string
}

// Passage returns the first sentence of text holding every word of the
// query q, compared folded (without diacritics), cut at 200 characters;
// "" when no sentence holds them all.
func Passage(body, q string) string {
	words := strings.FieldsFunc(text.Fold(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	if len(words) == 0 {
		return ""
	}
	plain := strings.NewReplacer("#", "", "*", "", "|", " ", "[", "", "]", "", "_", "").Replace(body)
	for _, sentence := range strings.FieldsFunc(plain, func(r rune) bool { return r == '.' || r == '\n' || r == '!' || r == '?' }) {
		folded := text.Fold(sentence)
		all := true
		for _, w := range words {
			all = all && strings.Contains(folded, w)
		}
		if !all {
			continue
		}
		sentence = strings.TrimSpace(sentence)
		if r := []rune(sentence); len(r) > 200 {
			sentence = string(r[:200]) + "…"
		}
		return sentence
	}
	return ""
}

// ArticleFilter selects articles. Zero fields select everything.
type ArticleFilter struct {
	// Q is searched in titles and summaries with or without diacritics;
	// versions whose title has the query exactly as typed come first.
	Q       string
	AreaKey string
	Kind    admin.Kind
	Status  admin.Status // some language version is in this state
	Lang    string       // with Status: that language's version
	UnitID  int64
	// AuthorID selects articles created by this user.
	AuthorID int64
	// Sort is "updated" (most recently changed first, the default),
	// "created" (newest first) or "title" (by the source-language title).
	Sort    string
	Page    int // from 1
	PerPage int
}

// SearchQuery turns what someone typed into a full-text query of the
// folded index: every word must be there, as a word or the start of one
// ("xoai" finds "Xoài", "dong xo" finds "Đồng Xoài"); words in double
// quotes must be there together, in that order. Every other character
// of the query language is dropped, so no input is a syntax error.
func SearchQuery(q string) string {
	var terms []string
	parts := strings.Split(text.Fold(q), `"`)
	for i, part := range parts {
		words := strings.FieldsFunc(part, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if len(words) == 0 {
			continue
		}
		if i%2 == 1 && i < len(parts)-1 { // a closed quote: a phrase
			terms = append(terms, `"`+strings.Join(words, " ")+`"`)
			continue
		}
		for _, w := range words {
			terms = append(terms, w+"*")
		}
	}
	return strings.Join(terms, " ")
}

// ListArticles returns one page of the articles matching f, most recently
// changed first (best matches first when searching), and how many match in
// all.
func (db *DB) ListArticles(ctx context.Context, f ArticleFilter) ([]*ArticleSummary, int, error) {
	if err := admin.CheckQuery(f.Q); err != nil {
		return nil, 0, err
	}
	if f.PerPage <= 0 || f.PerPage > 200 {
		f.PerPage = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	var (
		where []string
		args  []any
	)
	tcond := []string{"t.article_id = a.id"}
	var targs []any
	if f.Status != "" {
		tcond, targs = append(tcond, "t.status = ?"), append(targs, f.Status)
	}
	if f.Lang != "" {
		tcond, targs = append(tcond, "t.lang = ?"), append(targs, f.Lang)
	}
	order := "a.updated_at DESC, a.id DESC"
	switch f.Sort {
	case "created":
		order = "a.created_at DESC, a.id DESC"
	case "title":
		order = "(SELECT s.title FROM translations s WHERE s.article_id = a.id AND s.lang = a.source_lang) COLLATE NOCASE, a.id"
	}
	var rankArgs []any
	if q := strings.TrimSpace(f.Q); q != "" {
		match := SearchQuery(q)
		if match == "" {
			return nil, 0, nil // nothing searchable: nothing found
		}
		tcond, targs = append(tcond, "t.id IN (SELECT docid FROM translation_search WHERE translation_search MATCH ?)"), append(targs, match)
		order = "EXISTS (SELECT 1 FROM translations x WHERE x.article_id = a.id AND instr(x.title, ?) > 0) DESC, " + order
		rankArgs = []any{text.Clean(q)}
	}
	if len(tcond) > 1 {
		where = append(where, "EXISTS (SELECT 1 FROM translations t WHERE "+strings.Join(tcond, " AND ")+")")
		args = append(args, targs...)
	}
	if f.AreaKey != "" {
		where, args = append(where, "ar.key = ?"), append(args, f.AreaKey)
	}
	if f.Kind != "" {
		where, args = append(where, "a.kind = ?"), append(args, f.Kind)
	}
	if f.UnitID != 0 {
		where, args = append(where, "a.unit_id = ?"), append(args, f.UnitID)
	}
	if f.AuthorID != 0 {
		where, args = append(where, "a.created_by = ?"), append(args, f.AuthorID)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := db.db.QueryRowContext(ctx, `SELECT count(*) FROM articles a JOIN areas ar ON ar.id = a.area_id`+cond, args...).Scan(&total); err != nil {
		return nil, 0, mapErr("list articles", err)
	}
	q := fmt.Sprintf(`SELECT a.id, ar.key, a.kind, COALESCE(a.unit_id, 0), a.updated_at FROM articles a JOIN areas ar ON ar.id = a.area_id%s
		ORDER BY %s LIMIT ? OFFSET ?`, cond, order)
	qargs := append(append(append([]any{}, args...), rankArgs...), f.PerPage, (f.Page-1)*f.PerPage)
	rows, err := db.db.QueryContext(ctx, q, qargs...)
	if err != nil {
		return nil, 0, mapErr("list articles", err)
	}
	var list []*ArticleSummary
	byID := map[int64]*ArticleSummary{}
	for rows.Next() {
		s := &ArticleSummary{Titles: map[string]string{}, Statuses: map[string]admin.Status{}, Pages: map[string]string{}}
		if err := rows.Scan(&s.ID, &s.AreaKey, &s.Kind, &s.UnitID, &s.UpdatedAt); err != nil {
			rows.Close()
			return nil, 0, mapErr("list articles", err)
		}
		list = append(list, s)
		byID[s.ID] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, mapErr("list articles", err)
	}
	if len(list) == 0 {
		return list, total, nil
	}
	ids := make([]string, len(list))
	for i, s := range list {
		ids[i] = fmt.Sprint(s.ID)
	}
	trows, err := db.db.QueryContext(ctx, `SELECT t.article_id, t.lang, t.title, t.status, t.summary, t.body,
			CASE WHEN t.live_version > 0 AND t.site_version > 0 AND an.slug IS NOT NULL THEN '/' || t.lang || '/' || an.slug || '/' || t.slug || '/' ELSE '' END
		FROM translations t JOIN articles a ON a.id = t.article_id
		LEFT JOIN area_names an ON an.area_id = a.area_id AND an.lang = t.lang
		WHERE t.article_id IN (`+strings.Join(ids, ",")+`)`)
	if err != nil {
		return nil, 0, mapErr("list articles", err)
	}
	defer trows.Close()
	for trows.Next() {
		var (
			id                                       int64
			lang, title, status, summary, body, page string
		)
		if err := trows.Scan(&id, &lang, &title, &status, &summary, &body, &page); err != nil {
			return nil, 0, mapErr("list articles", err)
		}
		byID[id].Titles[lang] = title
		byID[id].Statuses[lang] = admin.Status(status)
		if page != "" {
			byID[id].Pages[lang] = page
		}
		if a := byID[id]; f.Q != "" && a.Passage == "" {
			a.Passage = Passage(summary+"\n"+body, f.Q)
		}
	}
	return list, total, mapErr("list articles", trows.Err())
}

// RecentArticles returns the most recently changed articles.
func (db *DB) RecentArticles(ctx context.Context, limit int) ([]*ArticleSummary, error) {
	list, _, err := db.ListArticles(ctx, ArticleFilter{PerPage: limit})
	return list, err
}

// CountArticles returns the number of articles and of language versions
// readers can see.
func (db *DB) CountArticles(ctx context.Context) (articles, published int, err error) {
	err = db.db.QueryRowContext(ctx, `
		SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM translations WHERE live_version > 0)`).Scan(&articles, &published)
	return articles, published, mapErr("count articles", err)
}

// Due is a translation whose scheduled time has come.
type Due struct {
	ArticleID     int64
	TranslationID int64
	Lang          string
	Status        admin.Status
	Version       int
	PublishAt     time.Time
	UnpublishAt   time.Time
}

// DueSchedules returns approved translations whose publication time has
// come and live ones whose removal time has come.
func (db *DB) DueSchedules(ctx context.Context, now time.Time) ([]Due, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT article_id, id, lang, status, version, publish_at, unpublish_at FROM translations
		WHERE (status = 'approved' AND publish_at IS NOT NULL AND publish_at <= ?)
		   OR (live_version > 0 AND unpublish_at IS NOT NULL AND unpublish_at <= ?)
		ORDER BY article_id, lang`, now.UTC(), now.UTC())
	if err != nil {
		return nil, mapErr("schedules", err)
	}
	defer rows.Close()
	var out []Due
	for rows.Next() {
		var (
			d    Due
			p, u sql.NullTime
		)
		if err := rows.Scan(&d.ArticleID, &d.TranslationID, &d.Lang, &d.Status, &d.Version, &p, &u); err != nil {
			return nil, mapErr("schedules", err)
		}
		d.PublishAt, d.UnpublishAt = p.Time, u.Time
		out = append(out, d)
	}
	return out, mapErr("schedules", rows.Err())
}
