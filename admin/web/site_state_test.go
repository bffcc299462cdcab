package web_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/web"
)

// When a build has to leave an article out, its author and those who
// publish are told on the dashboard which article and why; the edit page
// and the API say it is not on the site, while the other articles say
// readers see them. A user the article does not concern is not told.
func TestArticlesLeftOutOfTheSiteAreShown(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	author, err := f.db.UserByUsername(ctx, "soan.thao")
	if err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.db.CreateUser(ctx, &admin.User{Username: "nguoi.khac", Role: admin.RoleContributor, PasswordHash: hash}, nil); err != nil {
		t.Fatal(err)
	}
	// A picture whose file on disk is not a picture any more.
	bad := []byte("\xff\xd8\xff\xe0 damaged on disk")
	sum := sha256.Sum256(bad)
	m := &admin.Media{FileName: "cau-treo.jpg", OriginalName: "cầu treo.jpg", Format: "jpeg", MIME: "image/jpeg",
		Width: 800, Height: 600, Bytes: int64(len(bad)), SHA256: hex.EncodeToString(sum[:]), Licence: "cc-by-4.0",
		Credit: "Sở Văn hóa, Thể thao và Du lịch",
		Texts:  map[string]admin.MediaText{"vi": {Alt: "Cây cầu treo", Caption: "Cầu treo"}}}
	if _, err := f.db.AddMedia(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(f.pub.MediaDir(), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(f.pub.MediaDir(), m.StoredName()), bad, 0o644); err != nil {
		t.Fatal(err)
	}
	area, err := f.db.AreaByKey(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	add := func(slug, title, body string) int64 {
		a := &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{{
			Lang: "vi", Title: title, Slug: slug, Summary: "Tóm tắt " + title, Body: body, AuthorID: author.ID,
			Status: admin.StatusPublished, PublishedAt: time.Now().Add(-time.Hour)}}}
		if err := f.db.CreateArticle(ctx, a, nil); err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	broken := add("cau-treo-hong-anh", "Cầu treo có ảnh hỏng", "Mở đầu.\n\n![cầu]("+m.Path()+")\n")
	sound := add("cau-treo-lanh", "Cầu treo lành lặn", "Không có ảnh.")

	approver := newClient(t, f.url)
	approver.signIn("nguoi.duyet")
	if resp := approver.post("/admin/build", url.Values{"csrf_token": {approver.token("/admin/")}}); resp.StatusCode != 303 {
		t.Fatalf("build request: %d", resp.StatusCode)
	}
	f.pub.Wait()

	_, body := approver.get("/admin/")
	if !strings.Contains(body, "chưa lên được trang") || !strings.Contains(body, fmt.Sprintf(`href="/admin/articles/%d/vi">Cầu treo có ảnh hỏng</a>`, broken)) {
		t.Error("the approver's dashboard does not name the article left out")
	}
	if strings.Contains(body, "Cầu treo lành lặn</a> <span class=\"lang\">(vi)</span>\n      <details>") {
		t.Error("the dashboard names an article that is on the site")
	}
	writer := newClient(t, f.url)
	writer.signIn("soan.thao")
	if _, body := writer.get("/admin/"); !strings.Contains(body, "Cầu treo có ảnh hỏng") || !strings.Contains(body, "cau-treo.jpg") {
		t.Error("the author's dashboard does not say which article and why")
	}
	other := newClient(t, f.url)
	other.signIn("nguoi.khac")
	if _, body := other.get("/admin/"); strings.Contains(body, "chưa lên được trang") {
		t.Error("a contributor the article does not concern is told of it")
	}

	_, body = approver.get(fmt.Sprintf("/admin/articles/%d/vi", broken))
	if !strings.Contains(body, "Phiên bản 1 chưa lên được trang") {
		t.Error("the edit page of the left-out article does not say it is not on the site")
	}
	_, body = approver.get(fmt.Sprintf("/admin/articles/%d/vi", sound))
	if !strings.Contains(body, "Bạn đọc đang thấy phiên bản 1") || !strings.Contains(body, `<a href="/vi/tin-tuc/cau-treo-lanh/">Xem trên trang</a>`) {
		t.Error("the edit page of the article on the site does not say readers see it, with a link")
	}
	if resp, _ := approver.get("/vi/tin-tuc/cau-treo-lanh/"); resp.StatusCode != 200 {
		t.Errorf("the link to the page on the site: %d", resp.StatusCode)
	}

	tok := f.token(t, "api.doc", admin.RoleEditor, "")
	r := f.call(t, tok, "GET", fmt.Sprintf("/api/v1/articles/%d", broken), nil)
	site := siteOf(t, r.body)
	if site["state"] != "failed" || site["error"] == "" || site["version"] != 0.0 {
		t.Errorf("API site of the left-out article = %v", site)
	}
	r = f.call(t, tok, "GET", fmt.Sprintf("/api/v1/articles/%d", sound), nil)
	if site := siteOf(t, r.body); site["state"] != "on_site" || site["version"] != 1.0 {
		t.Errorf("API site of the article on the site = %v", site)
	}
}

func siteOf(t *testing.T, body map[string]any) map[string]any {
	t.Helper()
	trs, _ := body["translations"].([]any)
	if len(trs) == 0 {
		t.Fatalf("no translations in %v", body)
	}
	tr, _ := trs[0].(map[string]any)
	site, _ := tr["site"].(map[string]any)
	return site
}
