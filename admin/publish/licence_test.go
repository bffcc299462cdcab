package publish_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"portal/admin"
)

// TestLicenceOnPagesAndFeeds: the site's licence from the settings and an
// article's own licence are stated under the articles, in their head and in
// the feeds.
func TestLicenceOnPagesAndFeeds(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	if err := db.PutSiteSettings(ctx, &admin.SiteSettings{Licence: "cc-by-sa-4.0"}, nil); err != nil {
		t.Fatal(err)
	}
	var own, other *admin.Published
	db.EachPublished(ctx, func(p *admin.Published) error {
		if p.Translation.Lang != "vi" {
			return nil
		}
		if own == nil {
			own = p
		} else if other == nil && p.ArticleID != own.ArticleID {
			other = p
		}
		return nil
	})
	if err := db.SetArticleLicence(ctx, own.ArticleID, "all-rights-reserved", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	page := func(p *admin.Published) string {
		return read(t, filepath.Join(public, "vi", p.Area.Slug, p.Translation.Slug, "index.html"))
	}
	if html := page(other); !strings.Contains(html, `<link rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">`) ||
		!strings.Contains(html, `<a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">CC BY-SA 4.0</a>`) {
		t.Error("an article does not state the site's licence from the settings")
	}
	if html := page(own); !strings.Contains(html, "Bảo lưu mọi quyền") || strings.Contains(html, `rel="license"`) {
		t.Error("an article of its own licence (all rights reserved) does not say so, or links a licence")
	}
	feed := read(t, filepath.Join(public, "vi", "index.xml"))
	if !strings.Contains(feed, "Bảo lưu mọi quyền.</dc:rights>") || !strings.Contains(feed, "by-sa/4.0") {
		t.Error("the feed does not carry the article's and the site's licences")
	}
}
