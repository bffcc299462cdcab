package search_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"portal/admin/bench"
	"portal/admin/publish"
	"portal/admin/search"
	"portal/admin/seed"
	"portal/admin/store"
)

// benchArticles is the number of articles per language of
// BenchmarkSearchIndex; PORTAL_SEARCH_BENCH_ARTICLES overrides it.
func benchArticles() int {
	if n, err := strconv.Atoi(os.Getenv("PORTAL_SEARCH_BENCH_ARTICLES")); err == nil && n > 0 {
		return n
	}
	return 5000
}

// corpus is a site's search documents by language, made once per process.
type corpus struct {
	once sync.Once
	docs map[string][]search.Doc
	err  error
}

func (c *corpus) get(make func() (map[string][]search.Doc, error)) (map[string][]search.Doc, error) {
	c.once.Do(func() { c.docs, c.err = make() })
	return c.docs, c.err
}

var generated, resampled corpus

// withDB runs fn on a new database in a temporary folder.
func withDB(fn func(ctx context.Context, db *store.DB) error) error {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "portal-search-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	db, err := store.Open(ctx, filepath.Join(dir, "portal.db"))
	if err != nil {
		return err
	}
	defer db.Close()
	return fn(ctx, db)
}

// generatedSite is bench.Fill's site (600 words per article from a
// vocabulary of 70 syllables), read back as the publisher reads it.
func generatedSite(n int) (map[string][]search.Doc, error) {
	var docs map[string][]search.Doc
	err := withDB(func(ctx context.Context, db *store.DB) error {
		if err := bench.Fill(ctx, db, n, 600); err != nil {
			return err
		}
		var err error
		docs, err = publish.SearchDocs(ctx, db, []string{"vi", "en"})
		return err
	})
	return docs, err
}

// resampledSite is n articles per language made of sentences of the demo
// articles drawn at random: 25 sentences of real text each, so the number
// of distinct words and word pairs per article is that of real text.
func resampledSite(n int) (map[string][]search.Doc, error) {
	var demo map[string][]search.Doc
	err := withDB(func(ctx context.Context, db *store.DB) error {
		if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
			return err
		}
		var err error
		demo, err = publish.SearchDocs(ctx, db, []string{"vi", "en"})
		return err
	})
	if err != nil {
		return nil, err
	}
	sentence := regexp.MustCompile(`[^.!?\n\x{2029}]+[.!?]`)
	out := map[string][]search.Doc{}
	for lang, ds := range demo {
		var pool []string
		for _, d := range ds {
			pool = append(pool, sentence.FindAllString(search.PlainText(d.Body), -1)...)
		}
		r := rand.New(rand.NewPCG(1, uint64(len(lang))))
		pick := func() string { return strings.TrimSpace(pool[r.IntN(len(pool))]) }
		start := time.Date(2020, 1, 1, 2, 0, 0, 0, time.UTC)
		for i := range n {
			var body strings.Builder
			for j := range 25 {
				body.WriteString(pick())
				body.WriteString(" ")
				if j%5 == 4 {
					body.WriteString("\n\n")
				}
			}
			out[lang] = append(out[lang], search.Doc{Lang: lang, URL: fmt.Sprintf("a/%d/", i), Title: pick(), Summary: pick(),
				Body: body.String(), Date: start.Add(time.Duration(i) * 3 * time.Hour), Area: ds[i%len(ds)].Area})
		}
	}
	return out, nil
}

// BenchmarkSearchIndex prints, for sites of 5,000 articles per language,
// the size of each language's index, what a phone downloads for two-word
// queries (manifest, index files, the document files of the first ten
// results), and how many index files one more article changes. Each
// iteration publishes one more Vietnamese article; run enough of them to
// pass a rebuild of the base for the amortised figure:
//
//	go test ./admin/search -run '^$' -bench SearchIndex -benchtime 400x
//
// "generator" is bench.Fill's site; "demo-text" is made of the demo
// articles' sentences, closer to real text in the variety of its words.
func BenchmarkSearchIndex(b *testing.B) {
	n := benchArticles()
	vi := []string{"đầu tư", "hạt điều", "cao su", "du lịch", "chính sách", "dau tu", "khu công", "bình phước"}
	b.Run("generator", func(b *testing.B) {
		// The generator writes both languages with the same syllables.
		queries := map[string][]string{"vi": vi, "en": vi}
		measureIndex(b, n, queries, func() (map[string][]search.Doc, error) {
			return generated.get(func() (map[string][]search.Doc, error) { return generatedSite(n) })
		})
	})
	b.Run("demo-text", func(b *testing.B) {
		queries := map[string][]string{"vi": vi, "en": {"industrial park", "border gate", "investment promotion", "national park",
			"digital transformation", "binh phuoc", "cashew nuts", "rubber plantations"}}
		measureIndex(b, n, queries, func() (map[string][]search.Doc, error) {
			return resampled.get(func() (map[string][]search.Doc, error) { return resampledSite(n) })
		})
	})
}

func measureIndex(b *testing.B, n int, queries map[string][]string, site func() (map[string][]search.Doc, error)) {
	t0 := time.Now()
	docs, err := site()
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	state := b.TempDir()
	out := func(lang string, i int) string {
		return filepath.Join(b.TempDir(), fmt.Sprintf("%s-%d", lang, i))
	}
	var report strings.Builder
	fmt.Fprintf(&report, "%s: %d articles per language (made in %s)\n", b.Name(), n, time.Since(t0).Round(time.Millisecond))
	for _, lang := range []string{"vi", "en"} {
		t1 := time.Now()
		dir := out(lang, 0)
		st, err := search.Update(ctx, state, dir, lang, docs[lang])
		if err != nil {
			b.Fatal(err)
		}
		sizes := map[byte]int64{}
		counts := map[byte]int{}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			fi, _ := e.Info()
			sizes[e.Name()[0]] += fi.Size()
			counts[e.Name()[0]]++
		}
		fmt.Fprintf(&report, "  %s: index built in %s: %d files, %.1f MiB (base %d files, %.1f MiB; document files %d, %.1f MiB; manifest %.1f KiB)\n",
			lang, time.Since(t1).Round(time.Millisecond), st.Files, mib(st.Bytes),
			counts['b'], mib(sizes['b']), counts['d'], mib(sizes['d']), float64(sizes['m'])/1024)
		b.ReportMetric(float64(st.Bytes), lang+"-index-bytes")

		var bytes []int64
		for _, q := range queries[lang] {
			res, err := search.Search(dir, q, 10)
			if err != nil {
				b.Fatal(err)
			}
			bytes = append(bytes, res.Bytes)
		}
		slices.Sort(bytes)
		fmt.Fprintf(&report, "  %s: a two-word query downloads %.1f KiB (median of %d queries, first 10 results), %.1f KiB at most\n",
			lang, float64(bytes[len(bytes)/2])/1024, len(bytes), float64(bytes[len(bytes)-1])/1024)
		b.ReportMetric(float64(bytes[len(bytes)/2]), lang+"-query-bytes")
	}

	// One more article per iteration, in Vietnamese: the English index
	// does not change at all.
	vi := slices.Clone(docs["vi"])
	var written, plain, most, rebuilds, rebuildWritten, merges, mergeWritten int
	var latest []int64
	b.ResetTimer()
	for i := range b.N {
		d := vi[i%len(vi)]
		d.URL = fmt.Sprintf("tin-tuc/bai-moi-%d/", i)
		d.Title = "Bài viết mới " + strconv.Itoa(i) + " " + d.Title
		d.Date = d.Date.Add(time.Duration(n+i) * time.Hour)
		vi = append(vi, d)
		dir := out("vi", i+1)
		st, err := search.Update(ctx, state, dir, "vi", vi)
		if err != nil {
			b.Fatal(err)
		}
		written += st.Written
		switch {
		case st.Merged:
			merges++
			mergeWritten += st.Written
		case st.Rebuilt:
			rebuilds++
			rebuildWritten += st.Written
		default:
			plain++
			most = max(most, st.Written)
		}
		if res, err := search.Search(dir, "đầu tư", 0); err == nil {
			latest = append(latest, res.Bytes)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(written)/float64(b.N), "files-written/article")
	b.ReportMetric(float64(most), "files-written-max-plain")
	fmt.Fprintf(&report, "  one more article, %d times: %d publications wrote at most %d files each", b.N, plain, most)
	if rebuilds > 0 {
		fmt.Fprintf(&report, "; %d rebuilt the recent level (%.0f files each)", rebuilds, float64(rebuildWritten)/float64(rebuilds))
	}
	if merges > 0 {
		fmt.Fprintf(&report, "; %d rebuilt the base (%.0f files each)", merges, float64(mergeWritten)/float64(merges))
	}
	fmt.Fprintf(&report, "; %.2f files per article on average\n", float64(written)/float64(b.N))
	if len(latest) > 0 {
		slices.Sort(latest)
		fmt.Fprintf(&report, "  meanwhile \"đầu tư\" without results' document files downloads %.1f to %.1f KiB\n",
			float64(latest[0])/1024, float64(latest[len(latest)-1])/1024)
	}
	fmt.Print(report.String())
}

func mib(n int64) float64 { return float64(n) / (1 << 20) }

// TestLatestFileOnRealText prints how many bytes a real article adds to
// the latest file (the demo articles, not the benchmark's 70-syllable
// vocabulary), which decides how often the recent level is rebuilt.
func TestLatestFileOnRealText(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(dir, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := seed.Load(ctx, db, []string{"vi", "en"}); err != nil {
		t.Fatal(err)
	}
	docs, err := publish.SearchDocs(ctx, db, []string{"vi", "en"})
	if err != nil {
		t.Fatal(err)
	}
	opts := search.Options{MaxLatestBytes: 1 << 30}
	limit := search.Options{}.Defaults().MaxLatestBytes
	for _, lang := range []string{"vi", "en"} {
		ds := docs[lang]
		if len(ds) < 2 {
			t.Fatalf("%s: %d demo articles", lang, len(ds))
		}
		state := t.TempDir()
		// A base of one article; the others go into the latest file.
		if _, err := opts.Update(ctx, state, t.TempDir(), lang, ds[:1]); err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		st, err := opts.Update(ctx, state, out, lang, ds)
		if err != nil || st.Merged || st.Rebuilt || st.Latest != len(ds)-1 {
			t.Fatalf("%+v, %v", st, err)
		}
		entries, _ := os.ReadDir(out)
		for _, e := range entries {
			if !strings.HasPrefix(e.Name(), "l-") {
				continue
			}
			fi, _ := e.Info()
			per := fi.Size() / int64(st.Latest)
			t.Logf("%s: latest file of %d demo articles: %d bytes, %d per article; the default limit (%d KiB) takes about %d such articles",
				lang, st.Latest, fi.Size(), per, limit>>10, int64(limit)/per)
			if per == 0 || per > 16<<10 {
				t.Errorf("%s: %d bytes per article in the latest file", lang, per)
			}
		}
	}
}
