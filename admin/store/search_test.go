package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"portal/admin/seed"
	"portal/admin/store"
)

// The admin's search covers the title, summary and text, with or without
// diacritics (đ as d), words as typed or their starts, phrases in quotes.
func TestSearchFindsTheText(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	count := func(q string) (int, *store.ArticleSummary) {
		t.Helper()
		list, total, err := db.ListArticles(ctx, store.ArticleFilter{Q: q, PerPage: 200})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		if len(list) == 0 {
			return total, nil
		}
		return total, list[0]
	}
	withMarks, first := count("Đồng Xoài")
	without, _ := count("dong xoai")
	if first != nil {
		t.Logf("“Đồng Xoài”: %d articles; first passage %q", withMarks, first.Passage)
	}
	if withMarks < 2 || withMarks != without {
		t.Errorf("“Đồng Xoài” finds %d articles, “dong xoai” %d: the body is not searched, or diacritics count", withMarks, without)
	}
	if first == nil || first.Passage == "" {
		t.Errorf("no matching passage shown: %+v", first)
	}
	if n, _ := count("dong xo"); n < without {
		t.Errorf("the start of a word finds %d, want at least %d", n, without)
	}
	if n, _ := count(`"xoai dong"`); n != 0 {
		t.Errorf("a phrase in the wrong order finds %d", n)
	}
	for _, q := range []string{`"`, `*`, `OR`, `-`, `NEAR/2`, `)(`, `"unclosed`} {
		if _, _, err := db.ListArticles(ctx, store.ArticleFilter{Q: q}); err != nil {
			t.Errorf("%q: %v", q, err)
		}
	}
	if got := store.SearchQuery(`Đồng "xoài  bình" -phước`); got != `dong* "xoai binh" phuoc*` {
		t.Errorf("SearchQuery: %q", got)
	}
}
