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

// The site settings page shows what the site shows, hugo.toml's defaults
// included (colours, titles, organisation), in their fields.
func TestSettingsShowTheDefaults(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	c := newClient(t, f.url)
	c.signIn("quan.tri")
	_, body := c.get("/admin/settings")
	for _, want := range []string{`name="primary_color" value="#0b3a66"`, `name="accent_color" value="#b8121b"`,
		`name="title_en" value="Bình Phước External Information Portal"`, `name="organisation_vi" value="Ủy ban nhân dân tỉnh Bình Phước"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the settings page lacks %s", want)
		}
	}
}

// Every value the settings cannot take is marked at its field with its
// message, nothing is saved and everything typed stays in the form; a
// saved change is in the audit log field by field, old and new value, in
// the inspector's words; a colour left at the default stays the default.
func TestSettingsMarkFieldsAndLogChanges(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	c := newClient(t, f.url)
	c.signIn("quan.tri")
	form := func() url.Values {
		return url.Values{"csrf_token": {c.token("/admin/settings")}, "title_vi": {"Cổng thông tin đối ngoại tỉnh Bình Phước"},
			"title_en": {"Bình Phước External Information Portal"}, "primary_color": {"#0b3a66"}, "accent_color": {"#b8121b"}}
	}
	bad := form()
	bad.Set("phone", "gọi cho tôi")
	bad.Set("press_email", "bao-chi.binhphuoc.gov.vn")
	bad.Set("accent_color", "đỏ")
	resp, body := c.postRead("/admin/settings", bad)
	if resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("invalid settings answered %d", resp.StatusCode)
	}
	for _, want := range []string{
		`id="phone" name="phone" type="tel" value="gọi cho tôi" aria-invalid="true" aria-describedby="phone-problem"`,
		`aria-invalid="true" aria-describedby="accent_color-problem color-help"`,
		`<li><a href="#press_email">Đầu mối liên hệ báo chí · Thư điện tử:`,
		`<p id="phone-problem" class="field-problem">`,
		`id="press_email" name="press_email" type="email" value="bao-chi.binhphuoc.gov.vn" aria-invalid="true"`,
		`<p id="press_email-problem" class="field-problem">`,
		`name="accent_color" value="đỏ"`, `<p id="accent_color-problem" class="field-problem">`,
		`value="Bình Phước External Information Portal"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("the refused form lacks %s", want)
		}
	}
	if i, j, k := strings.Index(body, `href="#phone"`), strings.Index(body, `href="#press_email"`), strings.Index(body, `href="#accent_color"`); !(i >= 0 && i < j && j < k) {
		t.Errorf("the problems are not listed in the form's order: %d %d %d", i, j, k)
	}
	if n := strings.Count(body, `aria-invalid="true"`); n != 3 {
		t.Errorf("%d fields marked, want 3", n)
	}
	if set, _ := f.db.SiteSettings(context.Background()); set.Title["vi"] != "" {
		t.Errorf("refused settings were saved: %q", set.Title["vi"])
	}

	ok := form()
	ok.Set("phone", "0271 3879 478")
	if resp := c.post("/admin/settings", ok); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("valid settings: %d", resp.StatusCode)
	}
	set, _ := f.db.SiteSettings(context.Background())
	if set.PrimaryColor != "" || set.AccentColor != "" || len(set.Title) != 0 {
		t.Errorf("the defaults were stored: %q %q %q", set.PrimaryColor, set.AccentColor, set.Title)
	}
	next := form()
	next.Set("phone", "0271 3879 479")
	next.Set("title_en", "Bình Phước Portal")
	c.post("/admin/settings", next)
	c.post("/admin/settings", next) // the same again records nothing

	f.addUser(t, "thanh.tra", admin.RoleInspector)
	in := newClient(t, f.url)
	in.signIn("thanh.tra")
	_, page := in.get("/admin/audit?action=setting.change")
	for _, want := range []string{
		"<li>Tên trang (tiếng Anh): (trống) → «Bình Phước Portal»</li>",
		"<li>Điện thoại: «0271 3879 478» → «0271 3879 479»</li>",
		"<li>Điện thoại: (trống) → «0271 3879 478»</li>",
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the audit log lacks %s", want)
		}
	}
	if !strings.Contains(page, "quan.tri đã đổi thiết lập trang công khai") {
		t.Error("the audit log does not say the site settings changed")
	}
	if n := strings.Count(page, `<code class="muted">setting.change</code>`); n != 2 {
		t.Errorf("%d settings changes in the audit log, want 2", n)
	}
}
