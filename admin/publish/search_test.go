package publish_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/publish"
	"portal/admin/search"
)

// searchFiles returns the files of a language's search index in a build,
// by name.
func searchFiles(t *testing.T, build, lang string) map[string][]byte {
	t.Helper()
	dir := filepath.Join(build, lang, publish.SearchDir)
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = b
	}
	return files
}

// changed counts the files of after that before does not have with the
// same bytes (what a copy of the site uploads), and those of before that
// after no longer has.
func changed(before, after map[string][]byte) (written, removed int) {
	for name, b := range after {
		if old, ok := before[name]; !ok || !bytes.Equal(old, b) {
			written++
		}
	}
	for name := range before {
		if _, ok := after[name]; !ok {
			removed++
		}
	}
	return written, removed
}

// TestSearchIndexInTheBuild publishes the demo content: each language has
// its search page and its index, which finds the articles with or without
// diacritics at the addresses of their pages. Publishing one more article
// then changes at most three files of its language's index (the recent
// file, one document file, the manifest) and none of the other language's.
func TestSearchIndexInTheBuild(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	first, err := filepath.EvalSymlinks(filepath.Join(data, "public"))
	if err != nil {
		t.Fatal(err)
	}

	for _, tc := range []struct{ lang, page, query, want string }{
		{"vi", "tim-kiem", "binh phuoc", "Bình Phước"},
		{"vi", "tim-kiem", "hat dieu", "điều"},
		{"en", "search", "dong xoai", ""},
		{"en", "search", "industrial park", "Industrial parks"},
	} {
		res, err := search.Search(filepath.Join(first, tc.lang, publish.SearchDir), tc.query, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Errorf("%s: %q finds nothing", tc.lang, tc.query)
			continue
		}
		h := res.Hits[0]
		if !strings.Contains(h.Title+" "+h.Summary, tc.want) { // "" for a word of the body only
			t.Errorf("%s: %q: first %q", tc.lang, tc.query, h.Title)
		}
		for _, h := range res.Hits {
			if _, err := os.Stat(filepath.Join(first, tc.lang, filepath.FromSlash(h.URL), "index.html")); err != nil {
				t.Errorf("%s: result %q is not a page of the site: %v", tc.lang, h.URL, err)
			}
		}
		page := read(t, filepath.Join(first, tc.lang, tc.page, "index.html"))
		for _, want := range []string{`<input type="search"`, `name="q"`, `<label for="search-q"`, "<noscript>", `aria-live="polite"`,
			`integrity="sha384-`, `/` + tc.lang + `/_search/manifest.json`, `/` + tc.lang + `/sitemap.xml`} {
			if !strings.Contains(page, want) {
				t.Errorf("%s search page lacks %s", tc.lang, want)
			}
		}
		if strings.Contains(page, "<script>") {
			t.Errorf("%s search page has an inline script", tc.lang)
		}
	}

	viBefore, enBefore := searchFiles(t, first, "vi"), searchFiles(t, first, "en")
	areas, err := db.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &admin.Article{AreaID: areas[0].ID, Kind: admin.KindNews, Translations: []*admin.Translation{
		{Lang: "vi", Title: "Vườn cây ăn trái Lộc Ninh", Summary: "Chôm chôm và sầu riêng.", Body: "Nội dung về chôm chôm.", Status: admin.StatusPublished}}}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	second, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	if second == first {
		t.Fatal("no new build")
	}
	viWritten, viRemoved := changed(viBefore, searchFiles(t, second, "vi"))
	enWritten, enRemoved := changed(enBefore, searchFiles(t, second, "en"))
	t.Logf("one new article: vi %d of %d search files written, %d removed; en %d written, %d removed",
		viWritten, len(viBefore), viRemoved, enWritten, enRemoved)
	if viWritten > 3 || viRemoved > 3 || enWritten != 0 || enRemoved != 0 {
		t.Errorf("one new article changed vi %d+%d, en %d+%d search files; want at most 3 in vi, none in en",
			viWritten, viRemoved, enWritten, enRemoved)
	}
	res, err := search.Search(filepath.Join(second, "vi", publish.SearchDir), "chom chom", 5)
	if err != nil || len(res.Hits) != 1 || res.Hits[0].Title != "Vườn cây ăn trái Lộc Ninh" {
		t.Errorf("the new article is not found: %+v, %v", res.Hits, err)
	}
	// The index of the build before is untouched: readers still on it get
	// whole answers.
	if w, r := changed(viBefore, searchFiles(t, first, "vi")); w != 0 || r != 0 {
		t.Errorf("publishing changed the search files of the previous build")
	}
}

// TestSearchIndexFailureKeepsTheSite: when the index cannot be written,
// the publication fails as a failed build does, and the site stays.
func TestSearchIndexFailureKeepsTheSite(t *testing.T) {
	ctx := context.Background()
	_, pub, data := setup(t, "")
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	good, _ := os.Readlink(filepath.Join(data, "public"))
	state := filepath.Join(data, "search")
	if err := os.RemoveAll(state); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(state, []byte("not a folder"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := pub.Publish(ctx)
	if err == nil || !strings.Contains(err.Error(), "search") {
		t.Fatalf("publication with an unwritable search index: %v", err)
	}
	if now, _ := os.Readlink(filepath.Join(data, "public")); now != good {
		t.Errorf("public moved to %q after the search index failed", now)
	}
	if entries, _ := os.ReadDir(filepath.Join(data, "builds")); len(entries) != 1 {
		t.Errorf("%d build folders, want only the good one", len(entries))
	}

	// Repaired: the index is rebuilt from the published articles.
	os.Remove(state)
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	if res, err := search.Search(filepath.Join(dir, "vi", publish.SearchDir), "binh phuoc", 1); err != nil || res.Total == 0 {
		t.Errorf("after the repair: %+v, %v", res, err)
	}
}
