package publish_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portal/admin"
)

// hostileNames are values an officer could type where the portal makes
// addresses from text: relative paths, absolute paths, Windows paths,
// encoded dots, the site's own folders, Hugo's special names.
var hostileNames = []string{
	"../../vi", "../index", "../../../../tmp/x", "/etc/passwd", `..\..\en`, "%2e%2e%2fvi", "vi/index.html",
	"tags/../../en", "./_index", "index.md", "_index", "api/../..", "Đầu tư/../../", "en", "vi", "media",
	"~/x", "a\x00b", "CON", "___", "…/…", "\u202e../", ".hidden", "tags", "_search", "feed.json",
}

// No tag, article address, picture file name or area name an officer can
// type makes Hugo write outside its own folder: the site is built with
// articles carrying every hostile name, and every page of the site built
// before them is still there with the same title, no file is new outside
// the folders of those articles and of tags, and every tag page is at a
// slug.
func TestNoTypedValueWritesOutsideItsFolder(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	before := titles(t, filepath.Join(data, "public"))

	area, err := db.AreaByKey(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	// Area names are display texts: hostile ones go to every language.
	for lang, n := range area.Names {
		n.Name = hostileNames[0] + " " + n.Name
		area.Names[lang] = n
	}
	if err := db.PutArea(ctx, area); err != nil {
		t.Fatal(err)
	}
	var refusedSlugs int
	for i, name := range hostileNames {
		// A picture uploaded under the hostile name.
		pic := []byte{byte(i)}
		sum := sha256.Sum256(append(pic, name...))
		m := &admin.Media{FileName: name, OriginalName: name, Format: "png", MIME: "image/png", Width: 1, Height: 1,
			Bytes: 1, SHA256: hex.EncodeToString(sum[:]), Credit: "Sở Văn hóa", Licence: "cc-by-4.0",
			Texts: map[string]admin.MediaText{"vi": {Alt: name, Caption: name}}}
		if _, err := db.AddMedia(ctx, m, nil); err != nil {
			t.Fatalf("picture %q: %v", name, err)
		}
		if !regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*\.png$`).MatchString(m.FileName) {
			t.Errorf("picture uploaded as %q is named %q", name, m.FileName)
		}
		// The hostile name as an article's address: refused unless it is
		// a slug already (then it is a folder inside the area).
		odd := &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{{Lang: "vi",
			Title: "Địa chỉ lạ " + name, Slug: name, Summary: "Tóm tắt", Body: "Văn bản.", Status: admin.StatusPublished,
			PublishedAt: time.Now().Add(-time.Hour)}}}
		if err := db.CreateArticle(ctx, odd, nil); err != nil {
			if admin.ErrorCode(err) != admin.EINVALID {
				t.Fatalf("address %q: %v", name, err)
			}
			refusedSlugs++
		}
		// The hostile name as a tag, with an address made from the title.
		tr := &admin.Translation{Lang: "vi", Title: "Bài thử " + name, Summary: "Tóm tắt",
			Body: "Văn bản.", Tags: []string{name, "Thẻ " + name}, Status: admin.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}
		a := &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{tr}}
		if err := db.CreateArticle(ctx, a, nil); err != nil {
			// Tags without a letter or digit are refused with a message.
			if admin.ErrorCode(err) != admin.EINVALID {
				t.Fatalf("article with tag %q: %v", name, err)
			}
			tr.Tags = []string{"Thẻ " + name}
			if err := db.CreateArticle(ctx, a, nil); err != nil {
				t.Fatalf("article with tag %q: %v", name, err)
			}
		}
	}
	// Older data, stored before these rules: tags that are paths.
	// (The test lifts the rule that keeps revisions as written.)
	raw, _ := json.Marshal(hostileNames)
	ids := `SELECT id FROM translations WHERE title LIKE 'Bài thử %'`
	if _, err := db.SQL().ExecContext(ctx, `DROP TRIGGER revisions_immutable`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `UPDATE revisions SET tags = ? WHERE translation_id IN (`+ids+`)`, string(raw)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SQL().ExecContext(ctx, `DELETE FROM translation_tags WHERE translation_id IN (`+ids+`)`); err != nil {
		t.Fatal(err)
	}
	for i, name := range hostileNames {
		if _, err := db.SQL().ExecContext(ctx, `INSERT INTO translation_tags (translation_id, position, tag) SELECT id, ?, ? FROM translations
			WHERE title LIKE 'Bài thử %'`, i, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(data, "public")
	after := titles(t, public)
	for rel, title := range before {
		if strings.HasSuffix(rel, "index.html") && after[rel] != title && !strings.Contains(rel, "tin-tuc") && !strings.Contains(rel, "news") {
			t.Errorf("%s: title %q became %q", rel, title, after[rel])
		}
	}
	tagPage := regexp.MustCompile(`^(vi|en)/tags/[a-z0-9]+(-[a-z0-9]+)*/`)
	for rel := range after {
		if _, ok := before[rel]; ok {
			continue
		}
		switch {
		case tagPage.MatchString(rel),
			strings.HasPrefix(rel, "vi/tin-tuc/"), strings.HasPrefix(rel, "en/news/"), // the articles, the area's lists and stubs
			strings.HasPrefix(rel, "vi/api/"), strings.HasPrefix(rel, "en/api/"),
			strings.HasPrefix(rel, "vi/_search/"), strings.HasPrefix(rel, "en/_search/"),
			regexp.MustCompile(`^media-kit/article-[0-9]+\.zip$`).MatchString(rel):
		default:
			t.Errorf("a new file outside the articles' and tags' folders: %s", rel)
		}
	}
	for rel, title := range after {
		if tagPage.MatchString(rel) && strings.HasSuffix(rel, "/index.html") && title == "" {
			t.Errorf("tag page %s has no title", rel)
		}
	}
	if refusedSlugs < len(hostileNames)-6 {
		t.Errorf("only %d of %d hostile addresses refused", refusedSlugs, len(hostileNames))
	}
	if list := read(t, filepath.Join(public, "vi", "tin-tuc", "index.html")); !strings.Contains(list, "Bài thử") {
		t.Error("the area's page does not list the new articles")
	}
	// A tag is shown as written, at its slug.
	if got := after["vi/tags/etc-passwd/index.html"]; !strings.Contains(got, "/etc/passwd") {
		t.Errorf("the page of the tag “/etc/passwd” is titled %q", got)
	}
}

var titleRe = regexp.MustCompile(`(?s)<title>(.*?)</title>`)

// titles maps every file of the built site below dir to the title of the
// page ("" for files that are not pages).
func titles(t *testing.T, dir string) map[string]string {
	t.Helper()
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		out[rel] = ""
		if strings.HasSuffix(rel, ".html") {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			if m := titleRe.FindSubmatch(b); m != nil {
				out[rel] = string(m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
