package markdown_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portal/admin/hugo"
	"portal/admin/markdown"
)

// TestPreviewMatchesTheSite renders a body with the preview and with a
// real build of the site, and expects the same HTML.
func TestPreviewMatchesTheSite(t *testing.T) {
	body := "## Giới thiệu chung\n\nĐoạn *nghiêng*, **đậm**, ~~gạch~~ và \"ngoặc kép\" -- gạch nối.\n\n" +
		"- một\n- hai\n  1. hai.một\n\n| Năm | FDI |\n|---|---:|\n| 2023 | 830 |\n\n" +
		"> Trích dẫn\n\n## Giới thiệu chung\n\nLiên kết <https://binhphuoc.gov.vn> và [cổng](https://binhphuoc.gov.vn).\n\n" +
		"<b>raw</b>\n\n```\nmã {{ x }}\n```\n\n- [x] xong\n- [ ] chưa\n\nThuật ngữ\n: định nghĩa\n"
	want, err := markdown.Render(body)
	if err != nil {
		t.Fatal(err)
	}

	root, _ := filepath.Abs("../..")
	gen := t.TempDir()
	page := filepath.Join(gen, "vi", "dau-tu", "thu", "index.md")
	os.MkdirAll(filepath.Dir(page), 0o755)
	os.WriteFile(filepath.Join(gen, "vi", "dau-tu", "_index.md"), []byte(`{"title": "Đầu tư", "translationKey": "area-investment"}`+"\n"), 0o644)
	os.WriteFile(page, []byte(`{"title": "Thử", "date": "2024-01-01T00:00:00Z", "translationKey": "article-1"}`+"\n"+body), 0o644)
	out := filepath.Join(t.TempDir(), "public")
	if _, err := hugo.Build(context.Background(), hugo.Site{SourceDir: root, ContentDir: gen, CacheDir: t.TempDir()}, out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(out, "vi", "dau-tu", "thu", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	html := string(b)
	start := strings.Index(html, `<div class="prose">`)
	end := strings.Index(html[start:], "\n    </div>")
	if start < 0 || end < 0 {
		t.Fatalf("no article body in the built page")
	}
	got := normalize(html[start+len(`<div class="prose">`) : start+end])
	if got != normalize(string(want)) {
		t.Errorf("the preview differs from the site:\n--- site\n%s\n--- preview\n%s", got, want)
	}
}

// normalize removes what differs only in presentation: Hugo's own render
// hooks indent tables, write "text-align: right" with a space and make code
// blocks focusable; the theme's table hook wraps a table in a scrolling
// region, marks header cells' scope and aligns by class. Text, ids, links,
// typography and omitted HTML must match.
func normalize(s string) string {
	s = regexp.MustCompile(`>\s+<`).ReplaceAllString(strings.TrimSpace(s), "><")
	s = strings.ReplaceAll(s, "text-align: ", "text-align:")
	s = regexp.MustCompile(`<div class="table-wrap"[^>]*>(<table>.*?</table>)</div>`).ReplaceAllString(s, "$1")
	s = strings.ReplaceAll(s, ` scope="col"`, "")
	s = regexp.MustCompile(` class="align-(left|right|center)"`).ReplaceAllString(s, ` style="text-align:$1"`)
	return strings.ReplaceAll(s, `<pre tabindex="0">`, "<pre>")
}
