package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portal"
	"portal/admin"
	"portal/admin/publish"
	"portal/admin/seed"
	"portal/admin/store"
)

// setup returns a database with the demo content and a publisher over a
// fresh data folder. With a non-empty siteDir, the site source is that
// working tree instead of the embedded one.
func setup(t *testing.T, siteDir string) (*store.DB, *publish.Publisher, string) {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	pub := publish.New(db, publish.Config{DataDir: data, SiteFS: portal.Site, SiteDir: siteDir, BaseURL: "https://example.test/"})
	return db, pub, data
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestPublishBuildsAndSwaps(t *testing.T) {
	ctx := context.Background()
	_, pub, data := setup(t, "")
	if pub.HasSite() {
		t.Fatal("a site before the first build")
	}
	rep, err := pub.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !pub.HasSite() || rep.Pages == 0 || rep.Export.Pages == 0 {
		t.Fatalf("after publishing: site %v, report %+v", pub.HasSite(), rep)
	}
	link, err := os.Readlink(filepath.Join(data, "public"))
	if err != nil || !strings.HasPrefix(link, "builds"+string(filepath.Separator)) {
		t.Fatalf("public is not a link into builds/: %q, %v", link, err)
	}
	first := link

	// Three more builds: the served one and the one before it stay, older
	// ones are removed.
	for range 3 {
		if _, err := pub.Publish(ctx); err != nil {
			t.Fatal(err)
		}
	}
	entries, _ := os.ReadDir(filepath.Join(data, "builds"))
	if len(entries) != 2 {
		t.Errorf("%d builds kept, want 2", len(entries))
	}
	if _, err := os.Stat(filepath.Join(data, first)); !os.IsNotExist(err) {
		t.Errorf("the first build is still on disk")
	}
}

func TestFailedBuildKeepsTheLastGoodSite(t *testing.T) {
	ctx := context.Background()
	// A working tree of the site, as a theme developer would use.
	site := t.TempDir()
	if err := os.CopyFS(site, portal.Site); err != nil {
		t.Fatal(err)
	}
	db, pub, data := setup(t, site)
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	good, _ := os.Readlink(filepath.Join(data, "public"))
	home := read(t, filepath.Join(data, "public", "vi", "index.html"))

	// The developer saves a broken template.
	if err := os.MkdirAll(filepath.Join(site, "layouts"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "layouts", "home.html"), []byte("{{ .Title "), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := pub.Publish(ctx)
	if err == nil {
		t.Fatal("a broken template built")
	}
	if now, _ := os.Readlink(filepath.Join(data, "public")); now != good {
		t.Errorf("public moved to %q after a failed build", now)
	}
	if got := read(t, filepath.Join(data, "public", "vi", "index.html")); got != home {
		t.Error("the served home page changed after a failed build")
	}
	entries, _ := os.ReadDir(filepath.Join(data, "builds"))
	if len(entries) != 1 {
		t.Errorf("%d build folders, want only the good one (the failed one removed)", len(entries))
	}
	b, err := db.LastBuild(ctx)
	if err != nil || b == nil || b.OK || !strings.Contains(b.Error, "home.html") {
		t.Errorf("last build record = %+v, %v: want a failure naming home.html", b, err)
	}

	// Fixed: the next build goes through.
	os.Remove(filepath.Join(site, "layouts", "home.html"))
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if b, _ := db.LastBuild(ctx); !b.OK {
		t.Errorf("last build after the fix = %+v", b)
	}
}

func TestRequestsCoalesce(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db, pub, data := setup(t, "")
	done := make(chan struct{})
	go func() { pub.Run(ctx); close(done) }()

	// Publish one more article and ask for a build ten times, as ten
	// approvals in a row would.
	areas, _ := db.Areas(ctx)
	a := &admin.Article{AreaID: areas[0].ID, Kind: admin.KindNews, Translations: []*admin.Translation{
		{Lang: "vi", Title: "Bài mới nhất", Body: "Nội dung.", Status: admin.StatusPublished}}}
	for i := range 10 {
		if i == 5 {
			if err := db.CreateArticle(ctx, a, nil); err != nil {
				t.Fatal(err)
			}
		}
		pub.Request()
	}
	pub.Wait()

	// Build ids count from 1 in a new database: the last id is the count.
	last, err := db.LastBuild(ctx)
	if err != nil || last == nil {
		t.Fatalf("no build recorded: %v", err)
	}
	if last.ID < 1 || last.ID > 2 {
		t.Errorf("%d builds for 10 requests, want 1 or 2 (one running, one waiting)", last.ID)
	}
	page := filepath.Join(data, "public", "vi", areas[0].Names["vi"].Slug, "bai-moi-nhat", "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Errorf("the article published during the requests is not on the site: %v", err)
	}
	cancel()
	<-done
}
