package markdown_test

import (
	"testing"

	"portal/admin/markdown"
)

func TestLinks(t *testing.T) {
	src := "Xem [báo cáo *năm*](https://a.example/x%zz) và [trang](/vi/dau-tu/).\n\n" +
		"Địa chỉ https://b.example/y trong câu, <mailto:so@example.vn>, [lại](/vi/dau-tu/).\n\n[ref]: https://c.example/\n\n[tham khảo][ref]"
	got := markdown.Links(src)
	want := []markdown.Link{
		{"báo cáo năm", "https://a.example/x%zz"}, {"trang", "/vi/dau-tu/"},
		{"https://b.example/y", "https://b.example/y"}, {"mailto:so@example.vn", "mailto:so@example.vn"},
		{"tham khảo", "https://c.example/"},
	}
	if len(got) != len(want) {
		t.Fatalf("Links = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestCheckLink(t *testing.T) {
	for dest, want := range map[string]string{
		"https://binhphuoc.gov.vn/vi/":    "",
		"/vi/dau-tu/dong-xoai/":           "",
		"#muc-2":                          "",
		"mailto:so@example.vn":            "",
		"tel:+842713879999":               "",
		"bao-cao.pdf":                     "",
		"https://a.example/bao-cao%20moi": "",
		"https://a.example/bao-cao%zz":    markdown.LinkEscape,
		"https://a.example/50%":           markdown.LinkEscape,
		"%":                               markdown.LinkEscape,
		"javascript:alert(1)":             markdown.LinkScheme,
		"JavaScript:alert(1)":             markdown.LinkScheme,
		"data:text/html,<b>x</b>":         markdown.LinkScheme,
		"file:///etc/passwd":              markdown.LinkScheme,
		"http://[::1/x":                   markdown.LinkHost,
		"http://a b.example/":             markdown.LinkHost,
		"http://a.example:port/":          markdown.LinkHost,
		"http://a.example/\x7f":           markdown.LinkUnreadable,
	} {
		if got := markdown.CheckLink(dest); got != want {
			t.Errorf("CheckLink(%q) = %q, want %q", dest, got, want)
		}
	}
}
