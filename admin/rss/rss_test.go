package rss_test

import (
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"portal/admin/rss"
)

// TestFeedReadsBack: a feed parser reads back what was written, text that
// needs escaping included, with stable ids and full content.
func TestFeedReadsBack(t *testing.T) {
	at := time.Date(2024, 6, 30, 1, 0, 0, 0, time.UTC)
	b, err := rss.Channel{Title: "Đính chính & làm rõ", Link: "https://portal.example/vi/", Description: "d", Language: "vi",
		Items: []rss.Item{{Title: "A <b> & \"B\"", Link: "https://portal.example/vi/a/", ID: "urn:portal:article:1:vi#1719709200",
			Description: "Sửa 240 km thành 260 km.", HTML: "<p><strong>x</strong></p>", Category: "embargo", Date: at}}}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	feed, err := gofeed.NewParser().ParseString(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if feed.Title != "Đính chính & làm rõ" || feed.Language != "vi" || len(feed.Items) != 1 {
		t.Fatalf("feed: %+v", feed)
	}
	it := feed.Items[0]
	if it.Title != `A <b> & "B"` || it.GUID != "urn:portal:article:1:vi#1719709200" || it.Content != "<p><strong>x</strong></p>" ||
		!it.PublishedParsed.Equal(at) || strings.Join(it.Categories, ",") != "embargo" {
		t.Errorf("item: %+v", it)
	}
}
