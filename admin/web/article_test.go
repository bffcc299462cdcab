package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/store"
	"portal/admin/web"
)

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

// TestArticleScreens walks the HTML admin's main path: a contributor writes
// and submits, an approver approves and publishes, and a stale edit is
// refused with the text kept.
func TestArticleScreens(t *testing.T) {
	f := setup(t, web.Config{})
	f.setUnit(t, "soan.thao", "so-tttt")

	w := newClient(t, f.url)
	w.signIn("soan.thao")
	// Without a title nothing is created.
	if _, page := w.postRead("/admin/articles", url.Values{"csrf_token": {w.token("/admin/articles/new")}, "area": {"tourism"}, "kind": {"news"}, "source_lang": {"vi"}}); !strings.Contains(page, "Cần nhập tiêu đề") {
		t.Error("a new article without a title is not refused")
	}
	if n, _, _ := f.db.ListArticles(context.Background(), store.ArticleFilter{PerPage: 1000}); len(n) != 18 {
		t.Errorf("%d articles after a refused creation, want the 18 of the demo", len(n))
	}
	resp := w.post("/admin/articles", url.Values{"csrf_token": {w.token("/admin/articles/new")}, "area": {"tourism"}, "kind": {"news"}, "source_lang": {"vi"},
		"title": {"Vườn quốc gia Bù Gia Mập"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", resp.StatusCode)
	}
	edit := resp.Header.Get("Location") // /admin/articles/{id}/vi
	resp = w.post(edit+"/save", url.Values{"csrf_token": {w.token(edit)}, "version": {"1"},
		"title": {"Vườn quốc gia Bù Gia Mập"}, "summary": {"Điểm đến sinh thái."}, "body": {"## Giới thiệu\n\nNội dung."}, "tags": {"du lịch, sinh thái"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", resp.StatusCode)
	}
	_, body := w.get(edit)
	if !strings.Contains(body, "Đã lưu phiên bản 2") || !strings.Contains(body, `value="submit"`) || strings.Contains(body, `value="approve"`) {
		t.Errorf("after saving, the contributor's page offers the wrong actions or no confirmation:\n%.2000s", body)
	}

	// Preview on the site: the draft through the real theme, for its
	// author only, while the public site does not have it.
	resp, _ = w.get(edit + "/site-preview")
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/admin/preview/") {
		t.Fatalf("site preview: %d %q", resp.StatusCode, loc)
	}
	resp, body = w.get(loc)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `<html lang="vi"`) || !strings.Contains(body, "Vườn quốc gia Bù Gia Mập") || !strings.Contains(body, `<h2 id="giới-thiệu">`) {
		t.Errorf("site preview page: %d\n%.1500s", resp.StatusCode, body)
	}
	if resp, _ := newClient(t, f.url).get(loc); resp.StatusCode == http.StatusOK {
		t.Error("someone not signed in opened the preview")
	}
	if resp, _ := w.get("/vi/du-lich/vuon-quoc-gia-bu-gia-map/"); resp.StatusCode == http.StatusOK {
		t.Error("the draft is on the public site")
	}

	// Preview shows the text as the site will, and saves nothing.
	page := postForm(t, w, edit+"/save", url.Values{"csrf_token": {w.token(edit)}, "version": {"2"}, "preview": {"1"},
		"title": {"Xem thử"}, "summary": {"s"}, "body": {"## Mục mới\n\nchữ <b>đậm</b>"}})
	if !strings.Contains(page, `<h2 id="mục-mới">Mục mới</h2>`) || strings.Contains(page, "<b>đậm</b>") {
		t.Errorf("preview:\n%.3000s", page)
	}
	if _, body := w.get(edit); strings.Contains(body, "Xem thử") {
		t.Error("a preview was saved")
	}

	// Two people edit version 1; the second save is refused, the text kept.
	other := newClient(t, f.url)
	other.signIn("nguoi.duyet")
	other.post(edit+"/save", url.Values{"csrf_token": {other.token(edit)}, "version": {"2"}, "title": {"Sửa của người duyệt"}, "summary": {"s"}, "body": {"b"}})
	resp = w.post(edit+"/save", url.Values{"csrf_token": {w.token("/admin/")}, "version": {"2"}, "title": {"Văn bản tôi vừa gõ"}, "summary": {"s"}, "body": {"Đoạn văn quý giá của tôi"}})
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("stale save: %d, want 409", resp.StatusCode)
	}
	// The refused page itself carries the typed text: check it directly.
	req := postForm(t, w, edit+"/save", url.Values{"csrf_token": {w.token("/admin/")}, "version": {"2"}, "title": {"Văn bản tôi vừa gõ"}, "summary": {"s"}, "body": {"Đoạn văn quý giá của tôi"}})
	if !strings.Contains(req, "Đoạn văn quý giá của tôi") || !strings.Contains(req, "Sửa của người duyệt") || !strings.Contains(req, "người khác sửa") {
		t.Errorf("the refused save does not show both texts and the reason:\n%.3000s", req)
	}

	// Submit, then the approver (not the author, not the last editor) approves and publishes.
	_, body = w.get(edit)
	v := versionRe.FindStringSubmatch(body)[1]
	w.post(edit+"/action", url.Values{"csrf_token": {w.token(edit)}, "version": {v}, "action": {"submit"}})
	ap := newClient(t, f.url)
	f.addUser(t, "duyet.hai", admin.RoleApprover)
	ap.signIn("duyet.hai")
	_, body = ap.get("/admin/")
	if !strings.Contains(body, "Sửa của người duyệt") {
		t.Errorf("the approver's dashboard does not list the version waiting for review")
	}
	ap.post(edit+"/action", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "action": {"approve"}})
	ap.post(edit+"/action", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "action": {"publish"}})
	_, body = ap.get(edit)
	if !strings.Contains(body, "Đã xuất bản") {
		t.Errorf("after publishing:\n%.1500s", body)
	}
	// The last editor could not have approved: the button is not offered.
	_, body = other.get(edit)
	if strings.Contains(body, `value="approve"`) {
		t.Error("the last editor is offered to approve")
	}

	// Another unit's contributor does not see the article at all.
	f.addUser(t, "don.vi.khac", admin.RoleContributor)
	x := newClient(t, f.url)
	x.signIn("don.vi.khac")
	if resp, _ := x.get(edit); resp.StatusCode != http.StatusNotFound {
		t.Errorf("contributor of no unit opens the article: %d", resp.StatusCode)
	}

	// The list finds it with or without diacritics.
	_, body = w.get("/admin/articles?q=" + url.QueryEscape("sua cua nguoi duyet"))
	if !strings.Contains(body, fmt.Sprintf(`href="%s"`, edit)) {
		t.Errorf("the list search does not find the article:\n%.1500s", body)
	}
}

// postForm posts and returns the body of the response, without following.
func postForm(t *testing.T, c *client, path string, form url.Values) string {
	t.Helper()
	resp, err := c.c.PostForm(c.base+path, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := new(strings.Builder)
	buf := make([]byte, 4096)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func TestBulkActionsFollowTheRules(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	editor := f.token(t, "bien.tap", admin.RoleEditor, "")
	var ids []string
	for i, st := range []string{"submit", "submit", ""} {
		r := f.call(t, editor, "POST", "/api/v1/articles", map[string]any{"area": "news", "kind": "news"})
		id := int64(r.body["id"].(float64))
		ids = append(ids, fmt.Sprint(id))
		f.call(t, editor, "PUT", fmt.Sprintf("/api/v1/articles/%d/translations/vi", id), map[string]any{"title": fmt.Sprintf("Tin %d", i), "summary": "s", "body": "b"})
		if st != "" {
			f.call(t, editor, "POST", fmt.Sprintf("/api/v1/articles/%d/translations/vi/%s", id, st), nil)
		}
	}
	// A contributor cannot approve anything, in bulk or not.
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	w.post("/admin/articles/bulk", url.Values{"csrf_token": {w.token("/admin/articles")}, "ids": ids, "bulk_lang": {"vi"}, "action": {"approve"}})
	_, body := w.get("/admin/articles")
	if !strings.Contains(body, "Đã thực hiện với 0 bài") {
		t.Errorf("contributor bulk approval: %.1500s", body)
	}
	// The approver approves the two in review; the draft is refused, with the reason.
	a := newClient(t, f.url)
	a.signIn("nguoi.duyet")
	a.post("/admin/articles/bulk", url.Values{"csrf_token": {a.token("/admin/articles")}, "ids": ids, "bulk_lang": {"vi"}, "action": {"approve"}})
	_, body = a.get("/admin/articles")
	if !strings.Contains(body, "Đã thực hiện với 2 bài") || !strings.Contains(body, "1 bài không thực hiện được") {
		t.Errorf("approver bulk approval summary missing:\n%.2000s", body)
	}
	for i, id := range ids {
		var n int64
		fmt.Sscan(id, &n)
		art, _ := f.db.Article(ctx, n)
		want := admin.StatusApproved
		if i == 2 {
			want = admin.StatusDraft
		}
		if got := art.Translation("vi").Status; got != want {
			t.Errorf("article %s is %s, want %s", id, got, want)
		}
	}
}
