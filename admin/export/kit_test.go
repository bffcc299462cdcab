package export

import (
	"archive/zip"
	"os"
	"path/filepath"
	"testing"
	"time"

	"portal/admin"
)

// TestKitIsMadeOncePerChange: a media kit is made again only when its
// versions or pictures changed, and then holds the new text.
func TestKitIsMadeOncePerChange(t *testing.T) {
	dir, media := t.TempDir(), t.TempDir()
	when := time.Date(2024, 6, 6, 3, 0, 0, 0, time.UTC)
	pic := &admin.Media{ID: 3, FileName: "cau-tau.jpg", Format: "jpeg", SHA256: "abc", Bytes: 5, Credit: "Báo Bình Phước", Licence: "cc-by-4.0",
		Texts: map[string]admin.MediaText{"vi": {Alt: "Cầu tàu", Caption: "Cầu tàu hồ Suối Lam"}}}
	if err := os.WriteFile(filepath.Join(media, pic.StoredName()), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := &admin.Published{ArticleID: 7, Area: admin.AreaName{Slug: "du-lich"},
		Translation: admin.Translation{Lang: "vi", Slug: "cau-tau", Title: "Cầu tàu", Body: "Nội dung.", Version: 2, UpdatedAt: when}}
	rel, written, err := writeKit(dir, media, []*admin.Published{p}, []*admin.Media{pic}, "https://portal.example/")
	if err != nil || !written || rel != "media-kit/article-7.zip" {
		t.Fatalf("first kit: %q %v %v", rel, written, err)
	}
	if _, written, _ = writeKit(dir, media, []*admin.Published{p}, []*admin.Media{pic}, "https://portal.example/"); written {
		t.Error("an unchanged kit was made again")
	}
	p.Translation.Version, p.Translation.Body, p.Translation.UpdatedAt = 3, "Nội dung mới.", when.Add(time.Hour)
	if _, written, _ = writeKit(dir, media, []*admin.Published{p}, []*admin.Media{pic}, "https://portal.example/"); !written {
		t.Error("a changed kit was not made again")
	}
	zr, err := zip.OpenReader(filepath.Join(dir, rel))
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	if len(zr.File) != 3 || zr.File[1].Name != "pictures/3-cau-tau.jpg" {
		t.Errorf("kit files: %v", zr.File)
	}
}
