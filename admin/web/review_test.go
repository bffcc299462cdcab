package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/web"
)

// When Approve is not offered, the page says why and who can approve.
func TestEditPageSaysWhoApproves(t *testing.T) {
	f := setup(t, web.Config{})
	f.setUnit(t, "soan.thao", "so-tttt")
	f.addUser(t, "duyet.hai", admin.RoleApprover)
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	edit := w.newArticle(t, "Hội chợ nông sản Bình Phước")
	_, body := w.get(edit)
	m := versionRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("edit page %s:\n%.2000s", edit, body)
	}
	v := m[1]
	w.post(edit+"/action", url.Values{"csrf_token": {w.token(edit)}, "version": {v}, "action": {"submit"}})
	if _, body = w.get(edit); !strings.Contains(body, "Người có thể duyệt bản này:") || !strings.Contains(body, "<strong>nguoi.duyet</strong>") ||
		!strings.Contains(body, "<strong>duyet.hai</strong>") {
		t.Errorf("the author's page does not name the approvers:\n%.3000s", body)
	}

	// The author's dashboard lists it among their work waiting for review.
	_, body = w.get("/admin/")
	section := regexp.MustCompile(`(?s)id="q-my_in_review">.*?</section>`).FindString(body)
	if !strings.Contains(section, "Bài của tôi đang chờ duyệt") || !strings.Contains(section, "Hội chợ nông sản Bình Phước") {
		t.Errorf("the contributor's dashboard does not list their version waiting for review: %q", section)
	}

	// An approver who last edited the version cannot approve it: the page
	// says so and names the other approver.
	ap := newClient(t, f.url)
	ap.signIn("nguoi.duyet")
	ap.post(edit+"/action", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "action": {"request-changes"}, "comment": {"Sửa tiêu đề."}})
	ap.post(edit+"/save", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "title": {"Hội chợ nông sản tỉnh Bình Phước"}, "summary": {"Tóm tắt."}, "body": {"Nội dung bài."}})
	_, body = ap.get(edit)
	v = versionRe.FindStringSubmatch(body)[1]
	ap.post(edit+"/action", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "action": {"submit"}})
	_, body = ap.get(edit)
	if strings.Contains(body, `value="approve"`) || !strings.Contains(body, "Người duyệt phải là người khác với người viết và người sửa cuối cùng") ||
		!strings.Contains(body, "<strong>duyet.hai</strong>") || strings.Contains(body, "<strong>nguoi.duyet</strong>") {
		t.Errorf("the approver who edited it is not told why, or not who can:\n%.4000s", body)
	}
}

// After approving with a time, the page says when it goes out, in
// Vietnam's time; after publishing, that it is out and the site updating.
func TestPublishSaysWhatHappened(t *testing.T) {
	f := setup(t, web.Config{})
	f.setUnit(t, "soan.thao", "so-tttt")
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	edit := w.newArticle(t, "Lễ hội văn hóa S'tiêng")
	_, body := w.get(edit)
	v := versionRe.FindStringSubmatch(body)[1]
	w.post(edit+"/action", url.Values{"csrf_token": {w.token(edit)}, "version": {v}, "action": {"submit"}})
	ap := newClient(t, f.url)
	ap.signIn("nguoi.duyet")
	ap.post(edit+"/action", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "action": {"approve"}, "publish_at": {"2099-09-02T08:30"}})
	if _, body = ap.get(edit); !strings.Contains(body, "Đã hẹn giờ xuất bản lúc 08:30 ngày 02/9/2099 (giờ Việt Nam)") {
		t.Errorf("the scheduled approval is not said with its time:\n%.2000s", body)
	}
	edit2 := w.newArticle(t, "Chợ phiên biên giới Hoa Lư")
	_, body = w.get(edit2)
	v = versionRe.FindStringSubmatch(body)[1]
	w.post(edit2+"/action", url.Values{"csrf_token": {w.token(edit2)}, "version": {v}, "action": {"submit"}})
	ap.post(edit2+"/action", url.Values{"csrf_token": {ap.token(edit2)}, "version": {v}, "action": {"approve"}})
	ap.post(edit2+"/action", url.Values{"csrf_token": {ap.token(edit2)}, "version": {v}, "action": {"publish"}})
	if _, body = ap.get(edit2); !strings.Contains(body, "Đã xuất bản. Trang công khai đang được cập nhật") || !strings.Contains(body, "data-waiting") {
		t.Errorf("publishing now is not said, or the page does not follow the build:\n%.2000s", body)
	}
}

// The dashboard and the article list link to the public pages readers see.
func TestListsLinkToPublicPages(t *testing.T) {
	f := setup(t, web.Config{})
	if _, err := f.pub.Publish(context.Background()); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, f.url)
	c.signIn("nguoi.duyet")
	link := regexp.MustCompile(`<a href="(/vi/[a-z0-9-]+/[a-z0-9-]+/)">Xem trên trang</a>`)
	for _, p := range []string{"/admin/", "/admin/articles"} {
		_, body := c.get(p)
		m := link.FindStringSubmatch(body)
		if m == nil {
			t.Errorf("%s has no link to a public page", p)
			continue
		}
		if resp, _ := c.get(m[1]); resp.StatusCode != http.StatusOK {
			t.Errorf("%s links to %s, which answers %d", p, m[1], resp.StatusCode)
		}
	}
}

// The audit log reads as sentences with full names and titles, the
// object linked, the machine codes kept beside them in the CSV and API.
func TestAuditReadsAsSentences(t *testing.T) {
	f := setup(t, web.Config{})
	f.setUnit(t, "soan.thao", "so-tttt")
	ctx := context.Background()
	u, _ := f.db.UserByUsername(ctx, "soan.thao")
	u.FullName = "Nguyễn Văn An"
	if err := f.db.UpdateUser(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	edit := w.newArticle(t, "Bình Phước đón đoàn doanh nghiệp Hàn Quốc")
	_, body := w.get(edit)
	v := versionRe.FindStringSubmatch(body)[1]
	w.post(edit+"/action", url.Values{"csrf_token": {w.token(edit)}, "version": {v}, "action": {"submit"}})
	f.addUser(t, "thanh.tra", admin.RoleInspector)
	in := newClient(t, f.url)
	in.signIn("thanh.tra")
	_, page := in.get("/admin/audit?action=translation.")
	want := "Nguyễn Văn An đã gửi duyệt bản tiếng Việt của bài «Bình Phước đón đoàn doanh nghiệp Hàn Quốc»"
	if !strings.Contains(page, want) || !strings.Contains(page, `<a href="`+edit+`">`) || !strings.Contains(page, "translation.submit") {
		t.Errorf("the audit page does not read %q with its link and code:\n%.3000s", want, page)
	}
	_, csvText := in.get("/admin/audit.csv?action=translation.submit")
	if !strings.Contains(csvText, want) || !strings.Contains(csvText, "translation.submit") {
		t.Errorf("the CSV lacks the sentence or the code:\n%s", csvText)
	}
	tok := f.token(t, "thanh.tra", admin.RoleInspector, "")
	r := f.call(t, tok, "GET", "/api/v1/audit?action=translation.submit", nil, "Accept-Language", "en")
	if !strings.Contains(r.raw, "Nguyễn Văn An submitted the Vietnamese version of “Bình Phước đón đoàn doanh nghiệp Hàn Quốc” for review") {
		t.Errorf("the API's English sentence: %s", r.raw)
	}
}

// The site settings page shows the colours the site has, hugo.toml's
// defaults included, in their fields.
func TestSettingsShowTheDefaults(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	c := newClient(t, f.url)
	c.signIn("quan.tri")
	_, body := c.get("/admin/settings")
	for _, want := range []string{`name="primary_color" value="#0b3a66"`, `name="accent_color" value="#b8121b"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the settings page lacks %s", want)
		}
	}
}
