package sitecheck_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"portal/admin/sitecheck"
)

// page returns an HTML page: head's text starts on line 4, and body's on
// the line after head's last plus 3.
func page(head, body string) string {
	return "<!doctype html>\n<html lang=\"en\">\n<head><title>t</title>\n" + head + "\n</head>\n<body>\n" + body + "\n</body></html>\n"
}

// site makes a site folder from name/content pairs.
func site(files ...string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for i := 0; i+1 < len(files); i += 2 {
		fsys[files[i]] = &fstest.MapFile{Data: []byte(files[i+1])}
	}
	return fsys
}

func check(t *testing.T, fsys fstest.MapFS, opt sitecheck.Options) *sitecheck.Report {
	t.Helper()
	rep, err := sitecheck.Check(context.Background(), fsys, opt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func findings(rep *sitecheck.Report, rule sitecheck.Rule) []string {
	var out []string
	for _, f := range rep.Findings {
		if f.Rule == rule {
			out = append(out, f.String())
		}
	}
	return out
}

const base = "https://example.gov.vn/"

// TestRules shows each rule passing on a good site and failing, at the right
// file and line, on a bad one.
func TestRules(t *testing.T) {
	tests := []struct {
		name string
		rule sitecheck.Rule
		good fstest.MapFS
		bad  fstest.MapFS
		want []string // in the bad site's findings of the rule, in order
	}{
		{
			name: "links resolve to pages",
			rule: sitecheck.RuleLink,
			good: site(
				"en/index.html", page(`<link rel="canonical" href="https://example.gov.vn/en/">`,
					`<a href="/en/news/">news</a> <a href="news/#top">fragment</a> <a href="/en/news?page=2">no slash, query</a>
<a href="/en/tags/b%C3%A0-r%C3%A1/">escaped</a> <a href="https://example.gov.vn/en/news/">absolute</a>
<a href="https://other.example/">another site</a> <a href="mailto:a@example.gov.vn">mail</a> <a href="#main">here</a>
<a href="/en/feed.xml">feed</a> <form action="/en/news/"><input name="q"></form>`),
				"en/news/index.html", page("", `<a href="../">up</a> <a href="../../en/">home</a>`),
				"en/tags/bà-rá/index.html", page("", "tag"),
				"en/feed.xml", "<rss/>",
			),
			bad: site(
				"en/index.html", page(`<link rel="canonical" href="https://example.gov.vn/en/">
<link rel="alternate" hreflang="vi" href="https://example.gov.vn/vi/">`,
					`<a href="/en/news/">news</a>
<a href="news/old/">relative</a> <area href="/en/map/">
<a href="/en/tags/b%C3%A0-r%C3%A1/">escaped</a>`),
				"en/news/index.html", page("", "news"),
				"en/tags/ba-ra/index.html", page("", "tag"),
			),
			want: []string{
				`en/index.html:5: link: <link rel="alternate" href="https://example.gov.vn/vi/">: no such file: vi/index.html`,
				`en/index.html:9: link: <a href="news/old/">: no such file: en/news/old/index.html`,
				`en/index.html:9: link: <area href="/en/map/">: no such file: en/map/index.html`,
				`en/index.html:10: link: <a href="/en/tags/b%C3%A0-r%C3%A1/">: no such file: en/tags/bà-rá/index.html`,
			},
		},
		{
			name: "pictures are there, every srcset candidate and CSS background too",
			rule: sitecheck.RuleImage,
			good: site(
				"index.html", page(`<link rel="stylesheet" href="/css/a.css"><meta property="og:image" content="https://example.gov.vn/img/share.png">`,
					`<img src="img/a.png" alt="">
<picture><source srcset="/img/a.webp 480w, /img/b.webp 960w" type="image/webp"><img src="/img/a.png" srcset="/img/a.png 1x, /img/b.png 2x" alt=""></picture>
<div style="background: url('img/a.png')"></div> <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="">`),
				"css/a.css", "body { background: url(../img/a.png) }\n/* url(/img/none.png) is a comment */",
				"img/a.png", "", "img/b.png", "", "img/a.webp", "", "img/b.webp", "", "img/share.png", "",
			),
			bad: site(
				"index.html", page(`<link rel="stylesheet" href="/css/a.css"><meta property="og:image" content="https://example.gov.vn/img/share.png">`,
					`<img src="img/a.png" alt="">
<picture><source srcset="/img/a.webp 480w, /img/b.webp 960w" type="image/webp"><img src="/img/a.png" srcset="/img/a.png 1x, /img/c.png 2x" alt=""></picture>
<div style="background: url('img/d.png')"></div>`),
				"css/a.css", "body {\n  background: url(img/a.png) }",
				"img/a.png", "", "img/a.webp", "",
			),
			want: []string{
				`css/a.css:2: image: url(img/a.png): no such file: css/img/a.png`,
				`index.html:4: image: <meta content="https://example.gov.vn/img/share.png">: no such file: img/share.png`,
				`index.html:8: image: <source srcset="/img/b.webp">: no such file: img/b.webp`,
				`index.html:8: image: <img srcset="/img/c.png">: no such file: img/c.png`,
				`index.html:9: image: <div style="url(img/d.png)">: no such file: img/d.png`,
			},
		},
		{
			name: "style sheets, scripts and fonts are there",
			rule: sitecheck.RuleResource,
			good: site(
				"index.html", page(`<link rel="stylesheet" href="/a.css"><script src="/a.js" defer></script>
<link rel="preload" href="/f.woff2" as="font" type="font/woff2" crossorigin>`, "text"),
				"a.css", `@import "b.css"; @font-face { font-family: F; src: url(f.woff2) format("woff2"), url(f.woff) format("woff") }`,
				"b.css", "", "a.js", "", "f.woff2", "", "f.woff", "",
			),
			bad: site(
				"index.html", page(`<link rel="stylesheet" href="/a.css"><script src="/b.js" defer></script>
<link rel="preload" href="/g.woff2" as="font" type="font/woff2" crossorigin>`, "text"),
				"a.css", "@import url(\"c.css\");\n@font-face { font-family: F; src: url(f.woff2) format(\"woff2\"), url(f.woff) format(\"woff\") }",
				"f.woff2", "", "a.js", "",
			),
			want: []string{
				`a.css:1: resource: @import "c.css": no such file: c.css`,
				`a.css:2: resource: @font-face src: url(f.woff): no such file: f.woff`,
				`index.html:4: resource: <script src="/b.js">: no such file: b.js`,
				`index.html:5: resource: <link rel="preload" href="/g.woff2">: no such file: g.woff2`,
			},
		},
		{
			name: "nothing is loaded from another host",
			rule: sitecheck.RuleHost,
			good: site(
				"en/index.html", page(`<link rel="canonical" href="https://example.gov.vn/en/">
<link rel="alternate" hreflang="vi" href="https://www.example.org/vi/"><meta property="og:image" content="https://cdn.example.net/share.png">
<link rel="stylesheet" href="https://example.gov.vn/a.css"><script src="//example.gov.vn/a.js"></script>`,
					`<a href="https://www.example.org/">another site</a> <form action="https://search.example.net/"></form>
<img src="https://example.gov.vn/a.png" alt=""> <img src="data:image/png;base64,iVBORw0KGgo=" alt="">`),
				"a.css", "body { background: url(/a.png) }", "a.js", "", "a.png", "",
			),
			bad: site(
				"en/index.html", page(`<link rel="canonical" href="https://example.gov.vn/en/">
<link rel="preconnect" href="https://fonts.gstatic.com">
<link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Be+Vietnam+Pro"><script src="//cdn.example.net/x.js"></script>
<style>@import url(https://cdn.example.net/y.css);
@font-face { font-family: F; src: url(https://fonts.gstatic.com/f.woff2) }</style>`,
					`<img src="https://cdn.example.net/a.png" srcset="/a.png 1x, http://cdn.example.net/b.png 2x" alt="">
<iframe src="https://www.youtube.com/embed/x" title="video"></iframe>
<div style="background-image:url(//cdn.example.net/bg.png)"></div>`),
				"a.png", "",
			),
			want: []string{
				`en/index.html:5: host: <link rel="preconnect" href="https://fonts.gstatic.com">: loaded from another host, fonts.gstatic.com`,
				`en/index.html:6: host: <link rel="stylesheet" href="https://fonts.googleapis.com/css2?family=Be+Vietnam+Pro">: loaded from another host, fonts.googleapis.com`,
				`en/index.html:6: host: <script src="//cdn.example.net/x.js">: loaded from another host, cdn.example.net`,
				`en/index.html:7: host: @import "https://cdn.example.net/y.css": loaded from another host, cdn.example.net`,
				`en/index.html:8: host: @font-face src: url(https://fonts.gstatic.com/f.woff2): loaded from another host, fonts.gstatic.com`,
				`en/index.html:11: host: <img src="https://cdn.example.net/a.png">: loaded from another host, cdn.example.net`,
				`en/index.html:11: host: <img srcset="http://cdn.example.net/b.png">: loaded from another host, cdn.example.net`,
				`en/index.html:12: host: <iframe src="https://www.youtube.com/embed/x">: loaded from another host, www.youtube.com`,
				`en/index.html:13: host: <div style="url(//cdn.example.net/bg.png)">: loaded from another host, cdn.example.net`,
			},
		},
		{
			name: "an article page weighs at most its budget before pictures",
			rule: sitecheck.RuleWeight,
			good: site(
				"a/index.html", page(articleHead+`<link rel="stylesheet" href="/s.css">`, `<p>Bình Phước</p><img src="/big.jpg" alt="">`),
				"s.css", fontCSS, "big.jpg", strings.Repeat("x", 5000),
				"latin-ext.woff2", strings.Repeat("x", 1000), "latin.woff2", strings.Repeat("x", 400), "vi.woff2", strings.Repeat("x", 300),
			),
			bad: site(
				"a/index.html", page(articleHead+`<link rel="stylesheet" href="/s.css">`, `<p>Bình Phước</p><img src="/big.jpg" alt="">`),
				// A page that is not an article may weigh more.
				"b/index.html", page(`<link rel="stylesheet" href="/s.css"><link rel="preload" href="/latin-ext.woff2" as="font" crossorigin>`, "Bình Phước"),
				"s.css", fontCSS, "big.jpg", strings.Repeat("x", 5000),
				"latin-ext.woff2", strings.Repeat("x", 1000), "latin.woff2", strings.Repeat("x", 2000), "vi.woff2", strings.Repeat("x", 300),
			),
			want: []string{"a/index.html: weight: an article page of "},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opt := sitecheck.Options{BaseURL: base, ArticleBudget: 2500}
			if got := findings(check(t, tt.good, opt), tt.rule); len(got) > 0 {
				t.Errorf("the good site has %s findings:\n%s", tt.rule, strings.Join(got, "\n"))
			}
			got := findings(check(t, tt.bad, opt), tt.rule)
			if len(got) != len(tt.want) {
				t.Fatalf("the bad site has %d %s findings, want %d:\n%s", len(got), tt.rule, len(tt.want), strings.Join(got, "\n"))
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("finding %d:\n got %s\nwant %s", i, got[i], tt.want[i])
				}
			}
		})
	}
}

const articleHead = `<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","author":{"@type":"Organization"}}</script>`

// fontCSS declares one font in three unicode-range subsets, in the order
// Fontsource uses, and a bold weight that only a preload would bring.
const fontCSS = `@font-face{font-family:"F";font-weight:400;src:url(/latin-ext.woff2)format("woff2");unicode-range:U+100-2BA,U+1E00-1E9F,U+1EF2-1EFF}
@font-face{font-family:F;font-weight:400;src:url(/latin.woff2)format("woff2");unicode-range:U+??,U+131,U+2000-206F}
@font-face{font-family:f;font-weight:400;src:url(/vi.woff2)format("woff2");unicode-range:U+102-103,U+1A0-1A1,U+1AF-1B0,U+1EA0-1EF9}
body{font-family:F,sans-serif}
`

// TestWeight counts a page's weight by the documented rule.
func TestWeight(t *testing.T) {
	fsys := site(
		"a/index.html", page(articleHead+`<link rel="stylesheet" href="/s.css"><script src="/a.js" defer></script>`, `<p>Bình Phước</p><img src="/big.jpg" alt="">`),
		"b/index.html", page(`<link rel="stylesheet" href="/s.css">`, `<p>Plain English.</p><script type="application/ld+json">{"ư": 1}</script>`),
		"c/index.html", page(`<link rel="stylesheet" href="/s.css"><link rel="preload" href="/latin-ext.woff2" as="font" crossorigin>`, `<p>Plain</p>`),
		"s.css", fontCSS, "a.js", "alert(1)", "big.jpg", strings.Repeat("x", 5000),
		"latin-ext.woff2", strings.Repeat("x", 1000), "latin.woff2", strings.Repeat("x", 400), "vi.woff2", strings.Repeat("x", 300),
	)
	rep := check(t, fsys, sitecheck.Options{BaseURL: base})
	size := func(name string) int64 { return int64(len(fsys[name].Data)) }
	css := size("s.css")
	tests := []struct {
		file    string
		article bool
		fonts   []string
		js      int64
	}{
		// "ư" and "ớ" are in both latin-ext and vi: the last-declared
		// face, vi, serves them; "B", "ì" and "n" come from latin.
		{"a/index.html", true, []string{"latin.woff2", "vi.woff2"}, size("a.js")},
		// JSON-LD is not the page's text.
		{"b/index.html", false, []string{"latin.woff2"}, 0},
		// latin-ext is preloaded though no character needs it.
		{"c/index.html", false, []string{"latin-ext.woff2", "latin.woff2"}, 0},
	}
	for _, tt := range tests {
		var p *sitecheck.Page
		for i := range rep.Pages {
			if rep.Pages[i].File == tt.file {
				p = &rep.Pages[i]
			}
		}
		if p == nil {
			t.Fatalf("no page %s in %v", tt.file, rep.Pages)
		}
		var fonts int64
		for _, f := range tt.fonts {
			fonts += size(f)
		}
		w := p.Weight
		want := sitecheck.Weight{HTML: size(tt.file), CSS: css, JS: tt.js, Fonts: fonts}
		if w.HTML != want.HTML || w.CSS != want.CSS || w.JS != want.JS || w.Fonts != want.Fonts || w.Other != 0 {
			t.Errorf("%s weighs %+v, want %+v (fonts %v)", tt.file, w, want, tt.fonts)
		}
		for _, f := range tt.fonts {
			if !slices.Contains(w.Files, f) {
				t.Errorf("%s: %s not counted: %v", tt.file, f, w.Files)
			}
		}
		if w.Total() != want.HTML+want.CSS+want.JS+want.Fonts {
			t.Errorf("%s: total %d", tt.file, w.Total())
		}
		if p.Article != tt.article {
			t.Errorf("%s: article %v, want %v", tt.file, p.Article, tt.article)
		}
	}
}

// TestBaseURLFromCanonical reads the site's address, path included, from a
// page's canonical link, and then checks absolute links on it.
func TestBaseURLFromCanonical(t *testing.T) {
	fsys := site(
		"index.html", page(`<link rel="canonical" href="https://example.gov.vn/portal/vi/">`, "redirect"),
		"vi/index.html", page("", "home"),
		"vi/a/index.html", page(`<link rel="canonical" href="https://example.gov.vn/portal/vi/a/">`,
			`<a href="https://example.gov.vn/portal/vi/b/">b</a> <a href="/portal/vi/a/">self</a> <a href="/vi/a/">not under the site's path</a>
<img src="https://example.gov.vn/portal/x.png" alt="">`),
	)
	rep := check(t, fsys, sitecheck.Options{})
	if rep.BaseURL != "https://example.gov.vn/portal/" {
		t.Errorf("base URL %q", rep.BaseURL)
	}
	got := append(findings(rep, sitecheck.RuleLink), findings(rep, sitecheck.RuleImage)...)
	want := []string{
		`vi/a/index.html:7: link: <a href="https://example.gov.vn/portal/vi/b/">: no such file: vi/b/index.html`,
		`vi/a/index.html:7: link: <a href="/vi/a/">: /vi/a/ is outside the site (https://example.gov.vn/portal/)`,
		`vi/a/index.html:8: image: <img src="https://example.gov.vn/portal/x.png">: no such file: x.png`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(findings(rep, sitecheck.RuleHost)) > 0 {
		t.Errorf("the site's own absolute addresses taken as another host: %v", rep.Findings)
	}
}

// TestPageFacts reports what the site's pages are: articles, their links,
// search forms; links inside noscript count.
func TestPageFacts(t *testing.T) {
	fsys := site(
		"en/index.html", `<!doctype html><html lang="en-GB"><head><title>x</title>
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"GovernmentOrganization"},{"@type":"WebSite"}]}</script></head>
<body><form role="search" action="/en/search/"><input name="q"></form>
<a href="events/">events</a><noscript><a href="/en/list.ics">calendar</a></noscript></body></html>`,
		"en/search/index.html", page("", `<form action=""><input type="search" name="q"></form>`),
		"en/events/index.html", page("", "events"), "en/list.ics", "",
	)
	rep := check(t, fsys, sitecheck.Options{BaseURL: base})
	if len(rep.Findings) > 0 {
		t.Errorf("findings: %v", rep.Findings)
	}
	got := map[string]string{}
	for _, p := range rep.Pages {
		got[p.Path] = fmt.Sprintf("lang=%s article=%v types=%v links=%v searches=%v", p.Lang, p.Article, p.Types, p.Links, p.Searches)
	}
	want := map[string]string{
		"/en/":        "lang=en-GB article=false types=[GovernmentOrganization WebSite] links=[/en/events/ /en/list.ics] searches=[/en/search/]",
		"/en/search/": "lang=en article=false types=[] links=[] searches=[/en/search/]",
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s\nwant %s", k, got[k], v)
		}
	}
}

// TestBadBaseURL: a base URL that is not absolute is an error, not a
// finding.
func TestBadBaseURL(t *testing.T) {
	if _, err := sitecheck.Check(context.Background(), site("index.html", page("", "")), sitecheck.Options{BaseURL: "/relative/"}); err == nil {
		t.Error("a relative base URL was accepted")
	}
}
