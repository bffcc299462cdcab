package web_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/mail/smtptest"
	"portal/admin/store"
	"portal/admin/web"
)

// A generated password is for one sign-in: every page and the API wait
// until the owner has chosen their own, which the policy checks.
func TestOwnPasswordBeforeAnythingElse(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	u, generated, err := f.ed.CreateUser(ctx, editorial.System, editorial.NewUser{Username: "can.bo.moi", Role: admin.RoleEditor,
		Person: editorial.Person{FullName: "Lê Văn Mới", Email: "moi@example.gov.vn"}})
	if err != nil || generated == "" || !u.MustChangePassword {
		t.Fatalf("create: %v %q %v", err, generated, u)
	}
	c := newClient(t, f.url)
	resp := c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {"can.bo.moi"}, "password": {generated}})
	if resp.Header.Get("Location") != "/admin/account/password" {
		t.Fatalf("first sign-in goes to %q", resp.Header.Get("Location"))
	}
	for _, p := range []string{"/admin/", "/admin/articles", "/admin/media", "/admin/account", "/admin/notifications"} {
		if resp, _ := c.get(p); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/account/password" {
			t.Errorf("%s before the password is set: %d %q", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	tok := f.token(t, "can.bo.moi", admin.RoleEditor, "")
	f.call(t, tok, "GET", "/api/v1/articles", nil).expect(t, "API before the password is set", http.StatusForbidden, "password_change_required")

	form := func(current, next, again string) url.Values {
		return url.Values{"csrf_token": {c.token("/admin/account/password")}, "current_password": {current}, "new_password": {next}, "repeat_password": {again}}
	}
	for _, tc := range []struct {
		current, next, again, want string
	}{
		{"sai mật khẩu rồi", "mây tre đan cửa sổ xanh", "mây tre đan cửa sổ xanh", "Mật khẩu hiện tại không đúng"},
		{generated, "password123", "password123", "mật khẩu bị dùng nhiều nhất"},
		{generated, "ngắn quá", "ngắn quá", "ít nhất 12 ký tự"},
		{generated, "levanmoi2024", "levanmoi2024", "tên"},
		{generated, "aaaaaaaaaaaaaaaa", "aaaaaaaaaaaaaaaa", "dễ đoán"},
		{generated, "mây tre đan cửa sổ xanh", "mây tre đan cửa sổ", "không giống nhau"},
	} {
		resp, body := c.postRead("/admin/account/password", form(tc.current, tc.next, tc.again))
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%q: %d, want 422", tc.next, resp.StatusCode)
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("%q: the page does not say %q", tc.next, tc.want)
		}
	}
	other := newClient(t, f.url)
	other.post("/admin/signin", url.Values{"csrf_token": {other.token("/admin/signin")}, "username": {"can.bo.moi"}, "password": {generated}})
	resp, body := c.postRead("/admin/account/password", form(generated, "mây tre đan cửa sổ xanh", "mây tre đan cửa sổ xanh"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("a good password: %d\n%s", resp.StatusCode, body)
	}
	if resp, _ := c.get("/admin/"); resp.StatusCode != http.StatusOK {
		t.Errorf("after setting the password, the dashboard: %d", resp.StatusCode)
	}
	if resp, _ := other.get("/admin/account/password"); resp.Header.Get("Location") != "/admin/signin" {
		t.Errorf("the other session goes on after the password changed: %d", resp.StatusCode)
	}
	f.call(t, tok, "GET", "/api/v1/articles", nil).expect(t, "API after the password is set", http.StatusOK, "")
	old := newClient(t, f.url)
	if resp := old.post("/admin/signin", url.Values{"csrf_token": {old.token("/admin/signin")}, "username": {"can.bo.moi"}, "password": {generated}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("the generated password still works: %d", resp.StatusCode)
	}
	if resp := old.post("/admin/signin", url.Values{"csrf_token": {old.token("/admin/signin")}, "username": {"can.bo.moi"}, "password": {"mây tre đan cửa sổ xanh"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("the new password does not work: %d", resp.StatusCode)
	}
	events, _ := f.db.Events(ctx, storeFilter("user.password_change"))
	if len(events) != 1 || events[0].Actor != "can.bo.moi" {
		t.Errorf("the change is not in the audit log: %v", events)
	}
	// Another user's account page is not reachable: /admin/account is
	// always one's own, and the users' pages are for administrators.
	if resp, _ := old.get("/admin/users/1"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an editor opens another user's page: %d", resp.StatusCode)
	}
}

// A contributor without a unit is refused with the units named.
func TestContributorNeedsAUnit(t *testing.T) {
	f := setup(t, web.Config{})
	_, _, err := f.ed.CreateUser(context.Background(), editorial.System, editorial.NewUser{Username: "khong.don.vi", Role: admin.RoleContributor})
	if admin.ErrorKey(err) != "unit_required" || !strings.Contains(admin.ErrorMessage(err), "so-tttt") {
		t.Errorf("a contributor without a unit: %v", err)
	}
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")
	adm.post("/admin/users", url.Values{"csrf_token": {adm.token("/admin/users")}, "username": {"khong.don.vi"}, "full_name": {"Phạm Thị Không"}, "role": {"contributor"}, "unit": {"0"}})
	_, body := adm.get("/admin/users")
	if !strings.Contains(body, "Cộng tác viên phải thuộc một đơn vị") || !strings.Contains(body, `value="Phạm Thị Không"`) {
		t.Errorf("the users page does not say why, or loses what was typed:\n%.3000s", body)
	}
}

// A reset link works once, within its hour, and the answer is the same
// whether the address has an account or not.
func TestPasswordResetByMail(t *testing.T) {
	srv := smtptest.Start(t)
	f := setup(t, web.Config{BaseURL: "http://cong.example/"})
	f.runMail(t, f.ed)
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")
	adm.post("/admin/settings/mail", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "smtp_host": {srv.Host},
		"smtp_port": {itoa(int64(srv.Port))}, "smtp_security": {"none"}, "smtp_from": {"cong@example.gov.vn"}})
	ctx := context.Background()
	u, _ := f.db.UserByUsername(ctx, "soan.thao")
	u.Email = "soan@example.gov.vn"
	if err := f.db.UpdateUser(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
	c := newClient(t, f.url)
	if _, body := c.get("/admin/signin"); !strings.Contains(body, `href="/admin/reset"`) {
		t.Error("the sign-in page does not offer a reset")
	}
	ask := func(email string) string {
		_, body := c.postRead("/admin/reset", url.Values{"csrf_token": {c.token("/admin/reset")}, "email": {email}})
		return body
	}
	known, unknown := ask("SOAN@example.gov.vn"), ask("khong.co@example.gov.vn")
	if !strings.Contains(known, "Nếu địa chỉ này thuộc một tài khoản") || known != unknown {
		t.Error("the answers differ for a known and an unknown address")
	}
	got := srv.Wait(1, 10*time.Second)
	if len(got) != 1 || got[0].To[0] != "soan@example.gov.vn" {
		t.Fatalf("reset mail: %+v", got)
	}
	link := ""
	for _, l := range linkRe.FindAllString(got[0].Text, -1) {
		if strings.Contains(l, "/admin/reset/password?token=") {
			link = l
		}
	}
	if !strings.HasPrefix(link, "http://cong.example/admin/reset/password?token=") {
		t.Fatalf("the link is not made from the configured address: %q", link)
	}
	path := strings.TrimPrefix(link, "http://cong.example")
	token := path[strings.Index(path, "=")+1:]
	if resp, _ := c.get(path); resp.StatusCode != http.StatusOK {
		t.Fatalf("opening the link: %d", resp.StatusCode)
	}
	set := func(pw string) (*http.Response, string) {
		return c.postRead("/admin/reset/password", url.Values{"csrf_token": {c.token("/admin/reset")}, "token": {token}, "new_password": {pw}, "repeat_password": {pw}})
	}
	if resp, _ := set("password1234"); resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a common password through the reset: %d", resp.StatusCode)
	}
	if resp, _ := set("đồi chè sương sớm bên suối"); resp.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d", resp.StatusCode)
	}
	if resp, body := set("một mật khẩu khác hẳn luôn"); resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "không còn dùng được") {
		t.Errorf("the link used twice: %d", resp.StatusCode)
	}
	s := newClient(t, f.url)
	if resp := s.post("/admin/signin", url.Values{"csrf_token": {s.token("/admin/signin")}, "username": {"soan.thao"}, "password": {"đồi chè sương sớm bên suối"}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("sign-in with the reset password: %d", resp.StatusCode)
	}
	// An expired link: an hour and a minute later.
	ask("soan@example.gov.vn")
	got = srv.Wait(2, 10*time.Second)
	if len(got) != 2 {
		t.Fatalf("second reset mail: %d", len(got))
	}
	l2 := linkRe.FindString(got[1].Text[strings.Index(got[1].Text, "http://cong.example/admin/reset"):])
	f.db.SetClock(func() time.Time { return time.Now().Add(61 * time.Minute) })
	if resp, _ := c.get(strings.TrimPrefix(l2, "http://cong.example")); resp.StatusCode != http.StatusGone {
		t.Errorf("an expired link: %d", resp.StatusCode)
	}
	f.db.SetClock(time.Now)
	// Requests are throttled by address.
	var last string
	for range 6 {
		last = ask("khong.co@example.gov.vn")
	}
	if !strings.Contains(last, "quá nhiều yêu cầu") {
		t.Errorf("reset requests are not throttled:\n%.1000s", last)
	}
}

// postRead posts form and returns the response with its body.
func (c *client) postRead(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.c.PostForm(c.base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return resp, string(b)
}

func storeFilter(action string) store.AuditFilter { return store.AuditFilter{Action: action} }
