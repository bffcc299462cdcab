package hugo_test

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"portal/admin/hugo"
)

// repoRoot is the site source of the repository: hugo.toml, content, theme.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// writeTree writes files (path -> content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// smallSite is a generated content tree: one area, an article in both
// languages, one in Vietnamese only.
var smallSite = map[string]string{
	"vi/dau-tu/_index.md":     `{"title": "Đầu tư", "weight": 1, "translationKey": "area-investment", "params": {"area": "investment"}}`,
	"en/investment/_index.md": `{"title": "Investment", "weight": 1, "translationKey": "area-investment", "params": {"area": "investment"}}`,
	"vi/dau-tu/fdi-2023/index.md": `{"title": "Thu hút FDI năm 2023", "date": "2024-01-10T02:00:00Z", "summary": "Tóm tắt", "tags": ["FDI"], "translationKey": "article-1", "params": {"kind": "news", "unit": "Sở Kế hoạch và Đầu tư"}}
Nội dung **bài viết**.
`,
	"en/investment/fdi-2023/index.md": `{"title": "FDI in 2023", "date": "2024-01-10T02:00:00Z", "summary": "Summary", "tags": ["FDI"], "translationKey": "article-1", "params": {"kind": "news"}}
Article **text**.
`,
	"vi/dau-tu/chi-tieng-viet/index.md": `{"title": "Chỉ có tiếng Việt", "date": "2024-02-01T02:00:00Z", "translationKey": "article-2", "params": {"kind": "news"}}
Chỉ tiếng Việt.
`,
}

func build(t *testing.T, content map[string]string) string {
	t.Helper()
	gen := t.TempDir()
	writeTree(t, gen, content)
	out := filepath.Join(t.TempDir(), "public")
	res, err := hugo.Build(context.Background(), hugo.Site{
		SourceDir: repoRoot(t), ContentDir: gen, CacheDir: t.TempDir(), BaseURL: "https://portal.example/",
	}, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Pages == 0 {
		t.Fatal("no pages counted")
	}
	return out
}

// alternates returns the hreflang -> href links of an HTML page.
func alternates(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := html.Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	links := map[string]string{}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "link" {
			a := map[string]string{}
			for _, at := range n.Attr {
				a[at.Key] = at.Val
			}
			if a["rel"] == "alternate" && a["hreflang"] != "" {
				links[a["hreflang"]] = a["href"]
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return links
}

func TestBuildSmallSite(t *testing.T) {
	out := build(t, smallSite)

	for _, p := range []string{
		"vi/index.html", "en/index.html",
		"vi/dau-tu/index.html", "en/investment/index.html",
		"vi/dau-tu/fdi-2023/index.html", "en/investment/fdi-2023/index.html",
		"vi/dau-tu/chi-tieng-viet/index.html",
		"vi/index.xml", "en/index.xml", "vi/dau-tu/index.xml",
		"sitemap.xml", "vi/sitemap.xml", "en/sitemap.xml", "robots.txt",
	} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "en/investment/chi-tieng-viet")); !os.IsNotExist(err) {
		t.Error("a Vietnamese-only article appeared in English")
	}

	t.Run("hreflang pairs are reciprocal", func(t *testing.T) {
		vi := alternates(t, filepath.Join(out, "vi/dau-tu/fdi-2023/index.html"))
		en := alternates(t, filepath.Join(out, "en/investment/fdi-2023/index.html"))
		want := map[string]string{
			"vi":        "https://portal.example/vi/dau-tu/fdi-2023/",
			"en":        "https://portal.example/en/investment/fdi-2023/",
			"x-default": "https://portal.example/vi/dau-tu/fdi-2023/",
		}
		for lang, href := range want {
			if vi[lang] != href || en[lang] != href {
				t.Errorf("hreflang %s: vi page %q, en page %q, want %q", lang, vi[lang], en[lang], href)
			}
		}
		if only := alternates(t, filepath.Join(out, "vi/dau-tu/chi-tieng-viet/index.html")); len(only) != 0 {
			t.Errorf("untranslated page has hreflang links %v", only)
		}
	})

	t.Run("language switcher goes to the equivalent page", func(t *testing.T) {
		b, _ := os.ReadFile(filepath.Join(out, "vi/dau-tu/fdi-2023/index.html"))
		if !strings.Contains(string(b), `href="/en/investment/fdi-2023/"`) && !strings.Contains(string(b), `href="https://portal.example/en/investment/fdi-2023/"`) {
			t.Error("the Vietnamese article does not link to its English version")
		}
	})

	t.Run("feeds", func(t *testing.T) {
		var rss struct {
			Channel struct {
				Language string `xml:"language"`
				Items    []struct {
					Title string `xml:"title"`
					Link  string `xml:"link"`
				} `xml:"item"`
			} `xml:"channel"`
		}
		b, _ := os.ReadFile(filepath.Join(out, "en/index.xml"))
		if err := xml.Unmarshal(b, &rss); err != nil {
			t.Fatalf("en feed: %v", err)
		}
		if len(rss.Channel.Items) == 0 || rss.Channel.Items[0].Title != "FDI in 2023" ||
			rss.Channel.Items[0].Link != "https://portal.example/en/investment/fdi-2023/" {
			t.Errorf("en feed items = %+v, want the English article first", rss.Channel.Items)
		}
		if !strings.HasPrefix(rss.Channel.Language, "en") {
			t.Errorf("en feed language %q", rss.Channel.Language)
		}
		b, _ = os.ReadFile(filepath.Join(out, "vi/index.xml"))
		if err := xml.Unmarshal(b, &rss); err != nil {
			t.Fatalf("vi feed: %v", err)
		}
		titles := map[string]bool{}
		for _, it := range rss.Channel.Items {
			titles[it.Title] = true
		}
		if !titles["Thu hút FDI năm 2023"] || !titles["Chỉ có tiếng Việt"] {
			t.Errorf("vi feed items = %+v, want both Vietnamese articles", rss.Channel.Items)
		}
	})

	t.Run("sitemap with alternates", func(t *testing.T) {
		idx, _ := os.ReadFile(filepath.Join(out, "sitemap.xml"))
		for _, s := range []string{"https://portal.example/vi/sitemap.xml", "https://portal.example/en/sitemap.xml"} {
			if !strings.Contains(string(idx), s) {
				t.Errorf("sitemap index lacks %s", s)
			}
		}
		var sm struct {
			URLs []struct {
				Loc  string `xml:"loc"`
				Alts []struct {
					Lang string `xml:"hreflang,attr"`
					Href string `xml:"href,attr"`
				} `xml:"link"`
			} `xml:"url"`
		}
		b, _ := os.ReadFile(filepath.Join(out, "vi/sitemap.xml"))
		if err := xml.Unmarshal(b, &sm); err != nil {
			t.Fatal(err)
		}
		found := false
		for _, u := range sm.URLs {
			if u.Loc == "https://portal.example/vi/dau-tu/fdi-2023/" {
				found = true
				alts := map[string]string{}
				for _, a := range u.Alts {
					alts[a.Lang] = a.Href
				}
				if alts["en"] != "https://portal.example/en/investment/fdi-2023/" {
					t.Errorf("sitemap alternates of the article: %v", alts)
				}
			}
		}
		if !found {
			t.Error("the article is not in the Vietnamese sitemap")
		}
	})
}

func TestTextFromContentStaysText(t *testing.T) {
	site := map[string]string{}
	for k, v := range smallSite {
		site[k] = v
	}
	site["vi/dau-tu/fdi-2023/index.md"] = `{"title": "<script>alert(1)</script> {{ .Site.Title }}", "date": "2024-01-10T02:00:00Z", "translationKey": "article-1", "params": {"kind": "news"}}
Văn bản <b>in đậm</b> <script>alert(2)</script>
`
	out := build(t, site)
	b, _ := os.ReadFile(filepath.Join(out, "vi/dau-tu/fdi-2023/index.html"))
	page := string(b)
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<b>in đậm</b>") {
		t.Error("HTML from an article reached the page as HTML")
	}
	if !strings.Contains(page, "&lt;script&gt;alert(1)&lt;/script&gt; {{ .Site.Title }}") {
		t.Error("the title is not shown as the text it is")
	}
}

func TestBrokenContentFails(t *testing.T) {
	gen := t.TempDir()
	writeTree(t, gen, map[string]string{"vi/dau-tu/x/index.md": "{\"title\": \"unterminated\n"})
	_, err := hugo.Build(context.Background(), hugo.Site{SourceDir: repoRoot(t), ContentDir: gen, CacheDir: t.TempDir()}, filepath.Join(t.TempDir(), "public"))
	if err == nil {
		t.Fatal("a page with broken front matter built")
	}
}

func TestLanguages(t *testing.T) {
	langs, err := hugo.Languages(repoRoot(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(langs) != 2 || langs[0].Code != "vi" || langs[1].Code != "en" || langs[0].Label == "" {
		t.Errorf("languages = %+v", langs)
	}
	// A third language is configuration only.
	dir := t.TempDir()
	cfg, _ := os.ReadFile(filepath.Join(repoRoot(t), "hugo.toml"))
	extra := string(cfg) + "\n  [languages.km]\n    weight = 3\n    label = \"ខ្មែរ\"\n    locale = \"km-KH\"\n"
	os.WriteFile(filepath.Join(dir, "hugo.toml"), []byte(extra), 0o644)
	langs, err = hugo.Languages(dir)
	if err != nil || len(langs) != 3 || langs[2].Code != "km" {
		t.Errorf("with Khmer added: %+v, %v", langs, err)
	}
}
