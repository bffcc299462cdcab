package web

import "testing"

func TestReplaceImage(t *testing.T) {
	for _, tc := range []struct{ name, md, ref, dest, want string }{
		{"to the library", "A\n\n![Cổng \\[KCN\\]](docx-image-1)\n", "docx-image-1", "/media/3/cong.jpg", "A\n\n![Cổng \\[KCN\\]](/media/3/cong.jpg)\n"},
		{"refused: description kept", "A ![Cổng \\[KCN\\] mới](docx-image-2) B", "docx-image-2", "", "A Cổng \\[KCN\\] mới B"},
		{"refused twice", "![x](docx-image-2)\n\n![x](docx-image-2)", "docx-image-2", "", "x\n\nx"},
		{"other pictures untouched", "![a](docx-image-1) ![b](docx-image-2)", "docx-image-3", "", "![a](docx-image-1) ![b](docx-image-2)"},
	} {
		if got := replaceImage(tc.md, tc.ref, tc.dest); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
