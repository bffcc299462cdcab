package export

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/rss"
)

// Corrections returns the corrections feed of one language (RSS 2.0): the
// official clarifications and every note of a published version that
// corrected or updated an article, newest first, at most limit items. A
// correction keeps its own id (the article's id and the note's time), so a
// reader's feed shows each once.
func Corrections(lang, title string, all []*admin.Published, baseURL string, limit int) ([]byte, error) {
	type entry struct {
		at          time.Time
		id, heading string
		text        string
		p           *admin.Published
	}
	var entries []entry
	for _, p := range all {
		t := &p.Translation
		if t.Lang != lang {
			continue
		}
		uri := fmt.Sprintf("urn:portal:article:%d:%s", p.ArticleID, lang)
		if p.Kind == admin.KindClarification {
			entries = append(entries, entry{at: t.PublishedAt, id: uri, heading: t.Title, text: t.Summary, p: p})
		}
		for _, n := range t.Changes {
			entries = append(entries, entry{at: n.At, id: fmt.Sprintf("%s#%d", uri, n.At.Unix()), heading: t.Title, text: n.Note, p: p})
		}
	}
	sort.SliceStable(entries, func(i, j int) bool { return entries[i].at.After(entries[j].at) })
	if len(entries) > limit {
		entries = entries[:limit]
	}
	home := strings.TrimSuffix(baseURL, "/") + "/" + lang + "/"
	feed := rss.Channel{Title: title, Link: home, Description: title, Language: lang}
	for _, e := range entries {
		feed.Items = append(feed.Items, rss.Item{Title: e.heading, Link: pageURL(e.p, baseURL), ID: e.id, Description: e.text, Date: e.at})
	}
	b, err := feed.Bytes()
	if err != nil {
		return nil, fmt.Errorf("export: corrections: %w", err)
	}
	return b, nil
}

// correctionsTitles name the corrections feed per language; other
// languages use the English one.
var correctionsTitles = map[string]string{"vi": "Đính chính và thông tin làm rõ", "en": "Corrections and clarifications"}
