package publish_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/store"
)

// A build that fails on one article's pages leaves that article out and
// publishes the rest: here the picture file of one article is damaged on
// disk (a disk fault, or a file replaced by hand), so Hugo cannot read it.
// The other articles reach readers, the damaged one is recorded as left
// out with why, and is on none of the site's lists, feeds, API or search.
func TestOneBrokenArticleDoesNotStopTheOthers(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	m := addPicture(t, db, pub.MediaDir(), 900, 600)
	file := filepath.Join(pub.MediaDir(), m.StoredName())
	sound, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	// The file in the library is damaged after it was checked.
	if err := os.WriteFile(file, []byte("\xff\xd8\xff\xe0 not a picture any more"), 0o644); err != nil {
		t.Fatal(err)
	}
	area, err := db.AreaByKey(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	add := func(slug, title, body string) *admin.Article {
		a := &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{{
			Lang: "vi", Title: title, Slug: slug, Summary: "Tóm tắt " + title, Body: body,
			Status: admin.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}}}
		if err := db.CreateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		return a
	}
	broken := add("anh-hong", "Bài có ảnh hỏng", "Mở đầu.\n\n![ảnh hồ]("+m.Path()+")\n")
	good := add("bai-lanh", "Bài lành lặn", "Không có ảnh.")

	rep, err := pub.Publish(ctx)
	if err != nil {
		t.Fatalf("one article's damaged picture stopped the whole publication: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "public", "vi", "tin-tuc", "bai-lanh", "index.html")); err != nil {
		t.Errorf("the sound article is not on the site: %v", err)
	}
	if _, err := os.Stat(filepath.Join(data, "public", "vi", "tin-tuc", "anh-hong", "index.html")); err == nil {
		t.Error("the article the build could not make has a page")
	}
	bt := broken.Translation("vi")
	why := rep.LeftOut[bt.ID]
	if why == "" {
		t.Fatalf("the report does not say the broken article was left out: %+v", rep.LeftOut)
	}
	if strings.Contains(why, data) {
		t.Errorf("the reason shows the server's folders: %q", why)
	}
	for _, rel := range []string{"vi/index.html", "vi/index.xml", "vi/tin-tuc/index.xml", "vi/api/index.json"} {
		b, err := os.ReadFile(filepath.Join(data, "public", filepath.FromSlash(rel)))
		if err != nil {
			t.Errorf("%s: %v", rel, err)
			continue
		}
		if strings.Contains(string(b), "anh-hong") {
			t.Errorf("%s lists the article that was left out", rel)
		}
		if rel == "vi/index.html" && !strings.Contains(string(b), "bai-lanh") {
			t.Errorf("%s does not list the sound article", rel)
		}
	}
	if _, err := os.Stat(filepath.Join(data, "public", "vi", "api", "articles", fmt.Sprint(broken.ID)+".json")); err == nil {
		t.Error("the left-out article has an API document")
	}
	if hits := grep(t, filepath.Join(data, "public", "vi", "_search"), "Bài có ảnh hỏng"); len(hits) > 0 {
		t.Errorf("the search index has the left-out article: %v", hits)
	}

	// What the admin and the API read: the sound one is on the site, the
	// broken one failed, with the reason.
	got, err := db.Article(ctx, broken.ID)
	if err != nil {
		t.Fatal(err)
	}
	gt := got.Translation("vi")
	if gt.Site() != admin.SiteFailed || gt.SiteError == "" {
		t.Errorf("the broken article's site state = %q (%q), want failed with a reason", gt.Site(), gt.SiteError)
	}
	ok, err := db.Article(ctx, good.ID)
	if err != nil {
		t.Fatal(err)
	}
	if ot := ok.Translation("vi"); ot.Site() != admin.SiteOnSite {
		t.Errorf("the sound article's site state = %q, want on the site", ot.Site())
	}
	problems, err := db.SiteProblems(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(problems) != 1 || problems[0].ArticleID != broken.ID {
		t.Errorf("site problems = %+v, want the broken article only", problems)
	}
	events, err := db.Events(ctx, store.AuditFilter{Action: "site.left_out"})
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 1 {
		t.Errorf("%d audit events for the left-out article, want 1", len(events))
	}

	// The sound file is put back: the next publication brings the article
	// to the site, and the problem is gone from the dashboard.
	if err := os.WriteFile(file, sound, 0o644); err != nil {
		t.Fatal(err)
	}
	if rep, err := pub.Publish(ctx); err != nil || len(rep.LeftOut) != 0 {
		t.Fatalf("after the repair: left out %v, %v", rep.LeftOut, err)
	}
	if _, err := os.Stat(filepath.Join(data, "public", "vi", "tin-tuc", "anh-hong", "index.html")); err != nil {
		t.Errorf("the repaired article is not on the site: %v", err)
	}
	got, _ = db.Article(ctx, broken.ID)
	if gt := got.Translation("vi"); gt.Site() != admin.SiteOnSite || gt.SiteError != "" {
		t.Errorf("after the repair the site state = %q (%q)", gt.Site(), gt.SiteError)
	}
	if problems, _ := db.SiteProblems(ctx); len(problems) != 0 {
		t.Errorf("problems after the repair: %+v", problems)
	}
}
