package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"portal/admin/search"
)

// requests records what a tab asks for and the script errors it throws.
type requests struct {
	mu     sync.Mutex
	urls   []string
	errors []string
}

func (r *requests) listen(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		r.urls = append(r.urls, e.Request.URL)
	case *runtime.EventExceptionThrown:
		d := e.ExceptionDetails
		msg := d.Text
		if d.Exception != nil {
			msg += " " + d.Exception.Description
		}
		r.errors = append(r.errors, fmt.Sprintf("%s (%s:%d)", msg, d.URL, d.LineNumber+1))
	}
}

// foreign returns the requests to any host but base's.
func (r *requests) foreign(base string) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	own, _ := url.Parse(base)
	var out []string
	for _, s := range r.urls {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "data" && u.Host != own.Host) {
			out = append(out, s)
		}
	}
	return out
}

// searchResults waits until the search page has answered and returns the
// status line and the results' links (addresses and titles).
func searchResults(ctx context.Context) (string, []string, []string, error) {
	type answer struct {
		Busy   bool     `json:"busy"`
		Status string   `json:"status"`
		Links  []string `json:"links"`
		Titles []string `json:"titles"`
	}
	js := `(() => {
		const list = document.getElementById('search-list');
		const links = Array.from(document.querySelectorAll('#search-list .item-title a'));
		return {busy: !list || list.hasAttribute('aria-busy'),
			status: document.getElementById('search-status').textContent,
			links: links.map(a => a.href), titles: links.map(a => a.textContent)};
	})()`
	for {
		a, err := chromedp.Run(ctx, chromedp.Evaluate[answer](js))
		if err == nil && !a.Busy && a.Status != "" {
			return a.Status, a.Links, a.Titles, nil
		}
		select {
		case <-ctx.Done():
			if err != nil {
				return "", nil, nil, fmt.Errorf("waiting for search results: %w (last: %w)", ctx.Err(), err)
			}
			return "", nil, nil, fmt.Errorf("waiting for search results: %w (last: %+v)", ctx.Err(), a)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// articleText returns the main part of a page of the site, lower-cased.
func articleText(t *testing.T, u string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	s := string(b)
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	return strings.ToLower(s)
}

// TestSearchInBrowser searches the demo site in a real browser, as readers
// do: with and without diacritics, in both languages, from the address
// (?q=, as links to the page do) and from the form; articles that have the
// query's exact spelling come first; the results are those of the index's
// reference search; nothing is requested from another host; and without
// JavaScript the page says why and where to go instead.
func TestSearchInBrowser(t *testing.T) {
	alloc := browser(t)
	data := seededData(t)
	base := startServer(t, data)

	w := tab(t, alloc)
	var rec requests
	if err := chromedp.Listen(w, rec.listen); err != nil {
		t.Fatal(err)
	}
	reference := func(lang, query string) []string {
		t.Helper()
		res, err := search.Search(filepath.Join(data, "public", lang, "_search"), query, 10)
		if err != nil {
			t.Fatal(err)
		}
		var us []string
		for _, h := range res.Hits {
			us = append(us, base+lang+"/"+h.URL)
		}
		return us
	}
	open := func(path string) (string, []string, []string) {
		t.Helper()
		if err := chromedp.Do(w, chromedp.Navigate(base+path)); err != nil {
			t.Fatalf("open %s: %v", path, err)
		}
		status, links, titles, err := searchResults(w)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		return status, links, titles
	}

	for _, tc := range []struct {
		path, lang, query, first string
	}{
		{"vi/tim-kiem/?q=binh+phuoc", "vi", "binh phuoc", "Bình Phước"},
		{"vi/tim-kiem/?q=B%C3%ACnh+Ph%C6%B0%E1%BB%9Bc", "vi", "Bình Phước", "Bình Phước"},
		{"vi/tim-kiem/?q=hat+dieu", "vi", "hat dieu", "Hạt điều"},
		{"en/search/?q=dong+xoai", "en", "dong xoai", ""},
		{"en/search/?q=%22industrial+park%22", "en", `"industrial park"`, "Industrial parks"},
	} {
		status, links, titles := open(tc.path)
		if len(links) == 0 {
			t.Errorf("%s: no results; status %q", tc.path, status)
			continue
		}
		if !strings.Contains(status, tc.query) {
			t.Errorf("%s: status %q does not repeat the query", tc.path, status)
		}
		if tc.first != "" && !strings.Contains(titles[0], tc.first) {
			t.Errorf("%s: first result %q, want one with %q", tc.path, titles[0], tc.first)
		}
		if want := reference(tc.lang, tc.query); strings.Join(links, " ") != strings.Join(want, " ") {
			t.Errorf("%s: the page shows\n%v\nthe index's reference search finds\n%v", tc.path, links, want)
		}
		for _, l := range links {
			if !strings.HasPrefix(l, base+tc.lang+"/") {
				t.Errorf("%s: result %s is not a page of this language", tc.path, l)
			}
		}
	}
	if err := chromedp.Do(w, chromedp.WaitVisible(chromedp.CSS("#search-list mark"))); err != nil {
		t.Errorf("the matched words are not marked: %v", err)
	}

	// Exact diacritics first: every result whose article has "diệu" comes
	// before every result whose article has only another spelling
	// ("điều", "điệu", "dieu"). Typed without diacritics, the order differs.
	_, exact, _ := open("vi/tim-kiem/?q=di%E1%BB%87u")
	_, folded, _ := open("vi/tim-kiem/?q=dieu")
	if want := reference("vi", "diệu"); strings.Join(exact, " ") != strings.Join(want, " ") {
		t.Errorf("diệu: the page shows %v, the reference search %v", exact, want)
	}
	if want := reference("vi", "dieu"); strings.Join(folded, " ") != strings.Join(want, " ") {
		t.Errorf("dieu: the page shows %v, the reference search %v", folded, want)
	}
	if len(exact) < 2 {
		t.Fatalf("diệu: %d results, want several spellings", len(exact))
	}
	seenOther := false
	hasExact := 0
	for _, l := range exact {
		has := strings.Contains(articleText(t, l), "diệu")
		if has {
			hasExact++
		}
		if has && seenOther {
			t.Errorf("diệu: %s has the exact spelling but comes after one without it: %v", l, exact)
		}
		seenOther = seenOther || !has
	}
	if hasExact == 0 || !seenOther {
		t.Errorf("diệu: %d of %d results have the exact spelling; the test needs both kinds", hasExact, len(exact))
	}
	if len(folded) != len(exact) || folded[0] == exact[0] {
		t.Errorf("dieu and diệu find the same first article or a different number: %v / %v", folded, exact)
	}

	// From the form, with the keyboard; the address follows, and "more"
	// takes the focus to the first new result.
	err := chromedp.Do(w,
		chromedp.Navigate(base+"vi/tim-kiem/"),
		chromedp.WaitVisible(chromedp.ID("search-q")),
		typeInto("#search-q", "Bình Phước\r"),
	)
	if err != nil {
		t.Fatal(err)
	}
	status, links, _ := open("vi/tim-kiem/?q=" + url.QueryEscape("Bình Phước"))
	if loc, _ := chromedp.Run(w, chromedp.Location()); !strings.Contains(loc, "q=") {
		t.Errorf("the address after a search from the form is %s", loc)
	}
	if len(links) != 10 {
		t.Errorf("first page: %d results (%s), want 10", len(links), status)
	}
	err = chromedp.Do(w,
		chromedp.WaitVisible(chromedp.ID("search-more")),
		click("#search-more"),
		func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
			_, err := chromedp.Poll[chromedp.Void](`document.querySelectorAll('#search-list li').length > 10 &&
				document.activeElement === document.querySelectorAll('#search-list .item-title a')[10]`)(ctx, tg)
			return chromedp.Void{}, err
		},
	)
	if err != nil {
		t.Errorf("more results: %v", err)
	}
	screenshot(t, w, "search")

	if f := rec.foreign(base); len(f) > 0 {
		t.Errorf("requests to other hosts: %v", f)
	}
	if len(rec.errors) > 0 {
		t.Errorf("script errors: %v", rec.errors)
	}
	var fetched int
	for _, u := range rec.urls {
		if strings.Contains(u, "/_search/") {
			fetched++
		}
	}
	if fetched == 0 {
		t.Error("the page fetched nothing from the search index")
	}

	// Without JavaScript: the page explains and offers the areas, the
	// sitemap and the feed.
	nojs := tab(t, alloc)
	err = chromedp.Do(nojs, func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return chromedp.Void{}, err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct{ path, text string }{
		{"vi/tim-kiem/?q=binh+phuoc", "JavaScript"},
		{"en/search/?q=dong+xoai", "JavaScript"},
	} {
		text, err := chromedp.Run(nojs, func(ctx context.Context, tg *chromedp.Target) (string, error) {
			if _, err := chromedp.Navigate(base+p.path)(ctx, tg); err != nil {
				return "", err
			}
			return textOf(".search-noscript")(ctx, tg)
		})
		if err != nil {
			t.Errorf("%s without JavaScript: %v", p.path, err)
			continue
		}
		if !strings.Contains(text, p.text) {
			t.Errorf("%s without JavaScript says %q", p.path, text)
		}
		html, _ := chromedp.Run(nojs, chromedp.OuterHTML(chromedp.CSS(".search-noscript")))
		lang := p.path[:2]
		for _, want := range []string{"/" + lang + "/sitemap.xml", "/" + lang + "/index.xml"} {
			if !strings.Contains(html, want) {
				t.Errorf("%s without JavaScript: no link to %s", p.path, want)
			}
		}
		if strings.Count(html, "<li>") < 4 {
			t.Errorf("%s without JavaScript: the areas are not listed:\n%s", p.path, html)
		}
	}
}
