package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portal"
	"portal/admin"
	"portal/admin/auth"
	"portal/admin/editorial"
	"portal/admin/hugo"
	"portal/admin/publish"
	"portal/admin/seed"
	"portal/admin/store"
	"portal/admin/web"
)

const password = "một mật khẩu đủ dài"

type fixture struct {
	url string
	ed  *editorial.Service
	db  *store.DB
	pub *publish.Publisher
}

func setup(t *testing.T, cfg web.Config) *fixture { return setupSite(t, cfg, "") }

// setupSite is setup with the site source taken from the working tree
// siteDir when it is not empty.
func setupSite(t *testing.T, cfg web.Config, siteDir string) *fixture {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for name, role := range map[string]admin.Role{"soan.thao": admin.RoleContributor, "nguoi.duyet": admin.RoleApprover} {
		if err := db.CreateUser(ctx, &admin.User{Username: name, Role: role, PasswordHash: hash}, nil); err != nil {
			t.Fatal(err)
		}
	}
	pub := publish.New(db, publish.Config{DataDir: data, SiteFS: portal.Site, SiteDir: siteDir})
	done := make(chan struct{})
	go func() { pub.Run(ctx); close(done) }()
	cfg.DB, cfg.Publisher = db, pub
	cfg.Languages = []hugo.Language{{Code: "vi"}, {Code: "en"}}
	if cfg.Editorial == nil {
		cfg.Editorial = editorial.New(db, []string{"vi", "en"}, pub.Request)
	}
	if cfg.Logger == nil && testing.Verbose() {
		cfg.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	srv, err := web.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		ts.Close()
		srv.Close()
		cancel()
		<-done
		db.Close()
	})
	return &fixture{url: ts.URL, db: db, pub: pub, ed: cfg.Editorial}
}

// setUnit makes user name a member of the unit with key.
func (f *fixture) setUnit(t *testing.T, name, key string) {
	t.Helper()
	ctx := context.Background()
	unit, err := f.db.UnitByKey(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	u, err := f.db.UserByUsername(ctx, name)
	if err != nil {
		t.Fatal(err)
	}
	u.UnitID = unit.ID
	if err := f.db.UpdateUser(ctx, u, nil); err != nil {
		t.Fatal(err)
	}
}

type client struct {
	t    *testing.T
	c    *http.Client
	base string
}

func newClient(t *testing.T, base string) *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	resp, err := c.c.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func (c *client) post(path string, form url.Values) *http.Response {
	c.t.Helper()
	resp, err := c.c.PostForm(c.base+path, form)
	if err != nil {
		c.t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

var tokenRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func (c *client) token(path string) string {
	c.t.Helper()
	_, body := c.get(path)
	m := tokenRe.FindStringSubmatch(body)
	if m == nil {
		c.t.Fatalf("no CSRF token on %s", path)
	}
	return m[1]
}

func (c *client) signIn(user string) {
	c.t.Helper()
	resp := c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {user}, "password": {password}})
	if resp.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("sign-in as %s: %d", user, resp.StatusCode)
	}
}

func TestOnlyPublishersRebuild(t *testing.T) {
	f := setup(t, web.Config{})

	contributor := newClient(t, f.url)
	contributor.signIn("soan.thao")
	if resp := contributor.post("/admin/build", url.Values{"csrf_token": {contributor.token("/admin/")}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("contributor rebuild: %d, want 403", resp.StatusCode)
	}

	approver := newClient(t, f.url)
	approver.signIn("nguoi.duyet")
	if resp := approver.post("/admin/build", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("rebuild without CSRF token: %d, want 403", resp.StatusCode)
	}
	if resp := approver.post("/admin/build", url.Values{"csrf_token": {contributor.token("/admin/")}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("rebuild with another session's token: %d, want 403", resp.StatusCode)
	}
	if b, _ := f.db.LastBuild(context.Background()); b != nil {
		t.Fatalf("a refused request built the site: %+v", b)
	}
	resp := approver.post("/admin/build", url.Values{"csrf_token": {approver.token("/admin/")}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approver rebuild: %d", resp.StatusCode)
	}
	f.pub.Wait()
	if b, _ := f.db.LastBuild(context.Background()); b == nil || !b.OK {
		t.Fatalf("after an approver's request: %+v", b)
	}
	_, body := approver.get("/admin/")
	if !strings.Contains(body, "Thành công") {
		t.Error("the dashboard does not show the successful build")
	}
	// The site is served once built.
	if resp, _ := approver.get("/vi/"); resp.StatusCode != http.StatusOK {
		t.Errorf("/vi/ after the build: %d", resp.StatusCode)
	}
}

func TestSessionsExpire(t *testing.T) {
	f := setup(t, web.Config{IdleTimeout: time.Second})
	c := newClient(t, f.url)
	c.signIn("nguoi.duyet")
	if resp, _ := c.get("/admin/"); resp.StatusCode != http.StatusOK {
		t.Fatalf("dashboard right after sign-in: %d", resp.StatusCode)
	}
	time.Sleep(1500 * time.Millisecond)
	resp, _ := c.get("/admin/")
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/signin" {
		t.Errorf("dashboard after the idle timeout: %d %s", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestSignOutNeedsToken(t *testing.T) {
	f := setup(t, web.Config{})
	c := newClient(t, f.url)
	c.signIn("soan.thao")
	if resp := c.post("/admin/signout", url.Values{}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-out without token: %d", resp.StatusCode)
	}
	if resp, _ := c.get("/admin/"); resp.StatusCode != http.StatusOK {
		t.Fatal("a refused sign-out signed the user out")
	}
	c.post("/admin/signout", url.Values{"csrf_token": {c.token("/admin/")}})
	if resp, _ := c.get("/admin/"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("dashboard after sign-out: %d", resp.StatusCode)
	}
}

func TestAdminLanguageSwitch(t *testing.T) {
	f := setup(t, web.Config{})
	c := newClient(t, f.url)
	c.signIn("soan.thao")
	c.post("/admin/language", url.Values{"csrf_token": {c.token("/admin/")}, "lang": {"en"}, "next": {"//evil.example/"}})
	_, body := c.get("/admin/")
	if !strings.Contains(body, `<html lang="en">`) || !strings.Contains(body, "Dashboard") {
		t.Error("the admin did not switch to English")
	}
	// The choice belongs to the user: the next sign-in is in English too.
	again := newClient(t, f.url)
	again.signIn("soan.thao")
	if _, body := again.get("/admin/"); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the interface language was not remembered for the user")
	}
}

func TestUnknownUserCannotSignIn(t *testing.T) {
	f := setup(t, web.Config{})
	c := newClient(t, f.url)
	resp := c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {"nobody"}, "password": {password}})
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("unknown user: %d, want 401", resp.StatusCode)
	}
}

func TestDashboardShowsAFailedBuild(t *testing.T) {
	site := t.TempDir()
	if err := os.CopyFS(site, portal.Site); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(site, "layouts"), 0o755)
	os.WriteFile(filepath.Join(site, "layouts", "home.html"), []byte("{{ .Nope "), 0o644)
	f := setupSite(t, web.Config{}, site)
	c := newClient(t, f.url)
	c.signIn("nguoi.duyet")
	c.post("/admin/build", url.Values{"csrf_token": {c.token("/admin/")}})
	f.pub.Wait()
	_, body := c.get("/admin/")
	if !strings.Contains(body, "Thất bại") || !strings.Contains(body, "home.html") {
		t.Errorf("the dashboard does not show the failed build and its error:\n%s", body)
	}
	if resp, _ := c.get("/vi/"); resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/vi/ with no site ever built: %d, want 503", resp.StatusCode)
	}
}
