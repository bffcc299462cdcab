package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"portal/admin"
)

// What an officer pastes from a Word file, a PDF or a web page comes with
// characters no reader should get: NUL, BEL, ESC, DEL, C1 controls, byte
// order marks, stray carriage returns. They are taken out when a version
// is stored, in every text of it, whether it is created or saved again;
// newlines stay where a text has lines, tabs stay in the body.
func TestControlCharactersAreNotStored(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	dirty := "\ufeffHạt\x00 điều\x07 Bình\x1b Phước\x7f\u0085\u009b"
	tr := &admin.Translation{Lang: "vi", Title: dirty + "\r\ntiếp", Summary: "Dòng một\r\nDòng hai\rDòng ba\x00",
		Body: "Đoạn\x00 một\r\n\r\n\tthụt lề\u2028tiếp\x1b[31m", Tags: []string{"\ufeffHạt điều\x00", "Hạt\u0085 điều", "OCOP\r\n"},
		Facts: admin.Facts{"venue": "Đồng Xoài\x00\r\n"}}
	a := newArticle(area, tr)
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	check := func(when string) {
		t.Helper()
		got, err := db.Article(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		g := got.Translation("vi")
		if g.Title != "Hạt điều Bình Phước tiếp" {
			t.Errorf("%s: title %q", when, g.Title)
		}
		if g.Summary != "Dòng một\nDòng hai\nDòng ba" {
			t.Errorf("%s: summary %q", when, g.Summary)
		}
		if g.Body != "Đoạn một\n\n\tthụt lề\ntiếp[31m" {
			t.Errorf("%s: body %q", when, g.Body)
		}
		if fmt.Sprint(g.Tags) != "[Hạt điều OCOP]" {
			t.Errorf("%s: tags %q (one tag typed twice is one tag)", when, g.Tags)
		}
		if g.Facts["venue"] != "Đồng Xoài" {
			t.Errorf("%s: fact %q", when, g.Facts["venue"])
		}
	}
	check("created")
	saved, _ := db.Article(ctx, a.ID)
	st := saved.Translation("vi")
	st.Title, st.Summary, st.Body = dirty+"\r\ntiếp", tr.Summary, "Đoạn\x00 một\r\n\r\n\tthụt lề\u2028tiếp\x1b[31m"
	st.Tags, st.Facts = []string{"\ufeffHạt điều\x00", "OCOP\u009b"}, admin.Facts{"venue": "\x00Đồng Xoài"}
	if err := db.SaveTranslation(ctx, st, false, nil); err != nil {
		t.Fatal(err)
	}
	check("saved again")
}

// Every text of a version has a limit, refused with its field, its own
// message key and the limit and length as arguments; nothing is stored.
func TestTextLimits(t *testing.T) {
	ctx := context.Background()
	db, area := open(t)
	tags := func(n int) []string {
		var out []string
		for i := range n {
			out = append(out, fmt.Sprintf("Thẻ %d", i))
		}
		return out
	}
	for _, c := range []struct {
		tr    admin.Translation
		field string
		key   string
	}{
		{admin.Translation{Title: strings.Repeat("đ", admin.MaxTitle+1)}, "title", "title_too_long"},
		{admin.Translation{Title: "T", Summary: strings.Repeat("ư", admin.MaxSummary+1)}, "summary", "summary_too_long"},
		{admin.Translation{Title: "T", Body: strings.Repeat("ạ", admin.MaxBody+1)}, "body", "body_too_long"},
		{admin.Translation{Title: "T", Tags: tags(admin.MaxTags + 1)}, "tags", "tags_too_many"},
		{admin.Translation{Title: "T", Tags: []string{strings.Repeat("ơ", admin.MaxTag+1)}}, "tags", "tag_too_long"},
		{admin.Translation{Title: "T", Tags: []string{"Đầu tư", "../.."}}, "tags", "tag_no_letters"},
		{admin.Translation{Title: "T", Facts: admin.Facts{"venue": strings.Repeat("x", admin.MaxFact+1)}}, "fact_venue", "fact_too_long"},
		{admin.Translation{Title: "T", ChangeNote: strings.Repeat("x", admin.MaxNote+1)}, "change_note", "change_note_too_long"},
	} {
		tr := c.tr
		tr.Lang = "vi"
		err := db.CreateArticle(ctx, newArticle(area, &tr), nil)
		var e *admin.Error
		if !errors.As(err, &e) || e.Code != admin.EINVALID || e.Field != c.field || e.Key != c.key {
			t.Errorf("%s: %v, want %s on %s", c.key, err, c.key, c.field)
			continue
		}
		if len(e.Args) < 2 && c.key != "tag_no_letters" {
			t.Errorf("%s: arguments %v, want the limit and the length", c.key, e.Args)
		}
	}
	// At the limit is accepted.
	ok := newArticle(area, &admin.Translation{Lang: "vi", Title: strings.Repeat("đ", admin.MaxTitle), Tags: tags(admin.MaxTags)})
	if err := db.CreateArticle(ctx, ok, nil); err != nil {
		t.Errorf("a title and tags at the limits: %v", err)
	}
	n, _, err := db.CountArticles(ctx)
	if err != nil || n != 1 {
		t.Errorf("%d articles stored, want only the one within the limits (%v)", n, err)
	}
}
