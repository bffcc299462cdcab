package publish_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"portal"
	"portal/admin"
	"portal/admin/editorial"
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

// newsroom adds a writer (an editor) and an approver and returns the
// editorial service over db with them as actors; published is called when
// readers' content changes.
func newsroom(t *testing.T, db *store.DB, published func()) (*editorial.Service, editorial.Actor, editorial.Actor) {
	t.Helper()
	ctx := context.Background()
	for name, role := range map[string]admin.Role{"viet": admin.RoleEditor, "duyet": admin.RoleApprover} {
		if err := db.CreateUser(ctx, &admin.User{Username: name, Role: role, PasswordHash: "x"}, nil); err != nil {
			t.Fatal(err)
		}
	}
	viet, _ := db.UserByUsername(ctx, "viet")
	duyet, _ := db.UserByUsername(ctx, "duyet")
	return editorial.New(db, []string{"vi", "en"}, published), editorial.Actor{User: viet}, editorial.Actor{User: duyet}
}

// draft creates an article of kind in area, written by w in the languages
// of texts, and returns its id.
func draft(t *testing.T, ed *editorial.Service, w editorial.Actor, area string, kind admin.Kind, texts map[string]editorial.TranslationInput) int64 {
	t.Helper()
	ctx := context.Background()
	a, err := ed.CreateArticle(ctx, w, editorial.NewArticle{AreaKey: area, Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	for lang, in := range texts {
		if _, err := ed.SaveTranslation(ctx, w, a.ID, lang, in); err != nil {
			t.Fatal(err)
		}
	}
	return a.ID
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

// TestEmbargoedReleaseStaysOffTheSite approves a press release for a time in
// the future: until then no page, feed, sitemap or tag page of the built
// site carries it; after its time, the next build has it everywhere.
func TestEmbargoedReleaseStaysOffTheSite(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	now := time.Date(2024, 6, 6, 2, 0, 0, 0, time.UTC)
	ed, w, d := newsroom(t, db, pub.Request)
	ed.SetClock(func() time.Time { return now })

	a, err := ed.CreateArticle(ctx, w, editorial.NewArticle{AreaKey: "news", Kind: admin.KindPressRelease})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]string{"vi": "Thông cáo cấm đăng trước giờ", "en": "Embargoed release"}
	for lang, title := range titles {
		if _, err := ed.SaveTranslation(ctx, w, a.ID, lang, editorial.TranslationInput{Title: title, Summary: "Tóm tắt", Body: "Nội dung.", Tags: []string{"embargo-tag"}}); err != nil {
			t.Fatal(err)
		}
	}
	for lang := range titles {
		if _, err := ed.Transition(ctx, w, a.ID, lang, "submit", editorial.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := ed.Transition(ctx, d, a.ID, lang, "approve", editorial.TransitionInput{PublishAt: now.Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(data, "public")
	if hits := grep(t, public, "Embargoed release", "Thông cáo cấm đăng", "embargo-tag"); len(hits) > 0 {
		t.Fatalf("the embargoed release is on the site before its time: %v", hits)
	}
	if hits := grep(t, public, "Đầu tư"); len(hits) == 0 {
		t.Fatal("the search of the built site finds nothing at all")
	}

	now = now.Add(61 * time.Minute)
	if n, err := ed.RunDue(ctx); err != nil || n != 2 {
		t.Fatalf("at its time: %d published, %v", n, err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	hits := grep(t, public, "Embargoed release", "Thông cáo cấm đăng", "/en/news/embargoed-release/")
	for _, want := range []string{"vi/index.xml", "en/index.xml", "en/feed.json", "en/news/feed.json", "en/sitemap.xml",
		"en/news/index.html", "en/news/embargoed-release/index.html", "en/api/index.json"} {
		if !slices.Contains(hits, filepath.FromSlash(want)) {
			t.Errorf("after its time the release is not in %s (found in %v)", want, hits)
		}
	}
	// Its ninjs document, its search entries and its media kit.
	for _, prefix := range []string{"en/api/articles/", "en/_search/", "vi/_search/"} {
		found := false
		for _, h := range hits {
			found = found || strings.HasPrefix(filepath.ToSlash(h), prefix)
		}
		if !found {
			t.Errorf("after its time the release is in nothing under %s (found in %v)", prefix, hits)
		}
	}
	if _, err := os.Stat(filepath.Join(public, "media-kit", fmt.Sprintf("article-%d.zip", a.ID))); err != nil {
		t.Errorf("after its time the release has no media kit: %v", err)
	}
}

// grep returns the files under dir that contain any of the strings.
func grep(t *testing.T, dir string, needles ...string) []string {
	t.Helper()
	dir, err := filepath.EvalSymlinks(dir) // public is a link; WalkDir does not follow it
	if err != nil {
		t.Fatal(err)
	}
	var hits []string
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, _ := os.ReadFile(p)
		for _, n := range needles {
			if strings.Contains(string(b), n) {
				rel, _ := filepath.Rel(dir, p)
				hits = append(hits, rel)
				return nil
			}
		}
		return nil
	})
	return hits
}
