// Package ninjs writes a read-only JSON API into a built site, as static
// files that any static host can serve: for each language, a paginated
// index of the published articles and one IPTC ninjs 2.2 document
// (https://iptc.org/standards/ninjs/) per published translation.
//
// Layout, below the build folder:
//
//	<lang>/api/index.json             the index: the newest articles
//	<lang>/api/page-<n>.json          archive page n (1 is the oldest)
//	<lang>/api/articles/<id>.json     the ninjs document of article <id> in <lang>
//
// A page is {"items": [...], "next": "<address of the next older page>"}
// and the index also has "total"; "next" is absent on page 1. Each item
// gives the article's uri, headline, versioncreated and the address
// ("url") of its document, newest publication first. Archive pages hold
// PageSize items, are numbered from the oldest and exist only when full;
// the index holds the newest 1 to PageSize. Publishing an article changes
// the index (and, when it is full, adds one archive page); the archive
// pages stay as they are, so a site of any size rewrites a few files.
// Taking an older article down shifts the pages after it; clients should
// rely on the uri of each item, not on its position.
//
// A document's uri is "urn:portal:article:<id>:<lang>", the same id the
// site's feeds give the item; it never changes, whatever happens to the
// title or the address of the page. The page's address is the altid with
// role "url". Library pictures the article shows are associations of type
// "picture" whose rendition is the picture's copy in the page bundle. The
// article's other language versions are associations of type "text",
// with the address of their document as the rendition named "ninjs".
// Rights are the site's licence; a picture under another licence carries
// its own usage terms.
package ninjs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/markdown"
)

// PageSize is the number of items on a page of the index.
const PageSize = 50

// Dir is the folder of a language's API below the language's folder.
const Dir = "api"

// Schema is the address of the ninjs schema the documents follow.
const Schema = "http://www.iptc.org/std/ninjs/ninjs-schema_2.2.json"

// Rights says who holds the copyright of a language's articles and under
// which licence others may reuse them.
type Rights struct {
	Holder      string // the organisation that runs the site
	LicenceName string // e.g. "CC BY 4.0"
	LicenceURL  string // "" when there is no licence text to link
}

// Site is what the API is written from.
type Site struct {
	// BaseURL is the site's address; every address in the API is absolute.
	BaseURL   string
	Languages []string
	// Published are the published translations (those without an area
	// page are left out, as the site has no page for them).
	Published []*admin.Published
	// Library is the media library, by id.
	Library map[int64]*admin.Media
	// MediaDir holds the library's files (admin.Media.StoredName); the
	// pictures a document points at are put into the build from there
	// when Hugo has not published them.
	MediaDir string
	// Rights by language.
	Rights map[string]Rights
}

// Stats counts what Write wrote.
type Stats struct {
	Documents int
	Pages     int // index pages
	Pictures  int // picture files put into the build
}

// Write writes the API of every language of s into the build folder dir.
func Write(ctx context.Context, dir string, s Site) (Stats, error) {
	var st Stats
	base := strings.TrimSuffix(s.BaseURL, "/") + "/"
	byLang := map[string][]*admin.Published{}
	byArticle := map[int64][]*admin.Published{}
	for _, p := range s.Published {
		if p.Area.Slug == "" {
			continue
		}
		byLang[p.Translation.Lang] = append(byLang[p.Translation.Lang], p)
		byArticle[p.ArticleID] = append(byArticle[p.ArticleID], p)
	}
	for _, lang := range s.Languages {
		list := byLang[lang]
		sort.SliceStable(list, func(i, j int) bool { return newer(list[i], list[j]) })
		for _, p := range list {
			if err := ctx.Err(); err != nil {
				return st, err
			}
			pics := distinct(export.Pictures(p.Translation.Body, s.Library))
			doc, err := Document(base, p, byArticle[p.ArticleID], pics, s.Rights[lang])
			if err != nil {
				return st, err
			}
			if err := writeJSON(filepath.Join(dir, filepath.FromSlash(DocumentPath(p.ArticleID, lang))), doc); err != nil {
				return st, err
			}
			st.Documents++
			for _, m := range pics {
				rel := filepath.FromSlash(strings.TrimPrefix(picturePath(p, m), "/"))
				copied, err := putPicture(filepath.Join(s.MediaDir, m.StoredName()), filepath.Join(dir, rel), m.Bytes)
				if err != nil {
					return st, err
				}
				if copied {
					st.Pictures++
				}
			}
		}
		pages := Index(base, lang, list)
		for n, pg := range pages {
			if err := writeJSON(filepath.Join(dir, filepath.FromSlash(IndexPath(lang, n))), pg); err != nil {
				return st, err
			}
			st.Pages++
		}
	}
	return st, nil
}

// distinct drops the repeats of a picture shown more than once.
func distinct(pics []*admin.Media) []*admin.Media {
	var out []*admin.Media
	seen := map[int64]bool{}
	for _, m := range pics {
		if !seen[m.ID] {
			seen[m.ID] = true
			out = append(out, m)
		}
	}
	return out
}

// newer orders translations newest publication first, then by article.
func newer(a, b *admin.Published) bool {
	ta, tb := a.Translation.PublishedAt, b.Translation.PublishedAt
	if !ta.Equal(tb) {
		return ta.After(tb)
	}
	return a.ArticleID > b.ArticleID
}

// IndexPath is the path, in the build, of lang's index (n = 0) or of its
// archive page n (from 1, the oldest).
func IndexPath(lang string, n int) string {
	if n <= 0 {
		return lang + "/" + Dir + "/index.json"
	}
	return fmt.Sprintf("%s/%s/page-%d.json", lang, Dir, n)
}

// DocumentPath is the path, in the build, of the document of an article
// in lang.
func DocumentPath(articleID int64, lang string) string {
	return fmt.Sprintf("%s/%s/articles/%d.json", lang, Dir, articleID)
}

// URI is the stable identifier of an article in lang.
func URI(articleID int64, lang string) string {
	return fmt.Sprintf("urn:portal:article:%d:%s", articleID, lang)
}

// IndexPage is the index of a language or one of its archive pages.
type IndexPage struct {
	Items []IndexItem `json:"items"`
	Next  string      `json:"next,omitempty"`
	Total int         `json:"total,omitempty"` // the index only
}

// IndexItem is an article in the index.
type IndexItem struct {
	URI            string `json:"uri"`
	Headline       string `json:"headline"`
	VersionCreated string `json:"versioncreated"`
	URL            string `json:"url"` // of its document
}

// Index returns lang's index (element 0) and its archive pages (element n
// is page n) over list, which is newest first. Archive pages hold PageSize
// articles each, numbered from the oldest, and only full ones exist; the
// index holds the newest (1 to PageSize) and the total. So a new article
// changes the index alone, and once the index is full, its articles move
// to one new archive page: the others stay as they were. Each page's
// "next" leads to the next older page, down to page 1.
func Index(base, lang string, list []*admin.Published) []IndexPage {
	n := len(list)
	archived := 0
	if n > 0 {
		archived = (n - 1) / PageSize
	}
	item := func(p *admin.Published) IndexItem {
		return IndexItem{URI: URI(p.ArticleID, lang), Headline: p.Translation.Title,
			VersionCreated: stamp(p.Translation.UpdatedAt), URL: base + DocumentPath(p.ArticleID, lang)}
	}
	pages := make([]IndexPage, archived+1)
	pages[0] = IndexPage{Items: []IndexItem{}, Total: n}
	for _, p := range list[:n-archived*PageSize] {
		pages[0].Items = append(pages[0].Items, item(p))
	}
	if archived > 0 {
		pages[0].Next = base + IndexPath(lang, archived)
	}
	for j := 1; j <= archived; j++ {
		start, end := n-j*PageSize, n-(j-1)*PageSize
		pg := IndexPage{Items: []IndexItem{}}
		for _, p := range list[start:end] {
			pg.Items = append(pg.Items, item(p))
		}
		if j > 1 {
			pg.Next = base + IndexPath(lang, j-1)
		}
		pages[j] = pg
	}
	return pages
}

// Item is a ninjs 2.2 object: a document, or an object associated with
// one. Only properties the schema defines are here.
type Item struct {
	Name               string      `json:"name,omitempty"` // associations only
	URI                string      `json:"uri"`
	Type               string      `json:"type,omitempty"`
	Standard           *Standard   `json:"standard,omitempty"`
	RepresentationType string      `json:"representationtype,omitempty"`
	Version            string      `json:"version,omitempty"`
	FirstCreated       string      `json:"firstcreated,omitempty"`
	VersionCreated     string      `json:"versioncreated,omitempty"`
	PubStatus          string      `json:"pubstatus,omitempty"`
	Language           string      `json:"language,omitempty"`
	By                 string      `json:"by,omitempty"`
	CopyrightHolder    string      `json:"copyrightholder,omitempty"`
	CopyrightNotice    string      `json:"copyrightnotice,omitempty"`
	UsageTerms         string      `json:"usageterms,omitempty"`
	RightsInfo         *RightsInfo `json:"rightsinfo,omitempty"`
	Headlines          []Text      `json:"headlines,omitempty"`
	Descriptions       []Text      `json:"descriptions,omitempty"`
	Bodies             []Text      `json:"bodies,omitempty"`
	Subjects           []Subject   `json:"subjects,omitempty"`
	Genres             []Genre     `json:"genres,omitempty"`
	AltIDs             []AltID     `json:"altids,omitempty"`
	Renditions         []Rendition `json:"renditions,omitempty"`
	Associations       []Item      `json:"associations,omitempty"`
}

// Standard names the standard a document follows.
type Standard struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Schema  string `json:"schema"`
}

// Text is a headline, description or body.
type Text struct {
	Role        string `json:"role,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	Value       string `json:"value"`
}

// Subject is what an item is about: its area or one of its tags.
type Subject struct {
	Name    string `json:"name,omitempty"`
	Rel     string `json:"rel,omitempty"`
	URI     string `json:"uri,omitempty"`
	Literal string `json:"literal,omitempty"`
}

// Genre is the kind of article.
type Genre struct {
	Literal string `json:"literal"`
}

// AltID is another identifier of an item.
type AltID struct {
	Role  string `json:"role"`
	Value string `json:"value"`
}

// Rendition is a file that represents an item.
type Rendition struct {
	Name        string `json:"name"`
	Href        string `json:"href,omitempty"`
	ContentType string `json:"contenttype,omitempty"`
	Title       string `json:"title,omitempty"`
	Width       int    `json:"width,omitempty"`
	Height      int    `json:"height,omitempty"`
	SizeInBytes int64  `json:"sizeinbytes,omitempty"`
}

// RightsInfo links to the licence text.
type RightsInfo struct {
	LinkedRights string `json:"linkedrights"`
}

// Document returns the ninjs document of the published translation p.
// versions are all published translations of its article (p among them),
// pics the library pictures its body shows, r the rights of its language.
func Document(base string, p *admin.Published, versions []*admin.Published, pics []*admin.Media, r Rights) (*Item, error) {
	base = strings.TrimSuffix(base, "/") + "/"
	t := &p.Translation
	html, err := markdown.Render(t.Body)
	if err != nil {
		return nil, err
	}
	page := PageURL(base, p)
	version := t.LiveVersion
	if version == 0 {
		version = t.Version
	}
	doc := &Item{
		URI:                URI(p.ArticleID, t.Lang),
		Type:               "text",
		Standard:           &Standard{Name: "ninjs", Version: "2.2", Schema: Schema},
		RepresentationType: "full",
		Version:            strconv.Itoa(version),
		FirstCreated:       stamp(t.PublishedAt),
		VersionCreated:     stamp(t.UpdatedAt),
		PubStatus:          "usable",
		Language:           t.Lang,
		By:                 p.UnitName,
		Headlines:          []Text{{Role: "main", Value: t.Title}},
		Bodies:             []Text{{Role: "main", ContentType: "text/html", Value: absolute(string(html), base, page)}},
		Genres:             []Genre{{Literal: string(p.Kind)}},
		AltIDs:             []AltID{{Role: "url", Value: page}},
	}
	if l := admin.LicenceByKey(p.Licence); l != nil {
		// The article's own licence.
		r = Rights{Holder: r.Holder, LicenceName: l.Name, LicenceURL: l.URL}
		if l.URL == "" {
			r.LicenceName = "All rights reserved"
		}
	}
	doc.setRights(r, r.Holder)
	if t.Summary != "" {
		doc.Descriptions = []Text{{Role: "summary", ContentType: "text/plain", Value: t.Summary}}
	}
	doc.Subjects = append(doc.Subjects, Subject{Name: p.Area.Name, Rel: "area", Literal: p.AreaKey,
		URI: base + t.Lang + "/" + escapePath(p.Area.Slug) + "/"})
	for _, tag := range t.Tags {
		doc.Subjects = append(doc.Subjects, Subject{Name: tag, Rel: "tag"})
	}
	for i, m := range pics {
		doc.Associations = append(doc.Associations, pictureItem(base, p, m, i+1, r))
	}
	for _, o := range versions {
		ot := &o.Translation
		if ot.Lang == t.Lang || o.Area.Slug == "" {
			continue
		}
		doc.Associations = append(doc.Associations, Item{
			Name:           "translation-" + ot.Lang,
			URI:            URI(o.ArticleID, ot.Lang),
			Type:           "text",
			Language:       ot.Lang,
			VersionCreated: stamp(ot.UpdatedAt),
			Headlines:      []Text{{Role: "main", Value: ot.Title}},
			AltIDs:         []AltID{{Role: "url", Value: PageURL(base, o)}},
			Renditions: []Rendition{{Name: "ninjs", Href: base + DocumentPath(o.ArticleID, ot.Lang),
				ContentType: "application/json"}},
		})
	}
	return doc, nil
}

// pictureItem is the association of a library picture shown as the n-th
// picture of p, described in p's language.
func pictureItem(base string, p *admin.Published, m *admin.Media, n int, site Rights) Item {
	txt := m.Texts[p.Translation.Lang]
	it := Item{
		Name:           fmt.Sprintf("picture-%d", n),
		URI:            fmt.Sprintf("urn:portal:media:%d", m.ID),
		Type:           "picture",
		VersionCreated: stamp(m.UpdatedAt),
		By:             m.Credit,
		Renditions: []Rendition{{Name: "original", Href: base + strings.TrimPrefix(escapePath(picturePath(p, m)), "/"),
			ContentType: m.MIME, Width: m.Width, Height: m.Height, SizeInBytes: m.Bytes}},
	}
	if txt.Caption != "" {
		it.Headlines = []Text{{Role: "caption", ContentType: "text/plain", Value: txt.Caption}}
	}
	if txt.Alt != "" {
		it.Descriptions = []Text{{Role: "alt", ContentType: "text/plain", Value: txt.Alt}}
	}
	if m.Credit != "" {
		it.CopyrightNotice = m.Credit
	}
	if r := pictureRights(m, site); r != site {
		it.setRights(r, "")
	}
	return it
}

// pictureRights are the terms of picture m: its own licence, or none
// (all rights reserved) when it has no known one.
func pictureRights(m *admin.Media, site Rights) Rights {
	l := admin.LicenceByKey(m.Licence)
	if l == nil || l.URL == "" {
		return Rights{Holder: site.Holder, LicenceName: "All rights reserved"}
	}
	return Rights{Holder: site.Holder, LicenceName: l.Name, LicenceURL: l.URL}
}

// setRights states the terms r on it; holder, when set, is the copyright
// holder and goes into the notice.
func (it *Item) setRights(r Rights, holder string) {
	if holder != "" {
		it.CopyrightHolder = holder
		it.CopyrightNotice = "© " + holder
	}
	if r.LicenceName == "" && r.LicenceURL == "" {
		return
	}
	terms := r.LicenceName
	if r.LicenceURL != "" {
		terms = strings.TrimSpace(terms + " " + r.LicenceURL)
		it.RightsInfo = &RightsInfo{LinkedRights: r.LicenceURL}
	}
	it.UsageTerms = terms
}

// PageURL is the address of p's page on the site.
func PageURL(base string, p *admin.Published) string {
	base = strings.TrimSuffix(base, "/") + "/"
	rel := filepath.ToSlash(filepath.Dir(export.ArticlePath(p)))
	return base + escapePath(rel) + "/"
}

// picturePath is the site path of m's copy in p's page bundle:
// /<lang>/<area-slug>/<slug>/media/<id>/<name>.
func picturePath(p *admin.Published, m *admin.Media) string {
	rel := filepath.ToSlash(filepath.Dir(export.ArticlePath(p)))
	return "/" + rel + m.Path()
}

func escapePath(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// localRef finds the addresses in rendered HTML that are relative to the
// site's root ("/vi/...", "/media/..."), but not protocol-relative ones.
var localRef = regexp.MustCompile(`(src|href)="/([^/"][^"]*)?"`)

// absolute makes the site-relative addresses of a rendered body absolute,
// so the body reads the same anywhere: library pictures point at their
// copy in the page's bundle.
func absolute(html, base, page string) string {
	return localRef.ReplaceAllStringFunc(html, func(m string) string {
		sub := localRef.FindStringSubmatch(m)
		attr, rest := sub[1], sub[2]
		if attr == "src" && strings.HasPrefix(rest, "media/") {
			return attr + `="` + page + rest + `"`
		}
		return attr + `="` + base + rest + `"`
	})
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func writeJSON(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("ninjs: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("ninjs: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("ninjs: %w", err)
	}
	return nil
}

// putPicture puts the library file src at dst unless dst already has size
// bytes (Hugo published it); it links when both are on the same disk.
func putPicture(src, dst string, size int64) (bool, error) {
	if fi, err := os.Stat(dst); err == nil && fi.Size() == size {
		return false, nil
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return false, fmt.Errorf("ninjs: picture: %w", err)
	}
	// Removed first, never written over: the old file may be a link to
	// another one.
	if err := os.Remove(dst); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, fmt.Errorf("ninjs: picture: %w", err)
	}
	if err := os.Link(src, dst); err == nil {
		return true, nil
	}
	in, err := os.Open(src)
	if err != nil {
		return false, fmt.Errorf("ninjs: picture: %w", err)
	}
	defer func() { _ = in.Close() }() // only read
	out, err := os.Create(dst)
	if err != nil {
		return false, fmt.Errorf("ninjs: picture: %w", err)
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close() // the copy error is the one to report
		return false, fmt.Errorf("ninjs: picture: %w", err)
	}
	if err := out.Close(); err != nil {
		return false, fmt.Errorf("ninjs: picture: %w", err)
	}
	return true, nil
}
