package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/store"
)

// TestWithdrawnArticleLeavesAPage: an article taken down leaves, at its
// address, a page saying so and when, out of lists, feeds and sitemaps.
func TestWithdrawnArticleLeavesAPage(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	vi := takeDownFirst(t, db, "vi")
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	rel := filepath.Join("vi", vi.Area.Slug, vi.Translation.Slug, "index.html")
	html := read(t, filepath.Join(public, rel))
	plain := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(html, "")
	for _, want := range []string{"Bài viết đã được gỡ xuống", "đã được gỡ khỏi cổng thông tin ngày", `<meta name="robots" content="noindex">`} {
		if !strings.Contains(html, want) && !strings.Contains(plain, want) {
			t.Errorf("the page left at %s lacks %q", rel, want)
		}
	}
	if strings.Contains(plain, "ngày ngày") {
		t.Errorf("the page left at %s says %q", rel, "ngày ngày")
	}
	if strings.Contains(html, "application/ld+json") && strings.Contains(html, "NewsArticle") {
		t.Error("the withdrawn page still claims to be a news article")
	}
	for _, f := range []string{"vi/sitemap.xml", "vi/index.xml", "vi/feed.json", filepath.Join("vi", vi.Area.Slug, "index.html")} {
		b, err := os.ReadFile(filepath.Join(public, f))
		if err != nil {
			continue
		}
		if strings.Contains(string(b), "/"+vi.Translation.Slug+"/") {
			t.Errorf("%s still lists the withdrawn article", f)
		}
	}
}

// takeDownFirst unpublishes the first published version in lang and
// returns it as it was published.
func takeDownFirst(t *testing.T, db *store.DB, lang string) *admin.Published {
	t.Helper()
	ctx := context.Background()
	var found *admin.Published
	err := db.EachPublished(ctx, func(p *admin.Published) error {
		if found == nil && p.Translation.Lang == lang {
			found = p
		}
		return nil
	})
	if err != nil || found == nil {
		t.Fatalf("no published %s version: %v", lang, err)
	}
	if err := db.SetStatus(ctx, found.Translation.ID, admin.StatusUnpublished); err != nil {
		t.Fatal(err)
	}
	return found
}
