package publish_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portal/admin"
)

// Addresses Hugo cannot read never stop a build: the link's text is shown
// as text, the build says which page has it, and the rest of the site is
// built as usual. The articles are put in the database directly, as an
// import (or older data) could, past the checks made when a text is saved.
func TestUnreadableLinksDoNotStopTheBuild(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	area, err := db.AreaByKey(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{
		"phan-tram":    "Xem [báo cáo](https://example.org/bao-cao%zz) và [trang](/vi/tin-tuc/) của tỉnh.",
		"khoang-trang": "Một [liên kết](http://a b.example/) lạ, một [khác](%) và [đúng](https://example.org/ok).",
		"cang-lon":     "Liên kết [lỗi](http://[::1/x) giữa câu.",
	}
	for slug, body := range bodies {
		a := &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{{
			Lang: "vi", Title: "Liên kết " + slug, Slug: slug, Summary: "Tóm tắt", Body: body,
			Status: admin.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}}}
		if err := db.CreateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := pub.Publish(ctx)
	if err != nil {
		t.Fatalf("one unreadable address stopped the build: %v", err)
	}
	page := read(t, filepath.Join(data, "public", "vi", "tin-tuc", "phan-tram", "index.html"))
	if !strings.Contains(page, `<span class="link-unreadable">báo cáo</span>`) {
		t.Error("the unreadable link's text is not shown as text")
	}
	if !strings.Contains(page, `<a href="/vi/tin-tuc/">trang</a>`) {
		t.Error("the readable link beside it is lost")
	}
	page = read(t, filepath.Join(data, "public", "vi", "tin-tuc", "khoang-trang", "index.html"))
	if !strings.Contains(page, `<a href="https://example.org/ok">đúng</a>`) {
		t.Error("a readable link after unreadable ones is lost")
	}
	for _, slug := range []string{"phan-tram", "khoang-trang", "cang-lon"} {
		found := false
		for _, w := range rep.Warnings {
			if strings.Contains(w, "/vi/tin-tuc/"+slug+"/") {
				found = true
			}
		}
		if !found {
			t.Errorf("no warning names /vi/tin-tuc/%s/: %q", slug, rep.Warnings)
		}
	}
}
