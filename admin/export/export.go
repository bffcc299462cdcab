// Package export writes what is published as a Hugo content tree: one folder
// per language, one section per content area, one page bundle per published
// translation. Front matter is JSON written by encoding/json, so no title or
// summary can break out of it; shortcode delimiters in bodies are
// neutralised, so an article's text is always shown as text and never runs
// as Hugo code. Only files whose bytes change are rewritten and files of
// articles that are no longer published are removed, so Hugo and any copy
// of the tree see the smallest change.
package export

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/yuin/goldmark/ast"

	"portal/admin"
	"portal/admin/markdown"
	"portal/admin/text"
)

// Source is what the exporter reads.
type Source interface {
	Areas(ctx context.Context) ([]*admin.Area, error)
	EachPublished(ctx context.Context, fn func(*admin.Published) error) error
	AllMedia(ctx context.Context) (map[int64]*admin.Media, error)
}

// Tree says where the content tree goes and what it holds.
type Tree struct {
	Dir string // the content folder Hugo reads
	// MediaDir holds the media library's files (admin.Media.StoredName);
	// the pictures an article shows are copied into its page bundle, where
	// the site's templates make their responsive sizes.
	MediaDir  string
	Languages []string
	// DownloadsDir receives the files the site offers for download (CSV,
	// JSON, iCalendar), as they are served: <lang>/<area>/<list>/<file>.
	// Nothing is written when it is empty.
	DownloadsDir string
	// BaseURL makes the addresses inside downloads absolute.
	BaseURL string
}

// Stats counts what an export did.
type Stats struct {
	Pages     int // article pages in the tree
	Written   int // files written because they were new or changed
	Unchanged int
	Removed   int
	// Owners gives, for each content file of an article (its page, its
	// pictures, its pages in the languages it lacks), the translation it
	// comes from (by id), so that a build error naming the file names it.
	Owners map[string]int64
}

// Export writes the content tree for the tree's languages into its folder
// and removes from it every file that is no longer part of the tree. It
// reads the source once (load), then writes the area and article pages
// (pages), the archives, fact lists and tag pages (lists), and the
// downloads beside the site (downloads).
func Export(ctx context.Context, src Source, tree Tree) (Stats, error) {
	st := Stats{Owners: map[string]int64{}}
	in, err := load(ctx, src, tree.Languages)
	if err != nil {
		return st, err
	}
	w := &contentWriter{dir: tree.Dir, keep: map[string]bool{}, st: &st}
	if err := w.pages(ctx, in, tree); err != nil {
		return st, err
	}
	downloads, err := w.lists(in, tree)
	if err != nil {
		return st, err
	}
	if tree.DownloadsDir != "" {
		if err := writeDownloads(in, tree, downloads); err != nil {
			return st, err
		}
	}
	removed, err := Prune(tree.Dir, w.keep)
	st.Removed = removed
	return st, err
}

// loaded is what one export reads from its source.
type loaded struct {
	library map[int64]*admin.Media
	areas   []*admin.Area
	// areaNames gives each area's names by language (area key -> lang).
	areaNames map[string]map[string]admin.AreaName
	// all are the published translations in the tree's languages whose
	// address is made of slugs; withdrawn, the taken-down ones.
	all, withdrawn []*admin.Published
	// shown are the library pictures each text shows: its page bundle,
	// its front matter and its article's media kit need them; the body is
	// parsed once.
	shown map[*admin.Published][]*admin.Media
	// byArticle gives each article's published translations by language.
	byArticle map[int64]map[string]*admin.Published
}

// load reads everything an export needs, in the languages langs.
func load(ctx context.Context, src Source, langs []string) (*loaded, error) {
	wanted := map[string]bool{}
	for _, l := range langs {
		wanted[l] = true
	}
	in := &loaded{areaNames: map[string]map[string]admin.AreaName{}, byArticle: map[int64]map[string]*admin.Published{}}
	var err error
	if in.library, err = src.AllMedia(ctx); err != nil {
		return nil, err
	}
	if in.areas, err = src.Areas(ctx); err != nil {
		return nil, err
	}
	for _, a := range in.areas {
		in.areaNames[a.Key] = a.Names
	}
	// Every published translation first: related articles, archives and
	// the pages that say a translation is missing need the whole set.
	err = src.EachPublished(ctx, func(p *admin.Published) error {
		if wanted[p.Translation.Lang] && addressable(p) {
			in.all = append(in.all, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if ws, ok := src.(WithdrawnSource); ok {
		err := ws.EachWithdrawn(ctx, func(p *admin.Published) error {
			if wanted[p.Translation.Lang] && addressable(p) {
				in.withdrawn = append(in.withdrawn, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	in.shown = make(map[*admin.Published][]*admin.Media, len(in.all))
	for _, p := range in.all {
		in.shown[p] = Pictures(p.Translation.Body, in.library)
		if in.byArticle[p.ArticleID] == nil {
			in.byArticle[p.ArticleID] = map[string]*admin.Published{}
		}
		in.byArticle[p.ArticleID][p.Translation.Lang] = p
	}
	return in, nil
}

// contentWriter writes files into the content tree, counting them and
// remembering which belong to it.
type contentWriter struct {
	dir  string
	keep map[string]bool
	st   *Stats
}

// put writes b at rel unless the file already holds it.
func (w *contentWriter) put(rel string, b []byte) error {
	if !filepath.IsLocal(rel) {
		return fmt.Errorf("export: %q is outside the content folder", rel)
	}
	w.keep[rel] = true
	changed, err := WriteIfChanged(filepath.Join(w.dir, rel), b)
	if err != nil {
		return err
	}
	if changed {
		w.st.Written++
	} else {
		w.st.Unchanged++
	}
	return nil
}

// pages writes the area pages, the pages left by taken-down articles, and
// every published translation's page bundle with its pictures and, for
// the languages it lacks, a page that says so.
func (w *contentWriter) pages(ctx context.Context, in *loaded, tree Tree) error {
	for _, a := range in.areas {
		for lang, n := range a.Names {
			if !slices.Contains(tree.Languages, lang) || !text.ValidSlug(n.Slug) {
				continue
			}
			b, err := AreaPage(a, lang)
			if err != nil {
				return err
			}
			if err := w.put(filepath.Join(lang, n.Slug, "_index.md"), b); err != nil {
				return err
			}
		}
	}
	realPaths := map[string]bool{}
	// A taken-down article leaves a page at its address that says so,
	// instead of a "not found".
	for _, p := range in.withdrawn {
		b, err := WithdrawnPage(p)
		if err != nil {
			return err
		}
		realPaths[ArticlePath(p)] = true
		if err := w.put(ArticlePath(p), b); err != nil {
			return err
		}
	}
	for _, p := range in.all {
		realPaths[ArticlePath(p)] = true
	}
	related := Related(in.all, 3)
	for _, p := range in.all {
		if err := ctx.Err(); err != nil {
			return err
		}
		page := Page{Published: p, Pictures: in.shown[p], Related: related[p]}
		if tree.DownloadsDir != "" {
			page.Kit = "/" + KitPath(p.ArticleID)
		}
		// Languages this article is not published in get a page that says
		// so, and this page's language switch leads there.
		for _, lang := range tree.Languages {
			if lang == p.Translation.Lang || in.byArticle[p.ArticleID][lang] != nil {
				continue
			}
			area, ok := in.areaNames[p.AreaKey][lang]
			if !ok || !text.ValidSlug(area.Slug) {
				continue
			}
			stub := filepath.Join(lang, area.Slug, p.Translation.Slug, "index.md")
			if realPaths[stub] || w.keep[stub] {
				continue // another article's page or stub has this address
			}
			b, err := UntranslatedPage(p, lang)
			if err != nil {
				return err
			}
			w.st.Owners[stub] = p.Translation.ID
			if err := w.put(stub, b); err != nil {
				return err
			}
			if page.Fallbacks == nil {
				page.Fallbacks = map[string]string{}
			}
			page.Fallbacks[lang] = "/" + filepath.ToSlash(filepath.Dir(stub)) + "/"
		}
		if err := w.bundle(page, tree.MediaDir); err != nil {
			return err
		}
	}
	return nil
}

// bundle writes an article's page and links its pictures into the page's
// bundle, at the paths its Markdown uses.
func (w *contentWriter) bundle(page Page, mediaDir string) error {
	p := page.Published
	b, err := page.Bytes()
	if err != nil {
		return err
	}
	w.st.Pages++
	rel := ArticlePath(p)
	w.st.Owners[rel] = p.Translation.ID
	dir := filepath.Dir(rel)
	for _, m := range page.Pictures {
		mrel := filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(m.Path(), "/")))
		w.keep[mrel] = true
		w.st.Owners[mrel] = p.Translation.ID
		copied, err := copyIfMissing(filepath.Join(mediaDir, m.StoredName()), filepath.Join(w.dir, mrel), m.Bytes)
		if err != nil {
			return err
		}
		if copied {
			w.st.Written++
		} else {
			w.st.Unchanged++
		}
	}
	return w.put(rel, b)
}

// lists writes the tag pages and each area's archive and fact lists, and
// returns the lists' files to download (CSV, JSON, iCalendar) by path
// below the downloads folder.
func (w *contentWriter) lists(in *loaded, tree Tree) (map[string][]byte, error) {
	tags, err := TagPages(in.all)
	if err != nil {
		return nil, err
	}
	for rel, b := range tags {
		if err := w.put(rel, b); err != nil {
			return nil, err
		}
	}
	downloads := map[string][]byte{}
	for _, a := range in.areas {
		for lang, n := range a.Names {
			if !slices.Contains(tree.Languages, lang) || !text.ValidSlug(n.Slug) {
				continue
			}
			files, err := ArchivePages(a.Key, lang, n, in.all)
			if err != nil {
				return nil, err
			}
			lists, dl, err := Lists(a.Key, lang, n, in.all, tree.BaseURL)
			if err != nil {
				return nil, err
			}
			for rel, b := range lists {
				files[filepath.FromSlash(rel)] = b
			}
			for rel, b := range files {
				if err := w.put(filepath.Join(lang, n.Slug, rel), b); err != nil {
					return nil, err
				}
			}
			for rel, b := range dl {
				downloads[filepath.Join(lang, filepath.FromSlash(rel))] = b
			}
		}
	}
	return downloads, nil
}

// writeDownloads writes the files served beside the site: the lists'
// files, each language's corrections feed and each article's media kit,
// and removes the downloads no longer part of it.
func writeDownloads(in *loaded, tree Tree, downloads map[string][]byte) error {
	for _, lang := range tree.Languages {
		b, err := Corrections(lang, inLang(correctionsTitles, lang), in.all, tree.BaseURL, 50)
		if err != nil {
			return err
		}
		downloads[filepath.Join(lang, "corrections.xml")] = b
	}
	keep := map[string]bool{}
	ids := make([]int64, 0, len(in.byArticle))
	for id := range in.byArticle {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		var versions []*admin.Published
		var pics []*admin.Media
		seen := map[int64]bool{}
		for _, lang := range tree.Languages {
			p := in.byArticle[id][lang]
			if p == nil {
				continue
			}
			versions = append(versions, p)
			for _, m := range in.shown[p] {
				if !seen[m.ID] {
					seen[m.ID] = true
					pics = append(pics, m)
				}
			}
		}
		rel, _, err := writeKit(tree.DownloadsDir, tree.MediaDir, versions, pics, tree.BaseURL)
		if err != nil {
			return err
		}
		keep[filepath.FromSlash(rel)] = true
	}
	for rel, b := range downloads {
		keep[rel] = true
		if _, err := WriteIfChanged(filepath.Join(tree.DownloadsDir, rel), b); err != nil {
			return err
		}
	}
	_, err := Prune(tree.DownloadsDir, keep)
	return err
}

// addressable reports whether p's address is made of valid slugs only.
// The store refuses any other on every write; this keeps data that came
// another way (an old database, an import) from ever becoming a path
// outside its area.
func addressable(p *admin.Published) bool {
	return text.ValidSlug(p.Area.Slug) && text.ValidSlug(p.Translation.Slug)
}

// Tag is one of an article's tags: its text as written, for display, and
// the slug that names its page (/<lang>/tags/<slug>/). Tags whose texts
// fold to the same slug are one tag.
type Tag struct {
	Name string
	Slug string
}

// Tags returns the tags of t that have an address, in order, without
// repeats.
func Tags(t *admin.Translation) []Tag {
	var out []Tag
	seen := map[string]bool{}
	for _, name := range t.Tags {
		name = text.Line(name)
		slug := text.Slug(name)
		if slug == "" || seen[slug] {
			continue
		}
		seen[slug] = true
		out = append(out, Tag{Name: name, Slug: slug})
	}
	return out
}

// TagDir is the folder of a language's tag pages.
const TagDir = "tags"

// TagPages returns the content file of every tag the published
// translations use, by content path (<lang>/tags/<slug>/_index.md): its
// title is the tag as first written (in publication order), since Hugo
// would otherwise title the page with the slug.
func TagPages(all []*admin.Published) (map[string][]byte, error) {
	names := map[string]string{} // content path -> display name
	list := slices.Clone(all)
	sort.SliceStable(list, func(i, j int) bool { return before(list[i], list[j]) })
	for _, p := range list {
		for _, tag := range Tags(&p.Translation) {
			rel := filepath.Join(p.Translation.Lang, TagDir, tag.Slug, "_index.md")
			if _, ok := names[rel]; !ok {
				names[rel] = tag.Name
			}
		}
	}
	out := make(map[string][]byte, len(names))
	for rel, name := range names {
		lang := strings.SplitN(filepath.ToSlash(rel), "/", 2)[0]
		b, err := page(frontMatter{Title: name, TranslationKey: "tag-" + lang + "-" + filepath.Base(filepath.Dir(rel)),
			Params: map[string]any{}}, "")
		if err != nil {
			return nil, err
		}
		out[rel] = b
	}
	return out, nil
}

// ArticlePath is the path of a published translation's page inside the tree.
func ArticlePath(p *admin.Published) string {
	return filepath.Join(p.Translation.Lang, p.Area.Slug, p.Translation.Slug, "index.md")
}

// Pictures returns the library's pictures that a Markdown body shows, in
// order. Pictures that are not in the library are left out: the site shows
// only their alternative text.
func Pictures(body string, library map[int64]*admin.Media) []*admin.Media {
	var shown []*admin.Media
	for _, dest := range markdown.Images(body) {
		id, name, ok := admin.ParseMediaPath(dest)
		if m := library[id]; ok && m != nil && m.FileName == name && text.ValidFileName(name) {
			shown = append(shown, m)
		}
	}
	return shown
}

// ArticlePage returns the content file of a published translation that
// shows the pictures shown (see Pictures).
func ArticlePage(p *admin.Published, shown []*admin.Media) ([]byte, error) {
	return Page{Published: p, Pictures: shown}.Bytes()
}

// Page is an article page with what the exporter works out for it from the
// rest of the site.
type Page struct {
	*admin.Published
	Pictures []*admin.Media // the library pictures its text shows
	// Related are the content paths ("/<area>/<slug>") of up to three
	// earlier articles in its language that readers may want next.
	Related []string
	// Fallbacks gives, per language the article is not published in, the
	// path of the page that says so.
	Fallbacks map[string]string
	// Kit is the site path of the article's media kit, "" for none.
	Kit string
}

// Bytes returns the page's content file.
func (pg Page) Bytes() ([]byte, error) {
	p := pg.Published
	t := &p.Translation
	// Hugo makes a tag's page from the tag as written in the front matter:
	// only slugs go there; the texts, for display, go in tag_names.
	tags, tagNames := []string{}, []string{}
	for _, tag := range Tags(t) {
		tags, tagNames = append(tags, tag.Slug), append(tagNames, tag.Name)
	}
	fm := frontMatter{
		Title:          t.Title,
		Date:           t.PublishedAt.UTC().Format(time.RFC3339),
		Lastmod:        t.UpdatedAt.UTC().Format(time.RFC3339),
		Summary:        t.Summary,
		Description:    t.Summary,
		Tags:           tags,
		TranslationKey: fmt.Sprintf("article-%d", p.ArticleID),
		Params: map[string]any{
			"kind":       string(p.Kind),
			"area":       p.AreaKey,
			"area_name":  p.Area.Name,
			"unit":       p.UnitName,
			"article_id": p.ArticleID,
			"tag_names":  tagNames,
		},
	}
	if len(pg.Pictures) > 0 {
		pics := map[string]picture{}
		for _, m := range pg.Pictures {
			txt := m.Texts[t.Lang]
			pic := picture{Alt: txt.Alt, Caption: txt.Caption, Credit: m.Credit, Licence: m.Licence}
			if l := admin.LicenceByKey(m.Licence); l != nil {
				pic.LicenceName, pic.LicenceURL = l.Name, l.URL
			}
			pics[strconv.FormatInt(m.ID, 10)] = pic
		}
		fm.Params["media"] = pics
		fm.Params["image"] = strings.TrimPrefix(pg.Pictures[0].Path(), "/")
	}
	if facts := typedFacts(p.Kind, t.Facts); len(facts) > 0 {
		fm.Params["facts"] = facts
		fm.Params["fact_rows"] = factRows(p.Kind, t.Facts)
		if p.Kind == admin.KindEvent && t.Facts["start"] != "" {
			fm.Params["ics"] = p.Area.Slug + "/" + inLang(listSlugs[admin.KindEvent], t.Lang) + "/" + t.Slug + ".ics"
		}
	}
	if l := admin.LicenceByKey(p.Licence); l != nil {
		fm.Params["licence"] = map[string]string{"key": l.Key, "name": l.Name, "url": l.URL}
	}
	if len(pg.Related) > 0 {
		fm.Params["related"] = pg.Related
	}
	if len(pg.Fallbacks) > 0 {
		fm.Params["fallbacks"] = pg.Fallbacks
	}
	if pg.Kit != "" {
		fm.Params["media_kit"] = pg.Kit
	}
	if len(t.Changes) > 0 {
		changes := make([]map[string]string, len(t.Changes))
		for i, n := range t.Changes {
			changes[i] = map[string]string{"date": n.At.UTC().Format(time.RFC3339), "note": n.Note}
		}
		fm.Params["changes"] = changes
	}
	return page(fm, NeutraliseShortcodes(t.Body))
}

// typedFacts are facts as the theme reads them: numbers as numbers, and
// for each date and time also its RFC 3339 form in Vietnam time
// ("<key>_iso").
func typedFacts(kind admin.Kind, facts admin.Facts) map[string]any {
	out := map[string]any{}
	for _, f := range admin.FactSchemas[kind] {
		v := facts[f.Key]
		if v == "" {
			continue
		}
		switch f.Type {
		case admin.FactNumber:
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			out[f.Key] = n
			out[f.Key+"_decimals"] = admin.Decimals(v)
		case admin.FactDateTime:
			out[f.Key] = v
			if t, allDay, err := admin.ParseFactTime(v); err == nil {
				out[f.Key+"_iso"] = t.Format(time.RFC3339)
				if allDay {
					out[f.Key+"_all_day"] = true
				}
			}
		default:
			out[f.Key] = v
		}
	}
	return out
}

// factRow is one line of an article's table of facts, in the kind's order.
type factRow struct {
	Key   string `json:"key"`
	Type  string `json:"type"`
	Unit  string `json:"unit,omitempty"`
	Value any    `json:"value"`
	// Decimals is how many decimals a figure was typed with, for the
	// site to show it to that precision.
	Decimals int `json:"decimals,omitempty"`
}

// factRows lists the facts the page shows in its table: all but where
// the figures come from and whom to contact, which the theme shows apart.
func factRows(kind admin.Kind, facts admin.Facts) []factRow {
	var rows []factRow
	for _, f := range admin.FactSchemas[kind] {
		v := facts[f.Key]
		if v == "" || strings.HasPrefix(f.Key, "contact_") || f.Key == "source" || f.Key == "source_url" || f.Key == "as_of" {
			continue
		}
		row := factRow{Key: f.Key, Type: string(f.Type), Unit: f.Unit, Value: v}
		if f.Type == admin.FactNumber {
			n, err := strconv.ParseFloat(v, 64)
			if err != nil {
				continue
			}
			row.Value, row.Decimals = n, admin.Decimals(v)
		}
		rows = append(rows, row)
	}
	return rows
}

// WithdrawnSource is what a source offers when it knows the articles that
// were published and have been taken down.
type WithdrawnSource interface {
	EachWithdrawn(ctx context.Context, fn func(*admin.Published) error) error
}

// WithdrawnPage returns the page left at the address of a translation that
// was taken down: it says so and when, and is in no list, feed or sitemap.
func WithdrawnPage(p *admin.Published) ([]byte, error) {
	t := &p.Translation
	fm := frontMatter{
		Title:          t.Title,
		Date:           t.PublishedAt.UTC().Format(time.RFC3339),
		Lastmod:        t.UpdatedAt.UTC().Format(time.RFC3339),
		TranslationKey: fmt.Sprintf("withdrawn-%d-%s", p.ArticleID, t.Lang),
		Layout:         "withdrawn",
		Build:          map[string]string{"list": "never"},
		Sitemap:        map[string]any{"disable": true},
		Outputs:        []string{"html"},
		Params: map[string]any{
			"withdrawn":  true,
			"area":       p.AreaKey,
			"article_id": p.ArticleID,
		},
	}
	return page(fm, "")
}

// UntranslatedPage returns the page, in lang, that says the published
// translation p has no version in lang yet and leads to it. It is in no
// list, feed or sitemap and has no translation pair.
func UntranslatedPage(p *admin.Published, lang string) ([]byte, error) {
	t := &p.Translation
	fm := frontMatter{
		Title:          t.Title,
		Date:           t.PublishedAt.UTC().Format(time.RFC3339),
		TranslationKey: fmt.Sprintf("untranslated-%d-%s", p.ArticleID, lang),
		Layout:         "untranslated",
		Build:          map[string]string{"list": "never"},
		Sitemap:        map[string]any{"disable": true},
		Params: map[string]any{
			"untranslated": true,
			"area":         p.AreaKey,
			"article_id":   p.ArticleID,
			"original": map[string]string{
				"lang":  t.Lang,
				"path":  "/" + filepath.ToSlash(filepath.Dir(ArticlePath(p))) + "/",
				"title": t.Title,
			},
		},
	}
	return page(fm, "")
}

// Related picks, for every published translation, up to n earlier ones in
// the same language (published before it) that share the most tags with
// it, then the same area, newest first. Only earlier articles are picked,
// so publishing an article never changes the pages of those before it.
// It returns content paths ("/<area-slug>/<slug>").
func Related(all []*admin.Published, n int) map[*admin.Published][]string {
	byLang := map[string][]*admin.Published{}
	for _, p := range all {
		byLang[p.Translation.Lang] = append(byLang[p.Translation.Lang], p)
	}
	out := map[*admin.Published][]string{}
	for _, list := range byLang {
		sort.SliceStable(list, func(i, j int) bool { return before(list[i], list[j]) })
		byTag := map[string][]int{}
		byArea := map[string][]int{}
		for i, p := range list {
			for _, tag := range Tags(&p.Translation) {
				byTag[tag.Slug] = append(byTag[tag.Slug], i)
			}
			byArea[p.AreaKey] = append(byArea[p.AreaKey], i)
		}
		for i, p := range list {
			score := map[int]int{}
			for _, tag := range Tags(&p.Translation) {
				for _, j := range byTag[tag.Slug] {
					if j < i {
						score[j] += 2
					}
				}
			}
			// The newest few earlier ones of its area, as a tie-breaker and
			// for articles without tags.
			ids := byArea[p.AreaKey]
			k := sort.SearchInts(ids, i)
			for _, j := range ids[max(0, k-2*n):k] {
				score[j]++
			}
			cands := make([]int, 0, len(score))
			for j := range score {
				cands = append(cands, j)
			}
			sort.Slice(cands, func(a, b int) bool {
				if score[cands[a]] != score[cands[b]] {
					return score[cands[a]] > score[cands[b]]
				}
				return cands[a] > cands[b] // newer first
			})
			for _, j := range cands[:min(n, len(cands))] {
				q := list[j]
				out[p] = append(out[p], "/"+q.Area.Slug+"/"+q.Translation.Slug)
			}
		}
	}
	return out
}

// before orders translations by publication time, then by article.
func before(a, b *admin.Published) bool {
	ta, tb := a.Translation.PublishedAt, b.Translation.PublishedAt
	if !ta.Equal(tb) {
		return ta.Before(tb)
	}
	return a.ArticleID < b.ArticleID
}

// ArchivePages returns the archive of one area in one language, as files
// relative to the area's folder: archive/_index.md, which lists the months
// with their number of articles, and archive/<yyyy-mm>/_index.md for each
// month. Area pages show only their latest articles; the archive holds the
// rest, so publishing an article changes one month's page, not every page
// of a numbered list.
func ArchivePages(areaKey, lang string, area admin.AreaName, all []*admin.Published) (map[string][]byte, error) {
	counts := map[string]int{}
	for _, p := range all {
		if p.AreaKey == areaKey && p.Translation.Lang == lang {
			counts[p.Translation.PublishedAt.In(admin.Vietnam).Format("2006-01")]++
		}
	}
	months := make([]string, 0, len(counts))
	for m := range counts {
		months = append(months, m)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(months)))
	type monthCount struct {
		Month string `json:"month"`
		Count int    `json:"count"`
	}
	list := make([]monthCount, len(months))
	for i, m := range months {
		list[i] = monthCount{m, counts[m]}
	}
	files := map[string][]byte{}
	idx, err := page(frontMatter{
		Title:          archiveTitle(lang, area.Name, ""),
		TranslationKey: "archive-" + areaKey,
		Layout:         "archive-index",
		Params:         map[string]any{"area": areaKey, "months": list},
	}, "")
	if err != nil {
		return nil, err
	}
	files[filepath.Join("archive", "_index.md")] = idx
	for _, m := range months {
		b, err := page(frontMatter{
			Title:          archiveTitle(lang, area.Name, m),
			TranslationKey: "archive-" + areaKey + "-" + m,
			Layout:         "archive-month",
			Params:         map[string]any{"area": areaKey, "month": m},
		}, "")
		if err != nil {
			return nil, err
		}
		files[filepath.Join("archive", m, "_index.md")] = b
	}
	return files, nil
}

// archiveTitle names an archive page in lang (the theme shows its own
// heading; this is the page's title for tabs, feeds and search engines).
func archiveTitle(lang, area, month string) string {
	if month == "" {
		switch lang {
		case "vi":
			return "Lưu trữ: " + area
		case "en":
			return "Archive: " + area
		}
		return area + " (archive)"
	}
	t, err := time.Parse("2006-01", month)
	if err != nil {
		return area + " " + month
	}
	switch lang {
	case "vi":
		return fmt.Sprintf("%s: tháng %d năm %d", area, int(t.Month()), t.Year())
	case "en":
		return fmt.Sprintf("%s: %s %d", area, t.Month(), t.Year())
	}
	return area + " " + month
}

// AreaPage returns the section page of an area in one language.
func AreaPage(a *admin.Area, lang string) ([]byte, error) {
	n := a.Names[lang]
	fm := frontMatter{
		Title:          n.Name,
		Description:    n.Description,
		Weight:         a.Weight,
		TranslationKey: "area-" + a.Key,
		Params:         map[string]any{"area": a.Key},
	}
	return page(fm, "")
}

// picture is what the site's image template reads about a picture, in
// the page's language.
type picture struct {
	Alt         string `json:"alt"`
	Caption     string `json:"caption"`
	Credit      string `json:"credit"`
	Licence     string `json:"licence"`
	LicenceName string `json:"licence_name"`
	LicenceURL  string `json:"licence_url,omitempty"`
}

type frontMatter struct {
	Title          string            `json:"title"`
	Date           string            `json:"date,omitempty"`
	Lastmod        string            `json:"lastmod,omitempty"`
	Summary        string            `json:"summary,omitempty"`
	Description    string            `json:"description,omitempty"`
	Weight         int               `json:"weight,omitempty"`
	Tags           []string          `json:"tags,omitempty"`
	TranslationKey string            `json:"translationKey"`
	Layout         string            `json:"layout,omitempty"`
	Outputs        []string          `json:"outputs,omitempty"`
	Build          map[string]string `json:"build,omitempty"`
	Sitemap        map[string]any    `json:"sitemap,omitempty"`
	Params         map[string]any    `json:"params"`
}

func page(fm frontMatter, body string) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(fm); err != nil {
		return nil, fmt.Errorf("export: front matter: %w", err)
	}
	buf.WriteString(body)
	if body != "" && !strings.HasSuffix(body, "\n") {
		buf.WriteString("\n")
	}
	return buf.Bytes(), nil
}

// NeutraliseShortcodes makes every Hugo shortcode delimiter ("{{<", "{{%")
// in a Markdown body inert while it still reads the same. In running text
// the "<" or "%" becomes a character reference, which Markdown turns back
// into the same character; inside code, where references are shown as
// written, a zero-width space goes between the braces and the character.
func NeutraliseShortcodes(md string) string {
	if !strings.Contains(md, "{{<") && !strings.Contains(md, "{{%") {
		return md
	}
	src := []byte(md)
	code := codeRanges(src)
	var b strings.Builder
	b.Grow(len(md) + 16)
	for i := 0; i < len(src); i++ {
		c := src[i]
		if c == '{' && i+2 < len(src) && src[i+1] == '{' && (src[i+2] == '<' || src[i+2] == '%') {
			b.WriteString("{{")
			if inRanges(code, i+2) {
				b.WriteString("\u200b")
				b.WriteByte(src[i+2])
			} else if src[i+2] == '<' {
				b.WriteString("&lt;")
			} else {
				b.WriteString("&#37;")
			}
			i += 2
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

// codeRanges returns the byte ranges of code spans and code blocks.
func codeRanges(src []byte) [][2]int {
	doc := markdown.Parse(src)
	var rs [][2]int
	// The walker returns no error, so neither does the walk.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.CodeSpan:
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				if t, ok := c.(*ast.Text); ok {
					rs = append(rs, [2]int{t.Segment.Start, t.Segment.Stop})
				}
			}
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			lines := n.Lines()
			for i := 0; i < lines.Len(); i++ {
				seg := lines.At(i)
				rs = append(rs, [2]int{seg.Start, seg.Stop})
			}
		}
		return ast.WalkContinue, nil
	})
	return rs
}

func inRanges(rs [][2]int, pos int) bool {
	for _, r := range rs {
		if pos >= r[0] && pos < r[1] {
			return true
		}
	}
	return false
}

// WriteIfChanged writes b to path unless the file already holds exactly b.
// It writes in place: the tree is read by Hugo only after the export has
// finished, and an interrupted write is repaired by the next export, which
// finds the bytes different.
func WriteIfChanged(path string, b []byte) (bool, error) {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		if !os.IsNotExist(err) {
			return false, fmt.Errorf("export: %w", err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return false, fmt.Errorf("export: %w", err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return false, fmt.Errorf("export: %w", err)
		}
	}
	return true, nil
}

// copyIfMissing copies the library file src to dst unless dst already has
// size bytes: a library file never changes once stored. It links instead of
// copying when both are on the same disk.
func copyIfMissing(src, dst string, size int64) (bool, error) {
	if fi, err := os.Stat(dst); err == nil && fi.Size() == size {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, fmt.Errorf("export: %w", err)
	}
	// A file of another size at dst is a stale copy: replaced.
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("export: picture: %w", err)
	}
	if err := os.Link(src, dst); err == nil {
		return true, nil
	}
	in, err := os.Open(src)
	if err != nil {
		return false, fmt.Errorf("export: picture: %w", err)
	}
	defer func() { _ = in.Close() }() // read only
	out, err := os.Create(dst)
	if err != nil {
		return false, fmt.Errorf("export: picture: %w", err)
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		_ = os.Remove(dst) // a partial copy; the error above is what matters
		return false, fmt.Errorf("export: picture: %w", err)
	}
	return true, nil
}

// Prune removes every file under dir that is not in keep, and the folders
// left empty.
func Prune(dir string, keep map[string]bool) (int, error) {
	removed := 0
	var dirs []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) {
				return nil
			}
			return err
		}
		if d.IsDir() {
			if path != dir {
				dirs = append(dirs, path)
			}
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		if !keep[rel] {
			if err := os.Remove(path); err != nil {
				return err
			}
			removed++
		}
		return nil
	})
	if err != nil {
		return removed, fmt.Errorf("export: prune: %w", err)
	}
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		_ = os.Remove(d) // fails, as it should, when the folder is not empty
	}
	return removed, nil
}
