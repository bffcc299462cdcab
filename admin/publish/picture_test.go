package publish_test

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/editorial"
)

// TestPicturesInTheBuiltSite publishes an article that shows a library
// picture: each language's page has the picture in responsive sizes made
// by Hugo, with that language's alternative text and caption, the credit
// and the licence; a picture from another site is never loaded.
func TestPicturesInTheBuiltSite(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")

	img := image.NewRGBA(image.Rect(0, 0, 1000, 600))
	for y := range 600 {
		for x := range 1000 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(buf.Bytes())
	m := &admin.Media{FileName: "ho-suoi-lam.jpg", OriginalName: "Hồ Suối Lam.jpg", Format: "jpeg", MIME: "image/jpeg",
		Width: 1000, Height: 600, Bytes: int64(buf.Len()), SHA256: hex.EncodeToString(sum[:]),
		Credit: "Sở Văn hóa, Thể thao và Du lịch", Licence: "cc-by-4.0",
		Texts: map[string]admin.MediaText{
			"vi": {Alt: "Mặt hồ phẳng lặng giữa rừng", Caption: "Hồ Suối Lam"},
			"en": {Alt: "A still lake in the forest", Caption: "Suối Lam lake"},
		}}
	if _, err := db.AddMedia(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(pub.MediaDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(pub.MediaDir(), m.StoredName()), buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	ed, w, d := newsroom(t, db, nil)
	a, err := ed.CreateArticle(ctx, w, editorial.NewArticle{AreaKey: "tourism", Kind: admin.KindNews})
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{
		"vi": "Mở đầu.\n\n![ảnh hồ](" + m.Path() + ")\n",
		"en": "Intro.\n\n![lake](" + m.Path() + ")\n",
	}
	for lang, title := range map[string]string{"vi": "Hồ Suối Lam có ảnh", "en": "Suoi Lam with a picture"} {
		if _, err := ed.SaveTranslation(ctx, w, a.ID, lang, editorial.TranslationInput{Title: title, Summary: "Tóm tắt", Body: bodies[lang]}); err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			who    editorial.Actor
			action string
		}{{w, "submit"}, {d, "approve"}, {d, "publish"}} {
			if _, err := ed.Transition(ctx, step.who, a.ID, lang, step.action, editorial.TransitionInput{}); err != nil {
				t.Fatalf("%s %s: %v", lang, step.action, err)
			}
		}
	}
	// Content that arrived from outside the workflow (an import) may still
	// point at another site's picture.
	area, _ := db.AreaByKey(ctx, "tourism")
	if _, err := db.ImportArticles(ctx, []*admin.Article{{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{{
		Lang: "vi", Title: "Bài nhập có ảnh ngoài", Summary: "Tóm tắt", Status: admin.StatusPublished,
		Body: "Ảnh ngoài: ![ảnh lạ](https://example.org/x.jpg)\n", PublishedAt: time.Now()}}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	page := func(path string) string {
		t.Helper()
		return read(t, filepath.Join(public, filepath.FromSlash(path)))
	}
	vi := page("vi/du-lich/ho-suoi-lam-co-anh/index.html")
	en := page("en/tourism/suoi-lam-with-a-picture/index.html")

	for lang, tc := range map[string]struct {
		html, alt, caption, credit string
	}{
		"vi": {vi, "Mặt hồ phẳng lặng giữa rừng", "Hồ Suối Lam", "Ảnh: Sở Văn hóa, Thể thao và Du lịch"},
		"en": {en, "A still lake in the forest", "Suối Lam lake", "Photo: Sở Văn hóa, Thể thao và Du lịch"},
	} {
		fig := regexp.MustCompile(`(?s)<figure class="picture">.*?</figure>`).FindString(tc.html)
		if fig == "" {
			t.Fatalf("%s: no figure in the page:\n%s", lang, tc.html)
		}
		for _, want := range []string{`alt="` + tc.alt + `"`, tc.caption, tc.credit, `rel="license" href="https://creativecommons.org/licenses/by/4.0/"`,
			`width="1000" height="600"`, `loading="lazy"`, ` 480w`, ` 800w`, ` 1000w`} {
			if !strings.Contains(fig, want) {
				t.Errorf("%s: figure lacks %q:\n%s", lang, want, fig)
			}
		}
		// Every size in srcset is a file of the built site.
		for _, m := range regexp.MustCompile(`(/[^ ",]+\.webp) \d+w`).FindAllStringSubmatch(fig, -1) {
			if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(m[1]))); err != nil {
				t.Errorf("%s: %s is in srcset but not in the site", lang, m[1])
			}
		}
	}
	// The media kit: both languages' text, the original picture and its
	// credits, linked from the article's pages.
	if !strings.Contains(vi, fmt.Sprintf(`href="/media-kit/article-%d.zip"`, a.ID)) {
		t.Error("the article page does not link its media kit")
	}
	kit, err := zip.OpenReader(filepath.Join(public, "media-kit", fmt.Sprintf("article-%d.zip", a.ID)))
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]*zip.File{}
	defer kit.Close()
	for _, f := range kit.File {
		names[f.Name] = f
	}
	for _, want := range []string{"vi.md", "en.md", "CREDITS.txt", fmt.Sprintf("pictures/%d-ho-suoi-lam.jpg", m.ID)} {
		if names[want] == nil {
			t.Errorf("the media kit lacks %s (has %v)", want, names)
		}
	}
	if f := names[fmt.Sprintf("pictures/%d-ho-suoi-lam.jpg", m.ID)]; f != nil && f.UncompressedSize64 != uint64(m.Bytes) {
		t.Errorf("the kit's picture is %d bytes, the original %d", f.UncompressedSize64, m.Bytes)
	}
	if f := names["CREDITS.txt"]; f != nil {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		for _, want := range []string{"Sở Văn hóa, Thể thao và Du lịch", "CC BY 4.0", "Suối Lam lake", "Hồ Suối Lam"} {
			if !strings.Contains(string(b), want) {
				t.Errorf("CREDITS.txt lacks %q:\n%s", want, b)
			}
		}
	}

	imported := page("vi/du-lich/bai-nhap-co-anh-ngoai/index.html")
	if strings.Contains(imported, "example.org") {
		t.Error("the page loads a picture from another site")
	}
	if !strings.Contains(imported, `<span class="picture-missing">ảnh lạ</span>`) {
		t.Error("a picture from outside the library is not shown as its description")
	}
}
