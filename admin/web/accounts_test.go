package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/pquerna/otp/totp"

	"portal/admin/store"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/web"
)

// addUser adds a user with the shared test password.
func (f *fixture) addUser(t *testing.T, name string, role admin.Role) *admin.User {
	t.Helper()
	hash, _ := auth.HashPassword(password)
	u := &admin.User{Username: name, Role: role, PasswordHash: hash}
	if err := f.db.CreateUser(context.Background(), u, nil); err != nil {
		t.Fatal(err)
	}
	return u
}

var newPasswordRe = regexp.MustCompile(`<code class="secret">([^<]+)</code>`)

func TestAdminManagesUsers(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")

	// Only administrators reach the users page.
	editor := newClient(t, f.url)
	editor.signIn("soan.thao")
	if resp, _ := editor.get("/admin/users"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor opens the users page: %d", resp.StatusCode)
	}
	if resp := editor.post("/admin/users", url.Values{"csrf_token": {editor.token("/admin/")}, "username": {"x"}, "role": {"admin"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor adds a user: %d", resp.StatusCode)
	}

	// A new user gets a generated password shown once, on their page, and
	// can sign in with it.
	resp := adm.post("/admin/users", url.Values{"csrf_token": {adm.token("/admin/users")}, "username": {"moi"}, "role": {"editor"}, "unit": {"0"},
		"full_name": {"Trần Thị Mới"}, "email": {"moi@example.gov.vn"}})
	page := resp.Header.Get("Location")
	if !strings.HasPrefix(page, "/admin/users/") {
		t.Fatalf("after adding a user: %d to %q", resp.StatusCode, page)
	}
	_, body := adm.get(page)
	m := newPasswordRe.FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "Trần Thị Mới") {
		t.Fatalf("no generated password shown:\n%s", body)
	}
	if _, body = adm.get(page); newPasswordRe.MatchString(body) {
		t.Error("the generated password is shown a second time")
	}
	if _, body = adm.get("/admin/users?q=tran+thi"); !strings.Contains(body, "Trần Thị Mới") || strings.Contains(body, "<td>quan.tri</td>") {
		t.Errorf("search without diacritics does not find the new user alone:\n%s", body)
	}
	newbie := newClient(t, f.url)
	resp = newbie.post("/admin/signin", url.Values{"csrf_token": {newbie.token("/admin/signin")}, "username": {"moi"}, "password": {m[1]}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/account/password" {
		t.Fatalf("sign-in with the generated password: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// Disabling an account ends its session at once.
	u, _ := f.db.UserByUsername(context.Background(), "moi")
	adm.post("/admin/users/"+itoa(u.ID), url.Values{"csrf_token": {adm.token("/admin/users")}, "role": {"editor"}, "unit": {"0"}, "disabled": {"1"}})
	if resp, _ := newbie.get("/admin/account/password"); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/signin" {
		t.Errorf("a disabled user's session still works: %d", resp.StatusCode)
	}

	// An administrator cannot lock themselves out.
	me, _ := f.db.UserByUsername(context.Background(), "quan.tri")
	adm.post("/admin/users/"+itoa(me.ID), url.Values{"csrf_token": {adm.token("/admin/users")}, "role": {"editor"}, "unit": {"0"}})
	if me, _ = f.db.UserByUsername(context.Background(), "quan.tri"); me.Role != admin.RoleAdmin {
		t.Error("an administrator removed their own role")
	}

	// Every change is in the audit log, with who did it.
	events, _ := f.db.Events(context.Background(), store.AuditFilter{Action: "user."})
	var got []string
	for _, e := range events {
		got = append(got, e.Actor+" "+e.Action)
	}
	if s := strings.Join(got, "|"); !strings.Contains(s, "quan.tri user.update") || !strings.Contains(s, "quan.tri user.create") {
		t.Errorf("audit of user changes: %s", s)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestAuditPageAndCSV(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "thanh.tra", admin.RoleInspector)
	c := newClient(t, f.url)
	c.signIn("thanh.tra")
	resp, body := c.get("/admin/audit?action=signin")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "thanh.tra") || !strings.Contains(body, "toàn vẹn") {
		t.Fatalf("audit page: %d\n%.600s", resp.StatusCode, body)
	}
	if _, body := c.get("/admin/audit?user=soan.thao"); strings.Contains(body, "<td>thanh.tra</td>") {
		t.Error("filtering by user shows another user's entries")
	}
	resp, body = c.get("/admin/audit.csv?action=signin")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) < 2 || rows[0][4] != "actor" || rows[1][6] != "signin" {
		t.Errorf("CSV rows: %v, %v", rows, err)
	}
	// Contributors do not read it.
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	if resp, _ := w.get("/admin/audit"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor reads the audit page: %d", resp.StatusCode)
	}
	if resp, _ := w.get("/admin/audit.csv"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor downloads the audit CSV: %d", resp.StatusCode)
	}
}

var secretRe = regexp.MustCompile(`<code class="secret">([A-Z2-7]+)</code>`)

func TestTwoFactorSignIn(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")
	adm.post("/admin/settings/accounts", url.Values{"csrf_token": {adm.token("/admin/users")}, "require_2fa": {"1"}})

	// An approver without 2FA must set it up before anything else.
	c := newClient(t, f.url)
	resp := c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {"nguoi.duyet"}, "password": {password}})
	if loc := resp.Header.Get("Location"); loc != "/admin/account/2fa" {
		t.Fatalf("approver sign-in with 2FA required goes to %q", loc)
	}
	if resp, _ := c.get("/admin/"); resp.Header.Get("Location") != "/admin/account/2fa" {
		t.Errorf("the dashboard before enrolling: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, body := c.get("/admin/account/2fa")
	m := secretRe.FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "data:image/png;base64,") {
		t.Fatalf("enrolment page has no secret or QR code:\n%.800s", body)
	}
	csrf := tokenRe.FindStringSubmatch(body)[1]
	c.post("/admin/account/2fa", url.Values{"csrf_token": {csrf}, "code": {"000000"}})
	if s, _ := f.db.TOTPSecret(context.Background(), userID(t, f, "nguoi.duyet")); s != "" {
		t.Fatal("a wrong code enrolled the user")
	}
	// Each visit of the page shows a new secret; use the last one shown.
	_, body = c.get("/admin/account/2fa")
	m = secretRe.FindStringSubmatch(body)
	code, _ := totp.GenerateCode(m[1], time.Now())
	c.post("/admin/account/2fa", url.Values{"csrf_token": {csrf}, "code": {code}})
	if resp, _ := c.get("/admin/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard after enrolling: %d", resp.StatusCode)
	}

	// Next time: password, then code.
	d := newClient(t, f.url)
	resp = d.post("/admin/signin", url.Values{"csrf_token": {d.token("/admin/signin")}, "username": {"nguoi.duyet"}, "password": {password}})
	if loc := resp.Header.Get("Location"); loc != "/admin/signin/code" {
		t.Fatalf("sign-in of an enrolled user goes to %q", loc)
	}
	if resp, _ := d.get("/admin/"); resp.StatusCode != http.StatusSeeOther {
		t.Error("the password alone opened the dashboard")
	}
	if resp := d.post("/admin/signin/code", url.Values{"csrf_token": {d.token("/admin/signin/code")}, "code": {"123456"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("wrong code: %d", resp.StatusCode)
	}
	code, _ = totp.GenerateCode(m[1], time.Now())
	if resp := d.post("/admin/signin/code", url.Values{"csrf_token": {d.token("/admin/signin/code")}, "code": {code}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("right code: %d", resp.StatusCode)
	}
	if resp, _ := d.get("/admin/"); resp.StatusCode != http.StatusOK {
		t.Errorf("dashboard after the code: %d", resp.StatusCode)
	}

	// Contributors are not asked.
	e := newClient(t, f.url)
	e.signIn("soan.thao")
	if resp, _ := e.get("/admin/"); resp.StatusCode != http.StatusOK {
		t.Errorf("contributor with 2FA required of approvers: %d", resp.StatusCode)
	}
}

func userID(t *testing.T, f *fixture, name string) int64 {
	u, err := f.db.UserByUsername(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return u.ID
}

func TestAdminManagesUnits(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	c := newClient(t, f.url)
	c.signIn("quan.tri")
	c.post("/admin/units", url.Values{"csrf_token": {c.token("/admin/units")}, "key": {"Xã Bom Bo"}, "kind": {"commune"},
		"name_vi": {"UBND xã Bom Bo"}, "name_en": {"Bom Bo Commune People's Committee"}})
	u, err := f.db.UnitByKey(context.Background(), "xa-bom-bo")
	if err != nil || u.Names["vi"] != "UBND xã Bom Bo" || u.Kind != "commune" {
		t.Fatalf("unit added: %+v, %v", u, err)
	}
	c.post("/admin/units", url.Values{"csrf_token": {c.token("/admin/units")}, "key": {"bad"}, "kind": {"planet"}, "name_vi": {"x"}})
	if _, err := f.db.UnitByKey(context.Background(), "bad"); err == nil {
		t.Error("a unit of an unknown kind was added")
	}
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	if resp := w.post("/admin/units", url.Values{"csrf_token": {w.token("/admin/")}, "key": {"x"}, "kind": {"agency"}, "name_vi": {"x"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor adds a unit: %d", resp.StatusCode)
	}
}

func TestSiteSettings(t *testing.T) {
	f := setup(t, web.Config{})
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")
	tok := adm.token("/admin/settings")
	form := url.Values{"csrf_token": {tok},
		"title_vi": {"Cổng thông tin đối ngoại"}, "title_en": {"External Information Portal"},
		"investor_name_en": {"Investment Promotion Centre"}, "investor_email": {"xuctien@example.gov.vn"},
		"primary_color": {"#0b5394"}, "phone": {"+84 271 123"}}
	// A bad colour is refused with the typed values kept.
	bad := url.Values{}
	for k, v := range form {
		bad[k] = v
	}
	bad.Set("primary_color", "blue")
	body := postForm(t, adm, "/admin/settings", bad)
	if !strings.Contains(body, "#rrggbb") || !strings.Contains(body, "Investment Promotion Centre") {
		t.Errorf("a bad colour: the message or the typed values are missing")
	}
	if set, _ := f.db.SiteSettings(context.Background()); set.PrimaryColor != "" {
		t.Errorf("a refused form was saved: %+v", set)
	}
	if resp := adm.post("/admin/settings", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	set, _ := f.db.SiteSettings(context.Background())
	if set.Title["en"] != "External Information Portal" || set.InvestorContact.Email != "xuctien@example.gov.vn" || set.PrimaryColor != "#0b5394" {
		t.Errorf("saved settings: %+v", set)
	}
	// Only administrators.
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	if resp, _ := w.get("/admin/settings"); resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusNotFound {
		t.Errorf("a contributor opens the settings: %d", resp.StatusCode)
	}
	wtok := w.token("/admin/")
	w.post("/admin/settings", url.Values{"csrf_token": {wtok}, "title_en": {"Hijacked"}})
	if set, _ := f.db.SiteSettings(context.Background()); set.Title["en"] == "Hijacked" {
		t.Error("a contributor changed the site's settings")
	}
}

// The users page of an office of 200: found by name without diacritics,
// by login or e-mail; filtered by unit, role and disabled; in pages.
func TestUsersPageForTwoHundred(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	units, _ := f.db.Units(ctx)
	for i := range 200 {
		u := &admin.User{Username: "cb" + itoa(int64(i)), FullName: []string{"Nguyễn Văn", "Trần Thị", "Lê Đức"}[i%3] + " " + itoa(int64(i)),
			Email: "cb" + itoa(int64(i)) + "@example.gov.vn", Role: []admin.Role{admin.RoleContributor, admin.RoleEditor}[i%2],
			UnitID: units[i%len(units)].ID, PasswordHash: "x"}
		if err := f.db.CreateUser(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
		if i%50 == 0 {
			u.Disabled = true
			if err := f.db.UpdateUser(ctx, u, nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")
	rows := regexp.MustCompile(`<th scope="row"><a href="/admin/users/\d+">`)
	count := func(q string) (int, string) {
		_, body := adm.get("/admin/users?" + q)
		return len(rows.FindAllString(body, -1)), body
	}
	if n, body := count(""); n != 50 || !strings.Contains(body, "203") || !strings.Contains(body, `rel="next"`) {
		t.Errorf("the first page lists %d users (want 50 of 203, with a next page)", n)
	}
	if n, _ := count("page=5"); n != 3 {
		t.Errorf("the last page lists %d users, want 3", n)
	}
	if n, _ := count("q=duc+185"); n != 1 {
		t.Errorf("“duc 185” finds %d users, want Lê Đức 185 alone", n)
	}
	if n, body := count("q=cb42%40example"); n != 1 || !strings.Contains(body, "cb42@example.gov.vn") {
		t.Errorf("search by e-mail finds %d", n)
	}
	if n, _ := count("state=disabled"); n != 4 {
		t.Errorf("disabled: %d, want 4", n)
	}
	if n, _ := count("role=editor&unit=" + itoa(units[1].ID)); n == 0 || n > 50 {
		t.Errorf("editors of one unit: %d", n)
	}
	if _, body := count("q=tran+thi+100"); !strings.Contains(body, "Chưa lần nào") {
		t.Error("the list does not say a user never signed in")
	}
}
