package web_test

import (
	"context"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"portal/admin/web"
)

// sessionRows counts the rows of the session store.
func sessionRows(t *testing.T, f *fixture) int {
	t.Helper()
	var n int
	if err := f.db.SQL().QueryRowContext(context.Background(), `SELECT count(*) FROM sessions`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// A load of anonymous requests (every page of the admin, the library's
// pictures, the sign-in form, forged session cookies, the language switch)
// stores no session; a sign-in stores one.
func TestAnonymousRequestsStoreNoSession(t *testing.T) {
	f := setup(t, web.Config{})
	paths := []string{"/admin/", "/admin/signin", "/admin/articles", "/admin/users", "/admin/signin/code",
		"/admin/no-such-page", "/media/1/anh.jpg", "/media/999/x.png", "/admin/audit.csv"}
	for i := 0; i < 20; i++ {
		c := newClient(t, f.url)
		if i%2 == 1 {
			// A made-up session cookie is not a session either.
			u, _ := url.Parse(f.url)
			c.c.Jar.SetCookies(u, []*http.Cookie{{Name: "portal_session", Value: strings.Repeat("x", 43), Path: "/"}})
		}
		for _, p := range paths {
			c.get(p)
		}
		token := c.token("/admin/signin")
		c.post("/admin/language", url.Values{"csrf_token": {token}, "lang": {"en"}})
		if i < 5 { // more would throttle sign-ins from this address
			c.post("/admin/signin", url.Values{"csrf_token": {token}, "username": {"no.one"}, "password": {"wrong password here"}})
		}
	}
	if n := sessionRows(t, f); n != 0 {
		t.Fatalf("%d sessions stored for anonymous requests, want 0", n)
	}

	// The language chosen before sign-in still applies.
	c := newClient(t, f.url)
	c.post("/admin/language", url.Values{"csrf_token": {c.token("/admin/signin")}, "lang": {"en"}})
	if _, body := c.get("/admin/signin"); !strings.Contains(body, `<html lang="en">`) {
		t.Error("the sign-in page did not switch to English")
	}
	c.signIn("nguoi.duyet")
	if n := sessionRows(t, f); n != 1 {
		t.Errorf("%d sessions after one sign-in, want 1", n)
	}
	if _, body := c.get("/admin/"); !strings.Contains(body, "Dashboard") {
		t.Error("the language chosen before sign-in was lost at sign-in")
	}
}

// The sign-in form is protected against cross-site posts without a stored
// session: a post without the visitor's token, or with another visitor's,
// is refused before the password is checked.
func TestSignInNeedsTheVisitorsToken(t *testing.T) {
	f := setup(t, web.Config{})
	attacker := newClient(t, f.url)
	stolen := attacker.token("/admin/signin")
	victim := newClient(t, f.url)
	victim.token("/admin/signin") // the victim has a token of their own
	for name, form := range map[string]url.Values{
		"no token":              {"username": {"nguoi.duyet"}, "password": {password}},
		"another visitor's":     {"csrf_token": {stolen}, "username": {"nguoi.duyet"}, "password": {password}},
		"a token of wrong form": {"csrf_token": {"abc"}, "username": {"nguoi.duyet"}, "password": {password}},
	} {
		if resp := victim.post("/admin/signin", form); resp.StatusCode != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", name, resp.StatusCode)
		}
	}
	// A client without any cookie is refused too.
	bare := newClient(t, f.url)
	bare.c.Jar, _ = cookiejar.New(nil)
	if resp := bare.post("/admin/signin", url.Values{"csrf_token": {stolen}, "username": {"nguoi.duyet"}, "password": {password}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no cookie: %d, want 403", resp.StatusCode)
	}
	victim.signIn("nguoi.duyet")
}

// Failed sign-ins count against the account however its name is typed:
// with spaces around it, in capitals, decomposed, with a tab.
func TestSignInThrottleCountsTheAccount(t *testing.T) {
	f := setup(t, web.Config{})
	variants := []string{" nguoi.duyet", "nguoi.duyet  ", "NGUOI.DUYET", "\tNguoi.Duyet\n", norm.NFD.String(" nguoi.duyet ")}
	for i, name := range variants {
		c := newClient(t, f.url)
		resp := c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {name}, "password": {"sai mật khẩu"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d (%q): %d", i+1, name, resp.StatusCode)
		}
	}
	for _, name := range []string{"nguoi.duyet", " Nguoi.duyet "} {
		c := newClient(t, f.url)
		resp := c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {name}, "password": {password}})
		if resp.StatusCode != http.StatusTooManyRequests {
			t.Errorf("right password as %q after 5 failures typed differently: %d, want 429", name, resp.StatusCode)
		}
	}
	n, err := f.db.CountEvents(context.Background(), "signin.failed", "user/nguoi.duyet", "", time.Now().Add(-time.Hour))
	if err != nil || n != 5 {
		t.Errorf("%d failures recorded under the account, want 5 (%v)", n, err)
	}
}
