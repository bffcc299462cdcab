package main

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestGuideInBrowser: the officers' guide opens from the header, reads on a
// phone and a desk screen without scrolling sideways, meets WCAG 2.1 AA,
// and leads page to page with its next links to the end.
func TestGuideInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-tttt"}))
	w := tab(t, alloc)
	err := chromedp.Do(w,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait),
		signIn(base, "can.bo", password("can.bo")),
		click(`header a[href="/admin/guide"]`),
		chromedp.WaitVisible(chromedp.CSS("main h1")),
	)
	if err != nil {
		t.Fatalf("open the guide from the header: %v", err)
	}
	if h, _ := chromedp.Run(w, textOf("main h1")); !strings.Contains(h, "Hướng dẫn") {
		t.Errorf("the guide's first page is headed %q", h)
	}
	seen := map[string]bool{}
	for step := 0; step < 30; step++ {
		loc, _ := chromedp.Run(w, chromedp.Location())
		if seen[loc] {
			t.Fatalf("the next links go round: %s again", loc)
		}
		seen[loc] = true
		wide, _ := chromedp.Run(w, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if wide {
			t.Errorf("%s scrolls sideways on a phone", loc)
		}
		if step == 0 || step == 4 {
			screenshot(t, w, "guide-phone-"+string(rune('0'+step)))
			for _, v := range axe(t, w) {
				t.Errorf("%s: %s", loc, v)
			}
		}
		next, _ := chromedp.Run(w, chromedp.Evaluate[string](`(document.querySelector("a[rel=next]") || {}).href || ""`))
		if next == "" {
			break
		}
		if err := chromedp.Do(w, chromedp.Navigate(next), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
			t.Fatal(err)
		}
	}
	if len(seen) < 10 {
		t.Errorf("the next links lead through %d pages only", len(seen))
	}
	if err := chromedp.Do(w, chromedp.EmulateViewport(1366, 768), chromedp.Navigate(base+"admin/guide/pictures"), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatal(err)
	}
	screenshot(t, w, "guide-desk")
	if wide, _ := chromedp.Run(w, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`)); wide {
		t.Error("the guide scrolls sideways at 1366 px")
	}
}
