package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browser starts a headless Chromium for the test. Without one the test is
// skipped, except in CI, where .ci/run installs it and its absence is an
// error.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := os.Getenv("CHROMIUM")
	if path == "" {
		for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
			if _, err := os.Stat(p); err == nil {
				path = p
				break
			}
		}
	}
	if path == "" {
		if p, err := exec.LookPath("chromium"); err == nil {
			path = p
		}
	}
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("no Chromium found; .ci/run installs Debian's chromium")
		}
		t.Skip("no Chromium on this machine")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 1000),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	// Start the browser on a context without a deadline: the browser lives
	// as long as the context of its first run. Tabs made from this one get
	// their own deadlines.
	root, cancelRoot := chromedp.NewContext(actx)
	t.Cleanup(cancelRoot)
	if err := chromedp.Do(root); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return root
}

// tab opens a new browser window with its own cookies, as another person's
// browser would be; it ends with the test.
func tab(t *testing.T, alloc context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(cancel2)
	return ctx
}

func signIn(base, user, pass string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"admin/signin"),
		typeInto("#username", user),
		typeInto("#password", pass),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".who")),
	)
}

// waitNotice waits until the page's confirmation says text: the sign that
// the form was handled and its page loaded.
func waitNotice(text string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const n = document.querySelector('.notice'); return !!n && n.innerText.includes(%q); })()`, text)
	// A notice comes with the page that answers a form: a minute and a
	// half is ample on a busy machine, and a failure then says what the
	// page said instead.
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := waitTrue(strconv.Quote(text), js, 90*time.Second)(ctx, t)
		if err != nil {
			said, _ := chromedp.Evaluate[string](`[...document.querySelectorAll(".notice, [role=alert]")].map(e => e.innerText.trim()).filter(Boolean).join(" | ")`)(ctx, t)
			err = fmt.Errorf("%w (the page says: %q)", err, said)
		}
		return chromedp.Void{}, err
	}
}

// waitTrue waits until the script js is true in the page, for at most
// limit (0: as long as the context lasts). The page may navigate
// meanwhile, which ends any one evaluation: it asks again until the new
// page answers. what names what is awaited, for the error.
func waitTrue(what, js string, limit time.Duration) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		if limit > 0 {
			var cancel context.CancelFunc
			ctx, cancel = context.WithTimeout(ctx, limit)
			defer cancel()
		}
		for {
			if ok, err := chromedp.Evaluate[bool](js)(ctx, t); err == nil && ok {
				return chromedp.Void{}, nil
			}
			select {
			case <-ctx.Done():
				return chromedp.Void{}, fmt.Errorf("waiting for %s: %w", what, ctx.Err())
			case <-time.After(100 * time.Millisecond):
			}
		}
	}
}

// wordHTML is what Word puts on the clipboard: the content, wrapped in its
// own classes, styles, spans and XML.
const wordHTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>
<h2 class=MsoHeading2 style="mso-list:none"><span style='font-family:"Times New Roman"'>Giới thiệu</span><o:p></o:p></h2>
<p class=MsoNormal style="margin:0cm;font-size:12.0pt"><span lang=VI style='mso-ansi-language:VI'>Hồ Thác Mơ nằm dưới chân núi Bà Rá.</span><o:p></o:p></p>
<ul><li class=MsoListParagraph style='mso-list:l0 level1 lfo1'><span>Bù Gia Mập</span></li><li class=MsoListParagraph>Phước Long</li></ul>
<table class=MsoTableGrid border=1 style='border-collapse:collapse'><tr><td><p class=MsoNormal><b>Năm</b></p></td><td><p class=MsoNormal><b>Khách</b></p></td></tr><tr><td>2024</td><td>—</td></tr></table>
<p class=MsoNormal>Xem <a href="https://binhphuoc.gov.vn">Cổng thông tin</a>.<o:p></o:p></p>
</body></html>`

// pasteHTML pastes html into the editable element at sel, as the browser
// does when a user presses Ctrl+V after copying from Word.
func pasteHTML(sel, html string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => {
		const el = document.querySelector(%q);
		el.focus();
		const dt = new DataTransfer();
		dt.setData("text/html", %q);
		dt.setData("text/plain", "");
		el.dispatchEvent(new ClipboardEvent("paste", {clipboardData: dt, bubbles: true, cancelable: true}));
		return true;
	})()`, sel, html)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](js)(ctx, t)
		return chromedp.Void{}, err
	}
}

// click clicks the element at sel, trying again while the page is still
// settling (a node found a moment ago can be gone when the page script
// rebuilds part of the form).
func click(sel string) chromedp.Action[chromedp.Void] {
	// A mouse click lands where the element was when it was measured: on a
	// busy machine the page's scripts (the editor replacing its text area)
	// may still move it. Wait until the page has loaded and the element
	// has stayed put for a few frames (at most 3 s).
	steady := fmt.Sprintf(`new Promise(done => {
		const box = () => { const e = document.querySelector(%q); return e ? JSON.stringify(e.getBoundingClientRect()) : ""; };
		let last = box(), same = 0;
		const tick = () => {
			const now = box();
			if (document.readyState === "complete" && now !== "" && now === last) { if (++same >= 3) return done(true); } else { same = 0; last = now; }
			requestAnimationFrame(tick);
		};
		requestAnimationFrame(tick);
		setTimeout(() => done(false), 3000);
	})`, sel)
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for {
			try, cancel := context.WithTimeout(ctx, 5*time.Second)
			_, _ = chromedp.Evaluate[bool](steady, chromedp.EvalAwaitPromise)(try, t)
			_, err := chromedp.Click(chromedp.CSS(sel))(try, t)
			cancel()
			if err == nil || ctx.Err() != nil {
				return chromedp.Void{}, err
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// typeInto types text into the element at sel, looking it up again while
// the page is still settling (the editor's script replaces parts of the
// form as it starts). A lookup that fails types nothing, so trying again
// never types twice.
func typeInto(sel, text string) chromedp.Action[chromedp.Void] {
	return settled(sel, func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.SendKeys(chromedp.CSS(sel), text)(ctx, t)
		return err
	})
}

// setValue sets the value of the form field at sel, as typeInto does.
func setValue(sel, value string) chromedp.Action[chromedp.Void] {
	return settled(sel, func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.SetValue(chromedp.CSS(sel), value)(ctx, t)
		return err
	})
}

// settled runs do on the element at sel once it is there, again when the
// node it found was replaced before do reached it.
func settled(sel string, do func(context.Context, *chromedp.Target) error) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		for {
			try, cancel := context.WithTimeout(ctx, 10*time.Second)
			_, err := chromedp.WaitReady(chromedp.CSS(sel))(try, t)
			if err == nil {
				err = do(try, t)
			}
			cancel()
			if err == nil || ctx.Err() != nil || !strings.Contains(err.Error(), "Could not find node") {
				return chromedp.Void{}, err
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
}

// valueOf reads the value of the form field at sel, and textOf the text of
// the element at sel, in the page's script: a node the page replaced
// meanwhile is looked up again, never read stale.
func valueOf(sel string) chromedp.Action[string] {
	return chromedp.Poll[string](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.value : null; })()`, sel), chromedp.WithPollingTimeout(10*time.Second))
}

func textOf(sel string) chromedp.Action[string] {
	return chromedp.Poll[string](fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText : null; })()`, sel), chromedp.WithPollingTimeout(10*time.Second))
}

// seededData returns a data folder with the demo content and the users
// given as {name, role, unit} (unit "" for none); a user's password is
// password(name).
func seededData(t *testing.T, users ...[3]string) string {
	t.Helper()
	ctx := context.Background()
	data := t.TempDir()
	env := envFunc(map[string]string{"PORTAL_DATA": data})
	if err := run(ctx, []string{"seed"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, u := range users {
		args := []string{"user", "add", "--username", u[0], "--role", u[1]}
		if u[2] != "" {
			args = append(args, "--unit", u[2])
		}
		if err := run(ctx, args, env, strings.NewReader(password(u[0])+"\n"), io.Discard, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// password is the test password of user name.
func password(name string) string { return "mật khẩu của " + name }

// TestEditorInBrowser is the officers' main path in a real browser: sign
// in, write an article in Vietnamese, translate it into English, submit
// both; a second person approves and publishes; the article is on the
// public site in both languages.
func TestEditorInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-tttt"}, [3]string{"nguoi.duyet", "approver", ""}))

	w := tab(t, alloc)
	var editURL string
	err := chromedp.Do(w,
		signIn(base, "can.bo", "mật khẩu của can.bo"),
		chromedp.Navigate(base+"admin/articles/new"),
		setValue("#area", "tourism"),
		typeInto("#new-title", "Hồ Thác Mơ mùa nước đầy"),
		typeInto("#new-summary", "Hồ Thác Mơ ở thị xã Phước Long."),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		// The body is written in the toolbar editor: here, pasted from Word.
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		pasteHTML(".toastui-editor-ww-container .ProseMirror", wordHTML),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
	)
	if err != nil {
		t.Fatalf("write in Vietnamese: %v", err)
	}
	md, err := chromedp.Run(w, valueOf("#body"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"### Giới thiệu", "Hồ Thác Mơ nằm dưới chân núi Bà Rá", "* Bù Gia Mập", "| **Năm** | **Khách** |", "[Cổng thông tin](https://binhphuoc.gov.vn)"} {
		if !strings.Contains(md, want) {
			t.Errorf("the Markdown saved from the pasted Word text lacks %q:\n%s", want, md)
		}
	}
	for _, junk := range []string{"mso", "<span", "font-family", "<o:p>"} {
		if strings.Contains(md, junk) {
			t.Errorf("Word's markup %q reached the saved text:\n%s", junk, md)
		}
	}
	if editURL, err = chromedp.Run(w, chromedp.Location()); err != nil {
		t.Fatal(err)
	}
	enURL := strings.TrimSuffix(editURL, "/vi") + "/en"
	err = chromedp.Do(w,
		click(`button[value=submit]`),
		waitNotice("Đã gửi duyệt"),
		chromedp.Navigate(enURL),
		chromedp.WaitVisible(chromedp.ID("title")),
		typeInto("#title", "Thác Mơ Lake at high water"),
		typeInto("#summary", "Thác Mơ Lake in Phước Long Town."),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", "Thác Mơ Lake lies at the foot of Bà Rá Mountain."),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 1"),
	)
	if err != nil {
		t.Fatalf("translate and submit: %v", err)
	}
	screenshot(t, w, "edit-en")

	a := tab(t, alloc)
	err = chromedp.Do(a, signIn(base, "nguoi.duyet", "mật khẩu của nguoi.duyet"))
	if err != nil {
		t.Fatalf("approver signs in: %v", err)
	}

	// A stale edit: the approver opens the English version, the writer
	// saves it first; the approver's save is refused and what the approver
	// typed is still in the form, beside the stored version.
	err = chromedp.Do(a,
		chromedp.Navigate(enURL),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
	)
	if err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(w,
		chromedp.Navigate(enURL),
		chromedp.WaitVisible(chromedp.ID("summary")),
		setValue("#summary", "Thác Mơ Lake, Phước Long Town (edited first)."),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
	)
	if err != nil {
		t.Fatalf("first edit: %v", err)
	}
	typed := "A paragraph the approver typed and must not lose."
	err = chromedp.Do(a,
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", " "+typed),
		click(`form[action$="/save"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`.editor .error`)),
	)
	if err != nil {
		t.Fatalf("stale edit: %v", err)
	}
	kept, err := chromedp.Run(a, valueOf("#body"))
	if err != nil || !strings.Contains(kept, typed) {
		t.Errorf("after the refused save the form holds %q, want the typed text (%v)", kept, err)
	}
	if shown, _ := chromedp.Run(a, textOf(".toastui-editor-ww-container .ProseMirror")); !strings.Contains(shown, typed) {
		t.Errorf("the editor shows %q after the refused save, want the typed text", shown)
	}
	stored, _ := chromedp.Run(a, textOf(".stored"))
	if !strings.Contains(stored, "(edited first)") {
		t.Errorf("the stored version is not shown beside the refused text: %q", stored)
	}
	screenshot(t, a, "stale-edit")

	// The writer resubmits the edited English version for review.
	err = chromedp.Do(w,
		click(`button[value=submit]`),
		waitNotice("Đã gửi duyệt"),
	)
	if err != nil {
		t.Fatalf("resubmit: %v", err)
	}
	for _, u := range []string{editURL, enURL} {
		err = chromedp.Do(a,
			chromedp.Navigate(u),
			click(`button[value=approve]`),
			waitNotice("Đã duyệt"),
			click(`button[value=publish]`),
			waitNotice("Đã xuất bản. Trang công khai đang được cập nhật"),
		)
		if err != nil {
			t.Fatalf("approve and publish %s: %v", u, err)
		}
	}
	// Without a reload, the page shows the link to the public page once
	// the rebuilt site has the version.
	if err := chromedp.Do(a, chromedp.WaitVisible(chromedp.CSS(".site-state a"))); err != nil {
		t.Fatalf("the edit page did not show the public page's link by itself: %v", err)
	}
	if loc, _ := chromedp.Run(a, chromedp.Location()); loc != enURL {
		t.Errorf("the page was reloaded or left: %s", loc)
	}

	// Autosave: text typed but not saved is offered back on the next visit.
	err = chromedp.Do(w,
		chromedp.Navigate(editURL),
		chromedp.WaitVisible(chromedp.ID("title")),
		typeInto("#title", " (chưa lưu)"),
		chromedp.Navigate(editURL),
		chromedp.WaitVisible(chromedp.CSS("#autosave-note button")),
		click("#autosave-note button"),
	)
	if err != nil {
		t.Fatalf("autosave: %v", err)
	}
	if title, _ := chromedp.Run(w, valueOf("#title")); !strings.Contains(title, "(chưa lưu)") {
		t.Errorf("autosaved title not restored: %q", title)
	}

	// The site is rebuilt in the background; the pages appear within a minute.
	for _, p := range []struct{ path, text string }{
		{"vi/du-lich/ho-thac-mo-mua-nuoc-day/", "Hồ Thác Mơ mùa nước đầy"},
		{"en/tourism/thac-mo-lake-at-high-water/", "Thác Mơ Lake at high water"},
	} {
		if !waitFor(base+p.path, p.text, 60*time.Second) {
			t.Errorf("%s did not appear on the public site", p.path)
		}
	}
	if err := chromedp.Do(a, chromedp.Navigate(base+"vi/du-lich/ho-thac-mo-mua-nuoc-day/")); err != nil {
		t.Fatal(err)
	}
	html, err := chromedp.Run(a, chromedp.OuterHTML(chromedp.CSS("html")))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(html, `hreflang="en"`) || !strings.Contains(html, "/en/tourism/thac-mo-lake-at-high-water/") {
		t.Error("the Vietnamese page does not link its English version")
	}
	// Once built, the edit page says readers see the version, with a link
	// to its page.
	err = chromedp.Do(a, chromedp.Navigate(enURL), chromedp.WaitVisible(chromedp.CSS(".site-state a")))
	if err != nil {
		t.Fatalf("the edit page after the build: %v", err)
	}
	if state, _ := chromedp.Run(a, textOf(".site-state")); !strings.Contains(state, "Bạn đọc đang thấy phiên bản") {
		t.Errorf("the edit page says %q of a version on the site", state)
	}
}

func waitFor(url, text string, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := http.Get(url); err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == 200 && strings.Contains(string(b), text) {
				return true
			}
		}
		time.Sleep(300 * time.Millisecond)
	}
	return false
}

// screenshot saves the page as PNG into $SCREENSHOTS when it is set.
func screenshot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("SCREENSHOTS")
	if dir == "" {
		return
	}
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Logf("screenshot: %v", err)
		return
	}
	os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
}

// axe runs axe-core (WCAG 2.1 A and AA rules) on the page in ctx and
// returns its violations, one line each. The script comes from $AXE_JS
// (.ci/run installs axe-core from the npm registry); without it the check
// is skipped, except in CI.
func axe(t *testing.T, ctx context.Context) []string {
	t.Helper()
	path := os.Getenv("AXE_JS")
	if path == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("AXE_JS is not set; .ci/run installs axe-core")
		}
		t.Skip("no axe-core (set AXE_JS to axe.min.js)")
	}
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](string(src)+";0")); err != nil {
		t.Fatalf("load axe-core: %v", err)
	}
	out, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
		.then(r => r.violations.map(v => v.id + ": " + v.help + " at " + v.nodes.map(n => n.target.join(" ")).join(", ")))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("run axe-core: %v", err)
	}
	return out
}

// TestAdminAccessibility checks the main admin screens with axe-core.
func TestAdminAccessibility(t *testing.T) {
	alloc := browser(t)
	// With users already there, no first administrator is made: add one.
	base := startServer(t, seededData(t, [3]string{"bien.tap", "editor", ""}, [3]string{"quan.tri", "admin", ""}))

	check := func(b context.Context, name, url string) {
		t.Helper()
		if err := chromedp.Do(b, chromedp.Navigate(url), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, v := range axe(t, b) {
			t.Errorf("%s: %s", name, v)
		}
	}
	anon := tab(t, alloc)
	check(anon, "sign-in", base+"admin/signin")
	// The check itself must be able to fail: an image without a text
	// alternative is a violation axe-core reports.
	if _, err := chromedp.Run(anon, chromedp.Evaluate[any](`document.querySelector("main").insertAdjacentHTML("beforeend", '<img src="/admin/static/none.png">'); 0`)); err != nil {
		t.Fatal(err)
	}
	if v := axe(t, anon); len(v) == 0 || !strings.Contains(strings.Join(v, " "), "image-alt") {
		t.Errorf("axe-core did not report a planted image without alt text: %v", v)
	}

	ed := tab(t, alloc)
	if err := chromedp.Do(ed, signIn(base, "bien.tap", password("bien.tap"))); err != nil {
		t.Fatal(err)
	}
	check(ed, "dashboard", base+"admin/")
	check(ed, "article list", base+"admin/articles?q=dieu")
	check(ed, "new article", base+"admin/articles/new")
	check(ed, "edit (source)", base+"admin/articles/1/vi")
	check(ed, "edit (translation)", base+"admin/articles/1/en")
	check(ed, "edit (no translation yet)", base+"admin/articles/6/en")
	check(ed, "media library (empty)", base+"admin/media")
	photo := writeJPEG(t, t.TempDir(), "anh.jpg", 800, 500)
	err := chromedp.Do(ed,
		chromedp.SetUploadFiles(chromedp.ID("m-file"), []string{photo}),
		typeInto("#m-alt-vi", "Ảnh thử"),
		click(`form[action="/admin/media"] button[type=submit]`),
		waitNotice("Đã thêm ảnh vào thư viện"),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	item, _ := chromedp.Run(ed, chromedp.Location())
	check(ed, "picture", item)
	check(ed, "media library", base+"admin/media")
	check(ed, "media search", base+"admin/media?q=anh&incomplete=1")

	adm := anon // the same window, now signing in
	if err := chromedp.Do(adm, signIn(base, "quan.tri", password("quan.tri"))); err != nil {
		t.Fatalf("admin signs in: %v", err)
	}
	check(adm, "users", base+"admin/users")
	check(adm, "units", base+"admin/units")
	check(adm, "audit log", base+"admin/audit")
	check(adm, "two-factor", base+"admin/account/2fa")
	check(adm, "site settings", base+"admin/settings")
	check(adm, "award nominations", base+"admin/nominations")
	check(adm, "edit with nomination", base+"admin/articles/1/vi")
	check(adm, "my account", base+"admin/account")
	check(adm, "change password", base+"admin/account/password")
	check(adm, "notifications", base+"admin/notifications")
	check(adm, "mail settings", base+"admin/settings/mail")
	check(adm, "one user", base+"admin/users/1")
	check(adm, "users found", base+"admin/users?q=bien&role=editor")
	check(tab(t, alloc), "forgotten password", base+"admin/reset")
}
