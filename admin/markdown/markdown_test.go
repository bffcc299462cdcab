package markdown_test

import (
	"strings"
	"testing"

	"portal/admin/markdown"
)

func TestRender(t *testing.T) {
	tests := []struct{ name, in, want, not string }{
		{"heading", "## Giới thiệu", `<h2 id="giới-thiệu">Giới thiệu</h2>`, ""},
		{"list", "- một\n- hai", "<li>một</li>", ""},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", "<table>", ""},
		{"raw html omitted", "<script>alert(1)</script>\n\nchữ <b>đậm</b>", "raw HTML omitted", "<script>"},
		{"inline html omitted", "chữ <b>đậm</b>", "chữ", "<b>"},
		{"repeated heading", "## Mục\n\n## Mục", `<h2 id="mục-1">`, ""},
		{"link", "[Cổng](https://binhphuoc.gov.vn)", `<a href="https://binhphuoc.gov.vn">Cổng</a>`, ""},
		{"javascript link dropped", "[x](javascript:alert(1))", "<a", "javascript:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := markdown.Render(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(got), tt.want) {
				t.Errorf("Render(%q) = %q, want it to contain %q", tt.in, got, tt.want)
			}
			if tt.not != "" && strings.Contains(string(got), tt.not) {
				t.Errorf("Render(%q) = %q, must not contain %q", tt.in, got, tt.not)
			}
		})
	}
}
