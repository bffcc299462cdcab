package publish_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/store"
)

// Terms of reuse that hugo.toml states for every feed.
const (
	licenceName = "CC BY 4.0"
	licenceURL  = "https://creativecommons.org/licenses/by/4.0/"
)

// feedFile is one feed of the built site, as a feed reader sees it.
type feedFile struct {
	path string // relative to public/, slash-separated
	lang string
	feed *gofeed.Feed
	ext  jsonFeedExt // the "_portal" extension (JSON Feed only)
}

// jsonFeedExt is what a JSON Feed says in its "_portal" extension objects,
// which feed readers do not interpret.
type jsonFeedExt struct {
	Portal portalExt `json:"_portal"`
	Items  []struct {
		ID      string                  `json:"id"`
		Authors []struct{ Name string } `json:"authors"`
		Portal  portalExt               `json:"_portal"`
	} `json:"items"`
}

type portalExt struct {
	ArticleID int64  `json:"article_id"`
	Area      string `json:"area"`
	AreaName  string `json:"area_name"`
	Kind      string `json:"kind"`
	Licence   struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"licence"`
	Attribution string `json:"attribution"`
	Image       *struct {
		URL    string `json:"url"`
		Width  int    `json:"width"`
		Alt    string `json:"alt"`
		Credit string `json:"credit"`
	} `json:"image"`
}

// TestFeedsForReuse publishes the demo with one more article that shows a
// library picture, one under embargo, one draft and one article taken down,
// and reads every RSS and JSON Feed of the built site with a feed parser:
// each language's and each area's feeds list exactly the articles readers
// may see, with their full text, stable ids, area and tags, owning unit,
// dates, the terms of reuse and, for the article with a picture, a JPEG at
// most 1200 pixels wide. Every JSON Feed is valid against the JSON Feed 1.1
// schema. After a change of title the article keeps its id and its
// modification date moves on.
func TestFeedsForReuse(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	pic := addPicture(t, db, pub.MediaDir(), 1600, 900)

	ed, w, d := newsroom(t, db, nil)
	write := func(area string, kind admin.Kind, texts map[string]editorial.TranslationInput) int64 {
		t.Helper()
		return draft(t, ed, w, area, kind, texts)
	}
	step := func(id int64, lang string, who editorial.Actor, action string, in editorial.TransitionInput) {
		t.Helper()
		if _, err := ed.Transition(ctx, who, id, lang, action, in); err != nil {
			t.Fatalf("article %d %s %s: %v", id, lang, action, err)
		}
	}

	withPicture := write("tourism", admin.KindNews, map[string]editorial.TranslationInput{
		"vi": {Title: "Hồ Suối Lam trong nguồn tin", Summary: "Tóm tắt ngắn.", Tags: []string{"hồ", "sinh thái"},
			Body: "Mở đầu bài viết.\n\n![ảnh hồ](" + pic.Path() + ")\n\nĐoạn cuối, [giới thiệu](/vi/gioi-thieu/).\n"},
		"en": {Title: "Suoi Lam lake in the feeds", Summary: "A short summary.", Tags: []string{"lake", "ecotourism"},
			Body: "The opening.\n\n![lake](" + pic.Path() + ")\n\nThe last paragraph, [about](/en/about/).\n"},
	})
	for _, lang := range []string{"vi", "en"} {
		step(withPicture, lang, w, "submit", editorial.TransitionInput{})
		step(withPicture, lang, d, "approve", editorial.TransitionInput{})
		step(withPicture, lang, d, "publish", editorial.TransitionInput{})
	}
	// Approved for tomorrow: not for readers yet.
	embargoed := write("news", admin.KindPressRelease, map[string]editorial.TranslationInput{
		"vi": {Title: "Thông cáo chưa đến giờ đăng", Summary: "Tóm tắt", Body: "Nội dung cấm đăng."},
		"en": {Title: "Release under embargo", Summary: "Summary", Body: "Embargoed text."},
	})
	for _, lang := range []string{"vi", "en"} {
		step(embargoed, lang, w, "submit", editorial.TransitionInput{})
		step(embargoed, lang, d, "approve", editorial.TransitionInput{PublishAt: time.Now().Add(24 * time.Hour)})
	}
	draft := write("investment", admin.KindNews, map[string]editorial.TranslationInput{
		"vi": {Title: "Bản nháp chưa duyệt", Summary: "Tóm tắt", Body: "Nội dung nháp."},
	})
	// A demo article taken down in Vietnamese (its English version stays).
	published := publishedByID(t, db)
	takenDown := published[itemID(1, "vi")]
	if takenDown == nil {
		t.Fatal("the demo has no article 1 in Vietnamese")
	}
	if err := db.SetStatus(ctx, takenDown.Translation.ID, admin.StatusUnpublished); err != nil {
		t.Fatal(err)
	}

	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, err := filepath.EvalSymlinks(filepath.Join(data, "public"))
	if err != nil {
		t.Fatal(err)
	}
	published = publishedByID(t, db)
	if _, ok := published[itemID(takenDown.ArticleID, "vi")]; ok {
		t.Fatal("the article taken down is still published")
	}
	feeds := readFeeds(t, public)
	schema := jsonFeedSchema(t)

	t.Run("every home and area has both feeds, with the same items", func(t *testing.T) {
		byPath := map[string]feedFile{}
		for _, f := range feeds {
			byPath[f.path] = f
		}
		homes := 0
		for _, f := range feeds {
			if !strings.HasSuffix(f.path, "/index.xml") {
				continue
			}
			homes++
			j, ok := byPath[strings.TrimSuffix(f.path, "index.xml")+"feed.json"]
			if !ok {
				t.Errorf("%s has no JSON Feed beside it", f.path)
				continue
			}
			if got, want := ids(j.feed), ids(f.feed); !slices.Equal(got, want) {
				t.Errorf("%s: items %v, RSS has %v", j.path, got, want)
			}
		}
		// vi and en: the home and each area.
		areas, err := db.Areas(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if want := 2 * (1 + len(areas)); homes != want || len(feeds) != 2*want {
			t.Errorf("%d RSS feeds and %d feeds in all, want %d and %d", homes, len(feeds), want, 2*want)
		}
		for _, lang := range []string{"vi", "en"} {
			var want []string
			for id, p := range published {
				if p.Translation.Lang == lang {
					want = append(want, id)
				}
			}
			got := ids(byPath[lang+"/index.xml"].feed)
			slices.Sort(got)
			slices.Sort(want)
			if len(want) > 50 { // services.rss.limit: the newest 50
				if len(got) != 50 {
					t.Errorf("%s home feed has %d items, want 50", lang, len(got))
				}
				continue
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s home feed has %v, want every published %s article %v", lang, got, lang, want)
			}
		}
	})

	t.Run("items describe the published articles", func(t *testing.T) {
		for _, f := range feeds {
			if len(f.feed.Items) == 0 && path.Dir(f.path) == f.lang {
				t.Errorf("%s: the language's feed has no items", f.path)
			}
			if !strings.HasPrefix(f.feed.Language, f.lang) {
				t.Errorf("%s: language %q", f.path, f.feed.Language)
			}
			for i, it := range f.feed.Items {
				p, ok := published[it.GUID]
				if !ok || p.Translation.Lang != f.lang {
					t.Errorf("%s: item %q is not a published %s article", f.path, it.GUID, f.lang)
					continue
				}
				tr := p.Translation
				where := f.path + " " + it.GUID
				if it.Title != tr.Title || !strings.HasSuffix(it.Link, "/"+f.lang+"/"+p.Area.Slug+"/"+tr.Slug+"/") {
					t.Errorf("%s: title %q, link %q", where, it.Title, it.Link)
				}
				// An RSS description is HTML: readers show its text.
				if html.UnescapeString(it.Description) != tr.Summary {
					t.Errorf("%s: summary %q, want %q", where, it.Description, tr.Summary)
				}
				if !strings.Contains(it.Content, "<p>") || len(it.Content) <= len(tr.Summary) {
					t.Errorf("%s: not the full text: %q", where, it.Content)
				}
				if m := relativeURL.FindString(it.Content); m != "" {
					t.Errorf("%s: relative address in the text: %s", where, m)
				}
				if want := append([]string{p.Area.Name}, tr.Tags...); !slices.Equal(it.Categories, want) {
					t.Errorf("%s: categories %q, want the area and the tags %q", where, it.Categories, want)
				}
				if c := creator(f, it, i); c == "" || (p.UnitName != "" && c != p.UnitName) {
					t.Errorf("%s: creator %q, want the unit %q", where, c, p.UnitName)
				}
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(tr.PublishedAt.Truncate(time.Second)) {
					t.Errorf("%s: published %v, want %v", where, it.PublishedParsed, tr.PublishedAt)
				}
				if it.UpdatedParsed == nil || !it.UpdatedParsed.Equal(tr.UpdatedAt.Truncate(time.Second)) {
					t.Errorf("%s: updated %v, want %v", where, it.UpdatedParsed, tr.UpdatedAt)
				}
				if p.ArticleID != withPicture && len(it.Enclosures) > 0 {
					t.Errorf("%s: a picture for an article without one: %v", where, it.Enclosures[0].URL)
				}
			}
		}
	})

	t.Run("terms of reuse", func(t *testing.T) {
		site := map[string]string{}
		for _, f := range feeds {
			if f.path == f.lang+"/index.xml" {
				site[f.lang] = f.feed.Title
			}
		}
		attribution := map[string]string{"vi": "Nguồn: " + site["vi"], "en": "Source: " + site["en"]}
		for _, f := range feeds {
			if strings.HasSuffix(f.path, ".json") {
				checkTerms(t, f.path, f.ext.Portal, attribution[f.lang])
				for _, it := range f.ext.Items {
					checkTerms(t, f.path+" "+it.ID, it.Portal, attribution[f.lang])
				}
				continue
			}
			rights := f.feed.Copyright
			for _, want := range []string{licenceName, licenceURL, attribution[f.lang]} {
				if !strings.Contains(rights, want) {
					t.Errorf("%s: copyright %q lacks %q", f.path, rights, want)
				}
			}
			for _, it := range f.feed.Items {
				var got []string
				if it.DublinCoreExt != nil {
					got = it.DublinCoreExt.Rights
				}
				if !slices.Equal(got, []string{rights}) {
					t.Errorf("%s %s: dc:rights %q, want %q", f.path, it.GUID, got, rights)
				}
			}
		}
	})

	t.Run("the article with a picture has a JPEG at most 1200 pixels wide", func(t *testing.T) {
		seen := 0
		for _, f := range feeds {
			for i, it := range f.feed.Items {
				if it.GUID != itemID(withPicture, f.lang) {
					continue
				}
				seen++
				if len(it.Enclosures) != 1 || it.Image == nil || it.Image.URL != it.Enclosures[0].URL {
					t.Errorf("%s: image %v, enclosures %v", f.path, it.Image, it.Enclosures)
					continue
				}
				enc := it.Enclosures[0]
				b := servedFile(t, public, enc.URL)
				cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
				if err != nil || format != "jpeg" || enc.Type != "image/jpeg" || cfg.Width != 1200 || cfg.Height != 675 {
					t.Errorf("%s: %s is %s %dx%d (%v), type %q: want a JPEG of 1200x675", f.path, enc.URL, format, cfg.Width, cfg.Height, err, enc.Type)
				}
				if enc.Length != strconv.Itoa(len(b)) {
					t.Errorf("%s: enclosure length %s, the file has %d bytes", f.path, enc.Length, len(b))
				}
				if strings.HasSuffix(f.path, ".xml") {
					media := it.Extensions["media"]["content"]
					if len(media) != 1 || media[0].Attrs["url"] != enc.URL || media[0].Attrs["width"] != "1200" {
						t.Errorf("%s: media:content %+v", f.path, media)
					}
				} else if img := f.ext.Items[i].Portal.Image; img == nil || img.URL != enc.URL || img.Credit != pic.Credit || img.Alt != pic.Texts[f.lang].Alt {
					t.Errorf("%s: _portal.image %+v", f.path, img)
				}
				// The text keeps its picture and its links, with absolute addresses.
				link := map[string]string{"vi": "gioi-thieu", "en": "about"}[f.lang]
				if !strings.Contains(it.Content, `href="https://example.test/`+f.lang+`/`+link+`/"`) {
					t.Errorf("%s: the text's link is not absolute:\n%s", f.path, it.Content)
				}
				if !strings.Contains(it.Content, `srcset="https://example.test/`+f.lang+`/`) {
					t.Errorf("%s: the text's picture has no absolute srcset:\n%s", f.path, it.Content)
				}
			}
		}
		// In each language: the home feed and the tourism area's, RSS and JSON.
		if seen != 8 {
			t.Errorf("the article with a picture is in %d feeds, want 8", seen)
		}
	})

	t.Run("every JSON Feed is valid JSON Feed 1.1", func(t *testing.T) {
		for _, f := range feeds {
			if !strings.HasSuffix(f.path, ".json") {
				continue
			}
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(readPublic(t, public, f.path)))
			if err != nil {
				t.Fatalf("%s: %v", f.path, err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("%s: %#v", f.path, err)
			}
		}
	})

	t.Run("nothing embargoed, unpublished or draft", func(t *testing.T) {
		gone := []string{itemID(embargoed, "vi"), itemID(embargoed, "en"), itemID(draft, "vi"), itemID(takenDown.ArticleID, "vi"),
			"Thông cáo chưa đến giờ đăng", "Release under embargo", "Bản nháp chưa duyệt"}
		for _, f := range feeds {
			b := string(readPublic(t, public, f.path))
			for _, s := range gone {
				if strings.Contains(b, s+"\"") || strings.Contains(b, s+"<") {
					t.Errorf("%s carries %q", f.path, s)
				}
			}
		}
	})

	t.Run("a new title keeps the id and moves the modification date", func(t *testing.T) {
		find := func(feeds []feedFile, path, id string) *gofeed.Item {
			t.Helper()
			for _, f := range feeds {
				if f.path != path {
					continue
				}
				for _, it := range f.feed.Items {
					if it.GUID == id {
						return it
					}
				}
			}
			t.Fatalf("%s: no item %s", path, id)
			return nil
		}
		id := itemID(withPicture, "vi")
		before := map[string]*gofeed.Item{}
		for _, path := range []string{"vi/index.xml", "vi/feed.json", "vi/du-lich/index.xml", "vi/du-lich/feed.json"} {
			before[path] = find(feeds, path, id)
		}

		db.SetClock(func() time.Time { return time.Now().Add(time.Hour) })
		a, err := db.Article(ctx, withPicture)
		if err != nil {
			t.Fatal(err)
		}
		i := slices.IndexFunc(a.Translations, func(tr *admin.Translation) bool { return tr.Lang == "vi" })
		tr := a.Translations[i]
		tr.Title = "Hồ Suối Lam: tên mới"
		if err := db.SaveTranslation(ctx, tr, false, nil); err != nil {
			t.Fatal(err)
		}
		if err := db.SetStatus(ctx, tr.ID, admin.StatusPublished); err != nil {
			t.Fatal(err)
		}
		if _, err := pub.Publish(ctx); err != nil {
			t.Fatal(err)
		}
		public, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
		after := readFeeds(t, public)
		for path, old := range before {
			now := find(after, path, id)
			if now.UpdatedParsed == nil || old.UpdatedParsed == nil {
				t.Errorf("%s: no modification date", path)
				continue
			}
			if now.Title != tr.Title || now.Link != old.Link {
				t.Errorf("%s: after the change %q at %s, want %q at %s", path, now.Title, now.Link, tr.Title, old.Link)
			}
			if !now.UpdatedParsed.After(*old.UpdatedParsed) || !now.PublishedParsed.Equal(*old.PublishedParsed) {
				t.Errorf("%s: updated %v -> %v, published %v -> %v: want a later update, the same publication",
					path, old.UpdatedParsed, now.UpdatedParsed, old.PublishedParsed, now.PublishedParsed)
			}
		}
	})
}

// relativeURL finds an address in HTML that a page elsewhere cannot follow.
var relativeURL = regexp.MustCompile(`(?:src|href|srcset)="/[^/]|, /[^/ ]+ \d+w`)

func itemID(article int64, lang string) string {
	return fmt.Sprintf("urn:portal:article:%d:%s", article, lang)
}

func ids(f *gofeed.Feed) []string {
	var out []string
	for _, it := range f.Items {
		out = append(out, it.GUID)
	}
	return out
}

// creator is the name an item gives as its author, as written: dc:creator
// in RSS, the first author in JSON Feed.
func creator(f feedFile, it *gofeed.Item, i int) string {
	if strings.HasSuffix(f.path, ".json") {
		if a := f.ext.Items[i].Authors; len(a) > 0 {
			return a[0].Name
		}
		return ""
	}
	if it.DublinCoreExt == nil || len(it.DublinCoreExt.Creator) == 0 {
		return ""
	}
	return it.DublinCoreExt.Creator[0]
}

func checkTerms(t *testing.T, where string, ext portalExt, attribution string) {
	t.Helper()
	if ext.Licence.Name != licenceName || ext.Licence.URL != licenceURL || ext.Attribution != attribution {
		t.Errorf("%s: licence %+v, attribution %q; want %s %s, %q", where, ext.Licence, ext.Attribution, licenceName, licenceURL, attribution)
	}
}

// publishedByID returns what readers may see, by feed item id.
func publishedByID(t *testing.T, db *store.DB) map[string]*admin.Published {
	t.Helper()
	out := map[string]*admin.Published{}
	err := db.EachPublished(context.Background(), func(p *admin.Published) error {
		out[itemID(p.ArticleID, p.Translation.Lang)] = p
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// readFeeds parses every RSS (index.xml) and JSON Feed (feed.json) file of
// the built site.
func readFeeds(t *testing.T, public string) []feedFile {
	t.Helper()
	var feeds []feedFile
	err := filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || (d.Name() != "index.xml" && d.Name() != "feed.json") {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		rel = filepath.ToSlash(rel)
		b := read(t, p)
		feed, err := gofeed.NewParser().ParseString(b)
		if err != nil {
			t.Fatalf("%s: %v", rel, err)
		}
		f := feedFile{path: rel, lang: strings.SplitN(rel, "/", 2)[0], feed: feed}
		if feed.FeedType == "json" {
			if err := json.Unmarshal([]byte(b), &f.ext); err != nil {
				t.Fatalf("%s: %v", rel, err)
			}
		} else if feed.FeedType != "rss" || feed.FeedVersion != "2.0" {
			t.Fatalf("%s: a %s %s feed, want RSS 2.0", rel, feed.FeedType, feed.FeedVersion)
		}
		feeds = append(feeds, f)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return feeds
}

func readPublic(t *testing.T, public, rel string) []byte {
	t.Helper()
	return []byte(read(t, filepath.Join(public, filepath.FromSlash(rel))))
}

// servedFile returns the file of the built site at an absolute address.
func servedFile(t *testing.T, public, address string) []byte {
	t.Helper()
	u, err := url.Parse(address)
	if err != nil || u.Scheme != "https" || u.Host != "example.test" {
		t.Fatalf("%q is not an address of the site (%v)", address, err)
	}
	return readPublic(t, public, strings.TrimPrefix(u.Path, "/"))
}

// jsonFeedSchema compiles the published JSON Feed 1.1 schema, checking
// formats (addresses, dates) too.
func jsonFeedSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", "jsonfeed-schema_1.1.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	s, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// addPicture adds a JPEG of the given size to the media library, with its
// texts in both languages, a credit and a licence.
func addPicture(t *testing.T, db *store.DB, mediaDir string, width, height int) *admin.Media {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	for y := range height {
		for x := range width {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	m := &admin.Media{FileName: "ho-suoi-lam.jpg", OriginalName: "Hồ Suối Lam.jpg", Format: "jpeg", MIME: "image/jpeg",
		Width: width, Height: height, Bytes: int64(buf.Len()), SHA256: hex.EncodeToString(sum[:]),
		Credit: "Sở Văn hóa, Thể thao và Du lịch", Licence: "cc-by-4.0",
		Texts: map[string]admin.MediaText{
			"vi": {Alt: "Mặt hồ phẳng lặng giữa rừng", Caption: "Hồ Suối Lam"},
			"en": {Alt: "A still lake in the forest", Caption: "Suối Lam lake"},
		}}
	if _, err := db.AddMedia(context.Background(), m, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(mediaDir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mediaDir, m.StoredName()), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return m
}
