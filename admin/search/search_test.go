package search_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portal/admin/search"
)

func doc(url, title, summary, body string) search.Doc {
	return search.Doc{Lang: "vi", URL: url, Title: title, Summary: summary, Body: body,
		Date: time.Date(2024, 6, 6, 2, 0, 0, 0, time.UTC), Area: "Tin tức"}
}

// build indexes docs into a fresh state folder and returns the output.
func build(t *testing.T, docs ...search.Doc) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "out")
	if _, err := search.Update(context.Background(), t.TempDir(), out, "vi", docs); err != nil {
		t.Fatal(err)
	}
	return out
}

func find(t *testing.T, dir, query string) search.Result {
	t.Helper()
	res, err := search.Search(dir, query, 20)
	if err != nil {
		t.Fatalf("search %q: %v", query, err)
	}
	return res
}

func urls(res search.Result) []string {
	var us []string
	for _, h := range res.Hits {
		us = append(us, h.URL)
	}
	return us
}

func TestPlainTextKeepsWhatReadersSee(t *testing.T) {
	md := "## Hồ Thác Mơ\n\nNằm **dưới chân** núi [Bà Rá](https://example.org/ba-ra).\n\n" +
		"* Bù Gia Mập\n* Phước Long\n\n| Năm | Khách |\n|---|---|\n| 2024 | Đông |\n\n" +
		"![Mặt hồ lúc bình minh](/media/3/ho.jpg)\n\n<div>ẩn giấu</div>\n\nVăn bản `mã nguồn`.\n"
	got := search.PlainText(md)
	for _, want := range []string{"Hồ Thác Mơ", "dưới chân", "Bà Rá", "Bù Gia Mập", "Phước Long", "Khách", "Đông", "Mặt hồ lúc bình minh", "mã nguồn"} {
		if !strings.Contains(got, want) {
			t.Errorf("plain text lacks %q:\n%q", want, got)
		}
	}
	for _, not := range []string{"example.org", "ho.jpg", "ẩn giấu", "**", "|", "<div>"} {
		if strings.Contains(got, not) {
			t.Errorf("plain text has %q:\n%q", not, got)
		}
	}
}

func TestFindsWithOrWithoutDiacritics(t *testing.T) {
	dir := build(t,
		doc("a/", "Tổng quan tỉnh Bình Phước", "Giới thiệu chung.", "Đất đỏ bazan."),
		doc("b/", "Đồng Xoài đón khách", "Thành phố trẻ.", "Nội dung khác."),
		doc("c/", "ĐỒNG BẰNG", "Chữ hoa.", "Không dấu ở đây."),
	)
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"binh phuoc", []string{"a/"}},
		{"Bình Phước", []string{"a/"}},
		{"BÌNH PHƯỚC", []string{"a/"}},
		{"bi\u0300nh phu\u031b\u01a1\u0301c", []string{"a/"}}, // decomposed (NFD) input
		{"dong xoai", []string{"b/"}},
		{"dat do bazan", []string{"a/"}},
		{"đồng", []string{"b/", "c/"}},
	} {
		got := urls(find(t, dir, tc.query))
		if strings.Join(got, " ") != strings.Join(tc.want, " ") && !(len(tc.want) == 2 && len(got) == 2) {
			t.Errorf("%q found %v, want %v", tc.query, got, tc.want)
		}
	}
	if res := find(t, dir, "sầu riêng"); len(res.Hits) != 0 {
		t.Errorf("a query whose words are nowhere found %v", urls(res))
	}
}

func TestExactDiacriticsRankFirst(t *testing.T) {
	// Four spellings that fold to "dieu"; the one with the query's
	// spelling must come first whatever else scores.
	dir := build(t,
		doc("dieu-khac/", "Điêu khắc gỗ, điêu khắc đá, điêu luyện", "Nghệ thuật điêu khắc.", "Điêu khắc dân gian."),
		doc("ascii/", "Dieu and more dieu", "Dieu.", "Dieu dieu dieu."),
		doc("hat-dieu/", "Giới thiệu sản phẩm", "Tỉnh có nhiều sản phẩm.", "Trong đó có hạt điều."),
		doc("dieu-do/", "Lễ hội", "Múa diệu kỳ.", "Điệu múa."),
	)
	res := find(t, dir, "điều")
	if len(res.Hits) != 4 {
		t.Fatalf("điều found %v, want all four spellings", urls(res))
	}
	if res.Hits[0].URL != "hat-dieu/" || res.Hits[0].Exact != 1 {
		t.Errorf("điều: first %q (exact %d), want hat-dieu/ with its one mention first: %v", res.Hits[0].URL, res.Hits[0].Exact, urls(res))
	}
	if res := find(t, dir, "điêu"); res.Hits[0].URL != "dieu-khac/" {
		t.Errorf("điêu: %v, want dieu-khac/ first", urls(res))
	}
	// Without diacritics no spelling is preferred: all four, by score.
	if res := find(t, dir, "dieu"); len(res.Hits) != 4 || res.Hits[0].Exact != 0 {
		t.Errorf("dieu: %v", urls(res))
	}
	// Two words: exact on both beats exact on one.
	dir = build(t,
		doc("one/", "Hạt điều Bình Phuoc", "", "Hạt điều."),
		doc("two/", "Hat dieu", "", "Hạt điều tỉnh Bình Phước."),
	)
	if res := find(t, dir, "điều phước"); len(res.Hits) != 2 || res.Hits[0].URL != "two/" || res.Hits[0].Exact != 2 {
		t.Errorf("điều phước: %+v", res.Hits)
	}
}

func TestPhrases(t *testing.T) {
	dir := build(t,
		doc("apart/", "Nhà cao tầng và sự kiện lớn", "Cao ốc. Sự kiện.", "Tòa nhà cao nhất tỉnh; sự kiện khai trương."),
		doc("rubber/", "Vườn cây", "Cây trồng chính.", "Cây cao su trên đất đỏ."),
	)
	res := find(t, dir, "cao su")
	if got := urls(res); len(got) != 2 || got[0] != "rubber/" || res.Hits[0].Phrases != 1 {
		t.Errorf("cao su: %v, want rubber/ (the phrase) first", got)
	}
	if got := urls(find(t, dir, `"cao su"`)); strings.Join(got, " ") != "rubber/" {
		t.Errorf(`"cao su": %v, want only the phrase`, got)
	}
	// A phrase does not run across a full stop or from a heading into the
	// paragraph below; the words apart are only a fallback.
	dir = build(t, doc("x/", "Một", "", "## Núi cao\n\nSu hào ngon. Cao. Su."))
	if res := find(t, dir, `"cao su"`); res.All || len(res.Hits) != 1 || res.Hits[0].Phrases != 0 {
		t.Errorf(`"cao su" across blocks or sentences: all %v, %+v`, res.All, res.Hits)
	}
}

func TestNoAllWordsFallsBackToSome(t *testing.T) {
	dir := build(t, doc("a/", "Cao su", "", ""), doc("b/", "Cao su và hạt điều", "", ""))
	res := find(t, dir, "hạt điều tiêu")
	if res.All || len(res.Hits) != 1 || res.Hits[0].URL != "b/" {
		t.Errorf("hạt điều tiêu: all %v, %v", res.All, urls(res))
	}
	res = find(t, dir, "cao su")
	if !res.All || len(res.Hits) != 2 {
		t.Errorf("cao su: all %v, %v", res.All, urls(res))
	}
}

// site makes n documents, each with a word of its own ("k<i>x").
func site(n int) []search.Doc {
	var ds []search.Doc
	for i := range n {
		d := doc(fmt.Sprintf("tin-tuc/bai-%d/", i), fmt.Sprintf("Bài viết số %d về tỉnh Bình Phước", i),
			fmt.Sprintf("Tóm tắt bài k%dx.", i), fmt.Sprintf("Nội dung bài %d: hạt điều, cao su, du lịch, đầu tư k%dx.", i, i))
		d.Date = d.Date.Add(time.Duration(i) * time.Hour)
		ds = append(ds, d)
	}
	return ds
}

// grepDir reports whether any file in dir contains s.
func grepDir(t *testing.T, dir, s string) bool {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		if bytes.Contains(b, []byte(s)) {
			return true
		}
	}
	return false
}

func TestUpdates(t *testing.T) {
	ctx := context.Background()
	state := t.TempDir()
	opts := search.Options{MaxRecentDocs: 5, ShardBytes: 600, ChunkDocs: 4}
	n := 0
	update := func(docs []search.Doc) (search.Stats, string) {
		t.Helper()
		n++
		out := filepath.Join(t.TempDir(), fmt.Sprintf("build-%d", n))
		st, err := opts.Update(ctx, state, out, "vi", docs)
		if err != nil {
			t.Fatal(err)
		}
		return st, out
	}
	one := func(dir, query string) string {
		t.Helper()
		got := urls(find(t, dir, query))
		return strings.Join(got, " ")
	}

	docs := site(40)
	st, out1 := update(docs)
	if !st.Merged || st.Docs != 40 || st.Written != st.Files || st.Files < 10 {
		t.Fatalf("first update: %+v", st)
	}
	if got := one(out1, "k7x"); got != "tin-tuc/bai-7/" {
		t.Errorf("k7x: %q", got)
	}

	// Nothing changed: nothing written, and every file of the new build is
	// the very file of the one before (a link, not a copy).
	st, out2 := update(docs)
	if st.Merged || st.Written != 0 || st.Removed != 0 || st.Unchanged != st.Files {
		t.Errorf("same documents again: %+v", st)
	}
	entries, _ := os.ReadDir(out2)
	for _, e := range entries {
		a, _ := os.Stat(filepath.Join(out1, e.Name()))
		b, _ := os.Stat(filepath.Join(out2, e.Name()))
		if a == nil || !os.SameFile(a, b) {
			t.Errorf("%s: not the same file in both builds", e.Name())
		}
	}

	// One new article: the latest file, one document file, the manifest.
	docs = append(docs, site(41)[40])
	st, out := update(docs)
	if st.Merged || st.Written != 3 || st.Recent != 1 || st.Unchanged != st.Files-3 {
		t.Errorf("one new article: %+v, want 3 files written", st)
	}
	if got := one(out, "k40x"); got != "tin-tuc/bai-40/" {
		t.Errorf("the new article: %q", got)
	}
	if got := find(t, out, "binh phuoc"); got.Total != 41 {
		t.Errorf("binh phuoc finds %d of 41", got.Total)
	}

	// A changed article: found by its new words, no longer by its old ones.
	docs[3].Summary = "Tóm tắt mới về sầu riêng."
	docs[3].Body = "Nội dung mới."
	st, out = update(docs)
	if st.Merged || st.Written != 3 || st.Recent != 2 {
		t.Errorf("one changed article: %+v", st)
	}
	if got := one(out, "k3x"); got != "" {
		t.Errorf("the old words of a changed article still find %q", got)
	}
	if got := one(out, "sầu riêng"); got != "tin-tuc/bai-3/" {
		t.Errorf("the new words of a changed article find %q", got)
	}

	// A removed article: not found, and its title is in no file.
	removed := docs[5]
	docs = append(docs[:5:5], docs[6:]...)
	st, out = update(docs)
	if st.Merged || st.Written != 3 || st.Docs != 40 {
		t.Errorf("one removed article: %+v", st)
	}
	if got := one(out, "k5x"); got != "" {
		t.Errorf("a removed article is found: %q", got)
	}
	if grepDir(t, out, removed.Title) {
		t.Errorf("the removed article's title is still in the index")
	}
	if got := find(t, out, "binh phuoc"); got.Total != 40 {
		t.Errorf("binh phuoc finds %d of 40", got.Total)
	}

	// More changes than MaxRecentDocs: the base is rebuilt and
	// still finds everything, old and new.
	docs = append(docs, site(45)[41:]...)
	st, out = update(docs)
	if !st.Merged || st.Recent != 0 || st.Docs != 44 {
		t.Errorf("past the limit: %+v, want a merge", st)
	}
	for q, want := range map[string]string{"k44x": "tin-tuc/bai-44/", "k40x": "tin-tuc/bai-40/", "sầu riêng": "tin-tuc/bai-3/", "k5x": "", "k3x": ""} {
		if got := one(out, q); got != want {
			t.Errorf("after the merge %q finds %q, want %q", q, got, want)
		}
	}
	if grepDir(t, out, removed.Title) {
		t.Errorf("the removed article's title is in the index after the merge")
	}
	// Numbers are kept across a merge: the document files of unchanged
	// articles keep their bytes.
	if st.Unchanged == 0 {
		t.Errorf("the merge rewrote every file: %+v", st)
	}

	// An empty language still has an index that finds nothing.
	st, out = update(nil)
	if st.Docs != 0 {
		t.Errorf("no documents: %+v", st)
	}
	if res := find(t, out, "binh phuoc"); len(res.Hits) != 0 {
		t.Errorf("an empty index found %v", urls(res))
	}
}

// TestRecentLevel fills the latest file past its limit: the recent level
// is rebuilt (not the base), and every version of every document is found
// by its own words only, whichever level holds it.
func TestRecentLevel(t *testing.T) {
	ctx := context.Background()
	state := t.TempDir()
	// One article makes a latest file of about 500 bytes here, three of
	// about 750.
	opts := search.Options{MaxLatestBytes: 700, ShardBytes: 600}
	docs := site(30)
	update := func() (search.Stats, string) {
		t.Helper()
		out := t.TempDir()
		st, err := opts.Update(ctx, state, out, "vi", docs)
		if err != nil {
			t.Fatal(err)
		}
		return st, out
	}
	update()
	docs = append(docs, site(33)[30:]...)
	st, out := update()
	if st.Merged || !st.Rebuilt || st.Recent != 3 || st.Latest != 0 {
		t.Fatalf("three new articles past the latest file's limit: %+v", st)
	}
	// One more: only the latest file, a document file and the manifest;
	// the recent level stays as it is.
	docs = append(docs, site(34)[33])
	st, out = update()
	if st.Merged || st.Rebuilt || st.Written != 3 || st.Latest != 1 {
		t.Errorf("one more after the rebuild: %+v", st)
	}
	for q, want := range map[string]string{"k31x": "tin-tuc/bai-31/", "k33x": "tin-tuc/bai-33/", "k2x": "tin-tuc/bai-2/"} {
		if got := strings.Join(urls(find(t, out, q)), " "); got != want {
			t.Errorf("%q finds %q, want %q", q, got, want)
		}
	}

	// A document of the recent level changed twice, one of the base changed
	// and changed back, one of the recent level removed.
	docs[31].Summary = "Phiên bản hai về mít."
	update()
	docs[31].Summary = "Phiên bản ba về bưởi."
	orig := docs[2].Summary
	docs[2].Summary = "Tạm thời về nhãn."
	update()
	docs[2].Summary = orig
	docs = append(docs[:32:32], docs[33:]...)
	st, out = update()
	if st.Merged {
		t.Fatalf("%+v", st)
	}
	for q, want := range map[string]string{"mít": "", "bưởi": "tin-tuc/bai-31/", "k31x": "tin-tuc/bai-31/",
		"nhãn": "", "k2x": "tin-tuc/bai-2/", "k32x": ""} {
		if got := strings.Join(urls(find(t, out, q)), " "); got != want {
			t.Errorf("%q finds %q, want %q", q, got, want)
		}
	}
	if res := find(t, out, "binh phuoc"); res.Total != 33 {
		t.Errorf("binh phuoc finds %d of 33", res.Total)
	}
}

func TestRenumbersWhenManyAreGone(t *testing.T) {
	ctx := context.Background()
	state := t.TempDir()
	opts := search.Options{MaxRecentDocs: 10, ChunkDocs: 8}
	docs := site(100)
	if _, err := opts.Update(ctx, state, t.TempDir(), "vi", docs); err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	st, err := opts.Update(ctx, state, out, "vi", docs[60:])
	if err != nil || !st.Merged {
		t.Fatalf("%+v, %v", st, err)
	}
	// 40 documents in 5 files of 8, not 13.
	n := 0
	entries, _ := os.ReadDir(out)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "d-") {
			n++
		}
	}
	if n != 5 {
		t.Errorf("%d document files for 40 documents, want 5", n)
	}
	if got := urls(find(t, out, "k77x")); len(got) != 1 || got[0] != "tin-tuc/bai-77/" {
		t.Errorf("after renumbering: %v", got)
	}
}

func TestRefusesBadDocuments(t *testing.T) {
	ctx := context.Background()
	d := doc("a/", "A", "", "")
	for name, docs := range map[string][]search.Doc{
		"twice":      {d, d},
		"no address": {doc("", "A", "", "")},
		"language":   {{Lang: "en", URL: "a/"}},
	} {
		if _, err := search.Update(ctx, t.TempDir(), t.TempDir(), "vi", docs); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
