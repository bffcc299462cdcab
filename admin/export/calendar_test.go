package export_test

import (
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/export"
)

// Whatever an event's texts hold (from older data, before texts were
// cleaned on input), the iCalendar file has no control character and no
// bare CR: every line ends in CRLF, as RFC 5545 requires.
func TestCalendarTextIsSafe(t *testing.T) {
	p := &admin.Published{ArticleID: 3, Kind: admin.KindEvent, AreaKey: "tourism", Area: admin.AreaName{Name: "Du lịch", Slug: "du-lich"},
		Translation: admin.Translation{Lang: "vi", Title: "Lễ hội\r\nBAD:x\x07\x1b", Slug: "le-hoi", Summary: "Dòng một\rDòng hai\x00",
			Facts:       admin.Facts{"start": "2025-03-01", "venue": "Đồng Xoài\r\nLOCATION:evil"},
			PublishedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}}
	b, err := export.Calendar([]*admin.Published{p}, "vi", "https://example.test/")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	for i, r := range s {
		if r < 0x20 && r != '\r' && r != '\n' || r == 0x7f {
			t.Fatalf("control character %U at %d in %q", r, i, s)
		}
		if r == '\r' && (i+1 >= len(s) || s[i+1] != '\n') {
			t.Fatalf("a bare CR at %d in %q", i, s)
		}
	}
	for _, line := range strings.Split(strings.TrimSuffix(s, "\r\n"), "\r\n") {
		if strings.HasPrefix(line, "BAD") || strings.HasPrefix(line, "LOCATION:evil") {
			t.Errorf("a text became a property of its own: %q", line)
		}
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("a line break inside a line: %q", line)
		}
	}
	if !strings.Contains(s, "SUMMARY:Lễ hội BAD:x") {
		t.Errorf("the title is not kept as one line of text:\n%s", s)
	}
}
