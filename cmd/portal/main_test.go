package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"portal"
)

// syncBuffer is a buffer the program writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func envFunc(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

const adminPassword = "mật khẩu thử nghiệm 2024"

// startServer runs `portal serve` on a free port with a new data folder and
// returns the site's base URL. The server stops when the test ends.
func startServer(t *testing.T, data string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, logs syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", data},
			envFunc(map[string]string{"PORTAL_ADMIN_PASSWORD": adminPassword}), strings.NewReader(""), &out, &logs)
	}()
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("the server's log:\n%s", logs.String())
		}
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve returned %v", err)
			}
		case <-time.After(60 * time.Second):
			t.Error("serve did not stop")
		}
	})
	re := regexp.MustCompile(`Serving the site at (http://\S+/) `)
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
	}
	t.Fatalf("serve did not start:\n%s", out.String())
	return ""
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func get(t *testing.T, c *http.Client, u string, header ...string) (*http.Response, string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestServe(t *testing.T) {
	data := t.TempDir()
	base := startServer(t, data)
	c := &http.Client{CheckRedirect: noRedirect}

	t.Run("root sends readers to their language", func(t *testing.T) {
		for _, tt := range []struct{ accept, want string }{
			{"en-US,en;q=0.9", "/en/"},
			{"vi-VN,vi;q=0.9,en;q=0.5", "/vi/"},
			{"fr-FR", "/vi/"},
			{"", "/vi/"},
		} {
			resp, _ := get(t, c, base, "Accept-Language", tt.accept)
			if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != tt.want {
				t.Errorf("Accept-Language %q: %d %q, want 302 %q", tt.accept, resp.StatusCode, resp.Header.Get("Location"), tt.want)
			}
		}
	})

	t.Run("site in both languages", func(t *testing.T) {
		for lang, word := range map[string]string{"vi": "Đầu tư", "en": "Investment"} {
			resp, body := get(t, c, base+lang+"/")
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("/%s/: %d", lang, resp.StatusCode)
			}
			if !strings.Contains(body, `<html lang="`+lang) || !strings.Contains(body, word) {
				t.Errorf("/%s/ lacks its language or the area %q", lang, word)
			}
			if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Content-Security-Policy") == "" {
				t.Errorf("/%s/ lacks security headers: %v", lang, resp.Header)
			}
		}
	})

	t.Run("missing page gets the 404 page of its language", func(t *testing.T) {
		resp, body := get(t, c, base+"en/no-such-page/")
		if resp.StatusCode != http.StatusNotFound || !strings.Contains(body, `lang="en"`) {
			t.Errorf("status %d, body %.200q", resp.StatusCode, body)
		}
	})

	t.Run("nothing outside the built site is served", func(t *testing.T) {
		for _, p := range []string{"../portal.db", "%2e%2e/portal.db", "vi/..%2f..%2fportal.db", "portal.db", "builds/", "vi/../../site/hugo.toml"} {
			resp, body := get(t, c, base+p)
			if resp.StatusCode == http.StatusOK || strings.Contains(body, "SQLite") || strings.Contains(body, "baseURL") {
				t.Errorf("%s: %d", p, resp.StatusCode)
			}
		}
	})

	t.Run("admin asks to sign in", func(t *testing.T) {
		resp, _ := get(t, c, base+"admin/")
		if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/signin" {
			t.Fatalf("/admin/: %d %q", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, body := get(t, c, base+"admin/signin")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Đăng nhập") || !strings.Contains(body, `lang="vi"`) {
			t.Errorf("sign-in page: %d", resp.StatusCode)
		}
	})

	t.Run("sign in", func(t *testing.T) {
		jar, _ := cookiejar.New(nil)
		c := &http.Client{Jar: jar, CheckRedirect: noRedirect}
		token := csrfToken(t, c, base+"admin/signin")

		// Without the form's token the request is refused.
		resp := post(t, c, base+"admin/signin", url.Values{"username": {"admin"}, "password": {adminPassword}})
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("sign-in without CSRF token: %d, want 403", resp.StatusCode)
		}
		resp = post(t, c, base+"admin/signin", url.Values{"csrf_token": {token}, "username": {"admin"}, "password": {"wrong password!!"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("wrong password: %d, want 401", resp.StatusCode)
		}
		resp = post(t, c, base+"admin/signin", url.Values{"csrf_token": {token}, "username": {"admin"}, "password": {adminPassword}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("sign-in: %d, want 303", resp.StatusCode)
		}
		resp, body := get(t, c, base+"admin/")
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Bảng điều khiển") || !strings.Contains(body, "Thành công") {
			t.Errorf("dashboard: %d, want the dashboard with a successful build\n%.500s", resp.StatusCode, body)
		}
	})
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func csrfToken(t *testing.T, c *http.Client, u string) string {
	t.Helper()
	_, body := get(t, c, u)
	m := csrfRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no CSRF token in %s", u)
	}
	return m[1]
}

func post(t *testing.T, c *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	resp, err := c.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp
}

func TestUserAddReadsPasswordFromStdin(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	env := envFunc(nil)
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"seed", "--data", data}, env, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	args := []string{"user", "add", "--data", data, "--username", "nguyen.van.a", "--role", "contributor", "--unit", "so-tttt"}
	if err := run(ctx, args, env, strings.NewReader("short\n"), &out, &errOut); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if err := run(ctx, args, env, strings.NewReader("một mật khẩu đủ dài\n"), &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, args, env, strings.NewReader("một mật khẩu đủ dài\n"), &out, &errOut); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("adding the same user twice: %v", err)
	}
	bad := []string{"user", "add", "--data", data, "--username", "x", "--role", "boss"}
	if err := run(ctx, bad, env, strings.NewReader("một mật khẩu đủ dài\n"), &out, &errOut); err == nil {
		t.Error("an unknown role was accepted")
	}
	// A contributor needs a unit, and the refusal names the units.
	for _, unit := range [][]string{nil, {"--unit", "khong-co"}} {
		args := append([]string{"user", "add", "--data", data, "--username", "khong.don.vi", "--role", "contributor"}, unit...)
		err := run(ctx, args, env, strings.NewReader("một mật khẩu đủ dài\n"), &out, &errOut)
		if err == nil || !strings.Contains(err.Error(), "so-tttt") {
			t.Errorf("a contributor with unit %v: %v", unit, err)
		}
	}
	// The password policy holds on the command line too.
	weak := []string{"user", "add", "--data", data, "--username", "yeu", "--role", "editor"}
	if err := run(ctx, weak, env, strings.NewReader("1q2w3e4r5t6y\n"), &out, &errOut); err == nil || !strings.Contains(err.Error(), "most used") {
		t.Errorf("a common password on the command line: %v", err)
	}
}

func TestSeedTwiceChangesNothing(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	var out bytes.Buffer
	for range 2 {
		if err := run(ctx, []string{"seed", "--data", data}, envFunc(nil), nil, &out, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	if !strings.Contains(out.String(), "18 articles added") || !strings.Contains(out.String(), "0 articles added") {
		t.Errorf("seed output:\n%s", out.String())
	}
}

func TestBuildFailsCleanly(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	site := t.TempDir()
	if err := os.CopyFS(site, portal.Site); err != nil {
		t.Fatal(err)
	}
	env := envFunc(map[string]string{"PORTAL_DATA": data, "PORTAL_SITE": site})
	var out bytes.Buffer
	if err := run(ctx, []string{"seed"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"build"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`Built \d+ pages`).MatchString(out.String()) {
		t.Errorf("build output: %q", out.String())
	}
	before, _ := os.Readlink(filepath.Join(data, "public"))

	os.MkdirAll(filepath.Join(site, "layouts"), 0o755)
	os.WriteFile(filepath.Join(site, "layouts", "page.html"), []byte("{{ partial \"nope.html\" . }}"), 0o644)
	err := run(ctx, []string{"build"}, env, nil, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "previous site") {
		t.Fatalf("build with a broken template: %v", err)
	}
	if after, _ := os.Readlink(filepath.Join(data, "public")); after != before {
		t.Errorf("the served site changed from %q to %q", before, after)
	}
}

func TestTokenAndAuditCommands(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	env := envFunc(map[string]string{"PORTAL_DATA": data})
	var out, errOut bytes.Buffer
	if err := run(ctx, []string{"seed"}, env, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"user", "add", "--username", "bao.chi", "--role", "editor"}, env, strings.NewReader("một mật khẩu đủ dài\n"), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if err := run(ctx, []string{"token", "create", "--username", "bao.chi"}, env, nil, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(out.String())
	if len(token) < 40 || strings.Contains(token, " ") {
		t.Fatalf("token printed: %q", token)
	}
	if err := run(ctx, []string{"token", "create", "--username", "nobody"}, env, nil, &out, &errOut); err == nil {
		t.Error("a token for a user who does not exist")
	}

	out.Reset()
	if err := run(ctx, []string{"audit", "verify"}, env, nil, &out, io.Discard); err != nil {
		t.Fatalf("verify a whole log: %v", err)
	}
	if !strings.Contains(out.String(), "intact: 4 entries") {
		t.Errorf("verify output: %q (want seed import, demo settings, user creation and token creation)", out.String())
	}
	// Tamper with the file directly, as someone with access to the disk could.
	db, err := sql.Open("sqlite3", filepath.Join(data, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	db.Exec(`DROP TRIGGER audit_log_no_update`)
	if _, err := db.Exec(`UPDATE audit_log SET actor = 'someone else' WHERE id = 2`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	err = run(ctx, []string{"audit", "verify"}, env, nil, &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "broken at entry 2") {
		t.Errorf("verify a tampered log: %v", err)
	}
}
