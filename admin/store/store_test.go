package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"portal/admin"
	"portal/admin/store"
)

// open returns a database in a fresh file with one area.
func open(t testing.TB) (*store.DB, *admin.Area) {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	area := &admin.Area{Key: "investment", Weight: 1, Names: map[string]admin.AreaName{
		"vi": {Name: "Đầu tư", Slug: "dau-tu"}, "en": {Name: "Investment", Slug: "investment"}}}
	if err := db.PutArea(context.Background(), area); err != nil {
		t.Fatal(err)
	}
	return db, area
}

func newArticle(area *admin.Area, ts ...*admin.Translation) *admin.Article {
	return &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: ts}
}

func TestMigrationsApplyOnceAndSurviveReopen(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	first, err := db.Migrations(ctx)
	if err != nil || len(first) == 0 {
		t.Fatalf("migrations = %v, %v", first, err)
	}
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db.Close()
	again, _ := db.Migrations(ctx)
	if len(again) != len(first) {
		t.Errorf("after reopen %v, before %v", again, first)
	}
}

func TestTextIsStoredNFC(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	title := norm.NFD.String("Hạt điều Bình Phước")
	body := norm.NFD.String("Thủ phủ điều của cả nước.")
	a := newArticle(area, &admin.Translation{Lang: "vi", Title: title, Summary: norm.NFD.String("Tóm tắt"), Body: body,
		Tags: []string{norm.NFD.String("Hạt điều")}})
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	got, err := db.Article(ctx, a.ID)
	if err != nil {
		t.Fatal(err)
	}
	tr := got.Translation("vi")
	for name, s := range map[string]string{"title": tr.Title, "summary": tr.Summary, "body": tr.Body, "tag": tr.Tags[0]} {
		if !norm.NFC.IsNormalString(s) {
			t.Errorf("%s %q is not NFC", name, s)
		}
	}
	if tr.Title != "Hạt điều Bình Phước" {
		t.Errorf("title = %q", tr.Title)
	}
	if tr.Slug != "hat-dieu-binh-phuoc" {
		t.Errorf("slug = %q", tr.Slug)
	}
}

func TestSlugs(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	create := func(lang, title, slug string) (*admin.Translation, error) {
		tr := &admin.Translation{Lang: lang, Title: title, Slug: slug}
		return tr, db.CreateArticle(ctx, newArticle(area, tr), nil)
	}
	tests := []struct {
		name, lang, title, slug, want string
		code                          string
	}{
		{"folds Đ and đ", "vi", "Đường về Đồng Xoài", "", "duong-ve-dong-xoai", ""},
		{"decomposed input", "vi", norm.NFD.String("Phước Long"), "", "phuoc-long", ""},
		{"same title gets a suffix", "vi", "Đường về Đồng Xoài", "", "duong-ve-dong-xoai-2", ""},
		{"third copy", "vi", "Duong ve Dong Xoai", "", "duong-ve-dong-xoai-3", ""},
		{"same slug in another language is fine", "en", "Đường về Đồng Xoài", "", "duong-ve-dong-xoai", ""},
		{"explicit slug taken is refused", "vi", "Khác", "phuoc-long", "", admin.ECONFLICT},
		{"explicit slug invalid is refused", "vi", "Khác", "Phước-Long", "", admin.EINVALID},
		{"no letters falls back", "vi", "???", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tr, err := create(tt.lang, tt.title, tt.slug)
			if got := admin.ErrorCode(err); got != tt.code {
				t.Fatalf("error code %q (%v), want %q", got, err, tt.code)
			}
			if tt.code == "" && tt.want != "" && tr.Slug != tt.want {
				t.Errorf("slug = %q, want %q", tr.Slug, tt.want)
			}
			if tt.code == "" && tr.Slug == "" {
				t.Error("empty slug")
			}
		})
	}
}

func TestSlugNeverChangesOncePublished(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	tr := &admin.Translation{Lang: "vi", Title: "Khu công nghiệp Minh Hưng III"}
	if err := db.CreateArticle(ctx, newArticle(area, tr), nil); err != nil {
		t.Fatal(err)
	}
	// Before publication the address may still change.
	tr.Slug = "minh-hung-3"
	if err := db.SaveTranslation(ctx, tr, false, nil); err != nil {
		t.Fatalf("rename draft: %v", err)
	}
	if err := db.SetStatus(ctx, tr.ID, admin.StatusPublished); err != nil {
		t.Fatal(err)
	}
	tr.Slug = "minh-hung-iii"
	err := db.SaveTranslation(ctx, tr, false, nil)
	if admin.ErrorCode(err) != admin.ECONFLICT {
		t.Fatalf("renaming a published page: %v, want a conflict", err)
	}
	// Unpublishing does not free the address either: old links must keep working.
	if err := db.SetStatus(ctx, tr.ID, admin.StatusUnpublished); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Article(ctx, tr.ArticleID)
	tr = got.Translation("vi")
	tr.Slug = "minh-hung-iii"
	if err := db.SaveTranslation(ctx, tr, false, nil); admin.ErrorCode(err) != admin.ECONFLICT {
		t.Fatalf("renaming an unpublished page: %v, want a conflict", err)
	}
	// A title change keeps the address.
	got, _ = db.Article(ctx, tr.ArticleID)
	tr = got.Translation("vi")
	tr.Title = "KCN Minh Hưng III mở rộng"
	if err := db.SaveTranslation(ctx, tr, false, nil); err != nil {
		t.Fatal(err)
	}
	if tr.Slug != "minh-hung-3" {
		t.Errorf("slug = %q after a title change", tr.Slug)
	}
}

func TestStaleSaveIsRefused(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	tr := &admin.Translation{Lang: "vi", Title: "Bản đầu", Body: "một"}
	if err := db.CreateArticle(ctx, newArticle(area, tr), nil); err != nil {
		t.Fatal(err)
	}
	mine, theirs := *tr, *tr
	theirs.Body = "của người khác"
	if err := db.SaveTranslation(ctx, &theirs, false, nil); err != nil {
		t.Fatal(err)
	}
	mine.Body = "của tôi"
	if err := db.SaveTranslation(ctx, &mine, false, nil); admin.ErrorCode(err) != admin.ECONFLICT {
		t.Fatalf("stale save: %v, want conflict", err)
	}
	got, _ := db.Article(ctx, tr.ArticleID)
	if b := got.Translation("vi").Body; b != "của người khác" {
		t.Errorf("body = %q: the other editor's save was overwritten", b)
	}
}

func TestEachPublishedSkipsUnpublished(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	when := time.Date(2024, 3, 13, 2, 0, 0, 0, time.UTC)
	a := newArticle(area,
		&admin.Translation{Lang: "vi", Title: "Đã xuất bản", Status: admin.StatusPublished, PublishedAt: when, Tags: []string{"FDI", "fdi", " Đầu tư "}},
		&admin.Translation{Lang: "en", Title: "Draft only"})
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	var got []*admin.Published
	err := db.EachPublished(ctx, func(p *admin.Published) error { got = append(got, p); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Translation.Lang != "vi" {
		t.Fatalf("published = %+v, want only the vi version", got)
	}
	p := got[0]
	if p.Area.Slug != "dau-tu" || p.AreaKey != "investment" || !p.Translation.PublishedAt.Equal(when) {
		t.Errorf("published row = %+v", p)
	}
	if want := []string{"FDI", "Đầu tư"}; len(p.Translation.Tags) != 2 || p.Translation.Tags[0] != want[0] || p.Translation.Tags[1] != want[1] {
		t.Errorf("tags = %q, want %q (duplicates folded, spaces trimmed)", p.Translation.Tags, want)
	}
}

func TestImportIsIdempotent(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	mk := func() []*admin.Article {
		return []*admin.Article{{AreaID: area.ID, Kind: admin.KindNews, SourceKey: "demo/01",
			Translations: []*admin.Translation{{Lang: "vi", Title: "Một"}}}}
	}
	n, err := db.ImportArticles(ctx, mk(), nil)
	if err != nil || n != 1 {
		t.Fatalf("first import: %d, %v", n, err)
	}
	n, err = db.ImportArticles(ctx, mk(), nil)
	if err != nil || n != 0 {
		t.Fatalf("second import: %d, %v", n, err)
	}
	articles, _, _ := db.CountArticles(ctx)
	if articles != 1 {
		t.Errorf("%d articles after importing the same set twice", articles)
	}
}

func TestUsers(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	u := &admin.User{Username: "bien.tap", Role: admin.RoleEditor, PasswordHash: "x"}
	if err := db.CreateUser(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.CreateUser(ctx, &admin.User{Username: "Bien.Tap", Role: admin.RoleEditor, PasswordHash: "x"}, nil); admin.ErrorCode(err) != admin.ECONFLICT {
		t.Errorf("same name in other case: %v, want conflict", err)
	}
	if err := db.CreateUser(ctx, &admin.User{Username: "x", Role: "boss", PasswordHash: "x"}, nil); admin.ErrorCode(err) != admin.EINVALID {
		t.Errorf("unknown role: %v, want invalid", err)
	}
	got, err := db.UserByUsername(ctx, "BIEN.TAP")
	if err != nil || got.ID != u.ID || got.Role != admin.RoleEditor {
		t.Errorf("lookup = %+v, %v", got, err)
	}
	if _, err := db.UserByUsername(ctx, "nobody"); admin.ErrorCode(err) != admin.ENOTFOUND {
		t.Errorf("missing user: %v", err)
	}
}
