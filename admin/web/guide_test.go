package web

import (
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	"golang.org/x/text/unicode/norm"

	"portal"
	"portal/admin"
	"portal/admin/auth"
	"portal/admin/hugo"
	"portal/admin/markdown"
	"portal/admin/publish"
	"portal/admin/seed"
	"portal/admin/store"
)

// guideLangs are the languages the guide is written in: every language of
// the admin.
func guideLangs(t *testing.T) []string {
	t.Helper()
	var langs []string
	for lang := range messages {
		langs = append(langs, lang)
	}
	slices.Sort(langs)
	return langs
}

func guideSource(t *testing.T, lang, slug string) []byte {
	t.Helper()
	b, err := fs.ReadFile(files, "guide/"+lang+"/"+slug+".md")
	if err != nil {
		t.Fatalf("the guide has no page %s in %s: %v", slug, lang, err)
	}
	return b
}

// TestGuideHasEveryPageInEveryLanguage: each page of the guide is written
// in every admin language, no file is left out of the table of contents,
// and each starts with its title and is in NFC.
func TestGuideHasEveryPageInEveryLanguage(t *testing.T) {
	for _, lang := range guideLangs(t) {
		entries, err := fs.ReadDir(files, "guide/"+lang)
		if err != nil {
			t.Fatalf("no guide in %s: %v", lang, err)
		}
		var found []string
		for _, e := range entries {
			slug, ok := strings.CutSuffix(e.Name(), ".md")
			if !ok || !slices.Contains(guidePages, slug) {
				t.Errorf("guide/%s/%s is no page of the guide (guidePages)", lang, e.Name())
			}
			found = append(found, slug)
		}
		for _, slug := range guidePages {
			if !slices.Contains(found, slug) {
				t.Errorf("the guide's page %s is missing in %s", slug, lang)
				continue
			}
			src := guideSource(t, lang, slug)
			if !norm.NFC.IsNormal(src) {
				t.Errorf("%s/%s: not in NFC", lang, slug)
			}
			if title, err := guideTitle(guideBook(t, "guide/"+lang), slug); err != nil || title == "" {
				t.Errorf("%s/%s: no title on its first line: %v", lang, slug, err)
			}
		}
	}
}

func guideBook(t *testing.T, dir string) fs.FS {
	t.Helper()
	sub, err := fs.Sub(files, dir)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// TestGuideIndexLinksEveryPage: the index of each language leads to every
// page, and no page links to a guide page that does not exist.
func TestGuideIndexLinksEveryPage(t *testing.T) {
	for _, lang := range guideLangs(t) {
		linked := map[string]bool{}
		for _, slug := range guidePages {
			for _, l := range markdown.Links(string(guideSource(t, lang, slug))) {
				target, ok := strings.CutPrefix(l.Dest, "/admin/guide")
				if !ok {
					continue
				}
				target = strings.TrimPrefix(target, "/")
				if target == "" {
					target = "index"
				}
				if !slices.Contains(guidePages, target) || strings.HasPrefix(l.Dest, "/admin/guide/index") {
					t.Errorf("%s/%s links to %s, which is no page of the guide", lang, slug, l.Dest)
				}
				if slug == "index" {
					linked[target] = true
				}
			}
		}
		for _, slug := range guidePages[1:] {
			if !linked[slug] {
				t.Errorf("the %s index does not link to %s", lang, slug)
			}
		}
	}
}

// guideLabels returns the text a guide page marks as the admin's labels,
// its strong emphasis (**…**), as written in the source: the site's
// typographer would otherwise have turned its quotes and dashes into
// others. It also returns the raw HTML the page has, which the guide does
// not show.
func guideLabels(src []byte) (labels, html []string) {
	doc := markdown.Parse(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.HTMLBlock, *ast.RawHTML:
			html = append(html, n.Kind().String())
		case *ast.Emphasis:
			if n.Level != 2 {
				return ast.WalkContinue, nil
			}
			start, stop := -1, -1
			_ = ast.Walk(n, func(k ast.Node, entering bool) (ast.WalkStatus, error) {
				if txt, ok := k.(*ast.Text); ok && entering {
					if start < 0 {
						start = txt.Segment.Start
					}
					stop = txt.Segment.Stop
				}
				return ast.WalkContinue, nil
			})
			if start < 0 {
				labels = append(labels, "")
				return ast.WalkSkipChildren, nil
			}
			// Out to the delimiters, over a quote or dash at either end.
			for start >= 2 && string(src[start-2:start]) != "**" {
				start--
			}
			for stop+2 <= len(src) && string(src[stop:stop+2]) != "**" {
				stop++
			}
			labels = append(labels, string(src[start:stop]))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return labels, html
}

var (
	// The names of the text editor's buttons and fields: the Vietnamese
	// ones the admin gives it, the English ones it comes with, and those of
	// the buttons the admin adds, in both languages ("vi ? … : …").
	guideEditorVI     = regexp.MustCompile(`(?s)setLanguage\("vi-VN", \{(.*?)\}\);`)
	guideEditorPair   = regexp.MustCompile(`"[^"]+": "([^"]+)"`)
	guideEditorEither = regexp.MustCompile(`vi \? "([^"]+)" : "([^"]+)"`)
	guideVendorEN     = regexp.MustCompile(`setLanguage\(\["en","en-US"\],\{([^}]*)\}`)
	guideVendorPairs  = regexp.MustCompile(`(?:"[^"]+"|\w+):"([^"]*)"`)
)

// guideEditorLabels are the labels the text editor shows in each
// language: the names of its toolbar buttons and of the fields of its
// boxes, which the admin's catalogue does not hold.
func guideEditorLabels(t *testing.T) map[string][]string {
	t.Helper()
	js, err := fs.ReadFile(files, "static/editor.js")
	if err != nil {
		t.Fatal(err)
	}
	vendor, err := fs.ReadFile(files, "static/vendor/toastui-editor-3.2.2/editor.js")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	if m := guideEditorVI.FindSubmatch(js); m != nil {
		for _, p := range guideEditorPair.FindAllSubmatch(m[1], -1) {
			out["vi"] = append(out["vi"], string(p[1]))
		}
	}
	if m := guideVendorEN.FindSubmatch(vendor); m != nil {
		for _, p := range guideVendorPairs.FindAllSubmatch(m[1], -1) {
			out["en"] = append(out["en"], string(p[1]))
		}
	}
	for _, p := range guideEditorEither.FindAllSubmatch(js, -1) {
		out["vi"] = append(out["vi"], string(p[1]))
		out["en"] = append(out["en"], string(p[2]))
	}
	if len(out["vi"]) < 20 || len(out["en"]) < 20 {
		t.Fatalf("the editor's labels were not found (vi %d, en %d)", len(out["vi"]), len(out["en"]))
	}
	return out
}

// TestGuideLabelsAreTheAdmins: every label the guide marks in bold is a
// text the admin shows in the page's language: a string of its catalogue
// or a name the text editor gives a button or a field.
func TestGuideLabelsAreTheAdmins(t *testing.T) {
	editor := guideEditorLabels(t)
	for _, lang := range guideLangs(t) {
		shown := map[string]bool{}
		for _, v := range messages[lang] {
			shown[v] = true
		}
		for _, v := range editor[lang] {
			shown[v] = true
		}
		total := 0
		for _, slug := range guidePages {
			labels, html := guideLabels(guideSource(t, lang, slug))
			for _, h := range html {
				t.Errorf("%s/%s has raw HTML (%s), which the guide does not show", lang, slug, h)
			}
			for _, l := range labels {
				if !shown[l] {
					t.Errorf("%s/%s: **%s** is not a label of the admin in %s", lang, slug, l, lang)
				}
			}
			total += len(labels)
		}
		if total < 100 {
			t.Errorf("%s: only %d labels marked in the whole guide", lang, total)
		}
	}
}

func TestGuideLabelsReadTheSource(t *testing.T) {
	got, _ := guideLabels([]byte("Press **Use as the site's logo** -- or **Đính chính – Làm rõ thông tin**, not `**code**` nor *Lưu*.\n"))
	want := []string{"Use as the site's logo", "Đính chính – Làm rõ thông tin"}
	if !slices.Equal(got, want) {
		t.Errorf("labels %q, want %q", got, want)
	}
	if _, html := guideLabels([]byte("A <b>bold</b> word.\n")); len(html) == 0 {
		t.Error("raw HTML in a page is not noticed")
	}
}

func TestPhoneURL(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0271 3879 123", "tel:02713879123"},
		{"+84 (271) 3.879.123", "tel:+842713879123"},
		{"", ""}, {"không có", ""}, {"+", ""},
	} {
		if got := phoneURL(tc.in); string(got) != tc.want {
			t.Errorf("phoneURL(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

const guidePassword = "một mật khẩu đủ dài cho hướng dẫn"

// guideServer is an admin on a fresh database, with users of the given
// roles (and details) whose password is guidePassword.
func guideServer(t *testing.T, users ...*admin.User) string {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	hash, err := auth.HashPassword(guidePassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		u.PasswordHash = hash
		disabled := u.Disabled
		if err := db.CreateUser(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
		if u.Disabled = disabled; disabled {
			if err := db.UpdateUser(ctx, u, nil); err != nil {
				t.Fatal(err)
			}
		}
		if u.UILang != "" {
			if err := db.SetUILang(ctx, u.ID, u.UILang); err != nil {
				t.Fatal(err)
			}
		}
	}
	pub := publish.New(db, publish.Config{DataDir: data, SiteFS: portal.Site})
	srv, err := New(Config{DB: db, Publisher: pub, Languages: []hugo.Language{{Code: "vi", Label: "Tiếng Việt"}, {Code: "en", Label: "English"}}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return ts.URL
}

type guideClient struct {
	t    *testing.T
	base string
	c    *http.Client
}

var guideToken = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// guideSignIn is a browser signed in as username.
func guideSignIn(t *testing.T, base, username string) *guideClient {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	g := &guideClient{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if resp := g.post("/admin/signin", url.Values{"username": {username}, "password": {guidePassword}}); resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/" {
		t.Fatalf("sign-in as %s: %d to %s", username, resp.StatusCode, resp.Header.Get("Location"))
	}
	return g
}

func (g *guideClient) get(path string) (int, string) {
	g.t.Helper()
	resp, err := g.c.Get(g.base + path)
	if err != nil {
		g.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// post sends form with the CSRF token of the page at path (the sign-in
// page before signing in, the dashboard after).
func (g *guideClient) post(path string, form url.Values) *http.Response {
	g.t.Helper()
	from := "/admin/"
	if path == "/admin/signin" {
		from = "/admin/signin"
	}
	_, page := g.get(from)
	m := guideToken.FindStringSubmatch(page)
	if m == nil {
		g.t.Fatalf("no CSRF token on %s", from)
	}
	form.Set("csrf_token", m[1])
	resp, err := g.c.PostForm(g.base+path, form)
	if err != nil {
		g.t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

var (
	guideH1      = regexp.MustCompile(`(?s)<article class="guide-page"[^>]*>\s*<h1[^>]*>(.*?)</h1>`)
	guideCurrent = regexp.MustCompile(`<a href="([^"]+)" aria-current="page">`)
)

// TestGuidePagesForEveryRole: every page of the guide opens for every role
// that signs in to the admin, in the admin's language as the user chose
// it, with the page marked in the table of contents; a page that is not
// there is the admin's own "not found".
func TestGuidePagesForEveryRole(t *testing.T) {
	roles := []admin.Role{admin.RoleContributor, admin.RoleEditor, admin.RoleApprover, admin.RoleAdmin, admin.RoleInspector}
	var users []*admin.User
	for _, r := range roles {
		users = append(users, &admin.User{Username: "nguoi." + string(r), Role: r})
	}
	// One chose English earlier: the admin, and its guide, are in English
	// from the sign-in on.
	users = append(users, &admin.User{Username: "english.reader", Role: admin.RoleEditor, UILang: "en"})
	base := guideServer(t, users...)
	titles := map[string]map[string]string{}
	for _, lang := range guideLangs(t) {
		titles[lang] = map[string]string{}
		for _, slug := range guidePages {
			titles[lang][slug], _ = guideTitle(guideBook(t, "guide/"+lang), slug)
		}
	}
	check := func(g *guideClient, who, lang string) {
		t.Helper()
		for _, slug := range guidePages {
			path := guideURL(slug)
			status, page := g.get(path)
			if status != http.StatusOK {
				t.Errorf("%s, %s: %s answers %d", who, lang, path, status)
				continue
			}
			if !strings.Contains(page, `<html lang="`+lang+`">`) {
				t.Errorf("%s: %s is not in %s", who, path, lang)
			}
			if m := guideH1.FindStringSubmatch(page); m == nil || m[1] != titles[lang][slug] {
				t.Errorf("%s, %s: %s shows the heading %q, want %q", who, lang, path, m, titles[lang][slug])
			}
			if cur := guideCurrent.FindAllStringSubmatch(page, -1); len(cur) != 1 || cur[0][1] != path {
				t.Errorf("%s: on %s the table of contents marks %v as the current page", who, path, cur)
			}
		}
		for _, path := range []string{"/admin/guide/nope", "/admin/guide/index", "/admin/guide/Signin"} {
			status, page := g.get(path)
			if status != http.StatusNotFound || !strings.Contains(page, translate(lang, "not_found")) || !strings.Contains(page, `<h1>`+translate(lang, "error")+`</h1>`) {
				t.Errorf("%s, %s: %s answers %d, not the admin's not-found page:\n%s", who, lang, path, status, page)
			}
		}
	}
	for _, r := range roles {
		g := guideSignIn(t, base, "nguoi."+string(r))
		check(g, string(r), "vi")
		if resp := g.post("/admin/language", url.Values{"lang": {"en"}, "next": {"/admin/guide"}}); resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: switching the admin to English: %d", r, resp.StatusCode)
		}
		check(g, string(r), "en")
	}
	check(guideSignIn(t, base, "english.reader"), "an editor who chose English", "en")

	// Signed out, the guide is behind the sign-in like the rest.
	jar, _ := cookiejar.New(nil)
	anon := &guideClient{t: t, base: base, c: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	if status, _ := anon.get("/admin/guide/signin"); status != http.StatusSeeOther {
		t.Errorf("the guide signed out: %d, want a redirect to the sign-in", status)
	}
}

// TestGuideSaysWhomToAsk: the page of whom to ask lists the active
// administrators and approvers with their names, e-mail addresses and
// phone numbers (and what an approver approves), and nobody else.
func TestGuideSaysWhomToAsk(t *testing.T) {
	base := guideServer(t,
		&admin.User{Username: "quan.tri", Role: admin.RoleAdmin, FullName: "Trần Thị Quản Trị", Email: "quantri@binhphuoc.gov.vn", Phone: "0271 3879 123", Position: "Chuyên viên"},
		&admin.User{Username: "duyet.anh", Role: admin.RoleApprover, FullName: "Lê Văn Duyệt", Email: "duyet@binhphuoc.gov.vn", Phone: "0912 345 678", Languages: []string{"en"}},
		&admin.User{Username: "da.nghi", Role: admin.RoleAdmin, FullName: "Phạm Đã Nghỉ", Email: "danghi@binhphuoc.gov.vn", Disabled: true},
		&admin.User{Username: "soan.thao", Role: admin.RoleContributor, FullName: "Ngô Soạn Thảo", Email: "soanthao@binhphuoc.gov.vn", Phone: "0909 000 111"},
		&admin.User{Username: "thanh.tra", Role: admin.RoleInspector, FullName: "Vũ Thanh Tra"},
	)
	for _, who := range []string{"soan.thao", "thanh.tra"} {
		g := guideSignIn(t, base, who)
		status, page := g.get("/admin/guide/contacts")
		if status != http.StatusOK {
			t.Fatalf("%s: the page of whom to ask answers %d", who, status)
		}
		for _, want := range []string{"Trần Thị Quản Trị", `href="mailto:quantri@binhphuoc.gov.vn"`, ">0271 3879 123</a>", `href="tel:02713879123"`, "Chuyên viên",
			"Lê Văn Duyệt", "duyet@binhphuoc.gov.vn", "0912 345 678", "<dd>tiếng Anh</dd>", "<h2 id=\"contacts-0\">Quản trị hệ thống</h2>", "<h2 id=\"contacts-1\">Người duyệt</h2>"} {
			if !strings.Contains(page, want) {
				t.Errorf("%s: the page of whom to ask lacks %s", who, want)
			}
		}
		// The header names the one signed in: only the guide's text counts.
		_, text, _ := strings.Cut(page, `<article class="guide-page"`)
		for _, not := range []string{"Phạm Đã Nghỉ", "Ngô Soạn Thảo", "0909 000 111", "Vũ Thanh Tra"} {
			if strings.Contains(text, not) {
				t.Errorf("%s: the page of whom to ask lists %s, who is not to be asked", who, not)
			}
		}
	}
	// The other pages do not list anyone.
	if _, page := guideSignIn(t, base, "soan.thao").get("/admin/guide/signin"); strings.Contains(page, "quantri@binhphuoc.gov.vn") {
		t.Error("the sign-in page of the guide lists the contacts")
	}
}
