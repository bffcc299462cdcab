package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The admin's header stays on one line at 1366 px, for every role; its
// menus open without a page change.
func TestHeaderOnOneLine(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"quan.tri", "admin", ""}, [3]string{"can.bo", "contributor", "so-tttt"}))
	for _, who := range []string{"quan.tri", "can.bo"} {
		b := tab(t, alloc)
		if err := chromedp.Do(b, chromedp.EmulateViewport(1366, 768), signIn(base, who, password(who))); err != nil {
			t.Fatal(err)
		}
		h, err := chromedp.Run(b, chromedp.Evaluate[float64](`document.querySelector("header.top").getBoundingClientRect().height`))
		if err != nil {
			t.Fatal(err)
		}
		if h > 70 {
			t.Errorf("%s: the header is %.0f px high: it wraps", who, h)
		}
		screenshot(t, b, "header-"+who)
		if err := chromedp.Do(b, click(".who"), chromedp.WaitVisible(chromedp.CSS(`.account .menu-list a[href="/admin/account"]`))); err != nil {
			t.Errorf("%s: the account menu does not open: %v", who, err)
		}
		screenshot(t, b, "header-open-"+who)
		for _, v := range axe(t, b) {
			t.Errorf("%s, menu open: %s", who, v)
		}
	}
}

// The editor's heading menu offers levels 2 to 4 and the paragraph: the
// title is the page's only first-level heading.
func TestHeadingMenu(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"bien.tap", "editor", ""}))
	b := tab(t, alloc)
	err := chromedp.Do(b,
		signIn(base, "bien.tap", password("bien.tap")),
		chromedp.Navigate(base+"admin/articles/1/vi"),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-toolbar button.heading"),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-popup-add-heading")),
	)
	if err != nil {
		t.Fatal(err)
	}
	levels, err := chromedp.Run(b, chromedp.Evaluate[[]string](`[...document.querySelectorAll(".toastui-editor-popup-add-heading li")].filter(li => li.offsetParent !== null).map(li => li.dataset.level || li.dataset.type)`))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(levels, ",") != "2,3,4,Paragraph" {
		t.Errorf("the heading menu offers %v, want levels 2 to 4 and the paragraph", levels)
	}
}
