package seed_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/seed"
	"portal/admin/store"
)

// TestDemoContent checks what the demo promises: every area has at least two
// articles in both languages, at least two are in Vietnamese only, all text
// is NFC, and every article is dated before the province's merger on
// 1 July 2025 (the content speaks of Bình Phước as a province).
func TestDemoContent(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := seed.Load(ctx, db, []string{"vi", "en"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Areas != 7 || res.Articles < 16 {
		t.Fatalf("loaded %+v", res)
	}

	merger := time.Date(2025, 7, 1, 0, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	bilingual := map[string]int{}
	viOnly := 0
	err = db.EachPublished(ctx, func(p *admin.Published) error {
		tr := p.Translation
		for _, s := range append([]string{tr.Title, tr.Summary, tr.Body}, tr.Tags...) {
			if !norm.NFC.IsNormalString(s) {
				t.Errorf("article %d (%s): text not NFC: %.40q", p.ArticleID, tr.Lang, s)
			}
		}
		if tr.Title == "" || tr.Summary == "" || len(tr.Body) < 500 || len(tr.Tags) == 0 {
			t.Errorf("article %d (%s) is incomplete", p.ArticleID, tr.Lang)
		}
		if !tr.PublishedAt.Before(merger) {
			t.Errorf("article %d is dated %s, after the merger", p.ArticleID, tr.PublishedAt)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	areas, err := db.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	areaKey := map[int64]string{}
	for _, ar := range areas {
		areaKey[ar.ID] = ar.Key
	}
	for id := int64(1); id <= int64(res.Articles); id++ {
		a, err := db.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case a.Translation("vi") != nil && a.Translation("en") != nil:
			bilingual[areaKey[a.AreaID]]++
		case a.Translation("vi") != nil:
			viOnly++
		}
		if a.UnitID == 0 {
			t.Errorf("article %d has no owning unit", id)
		}
	}
	for _, key := range []string{"investment", "culture", "tourism", "products", "digital", "reform", "news"} {
		if bilingual[key] < 2 {
			t.Errorf("area %s has %d bilingual articles, want at least 2", key, bilingual[key])
		}
	}
	if viOnly < 2 {
		t.Errorf("%d Vietnamese-only articles, want at least 2", viOnly)
	}

	// Loading again adds nothing.
	again, err := seed.Load(ctx, db, []string{"vi", "en"})
	if err != nil || again.Articles != 0 {
		t.Errorf("second load: %+v, %v", again, err)
	}
}

func TestDemoEventHasItsFacts(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	found := 0
	db.EachPublished(ctx, func(p *admin.Published) error {
		if p.Kind != admin.KindEvent {
			return nil
		}
		found++
		if p.Translation.Facts["start"] != "2024-05-15" || p.Translation.Facts["venue"] == "" {
			t.Errorf("%s: event facts %v", p.Translation.Lang, p.Translation.Facts)
		}
		if miss := admin.MissingFacts(p.Kind, p.Translation.Facts); len(miss) > 0 {
			t.Errorf("%s: the demo event lacks %v", p.Translation.Lang, miss)
		}
		return nil
	})
	if found != 2 {
		t.Errorf("%d published versions of demo events, want 2", found)
	}
}

func TestDemoInvestorContact(t *testing.T) {
	ctx := context.Background()
	db := seeded(t)
	set, _ := db.SiteSettings(ctx)
	if set.InvestorContact.Name["en"] == "" || set.InvestorContact.URL == "" {
		t.Fatalf("the demo has no contact for investors: %+v", set.InvestorContact)
	}
	// What an administrator set stays through another seeding.
	set.InvestorContact.Name = map[string]string{"vi": "Phòng Xúc tiến", "en": "Promotion Office"}
	db.PutSiteSettings(ctx, set, nil)
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	if again, _ := db.SiteSettings(ctx); again.InvestorContact.Name["en"] != "Promotion Office" {
		t.Errorf("seeding again replaced the administrator's contact: %+v", again.InvestorContact)
	}
}

// seeded returns a database in a temporary folder with the demo content.
func seeded(t *testing.T) *store.DB {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	return db
}

// A fresh install lists no translation as out of date.
func TestFreshInstallHasNothingOutdated(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	list, _, err := db.ListArticles(ctx, store.ArticleFilter{PerPage: 1000})
	if err != nil {
		t.Fatal(err)
	}
	translated := 0
	for _, it := range list {
		a, err := db.Article(ctx, it.ID)
		if err != nil {
			t.Fatal(err)
		}
		for lang, out := range editorial.Outdated(a) {
			translated++
			if out {
				t.Errorf("article %d: the %s version is listed as out of date", a.ID, lang)
			}
		}
	}
	if translated == 0 {
		t.Fatal("the demo has no translation to check")
	}
}

// A database seeded before the demo recorded its sources is corrected by
// migration 0014, without touching translations of changed sources.
func TestOldSeedIsCorrected(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	// As the older seed left it, and as if 0014 had never run.
	for _, q := range []string{`UPDATE translations SET source_version = 0`, `DELETE FROM schema_migrations WHERE version LIKE '0014%'`} {
		if _, err := db.SQL().ExecContext(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.SQL().QueryRowContext(ctx, `SELECT count(*) FROM translations t JOIN articles a ON a.id = t.article_id
		WHERE t.lang != a.source_lang AND t.source_version = 0`).Scan(&n); err != nil || n != 0 {
		t.Errorf("%d demo translations still recorded as from no source (%v)", n, err)
	}
}
