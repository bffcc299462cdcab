package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"testing"
	"time"
	"unicode/utf8"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/hugo"
	"portal/admin/text"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fakeSource is an export.Source in memory.
type fakeSource struct {
	areas     []*admin.Area
	published []*admin.Published
	media     map[int64]*admin.Media
}

func (f *fakeSource) AllMedia(context.Context) (map[int64]*admin.Media, error) { return f.media, nil }

func (f *fakeSource) Areas(context.Context) ([]*admin.Area, error) { return f.areas, nil }
func (f *fakeSource) EachPublished(_ context.Context, fn func(*admin.Published) error) error {
	for _, p := range f.published {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

var (
	when   = time.Date(2024, 3, 13, 2, 0, 0, 0, time.UTC)
	areaVI = admin.AreaName{Name: "Đầu tư", Slug: "dau-tu", Description: "Tiềm năng, chính sách."}
	areaEN = admin.AreaName{Name: "Investment", Slug: "investment"}
	invest = &admin.Area{Key: "investment", Weight: 1, Names: map[string]admin.AreaName{"vi": areaVI, "en": areaEN}}
	fdiVI  = &admin.Published{ArticleID: 7, Kind: admin.KindNews, AreaKey: "investment", Area: areaVI, UnitName: "Sở Kế hoạch và Đầu tư",
		Translation: admin.Translation{Lang: "vi", Title: `Thu hút FDI: "kỷ lục" --- {{ .Site }} <b>đậm</b>`, Slug: "thu-hut-fdi",
			Summary: "Dòng 1\nDòng 2: +++", Body: "## Kết quả\n\nVăn bản {{< param x >}} và `{{< code >}}`.\n", Tags: []string{"FDI", "Đầu tư"},
			PublishedAt: when, UpdatedAt: when.Add(time.Hour)}}
	fdiEN = &admin.Published{ArticleID: 7, Kind: admin.KindNews, AreaKey: "investment", Area: areaEN, UnitName: "Department of Planning and Investment",
		Translation: admin.Translation{Lang: "en", Title: "FDI attraction", Slug: "fdi-attraction", Summary: "A summary.",
			Body: "Plain text.", PublishedAt: when, UpdatedAt: when}}
)

func TestGoldenPages(t *testing.T) {
	cases := map[string]func() ([]byte, error){
		"article-vi.md": func() ([]byte, error) { return export.ArticlePage(fdiVI, nil) },
		"article-en.md": func() ([]byte, error) { return export.ArticlePage(fdiEN, nil) },
		"area-vi.md":    func() ([]byte, error) { return export.AreaPage(invest, "vi") },
	}
	for name, page := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := page()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", name)
			if *update {
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs from the golden file:\n--- got\n%s\n--- want\n%s", name, got, want)
			}
		})
	}
}

func TestPageReadsBackThroughHugo(t *testing.T) {
	b, err := export.ArticlePage(fdiVI, nil)
	if err != nil {
		t.Fatal(err)
	}
	cf, err := hugo.ParseContent(b)
	if err != nil {
		t.Fatal(err)
	}
	if cf.FrontMatter["title"] != fdiVI.Translation.Title {
		t.Errorf("title = %q", cf.FrontMatter["title"])
	}
	if cf.FrontMatter["translationKey"] != "article-7" {
		t.Errorf("translationKey = %v", cf.FrontMatter["translationKey"])
	}
	if cf.Shortcodes != 0 {
		t.Errorf("Hugo would run %d shortcodes from the article body", cf.Shortcodes)
	}
}

func TestExportWritesOnlyChangesAndRemovesUnpublished(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := &fakeSource{areas: []*admin.Area{invest}, published: []*admin.Published{fdiVI, fdiEN}}
	langs := []string{"vi", "en"}

	st, err := export.Export(ctx, src, export.Tree{Dir: dir, Languages: langs})
	if err != nil {
		t.Fatal(err)
	}
	if st.Pages != 2 || st.Written != 10 || st.Removed != 0 {
		t.Fatalf("first export: %+v, want 2 pages and 10 files (2 articles, 2 area pages, 2 archives of one month each, 2 tags)", st)
	}
	for _, p := range []string{"vi/tags/fdi/_index.md", "vi/tags/dau-tu/_index.md", "vi/dau-tu/_index.md", "vi/dau-tu/thu-hut-fdi/index.md", "en/investment/_index.md", "en/investment/fdi-attraction/index.md",
		"vi/dau-tu/archive/_index.md", "vi/dau-tu/archive/2024-03/_index.md", "en/investment/archive/2024-03/_index.md"} {
		if _, err := os.Stat(filepath.Join(dir, p)); err != nil {
			t.Errorf("missing %s", p)
		}
	}

	// Nothing changed: nothing is written.
	st, err = export.Export(ctx, src, export.Tree{Dir: dir, Languages: langs})
	if err != nil {
		t.Fatal(err)
	}
	if st.Written != 0 || st.Unchanged != 10 {
		t.Errorf("unchanged export: %+v", st)
	}

	// One edit rewrites one file; an unpublished version disappears with its folder.
	edited := *fdiEN
	edited.Translation.Title = "FDI attraction, updated"
	src.published = []*admin.Published{&edited}
	st, err = export.Export(ctx, src, export.Tree{Dir: dir, Languages: langs})
	if err != nil {
		t.Fatal(err)
	}
	// Written: the English page, the Vietnamese page saying it has no
	// Vietnamese version, the Vietnamese archive (now without months).
	// Removed: the Vietnamese page, its month and its two tags.
	if st.Written != 3 || st.Removed != 4 {
		t.Errorf("after edit and unpublish: %+v, want 3 written, 4 removed", st)
	}
	if _, err := os.Stat(filepath.Join(dir, "vi/dau-tu/thu-hut-fdi")); !os.IsNotExist(err) {
		t.Errorf("the folder of the unpublished article is still there: %v", err)
	}
	stub := readFront(t, filepath.Join(dir, "vi/dau-tu/fdi-attraction/index.md"))
	if stub["layout"] != "untranslated" || fmt.Sprint(stub["params"].(map[string]any)["original"]) != "map[lang:en path:/en/investment/fdi-attraction/ title:FDI attraction, updated]" {
		t.Errorf("the page saying there is no Vietnamese version: %v", stub)
	}
	en := readFront(t, filepath.Join(dir, "en/investment/fdi-attraction/index.md"))
	if fmt.Sprint(en["params"].(map[string]any)["fallbacks"]) != "map[vi:/vi/dau-tu/fdi-attraction/]" {
		t.Errorf("the English page does not lead Vietnamese readers to that page: %v", en["params"])
	}

	// A language the site does not have is not exported.
	st, err = export.Export(ctx, src, export.Tree{Dir: dir, Languages: []string{"vi"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "en")); !os.IsNotExist(err) {
		t.Errorf("en folder still there after en left the site")
	}
}

func TestNeutraliseShortcodes(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"plain text untouched", "Không có gì đặc biệt {{ .Title }}", "Không có gì đặc biệt {{ .Title }}"},
		{"shortcode in text", "a {{< x >}} b", "a {{&lt; x >}} b"},
		{"markdown shortcode in text", "a {{% x %}} b", "a {{&#37; x %}} b"},
		{"code span", "`{{< x >}}`", "`{{\u200b< x >}}`"},
		{"code block", "```\n{{< x >}}\n```\n", "```\n{{\u200b< x >}}\n```\n"},
		{"unclosed", "{{<", "{{&lt;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := export.NeutraliseShortcodes(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// FuzzFrontMatter checks that whatever an officer types as a title, summary,
// tag or body, Hugo reads back the same values and finds no shortcode to run.
func FuzzFrontMatter(f *testing.F) {
	for _, s := range []string{"", `"`, "---", "+++", "{{ .Site.Params }}", "{{< x >}}", "{{% y %}}", "<script>alert(1)</script>",
		"a: b", "\n---\ntitle: x\n---\n", "}", "{", `\"}`, "Đồng Xoài", "\x00", "\u2028"} {
		f.Add(s, s, s)
	}
	f.Fuzz(func(t *testing.T, title, summary, body string) {
		if !validUTF8(title, summary, body) {
			t.Skip()
		}
		p := &admin.Published{ArticleID: 1, Kind: admin.KindNews, AreaKey: "news", Area: areaVI,
			Translation: admin.Translation{Lang: "vi", Title: title, Slug: "x", Summary: summary, Body: body,
				Tags: []string{title}, PublishedAt: when, UpdatedAt: when}}
		b, err := export.ArticlePage(p, nil)
		if err != nil {
			t.Fatal(err)
		}
		cf, err := hugo.ParseContent(b)
		if err != nil {
			t.Fatalf("Hugo cannot read the page: %v\n%s", err, b)
		}
		if cf.FrontMatter["title"] != title || cf.FrontMatter["summary"] != nonEmpty(summary) {
			t.Fatalf("front matter changed: title %q -> %q, summary %q -> %q", title, cf.FrontMatter["title"], summary, cf.FrontMatter["summary"])
		}
		// Hugo makes paths of the tags: it gets slugs only; the text is
		// kept, for display, beside them.
		tags, _ := cf.FrontMatter["tags"].([]any)
		names, _ := cf.FrontMatter["params"].(map[string]any)["tag_names"].([]any)
		if slug := text.Slug(title); slug == "" {
			if len(tags) != 0 || len(names) != 0 {
				t.Fatalf("a tag with no letter or digit is a tag: %#v, %#v", tags, names)
			}
		} else if len(tags) != 1 || tags[0] != slug || len(names) != 1 || names[0] != text.Line(title) {
			t.Fatalf("tags = %#v, names %#v, want [%q], [%q]", tags, names, slug, text.Line(title))
		}
		if cf.Shortcodes != 0 {
			t.Fatalf("Hugo would run %d shortcodes from body %q", cf.Shortcodes, body)
		}
		if want := export.NeutraliseShortcodes(body); cf.Body != want && cf.Body != want+"\n" {
			t.Fatalf("body changed in the file: %q -> %q", want, cf.Body)
		}
		if !reflect.DeepEqual(cf.FrontMatter["params"].(map[string]any)["kind"], "news") {
			t.Fatal("params lost")
		}
	})
}

func nonEmpty(s string) any {
	if s == "" {
		return nil // omitted from the front matter
	}
	return s
}

func validUTF8(ss ...string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// readFront reads the JSON front matter of a content file.
func readFront(t *testing.T, path string) map[string]any {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var fm map[string]any
	if err := json.NewDecoder(bytes.NewReader(b)).Decode(&fm); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return fm
}

func TestRelatedAreEarlierArticlesSharingTags(t *testing.T) {
	at := func(day int) time.Time { return time.Date(2024, 6, day, 3, 0, 0, 0, time.UTC) }
	mk := func(id int64, day int, area string, tags ...string) *admin.Published {
		return &admin.Published{ArticleID: id, AreaKey: area, Area: admin.AreaName{Slug: area},
			Translation: admin.Translation{Lang: "vi", Slug: fmt.Sprintf("bai-%d", id), Tags: tags, PublishedAt: at(day)}}
	}
	a1 := mk(1, 1, "du-lich", "ho", "thac")
	a2 := mk(2, 2, "dau-tu", "kcn")
	a3 := mk(3, 3, "du-lich", "ho")
	a4 := mk(4, 4, "dau-tu", "ho", "thac")
	a5 := mk(5, 5, "du-lich")
	all := []*admin.Published{a5, a3, a1, a4, a2}
	rel := export.Related(all, 2)
	if len(rel[a1]) != 0 {
		t.Errorf("the first article has related articles: %v", rel[a1])
	}
	if got := fmt.Sprint(rel[a4]); got != "[/du-lich/bai-1 /du-lich/bai-3]" {
		t.Errorf("related of an article sharing two tags with bai-1: %s", got)
	}
	if got := fmt.Sprint(rel[a5]); got != "[/du-lich/bai-3 /du-lich/bai-1]" {
		t.Errorf("related of an article without tags (same area, newest first): %s", got)
	}
	// Publishing a sixth article changes no earlier article's list.
	a6 := mk(6, 6, "du-lich", "ho", "thac")
	again := export.Related(append(all, a6), 2)
	for _, p := range all {
		if fmt.Sprint(again[p]) != fmt.Sprint(rel[p]) {
			t.Errorf("a new article changed the related list of %s", p.Translation.Slug)
		}
	}
}

// FuzzTagPages: whatever tags an article has, every tag page is a slug's
// folder inside the language's tags folder, and its title is the tag as
// written, without control characters.
func FuzzTagPages(f *testing.F) {
	for _, s := range []string{"../../vi", "/etc/passwd", `..\..\en`, "%2e%2e", "Đầu tư/../../", "tags/../..", "\x00", ".", "FDI"} {
		f.Add(s)
	}
	page := regexp.MustCompile(`^vi/tags/[a-z0-9]+(-[a-z0-9]+)*/_index\.md$`)
	f.Fuzz(func(t *testing.T, tag string) {
		if !utf8.ValidString(tag) {
			t.Skip()
		}
		p := &admin.Published{ArticleID: 1, Kind: admin.KindNews, AreaKey: "news", Area: areaVI,
			Translation: admin.Translation{Lang: "vi", Title: "T", Slug: "t", Tags: []string{tag, "x" + tag}, PublishedAt: when}}
		pages, err := export.TagPages([]*admin.Published{p})
		if err != nil {
			t.Fatal(err)
		}
		for rel, b := range pages {
			if !page.MatchString(filepath.ToSlash(rel)) || !filepath.IsLocal(rel) {
				t.Fatalf("tag %q has its page at %q", tag, rel)
			}
			cf, err := hugo.ParseContent(b)
			if err != nil {
				t.Fatalf("Hugo cannot read the page of %q: %v", tag, err)
			}
			title, _ := cf.FrontMatter["title"].(string)
			if title != text.Line(tag) && title != text.Line("x"+tag) {
				t.Fatalf("tag %q titled %q", tag, title)
			}
		}
	})
}
