package main

import (
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
