package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portal/admin"
)

// The workflow as officers meet it in a browser at 1366×768: deleting a
// draft and taking a page off the site, seeing a page go live, being told
// why one may not approve, and correcting the site's settings.

// TestWorkflowInBrowser walks the workflow in Chromium, each part with its
// own server and demo data.
func TestWorkflowInBrowser(t *testing.T) {
	alloc := browser(t)
	t.Run("delete", func(t *testing.T) { workflowDelete(t, alloc) })
	t.Run("unpublish", func(t *testing.T) { workflowUnpublish(t, alloc) })
	t.Run("publish", func(t *testing.T) { workflowPublish(t, alloc) })
	t.Run("settings", func(t *testing.T) { workflowSettings(t, alloc) })
}

// wfPerson is a user of these tests, with the full name the admin shows.
type wfPerson struct{ login, role, unit, name string }

// wfData returns a data folder with the demo content and people, each
// with the password password(login).
func wfData(t *testing.T, people ...wfPerson) string {
	t.Helper()
	data := seededData(t)
	env := envFunc(map[string]string{"PORTAL_DATA": data})
	for _, p := range people {
		args := []string{"user", "add", "--username", p.login, "--role", p.role, "--name", p.name}
		if p.unit != "" {
			args = append(args, "--unit", p.unit)
		}
		if err := run(context.Background(), args, env, strings.NewReader(password(p.login)+"\n"), io.Discard, io.Discard); err != nil {
			t.Fatalf("add %s: %v", p.login, err)
		}
	}
	return data
}

// wfTab is another person's browser window at 1366×768, signed in as p.
// It lives longer than tab's: these walks take a few minutes.
func wfTab(t *testing.T, alloc context.Context, base string, p wfPerson) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(alloc, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	ctx, cancel2 := context.WithTimeout(ctx, 5*time.Minute)
	t.Cleanup(cancel2)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768), signIn(base, p.login, password(p.login))); err != nil {
		t.Fatalf("%s signs in: %v", p.login, err)
	}
	return ctx
}

// wfUntil waits until the script js is true in the page, for at most limit.
func wfUntil(js string, limit time.Duration) chromedp.Action[chromedp.Void] {
	return waitTrue(js, js, limit)
}

// wfAt waits until the page's address ends with suffix (the path, without
// the query).
func wfAt(suffix string) chromedp.Action[chromedp.Void] {
	return wfUntil(fmt.Sprintf(`location.pathname.endsWith(%q) && document.readyState === "complete"`, suffix), 20*time.Second)
}

// wfClear empties the form field at sel, as selecting its text and
// pressing Delete would.
func wfClear(sel string) chromedp.Action[chromedp.Void] {
	return wfUntil(fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (!e) return false; e.value = ""; e.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`, sel), 10*time.Second)
}

// wfEval runs js in the page in ctx.
func wfEval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

// wfText is the text of the element at sel, "" when there is none.
func wfText(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	return wfEval[string](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); return e ? e.innerText : ""; })()`, sel))
}

// wfFlat checks that the page does not scroll sideways at the window's
// width, and saves its screenshot, with sel (when given) in view.
func wfFlat(t *testing.T, ctx context.Context, name, sel string) {
	t.Helper()
	if sel != "" {
		wfEval[bool](t, ctx, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (e) e.scrollIntoView({block: "center"}); return true; })()`, sel))
	}
	wide := wfEval[[]string](t, ctx, `(() => {
		const d = document.documentElement, W = d.clientWidth;
		if (d.scrollWidth <= W) return [];
		const out = ["the page is " + d.scrollWidth + " px wide in a window of " + W];
		for (const e of document.querySelectorAll("body *")) {
			const r = e.getBoundingClientRect();
			if (r.right > W + 1 && out.length < 6) out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (typeof e.className === "string" && e.className ? "." + e.className.split(" ").join(".") : "") + " reaches " + Math.round(r.right));
		}
		return out;
	})()`)
	if len(wide) > 0 {
		t.Errorf("%s scrolls sideways at 1366 px: %s", name, strings.Join(wide, "; "))
	}
	screenshot(t, ctx, "workflow-"+name)
}

// wfAxe reports what axe-core finds on the page, when axe-core is there,
// but for the known violations, which it only logs.
func wfAxe(t *testing.T, ctx context.Context, name string, known ...string) {
	t.Helper()
	if os.Getenv("AXE_JS") == "" && os.Getenv("CI") == "" {
		return
	}
	for _, v := range axe(t, ctx) {
		if slices.Contains(known, v) {
			t.Logf("%s: known, reported: %s", name, v)
			continue
		}
		t.Errorf("%s: %s", name, v)
	}
}

// wfCount is the number of articles the list says it holds.
func wfCount(t *testing.T, ctx context.Context, base string) int {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"admin/articles"), chromedp.WaitVisible(chromedp.CSS("#bulk"))); err != nil {
		t.Fatalf("the article list: %v", err)
	}
	s := wfText(t, ctx, `main > p[role=status]:not(.notice)`)
	m := regexp.MustCompile(`^(\d+) bài viết`).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("the article list says %q, not how many articles it holds", s)
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// wfListed reports whether the article list shows an article titled title.
func wfListed(t *testing.T, ctx context.Context, title string) bool {
	t.Helper()
	return wfEval[bool](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("#bulk tbody tr td:nth-child(2) a")].some(a => a.textContent.trim() === %q)`, title))
}

// wfWrite writes a new tourism article as its author would: title and
// summary on the "new article" page, then the text in the editor, saved.
// It leaves the browser on the article's Vietnamese edit page and returns
// that page's address.
func wfWrite(t *testing.T, ctx context.Context, base, title, summary, body string) string {
	t.Helper()
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"admin/articles/new"),
		setValue("#area", "tourism"),
		typeInto("#new-title", title),
		typeInto("#new-summary", summary),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", body),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
	)
	if err != nil {
		t.Fatalf("write %q: %v", title, err)
	}
	u, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return strings.SplitN(u, "#", 2)[0]
}

// wfSubmit sends the version on the page for review.
func wfSubmit(t *testing.T, ctx context.Context, what string) {
	t.Helper()
	if err := chromedp.Do(ctx, click(`button[value=submit]`), waitNotice("Đã gửi duyệt")); err != nil {
		said, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`[...document.querySelectorAll("[role=alert], [role=status], .notice, .error")].map(e => e.innerText).join(" | ")`))
		t.Fatalf("submit %s: %v; the page says: %s", what, err, said)
	}
}

// workflowDelete: a contributor who opens "new article" and
// leaves creates nothing; one who types only a title creates a draft,
// saves it, and deletes it after a page that names it; it is gone from the
// list. A colleague of the same unit, who may edit the draft, is not
// offered to delete it.
func workflowDelete(t *testing.T, alloc context.Context) {
	writer := wfPerson{"can.bo", "contributor", "so-tttt", "Phạm Thị Thu Hà"}
	colleague := wfPerson{"can.bo.hai", "contributor", "so-tttt", "Võ Minh Tuấn"}
	base := startServer(t, wfData(t, writer, colleague))

	w := wfTab(t, alloc, base, writer)
	before := wfCount(t, w, base)
	wfFlat(t, w, "delete-list", "")

	// Opening "new article" and going elsewhere leaves nothing behind.
	err := chromedp.Do(w,
		chromedp.Navigate(base+"admin/articles/new"),
		chromedp.WaitVisible(chromedp.ID("new-title")),
	)
	if err != nil {
		t.Fatalf("open new article: %v", err)
	}
	wfFlat(t, w, "delete-new", "")
	if err := chromedp.Do(w, click(`header.top nav a[href="/admin/articles"]`), wfAt("/admin/articles")); err != nil {
		t.Fatalf("leave new article: %v", err)
	}
	if n := wfCount(t, w, base); n != before {
		t.Errorf("opening and leaving \"new article\" changed the list from %d to %d articles", before, n)
	}

	// Only the title typed, then saved.
	title := "Tuyến xe buýt Đồng Xoài – Bù Đăng"
	err = chromedp.Do(w,
		chromedp.Navigate(base+"admin/articles/new"),
		typeInto("#new-title", title),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		// Saved with nothing changed, it stays version 1 and says so.
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Không có gì thay đổi so với phiên bản 1"),
	)
	if err != nil {
		t.Fatalf("create with the title only and save: %v", err)
	}
	editURL, _ := chromedp.Run(w, chromedp.Location())
	if got, _ := chromedp.Run(w, valueOf("#title")); got != title {
		t.Errorf("the saved draft's title is %q, want %q", got, title)
	}
	if st := wfText(t, w, "dl.facts dd"); !strings.Contains(st, "Bản nháp") {
		t.Errorf("the new article's status is %q, want a draft", st)
	}
	wfFlat(t, w, "delete-draft", "")
	if n := wfCount(t, w, base); n != before+1 || !wfListed(t, w, title) {
		t.Errorf("after creating the draft the list holds %d articles (want %d) and lists it: %v", n, before+1, wfListed(t, w, title))
	}

	// A colleague of the unit may open and edit the draft, not delete it.
	o := wfTab(t, alloc, base, colleague)
	if err := chromedp.Do(o, chromedp.Navigate(editURL), chromedp.WaitVisible(chromedp.ID("title"))); err != nil {
		t.Fatalf("the colleague opens the draft: %v", err)
	}
	if n := wfEval[int](t, o, `document.querySelectorAll('a[href$="/delete"], form[action$="/delete"]').length`); n != 0 {
		t.Error("a contributor is offered to delete a colleague's draft")
	}
	// Typing the deletion page's address does not offer it either.
	id := regexp.MustCompile(`/admin/articles/(\d+)/`).FindStringSubmatch(editURL)
	if id == nil {
		t.Fatalf("no article number in %s", editURL)
	}
	if err := chromedp.Do(o, chromedp.Navigate(base+"admin/articles/"+id[1]+"/delete"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if n := wfEval[int](t, o, `document.querySelectorAll('form[action$="/delete"]').length`); n != 0 {
		t.Error("the deletion page offers a contributor to delete a colleague's draft")
	}
	if msg := wfText(t, o, "main .error"); !strings.Contains(msg, "Bạn chỉ xóa được bài do chính mình tạo.") {
		t.Errorf("the deletion page tells the colleague %q", msg)
	}
	wfFlat(t, o, "delete-refused", "")

	// The author deletes it, after a page that names it.
	err = chromedp.Do(w,
		chromedp.Navigate(editURL),
		click(`a.danger-link[href$="/delete"]`),
		chromedp.WaitVisible(chromedp.CSS(`form[action$="/delete"] button.danger`)),
	)
	if err != nil {
		t.Fatalf("open the deletion page: %v", err)
	}
	if h := wfText(t, w, "main h1"); h != "Xóa bài viết" {
		t.Errorf("the deletion page's heading is %q", h)
	}
	if named := wfText(t, w, "main ul li"); !strings.Contains(named, title) || !strings.Contains(named, "Bản nháp") {
		t.Errorf("the deletion page names %q, want the article's title and state", named)
	}
	if b := wfText(t, w, `form[action$="/delete"] button.danger`); b != "Xóa hẳn bài này" {
		t.Errorf("the deletion button says %q", b)
	}
	wfAxe(t, w, "deletion page")
	wfFlat(t, w, "delete-confirm", "")
	err = chromedp.Do(w,
		click(`form[action$="/delete"] button.danger`),
		wfAt("/admin/articles"),
		waitNotice("Đã xóa bài viết."),
	)
	if err != nil {
		t.Fatalf("delete: %v", err)
	}
	wfFlat(t, w, "delete-done", "")
	if n := wfCount(t, w, base); n != before || wfListed(t, w, title) {
		t.Errorf("after the deletion the list holds %d articles (want %d) and still lists it: %v", n, before, wfListed(t, w, title))
	}
}

// workflowUnpublish: an approver takes a published article
// off the site. Without a reason nothing changes and the page says a
// reason is needed; with one, the article's address says it was
// withdrawn, and the audit log, read by an inspector, has the sentence and
// the reason.
func workflowUnpublish(t *testing.T, alloc context.Context) {
	approver := wfPerson{"duyet.mot", "approver", "", "Trần Văn Hùng"}
	inspector := wfPerson{"thanh.tra", "inspector", "", "Đỗ Quang Minh"}
	base := startServer(t, wfData(t, approver, inspector))
	if !waitFor(base+"vi/", "</main>", 120*time.Second) {
		t.Fatal("the public site was not built")
	}

	a := wfTab(t, alloc, base, approver)
	if err := chromedp.Do(a, chromedp.Navigate(base+"admin/articles?q=PCI"), chromedp.WaitVisible(chromedp.CSS("#bulk"))); err != nil {
		t.Fatalf("search the article list: %v", err)
	}
	found := wfEval[string](t, a, `(() => { const l = [...document.querySelectorAll("#bulk tbody tr td:nth-child(2) a")].find(a => a.textContent.startsWith("PCI 2022")); return l ? l.getAttribute("href") : ""; })()`)
	if found == "" {
		t.Fatal("the article list does not find the demo article on PCI 2022")
	}
	err := chromedp.Do(a,
		click(fmt.Sprintf(`#bulk a[href=%q]`, found)),
		wfAt(found),
		chromedp.WaitVisible(chromedp.CSS("dl.facts")),
		// The demo articles are on the site once the first build is done.
		wfUntil(`!!document.querySelector(".site-state a")`, 120*time.Second),
	)
	if err != nil {
		t.Fatalf("open a published article: %v", err)
	}
	editURL, _ := chromedp.Run(a, chromedp.Location())
	title, _ := chromedp.Run(a, valueOf("#title"))
	public := wfEval[string](t, a, `document.querySelector(".site-state a").pathname`)
	if title == "" || !strings.HasPrefix(public, "/vi/") {
		t.Fatalf("the published article %q has the public page %q", title, public)
	}
	if !waitFor(base+strings.TrimPrefix(public, "/"), title, 60*time.Second) {
		t.Fatalf("%s does not show %q before it is taken down", public, title)
	}
	wfFlat(t, a, "unpublish-edit", "#wf-h")

	openForm := func() {
		t.Helper()
		err := chromedp.Do(a,
			chromedp.Navigate(editURL),
			click(`a.button.danger[href$="/unpublish"]`),
			chromedp.WaitVisible(chromedp.ID("reason-help")),
		)
		if err != nil {
			t.Fatalf("open the unpublish page: %v", err)
		}
	}
	openForm()
	if h := wfText(t, a, "main h1"); h != "Gỡ bản khỏi trang công khai" {
		t.Errorf("the unpublish page's heading is %q", h)
	}
	if p := wfText(t, a, "main h1 + p"); !strings.Contains(p, "«"+title+"»") {
		t.Errorf("the unpublish page does not name the version: %q", p)
	}
	wfAxe(t, a, "unpublish page")
	wfFlat(t, a, "unpublish-confirm", "")

	// No reason: the browser keeps the form and says the field is needed.
	if err := chromedp.Do(a, click(`main form button.danger`)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if loc, _ := chromedp.Run(a, chromedp.Location()); !strings.HasSuffix(loc, "/unpublish") {
		t.Errorf("without a reason the form was sent (now at %s)", loc)
	}
	if msg := wfEval[string](t, a, `document.getElementById("comment").validationMessage`); msg == "" {
		t.Error("without a reason the browser says nothing")
	}
	// Only spaces: the server refuses, says why, and nothing changes.
	err = chromedp.Do(a,
		typeInto("#comment", "   "),
		click(`main form button.danger`),
		wfUntil(`(() => { const e = document.querySelector("main .error"); return !!e && e.innerText.includes("Hãy ghi lý do gỡ bài"); })()`, 20*time.Second),
	)
	if err != nil {
		t.Fatalf("a blank reason: %v", err)
	}
	wfFlat(t, a, "unpublish-no-reason", "main .error")
	if st := wfText(t, a, "dl.facts dd"); !strings.Contains(st, "Đã xuất bản") {
		t.Errorf("after a refused unpublish the status is %q", st)
	}
	if resp, err := http.Get(base + strings.TrimPrefix(public, "/")); err != nil || resp.StatusCode != 200 {
		t.Errorf("after a refused unpublish the public page answers %v %v", resp, err)
	} else {
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if strings.Contains(string(b), "Bài viết đã được gỡ xuống") {
			t.Error("a refused unpublish took the page down")
		}
	}

	// With a reason.
	reason := "Số liệu PCI 2022 được VCCI hiệu chỉnh, bài sẽ được đăng lại sau khi cập nhật."
	openForm()
	err = chromedp.Do(a,
		typeInto("#comment", reason),
		click(`main form button.danger`),
		waitNotice("Đã gỡ xuống."),
	)
	if err != nil {
		t.Fatalf("unpublish with a reason: %v", err)
	}
	if st := wfText(t, a, "dl.facts dd"); !strings.Contains(st, "Đã gỡ") {
		t.Errorf("after unpublishing the status is %q", st)
	}
	wfFlat(t, a, "unpublish-done", "")
	// The address now says the article was withdrawn (the product leaves a
	// page there, answered 200, rather than a 404).
	if !waitFor(base+strings.TrimPrefix(public, "/"), "Bài viết đã được gỡ xuống", 120*time.Second) {
		t.Fatalf("%s does not say the article was withdrawn", public)
	}
	if err := chromedp.Do(a, chromedp.Navigate(base+strings.TrimPrefix(public, "/")), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	if h := wfText(t, a, "main h1"); h != "Bài viết đã được gỡ xuống" {
		t.Errorf("the withdrawn page's heading is %q", h)
	}
	if body := wfText(t, a, "main"); !strings.Contains(body, "«"+title+"»") {
		t.Errorf("the withdrawn page does not name the article: %q", body)
	}
	wfFlat(t, a, "unpublish-public", "")

	// The audit log says who took it down, and why.
	in := wfTab(t, alloc, base, inspector)
	if err := chromedp.Do(in, chromedp.Navigate(base+"admin/audit"), chromedp.WaitVisible(chromedp.CSS("main table"))); err != nil {
		t.Fatalf("the audit log: %v", err)
	}
	row := wfEval[string](t, in, `(() => { const r = [...document.querySelectorAll("main tbody tr")].find(r => r.innerText.includes("translation.unpublish")); if (!r) return ""; r.scrollIntoView({block: "center"}); return r.innerText; })()`)
	sentence := "Trần Văn Hùng đã gỡ bản tiếng Việt của bài «" + title + "» khỏi trang"
	if !strings.Contains(row, sentence) || !strings.Contains(row, reason) {
		t.Errorf("the audit log's entry is %q, want %q and the reason %q", row, sentence, reason)
	}
	wfFlat(t, in, "unpublish-audit", "")
}

// workflowPublish: a contributor's work in every state is on
// their dashboard; an approver who edited a version waiting for review is
// not offered to approve it and is told why and who can; another approver
// publishes it in both languages, and each edit page shows the link to
// its public page by itself once the site has it; a scheduled approval
// says when, in Vietnam's time; the dashboard and the article list link to
// the public pages.
func workflowPublish(t *testing.T, alloc context.Context) {
	writer := wfPerson{"can.bo", "contributor", "so-tttt", "Phạm Thị Thu Hà"}
	first := wfPerson{"duyet.mot", "approver", "", "Trần Văn Hùng"}
	second := wfPerson{"duyet.hai", "approver", "", "Lê Thị Mai"}
	base := startServer(t, wfData(t, writer, first, second))

	w := wfTab(t, alloc, base, writer)
	// One article in every state the writer's work can be in.
	draft := "Lễ hội cầu mùa của người S'tiêng"
	if err := chromedp.Do(w,
		chromedp.Navigate(base+"admin/articles/new"),
		typeInto("#new-title", draft),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
	); err != nil {
		t.Fatalf("write the draft: %v", err)
	}
	type piece struct{ title, url string }
	pieces := map[string]*piece{
		"live":      {title: "Hồ Suối Lam vào mùa khô"},
		"review":    {title: "Thác Số 4 ở Bù Gia Mập"},
		"back":      {title: "Chợ phiên cửa khẩu Hoa Lư"},
		"approved":  {title: "Đường lên đỉnh núi Bà Rá"},
		"scheduled": {title: "Ngày hội văn hóa các dân tộc Phước Long"},
	}
	for _, k := range []string{"live", "review", "back", "approved", "scheduled"} {
		p := pieces[k]
		p.url = wfWrite(t, w, base, p.title, "Giới thiệu: "+p.title+".", p.title+" là điểm đến của du khách trong và ngoài tỉnh.")
		wfSubmit(t, w, p.title)
	}
	live := pieces["live"]
	liveEN := strings.TrimSuffix(live.url, "/vi") + "/en"
	enTitle := "Suối Lam Lake in the dry season"
	err := chromedp.Do(w,
		chromedp.Navigate(liveEN),
		chromedp.WaitVisible(chromedp.ID("title")),
		typeInto("#title", enTitle),
		typeInto("#summary", "An introduction to Suối Lam Lake."),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", "Suối Lam Lake draws visitors from near and far."),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 1"),
	)
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	wfSubmit(t, w, enTitle)

	// The writer, waiting for review, sees who can approve, by full name.
	if err := chromedp.Do(w, chromedp.Navigate(pieces["review"].url), chromedp.WaitVisible(chromedp.ID("who-approves"))); err != nil {
		t.Fatalf("the writer's version in review: %v", err)
	}
	who := wfText(t, w, "#who-approves")
	if !strings.Contains(who, "Người có thể duyệt bản này:") || !strings.Contains(who, "Trần Văn Hùng") || !strings.Contains(who, "Lê Thị Mai") {
		t.Errorf("the writer's page in review says %q, want both approvers named", who)
	}
	if n := wfEval[int](t, w, `document.querySelectorAll("button[value=approve]").length`); n != 0 {
		t.Error("the writer is offered to approve")
	}
	wfFlat(t, w, "publish-writer-in-review", "#who-approves")

	// The first approver edits the version in review: now the last
	// editor, they may not approve it, and the page says why and who can.
	a1 := wfTab(t, alloc, base, first)
	err = chromedp.Do(a1,
		chromedp.Navigate(live.url),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", " Nên đến vào buổi sáng."),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 3"),
	)
	if err != nil {
		t.Fatalf("the first approver edits: %v", err)
	}
	if n := wfEval[int](t, a1, `document.querySelectorAll("button[value=approve]").length`); n != 0 {
		t.Error("the approver who last edited the version is offered to approve it")
	}
	if st := wfText(t, a1, "dl.facts dd"); !strings.Contains(st, "Chờ duyệt") {
		t.Errorf("the edited version is %q, want it still waiting for review", st)
	}
	who = wfText(t, a1, "#who-approves")
	for _, want := range []string{"Người duyệt phải là người khác với người viết và người sửa cuối cùng của bản này.", "Người có thể duyệt bản này:", "Lê Thị Mai"} {
		if !strings.Contains(who, want) {
			t.Errorf("the last editor's page says %q, without %q", who, want)
		}
	}
	for _, not := range []string{"Trần Văn Hùng", "Phạm Thị Thu Hà"} {
		if strings.Contains(who, not) {
			t.Errorf("the page names %s among those who can approve: %q", not, who)
		}
	}
	wfFlat(t, a1, "publish-four-eyes", "#who-approves")

	// The first approver sends one back, approves one, and schedules one.
	err = chromedp.Do(a1,
		chromedp.Navigate(pieces["back"].url),
		typeInto("#comment", "Cần thêm giờ họp chợ và ảnh minh họa."),
		click(`button[value=request-changes]`),
		waitNotice("Đã trả lại để chỉnh sửa."),
		chromedp.Navigate(pieces["approved"].url),
		click(`button[value=approve]`),
		waitNotice("Đã duyệt."),
	)
	if err != nil {
		t.Fatalf("send back and approve: %v", err)
	}
	when := time.Now().In(admin.Vietnam).AddDate(0, 0, 2)
	when = time.Date(when.Year(), when.Month(), when.Day(), 8, 30, 0, 0, admin.Vietnam)
	month := strconv.Itoa(int(when.Month()))
	if when.Month() <= 2 {
		month = "0" + month
	}
	at := fmt.Sprintf("08:30 ngày %02d/%s/%d", when.Day(), month, when.Year())
	if err := chromedp.Do(a1, chromedp.Navigate(pieces["scheduled"].url), chromedp.WaitVisible(chromedp.ID("publish_at"))); err != nil {
		t.Fatal(err)
	}
	// The field is the browser's date-and-time field, or a text field
	// written day first (30/06/2024 08:00) with a calendar beside it.
	value := when.Format("02/01/2006 15:04")
	if wfEval[string](t, a1, `document.getElementById("publish_at").type`) == "datetime-local" {
		value = when.Format("2006-01-02T15:04")
	}
	err = chromedp.Do(a1,
		setValue("#publish_at", value),
		click(`button[value=approve]`),
		waitNotice("Đã hẹn giờ xuất bản lúc "+at+" (giờ Việt Nam)"),
	)
	if err != nil {
		t.Fatalf("approve with a publication time: %v", err)
	}
	if facts := wfText(t, a1, "dl.facts"); !strings.Contains(facts, "Hẹn giờ xuất bản") || !strings.Contains(facts, at) {
		t.Errorf("the scheduled version's facts say %q, want the time %s", facts, at)
	}
	wfFlat(t, a1, "publish-scheduled", "")

	// The second approver publishes the article in both languages: each
	// edit page shows its public page's link by itself once the site has
	// it.
	a2 := wfTab(t, alloc, base, second)
	links := map[string]string{}
	for _, v := range []struct{ lang, url, title, prefix string }{
		{"vi", live.url, live.title, "/vi/du-lich/"},
		{"en", liveEN, enTitle, "/en/tourism/"},
	} {
		err := chromedp.Do(a2,
			chromedp.Navigate(v.url),
			click(`button[value=approve]`),
			waitNotice("Đã duyệt."),
			click(`button[value=publish]`),
			waitNotice("Đã xuất bản. Trang công khai đang được cập nhật"),
		)
		if err != nil {
			t.Fatalf("approve and publish (%s): %v", v.lang, err)
		}
		wfEval[bool](t, a2, `window.wfSamePage = true`)
		if st := wfText(t, a2, ".site-state"); strings.Contains(st, "Xem trên trang") {
			t.Logf("(%s) the link was there at once: %q", v.lang, st)
		}
		err = chromedp.Do(a2, wfUntil(`!!document.querySelector(".site-state a")`, 120*time.Second))
		if err != nil {
			t.Fatalf("(%s) the edit page did not show the public page's link by itself: %v (it says %q)", v.lang, err, wfText(t, a2, ".site-state"))
		}
		if !wfEval[bool](t, a2, `window.wfSamePage === true`) {
			t.Errorf("(%s) the page was reloaded to show the link", v.lang)
		}
		link := wfEval[string](t, a2, `document.querySelector(".site-state a").pathname`)
		if text := wfText(t, a2, ".site-state a"); text != "Xem trên trang" || !strings.HasPrefix(link, v.prefix) {
			t.Errorf("(%s) the link says %q and leads to %q", v.lang, text, link)
		}
		if st := wfText(t, a2, ".site-state"); !strings.Contains(st, "Bạn đọc đang thấy phiên bản") {
			t.Errorf("(%s) the line says %q", v.lang, st)
		}
		wfFlat(t, a2, "publish-live-"+v.lang, ".site-state")
		links[v.lang] = link
		// Following it shows the article.
		err = chromedp.Do(a2, click(".site-state a"), wfAt(link), chromedp.WaitVisible(chromedp.CSS("main h1")))
		if err != nil {
			t.Fatalf("(%s) follow the link: %v", v.lang, err)
		}
		if h := wfText(t, a2, "main h1"); h != v.title {
			t.Errorf("(%s) the public page's heading is %q, want %q", v.lang, h, v.title)
		}
		wfFlat(t, a2, "publish-public-"+v.lang, "")
	}

	// The writer's dashboard lists their work by state, and links to the
	// public pages of what readers see.
	if err := chromedp.Do(w, chromedp.Navigate(base+"admin/"), chromedp.WaitVisible(chromedp.CSS(".queues"))); err != nil {
		t.Fatalf("the writer's dashboard: %v", err)
	}
	queue := func(key string) string {
		t.Helper()
		return wfText(t, w, fmt.Sprintf(`section[aria-labelledby="q-%s"]`, key))
	}
	for _, q := range []struct {
		key, heading string
		items        []string
	}{
		{"my_drafts", "Bản nháp của tôi", []string{draft}},
		{"my_changes", "Bị trả lại, cần chỉnh sửa", []string{pieces["back"].title}},
		{"my_in_review", "Bài của tôi đang chờ duyệt", []string{pieces["review"].title}},
		{"my_approved", "Bài của tôi đã được duyệt", []string{pieces["approved"].title, pieces["scheduled"].title, at}},
		{"scheduled_list", "Đã hẹn giờ xuất bản", []string{pieces["scheduled"].title, at}},
		{"my_published", "Bài của tôi đang hiện trên trang", []string{live.title + " (vi)", enTitle + " (en)"}},
	} {
		got := queue(q.key)
		if !strings.HasPrefix(got, q.heading) {
			t.Errorf("the dashboard has no list %q (%s): %q", q.heading, q.key, got)
		}
		for _, item := range q.items {
			if !strings.Contains(got, item) {
				t.Errorf("the dashboard's list %q is %q, without %q", q.heading, got, item)
			}
		}
	}
	for _, not := range []struct{ key, title string }{{"my_drafts", live.title}, {"my_in_review", pieces["approved"].title}, {"my_in_review", live.title}} {
		if got := queue(not.key); strings.Contains(got, not.title) {
			t.Errorf("the dashboard's list %s holds %q, which is no longer in that state", not.key, not.title)
		}
	}
	dash := wfEval[[]string](t, w, `[...document.querySelectorAll('section[aria-labelledby="q-my_published"] a')].filter(a => a.textContent === "Xem trên trang").map(a => a.pathname)`)
	for lang, link := range links {
		if !strings.Contains(strings.Join(dash, " "), link) {
			t.Errorf("the dashboard does not link to the %s public page %s: %v", lang, link, dash)
		}
	}
	wfAxe(t, w, "writer's dashboard")
	wfFlat(t, w, "publish-dashboard", "")
	wfFlat(t, w, "publish-dashboard-published", `section[aria-labelledby="q-my_published"]`)

	// The article list links to both public pages.
	if err := chromedp.Do(w, chromedp.Navigate(base+"admin/articles"), chromedp.WaitVisible(chromedp.CSS("#bulk"))); err != nil {
		t.Fatal(err)
	}
	row := wfEval[[]string](t, w, fmt.Sprintf(`(() => { const r = [...document.querySelectorAll("#bulk tbody tr")].find(r => r.querySelector("td:nth-child(2) a").textContent.trim() === %q); if (!r) return []; r.scrollIntoView({block: "center"}); return [...r.querySelectorAll("a")].filter(a => a.textContent === "Xem trên trang").map(a => a.pathname); })()`, live.title))
	for lang, link := range links {
		if !strings.Contains(strings.Join(row, " "), link) {
			t.Errorf("the article list does not link to the %s public page %s: %v", lang, link, row)
		}
	}
	wfFlat(t, w, "publish-list", "")
	// Following the list's link shows the article.
	err = chromedp.Do(w,
		click(fmt.Sprintf(`#bulk a[href=%q]`, links["vi"])),
		wfAt(links["vi"]),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	if err != nil {
		t.Fatalf("follow the list's link: %v", err)
	}
	if h := wfText(t, w, "main h1"); h != live.title {
		t.Errorf("the list's link leads to a page headed %q", h)
	}
}

// workflowSettings: an administrator types a wrong phone and
// e-mail for the press contact; the page says nothing was saved, marks
// each wrong field with its message beside it and keeps everything typed.
// Corrected, it saves, and the audit log lists each field changed with its
// old and new value.
func workflowSettings(t *testing.T, alloc context.Context) {
	adm := wfPerson{"quan.tri", "admin", "", "Nguyễn Hữu Quân"}
	base := startServer(t, wfData(t, adm))

	b := wfTab(t, alloc, base, adm)
	if err := chromedp.Do(b, chromedp.Navigate(base+"admin/settings"), chromedp.WaitVisible(chromedp.ID("press_phone"))); err != nil {
		t.Fatalf("open the settings: %v", err)
	}
	wfFlat(t, b, "settings", "")
	investor, _ := chromedp.Run(b, valueOf("#investor-name-vi"))
	if investor == "" {
		t.Fatal("the demo's investors' contact is not in the form")
	}
	typed := map[string]string{
		"#press-name-vi":    "Nguyễn Thị Hồng",
		"#press-role-vi":    "Phó Chánh Văn phòng Sở Thông tin và Truyền thông",
		"#press-name-en":    "Nguyễn Thị Hồng",
		"#investor-name-vi": investor + " (ITTPC)",
		"#press_phone":      "0271 3879 12x",
		"#press_email":      "baochi@binhphuoc",
	}
	err := chromedp.Do(b,
		wfClear("#investor-name-vi"),
		typeInto("#press-name-vi", typed["#press-name-vi"]),
		typeInto("#press-role-vi", typed["#press-role-vi"]),
		typeInto("#press-name-en", typed["#press-name-en"]),
		typeInto("#investor-name-vi", typed["#investor-name-vi"]),
		typeInto("#press_phone", typed["#press_phone"]),
		typeInto("#press_email", typed["#press_email"]),
		click(`main form[action="/admin/settings"] > button[type=submit]`),
		wfUntil(`(() => { const e = document.querySelector('main .error[role=alert]'); return !!e && e.innerText.includes("Chưa lưu"); })()`, 20*time.Second),
	)
	if err != nil {
		t.Fatalf("save wrong values: %v", err)
	}
	summary := wfText(t, b, "main .error[role=alert]")
	for _, want := range []string{"Chưa lưu", "Số điện thoại chỉ gồm chữ số", "Địa chỉ thư điện tử không hợp lệ."} {
		if !strings.Contains(summary, want) {
			t.Errorf("the page's message is %q, without %q", summary, want)
		}
	}
	marked := wfEval[[]string](t, b, `[...document.querySelectorAll("[aria-invalid=true]")].map(e => e.id)`)
	if strings.Join(marked, " ") != "press_phone press_email" {
		t.Errorf("the fields marked wrong are %v, want press_phone and press_email", marked)
	}
	for field, want := range map[string]string{"press_phone": "Số điện thoại chỉ gồm chữ số, dấu cách, +, -, . và ngoặc.", "press_email": "Địa chỉ thư điện tử không hợp lệ."} {
		// The message is beside the field and tied to it.
		got := wfEval[string](t, b, fmt.Sprintf(`(() => { const f = document.getElementById(%q), m = f && document.getElementById((f.getAttribute("aria-describedby") || "").split(" ")[0]); return m && f.nextElementSibling === m ? m.innerText : ""; })()`, field))
		if got != want {
			t.Errorf("beside %s the page says %q, want %q", field, got, want)
		}
	}
	for sel, want := range typed {
		if got, _ := chromedp.Run(b, valueOf(sel)); got != want {
			t.Errorf("after the refused save %s holds %q, want %q as typed", sel, got, want)
		}
	}
	wfAxe(t, b, "settings with wrong values")
	wfFlat(t, b, "settings-invalid", "main .error[role=alert]")
	wfFlat(t, b, "settings-invalid-fields", "#press_phone")

	// Corrected, it saves.
	phone, email := "0271 3879 123", "baochi@binhphuoc.gov.vn"
	err = chromedp.Do(b,
		setValue("#press_phone", phone),
		setValue("#press_email", email),
		click(`main form[action="/admin/settings"] > button[type=submit]`),
		waitNotice("Đã lưu. Trang công khai đang được xây dựng lại."),
	)
	if err != nil {
		t.Fatalf("save corrected values: %v", err)
	}
	if n := wfEval[int](t, b, `document.querySelectorAll("[aria-invalid=true], main .error").length`); n != 0 {
		t.Errorf("after saving, %d fields or messages still say something is wrong", n)
	}
	for sel, want := range map[string]string{"#press-name-vi": typed["#press-name-vi"], "#press_phone": phone, "#press_email": email, "#investor-name-vi": typed["#investor-name-vi"]} {
		if got, _ := chromedp.Run(b, valueOf(sel)); got != want {
			t.Errorf("the saved %s is %q, want %q", sel, got, want)
		}
	}
	wfFlat(t, b, "settings-saved", "")

	// The audit log lists the change field by field, old and new; the
	// refused save recorded nothing.
	if err := chromedp.Do(b, chromedp.Navigate(base+"admin/audit"), chromedp.WaitVisible(chromedp.CSS("main table"))); err != nil {
		t.Fatal(err)
	}
	rows := wfEval[[]string](t, b, `[...document.querySelectorAll("main tbody tr")].filter(r => r.innerText.includes("đã đổi thiết lập trang công khai")).map(r => r.innerText)`)
	if len(rows) != 1 {
		t.Fatalf("the audit log has %d changes of the site's settings, want 1: %q", len(rows), rows)
	}
	changes := wfEval[[]string](t, b, `(() => { const r = [...document.querySelectorAll("main tbody tr")].find(r => r.innerText.includes("đã đổi thiết lập trang công khai")); r.scrollIntoView({block: "center"}); return [...r.querySelectorAll("ul.changes li")].map(li => li.innerText); })()`)
	if !strings.Contains(rows[0], "Nguyễn Hữu Quân đã đổi thiết lập trang công khai") {
		t.Errorf("the audit entry is %q", rows[0])
	}
	for _, want := range []string{
		"Điện thoại: (trống) → «" + phone + "»",
		"Thư điện tử: (trống) → «" + email + "»",
		"Họ tên hoặc tên đơn vị (tiếng Việt): (trống) → «Nguyễn Thị Hồng»",
		"Chức vụ, đơn vị (tiếng Việt): (trống) → «" + typed["#press-role-vi"] + "»",
		"Liên hệ dành cho nhà đầu tư · Họ tên hoặc tên đơn vị (tiếng Việt): «" + investor + "» → «" + typed["#investor-name-vi"] + "»",
	} {
		found := false
		for _, c := range changes {
			found = found || strings.Contains(c, want)
		}
		if !found {
			t.Errorf("the audit entry's changes lack %q:\n%s", want, strings.Join(changes, "\n"))
		}
	}
	if len(changes) != 6 {
		t.Errorf("the audit entry lists %d changes, want the 6 fields changed:\n%s", len(changes), strings.Join(changes, "\n"))
	}
	wfFlat(t, b, "settings-audit", "")
}
