package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// articleBudget is what an article page may transfer before its pictures:
// the HTML, the stylesheet and the font files its first view uses.
const articleBudget = 100_000

// sitePage is a page of the public site that the browser checks.
type sitePage struct {
	name, path string
	article    bool
}

// TestPublicSiteInBrowser checks the public site of the demo content as a
// reader gets it on a phone (390×844): in both languages, the home page, an
// area, an article and the "page not found" page, and a tag, the About page,
// the month archive and an untranslated article's page (when the site has
// them) have no WCAG 2.1
// A/AA violation that axe-core finds, one h1, nothing wider than the screen
// and nothing loaded from another host; an article page transfers at most
// articleBudget bytes before pictures; and with JavaScript disabled each page
// still shows its heading, its text, the area navigation and the language
// switch.
func TestPublicSiteInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, t.TempDir())
	// The first build runs right after the server starts.
	if !waitFor(base+"en/", "</main>", 2*time.Minute) || !waitFor(base+"vi/", "</main>", time.Minute) {
		t.Fatal("the public site was not built")
	}

	pages := []sitePage{
		{name: "home (vi)", path: "vi/"},
		{name: "home (en)", path: "en/"},
		{name: "area (vi)", path: "vi/dau-tu/"},
		{name: "area (en)", path: "en/investment/"},
		{name: "article (vi)", path: "vi/dau-tu/thu-hut-fdi-nam-2023-dat-830-trieu-usd-luy-ke-vuot-4-3-ty-usd/", article: true},
		{name: "article (en)", path: "en/investment/fdi-inflows-reach-us-830-million-in-2023-cumulative-total-tops-us-4-3-billion/", article: true},
		{name: "tag (en)", path: "en/tags/fdi/"},
		{name: "about (vi)", path: "vi/gioi-thieu/"},
		{name: "404 (vi)", path: "vi/khong-co-trang-nay/"},
		{name: "404 (en)", path: "en/no-such-page/"},
	}
	// Pages that exist once the exporter writes archives and the pages of
	// articles missing in a language: found from the pages above.
	for _, lang := range []struct{ lang, area string }{{"vi", "vi/dau-tu/"}, {"en", "en/investment/"}} {
		if archive := firstLink(t, base+lang.area, `href="(/`+lang.area+`archive/)"`); archive != "" {
			pages = append(pages, sitePage{name: "month archive (" + lang.lang + ")", path: strings.TrimPrefix(archive, "/")})
			if month := firstLink(t, base+strings.TrimPrefix(archive, "/"), `href="(/`+lang.area+`archive/\d{4}-\d{2}/)"`); month != "" {
				pages = append(pages, sitePage{name: "one month (" + lang.lang + ")", path: strings.TrimPrefix(month, "/")})
			}
		}
	}
	// A Vietnamese-only demo article leads, in English, to the page that says so.
	if stub := firstLink(t, base+"vi/du-lich/loc-ninh-hanh-trinh-ve-nguon-tren-vung-dat-bien-gioi/", `href="(/en/[^"]+)" hreflang="en"`); stub != "" && stub != "/en/" {
		pages = append(pages, sitePage{name: "untranslated (en)", path: strings.TrimPrefix(stub, "/")})
	}

	for _, p := range pages {
		t.Run(p.name, func(t *testing.T) {
			checkPhonePage(t, alloc, base, p)
			checkWithoutJavaScript(t, alloc, base, p)
		})
	}
}

// firstLink returns the first submatch of re in the page at u, or "".
func firstLink(t *testing.T, u, re string) string {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := regexp.MustCompile(re).FindStringSubmatch(string(b)); m != nil {
		return m[1]
	}
	return ""
}

// phone sets the tab's viewport to a phone's.
func phone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait)
}

func checkPhonePage(t *testing.T, alloc context.Context, base string, p sitePage) {
	t.Helper()
	b := tab(t, alloc) // a fresh tab: nothing in its cache
	if err := chromedp.Do(b, phone(), chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatalf("open %s: %v", p.path, err)
	}
	// Wait for the fonts, so that what is measured is what the reader gets.
	if _, err := chromedp.Run(b, chromedp.Evaluate[bool](`document.fonts.ready.then(() => true)`, chromedp.EvalAwaitPromise)); err != nil {
		t.Fatal(err)
	}
	screenshot(t, b, "site-"+strings.NewReplacer("/", "_", " ", "_", "(", "", ")", "").Replace(p.name))
	for _, v := range axe(t, b) {
		t.Errorf("%s: %s", p.path, v)
	}
	facts, err := chromedp.Run(b, chromedp.Evaluate[struct {
		H1         int      `json:"h1"`
		Wide       bool     `json:"wide"`
		Foreign    []string `json:"foreign"`
		Bytes      int      `json:"bytes"`
		Fonts      int      `json:"fonts"`
		Scripts    int      `json:"scripts"`
		Unmeasured []string `json:"unmeasured"`
	}](`(() => {
		const nav = performance.getEntriesByType("navigation")[0];
		const res = performance.getEntriesByType("resource");
		const notImage = res.filter(e => e.initiatorType !== "img" && !/\.(webp|jpe?g|png|gif|avif|svg)(\?|$)/.test(e.name));
		return {
			h1: document.querySelectorAll("h1").length,
			wide: document.documentElement.scrollWidth > window.innerWidth,
			foreign: res.map(e => e.name).filter(n => !n.startsWith(location.origin)),
			bytes: nav.transferSize + notImage.reduce((s, e) => s + e.transferSize, 0),
			fonts: res.filter(e => e.name.endsWith(".woff2")).length,
			scripts: document.querySelectorAll("script:not([type='application/ld+json'])").length,
			unmeasured: notImage.filter(e => e.transferSize === 0).map(e => e.name),
		};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if facts.H1 != 1 {
		t.Errorf("%s has %d h1 elements, want 1", p.path, facts.H1)
	}
	if facts.Wide {
		t.Errorf("%s is wider than a phone's screen", p.path)
	}
	if len(facts.Foreign) > 0 {
		t.Errorf("%s loads from another host: %v", p.path, facts.Foreign)
	}
	if facts.Scripts > 0 {
		t.Errorf("%s has %d scripts; the public site needs none", p.path, facts.Scripts)
	}
	if facts.Fonts == 0 {
		t.Errorf("%s uses none of the site's font files", p.path)
	}
	if p.article {
		if len(facts.Unmeasured) > 0 {
			t.Errorf("%s: no transfer size for %v", p.path, facts.Unmeasured)
		}
		t.Logf("%s transfers %d bytes before pictures (%d font files)", p.path, facts.Bytes, facts.Fonts)
		if facts.Bytes > articleBudget {
			t.Errorf("%s transfers %d bytes before pictures, more than %d", p.path, facts.Bytes, articleBudget)
		}
	}
}

// checkWithoutJavaScript opens the page with scripts disabled and reads it
// through the DOM: its heading, its text, the area navigation and the
// language switch are there and shown.
func checkWithoutJavaScript(t *testing.T, alloc context.Context, base string, p sitePage) {
	t.Helper()
	b := tab(t, alloc)
	noScript := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	if err := chromedp.Do(b, phone(), noScript, chromedp.Navigate(base+p.path), chromedp.WaitVisible(chromedp.CSS("main h1"))); err != nil {
		t.Fatalf("open %s without JavaScript: %v", p.path, err)
	}
	h1, err := chromedp.Run(b, textOf("main h1"))
	if err != nil || strings.TrimSpace(h1) == "" {
		t.Errorf("%s without JavaScript: no heading (%v)", p.path, err)
	}
	text, err := chromedp.Run(b, textOf("main"))
	if err != nil || len([]rune(strings.TrimSpace(text))) < 40 {
		t.Errorf("%s without JavaScript: main shows %q (%v)", p.path, text, err)
	}
	for sel, what := range map[string]string{
		".site-nav a":        "the area navigation",
		"header a[hreflang]": "the language switch",
		"footer a":           "the footer's links",
	} {
		nodes, err := chromedp.Run(b, chromedp.Nodes(chromedp.CSS(sel), chromedp.AtLeast(0)))
		if err != nil || len(nodes) == 0 {
			t.Errorf("%s without JavaScript: no %s (%v)", p.path, what, err)
			continue
		}
		if err := shown(b, sel); err != nil {
			t.Errorf("%s without JavaScript: %s is not shown: %v", p.path, what, err)
		}
	}
	if p.article {
		for sel, what := range map[string]string{".share a": "the share links", ".article-meta time": "the date"} {
			if err := shown(b, sel); err != nil {
				t.Errorf("%s without JavaScript: %s is not shown: %v", p.path, what, err)
			}
		}
	}
}

// shown waits a few seconds at most for the first element at sel to be
// visible.
func shown(ctx context.Context, sel string) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	return chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel)))
}

// TestPublicSiteMarkup builds the demo site and checks what machines and
// other tools read in it: structured data, link previews, the language
// switch between versions and to the pages of missing translations, the
// month archive, feeds that stay bounded, no numbered list pages, and the
// self-hosted font with its licence. It needs no browser.
func TestPublicSiteMarkup(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	env := envFunc(map[string]string{"PORTAL_DATA": data, "PORTAL_BASE_URL": "https://portal.example/"})
	if err := run(ctx, []string{"seed"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"build"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(data, "public")
	read := func(p string) string {
		t.Helper()
		b, err := os.ReadFile(filepath.Join(public, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	jsonLD := func(page string) map[string]any {
		t.Helper()
		m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("no JSON-LD")
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(m[1]), &v); err != nil {
			t.Fatalf("JSON-LD: %v\n%s", err, m[1])
		}
		return v
	}

	t.Run("article", func(t *testing.T) {
		page := read("en/investment/fdi-inflows-reach-us-830-million-in-2023-cumulative-total-tops-us-4-3-billion/index.html")
		ld := jsonLD(page)
		if ld["@type"] != "NewsArticle" || ld["headline"] == "" || ld["inLanguage"] != "en-GB" || ld["datePublished"] == nil {
			t.Errorf("NewsArticle: %v", ld)
		}
		if pub, _ := ld["publisher"].(map[string]any); pub["@type"] != "GovernmentOrganization" || pub["url"] != "https://portal.example/en/" {
			t.Errorf("publisher: %v", ld["publisher"])
		}
		for _, want := range []string{
			`<link rel="canonical" href="https://portal.example/en/investment/fdi-inflows-reach-us-830-million-in-2023-cumulative-total-tops-us-4-3-billion/">`,
			`<meta property="og:type" content="article">`,
			`<meta name="twitter:card"`,
			`hreflang="vi"`,
			`<time datetime="2024-08-20">20 August 2024</time>`,
			`https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fportal.example%2Fen%2Finvestment%2F`,
			`href="mailto:?subject=`,
			`<h2 class="block-title" id="related-title">`,
		} {
			if !strings.Contains(page, want) {
				t.Errorf("the English article lacks %q", want)
			}
		}
		vi := read("vi/dau-tu/thu-hut-fdi-nam-2023-dat-830-trieu-usd-luy-ke-vuot-4-3-ty-usd/index.html")
		if !strings.Contains(vi, `<time datetime="2024-08-20">ngày 20 tháng 8 năm 2024</time>`) {
			t.Error("the Vietnamese article does not write its date the official way")
		}
	})

	t.Run("home", func(t *testing.T) {
		ld := jsonLD(read("vi/index.html"))
		graph, _ := ld["@graph"].([]any)
		if len(graph) != 2 {
			t.Fatalf("home JSON-LD: %v", ld)
		}
		if org, _ := graph[0].(map[string]any); org["@type"] != "GovernmentOrganization" || org["name"] != "Ủy ban nhân dân tỉnh Bình Phước" {
			t.Errorf("organisation: %v", graph[0])
		}
		if _, err := os.Stat(filepath.Join(public, "vi", "page")); !os.IsNotExist(err) {
			t.Error("the home page has numbered pages")
		}
	})

	t.Run("missing translation", func(t *testing.T) {
		vi := read("vi/du-lich/loc-ninh-hanh-trinh-ve-nguon-tren-vung-dat-bien-gioi/index.html")
		m := regexp.MustCompile(`<a href="(/en/[^"]+)" hreflang="en" lang="en">`).FindStringSubmatch(vi)
		if m == nil || m[1] == "/en/" {
			t.Skipf("the exporter writes no page for articles missing in a language (switch: %v)", m)
		}
		if strings.Contains(vi, `rel="alternate" hreflang=`) {
			t.Error("an article in one language has hreflang links")
		}
		stub := read(strings.TrimPrefix(m[1], "/") + "index.html")
		for _, want := range []string{`<meta name="robots" content="noindex">`, `This article is not available in English yet`,
			`href="/vi/du-lich/loc-ninh-hanh-trinh-ve-nguon-tren-vung-dat-bien-gioi/" hreflang="vi" lang="vi"`, `href="/en/tourism/"`} {
			if !strings.Contains(stub, want) {
				t.Errorf("the page of the missing translation lacks %q", want)
			}
		}
		if strings.Contains(stub, `rel="alternate" hreflang=`) || strings.Contains(stub, `rel="canonical"`) || strings.Contains(stub, "application/ld+json") {
			t.Error("the page of the missing translation has hreflang, canonical or structured data")
		}
		if strings.Contains(read("en/sitemap.xml"), m[1]) || strings.Contains(read("en/index.xml"), m[1]) {
			t.Error("the page of the missing translation is in the sitemap or the feed")
		}
	})

	t.Run("month archive", func(t *testing.T) {
		idx, err := os.ReadFile(filepath.Join(public, "en", "investment", "archive", "index.html"))
		if err != nil {
			t.Skip("the exporter writes no month archive")
		}
		if !strings.Contains(string(idx), `<a href="/en/investment/archive/2024-06/">June 2024<span class="count">1 article</span></a>`) {
			t.Errorf("the archive index does not list June 2024 with its count:\n%s", idx)
		}
		month := read("en/investment/archive/2024-06/index.html")
		if !strings.Contains(month, "<h1>June 2024</h1>") || !strings.Contains(month, "industrial-parks-in-binh-phuoc-province-a-focus-on-chon-thanh") ||
			strings.Contains(month, "fdi-inflows-reach") {
			t.Error("the month page does not list exactly that month's articles")
		}
		if vi := read("vi/dau-tu/archive/2024-06/index.html"); !strings.Contains(vi, "<h1>Tháng 6 năm 2024</h1>") {
			t.Error("the Vietnamese month page is not titled in Vietnamese")
		}
		if _, err := os.Stat(filepath.Join(public, "en", "investment", "archive", "index.xml")); !os.IsNotExist(err) {
			t.Error("the month archive has a feed of its own")
		}
	})

	t.Run("font and stylesheet", func(t *testing.T) {
		page := read("en/index.html")
		css := regexp.MustCompile(`<link rel="stylesheet" href="(/css/site\.min\.[0-9a-f]+\.css)"`).FindStringSubmatch(page)
		if css == nil {
			t.Fatal("no fingerprinted stylesheet")
		}
		sheet := read(strings.TrimPrefix(css[1], "/"))
		for _, want := range []string{"font-display:swap", "--primary:#0b3a66", "be-vietnam-pro-vietnamese-600-normal.woff2"} {
			if !strings.Contains(sheet, want) {
				t.Errorf("the stylesheet lacks %q", want)
			}
		}
		if n := strings.Count(page, `rel="preload"`); n != 2 || !strings.Contains(page, `be-vietnam-pro-latin-400-normal.woff2" as="font" type="font/woff2" crossorigin>`) {
			t.Errorf("%d preloads; want the 400 weight's latin and vietnamese files", n)
		}
		if !strings.Contains(read("fonts/be-vietnam-pro/LICENSE"), "SIL OPEN FONT LICENSE") {
			t.Error("the font's licence is not published beside it")
		}
		if strings.Contains(sheet, "//fonts.") || strings.Contains(page, "https://fonts.") {
			t.Error("a font from another host")
		}
	})
}
