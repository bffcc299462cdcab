package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/store"
	"portal/admin/web"
)

// Deleting and withdrawing: the author deletes their draft after a page
// naming it; the refusals; an administrator deletes a published article
// and its address keeps a page saying it was withdrawn.
func TestDeleteAndWithdraw(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	f.setUnit(t, "soan.thao", "so-tttt")
	w := newClient(t, f.url)
	w.signIn("soan.thao")

	edit := w.newArticle(t, "Bài viết nhầm cần xóa")
	id := strings.Split(edit, "/")[3]
	if _, body := w.get(edit); !strings.Contains(body, `href="/admin/articles/`+id+`/delete"`) {
		t.Error("the author's draft offers no deletion")
	}
	resp, body := w.get("/admin/articles/" + id + "/delete")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Bài viết nhầm cần xóa") || !strings.Contains(body, "không khôi phục được") {
		t.Fatalf("the confirmation does not name the article: %d\n%.2000s", resp.StatusCode, body)
	}
	if _, err := f.db.Article(ctx, int64(atoi(id))); err != nil {
		t.Fatal("opening the confirmation deleted something")
	}
	resp = w.post("/admin/articles/"+id+"/delete", url.Values{"csrf_token": {w.token("/admin/articles/" + id + "/delete")}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/articles" {
		t.Fatalf("delete: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, err := f.db.Article(ctx, int64(atoi(id))); admin.ErrorCode(err) != admin.ENOTFOUND {
		t.Errorf("the article is still there: %v", err)
	}
	events, _ := f.db.Events(ctx, store.AuditFilter{Action: "article.delete"})
	if len(events) != 1 || !strings.Contains(events[0].Detail, "Bài viết nhầm cần xóa") || events[0].Actor != "soan.thao" {
		t.Errorf("the deletion in the audit log: %+v", events)
	}

	// Refusals, on the server.
	contributor := f.token(t, "soan.thao", admin.RoleContributor, "so-tttt")
	editor := f.token(t, "bien.tap", admin.RoleEditor, "")
	approver := f.token(t, "nguoi.duyet", admin.RoleApprover, "")
	adm := f.token(t, "quan.tri", admin.RoleAdmin, "")
	submitted := w.newArticle(t, "Bài đã gửi duyệt")
	sid := strings.Split(submitted, "/")[3]
	f.call(t, contributor, "POST", "/api/v1/articles/"+sid+"/translations/vi/submit", map[string]any{}).expect(t, "submit", http.StatusOK, "")
	f.call(t, contributor, "DELETE", "/api/v1/articles/"+sid, nil).expect(t, "a contributor deletes a submitted article", http.StatusForbidden, "delete_not_draft")
	other := f.call(t, editor, "POST", "/api/v1/articles", map[string]any{"area": "tourism", "kind": "news"})
	oid := itoa(int64(other.body["id"].(float64)))
	f.call(t, contributor, "DELETE", "/api/v1/articles/"+oid, nil).expect(t, "a contributor deletes someone else's draft", http.StatusNotFound, "")
	f.call(t, editor, "DELETE", "/api/v1/articles/"+sid, nil).expect(t, "an editor deletes a submitted article readers never saw", http.StatusNoContent, "")
	// Article 1 is a published demo article.
	f.call(t, editor, "DELETE", "/api/v1/articles/1", nil).expect(t, "an editor deletes a published article", http.StatusForbidden, "delete_published")
	a1, _ := f.db.Article(ctx, 1)
	vi := a1.Translation("vi")
	f.call(t, approver, "POST", "/api/v1/articles/1/translations/vi/unpublish", map[string]any{}).
		expect(t, "unpublishing without a reason", http.StatusUnprocessableEntity, "reason_required")

	// An administrator deletes it: the address says it was withdrawn.
	if _, err := f.pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	page := "/vi/" + areaSlug(t, f, a1.AreaID, "vi") + "/" + vi.Slug + "/"
	if resp, _ := w.get(page); resp.StatusCode != http.StatusOK {
		t.Fatalf("%s before: %d", page, resp.StatusCode)
	}
	f.call(t, adm, "DELETE", "/api/v1/articles/1", nil).expect(t, "an administrator deletes a published article", http.StatusNoContent, "")
	if _, err := f.pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	resp, body = w.get(page)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "đã được gỡ") || !strings.Contains(body, vi.Title) {
		t.Errorf("%s after the deletion: %d\n%.1500s", page, resp.StatusCode, body)
	}
	// Nobody else takes the address.
	again := f.call(t, editor, "POST", "/api/v1/articles", map[string]any{"area": "tourism", "kind": "news"})
	aid := itoa(int64(again.body["id"].(float64)))
	r := f.call(t, editor, "PUT", "/api/v1/articles/"+aid+"/translations/vi", map[string]any{"title": vi.Title, "summary": "s", "body": "b", "version": 0})
	if slug, _ := r.body["slug"].(string); slug == "" || slug == vi.Slug {
		t.Errorf("a new article took the withdrawn address %q", slug)
	}
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		n = n*10 + int(c-'0')
	}
	return n
}

func areaSlug(t *testing.T, f *fixture, id int64, lang string) string {
	t.Helper()
	areas, err := f.db.Areas(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range areas {
		if a.ID == id {
			return a.Names[lang].Slug
		}
	}
	t.Fatalf("no area %d", id)
	return ""
}
