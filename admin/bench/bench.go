// Package bench measures the publishing pipeline on synthetic sites: it
// fills a temporary data folder with N bilingual articles, then times the
// export, the in-process Hugo build, the same build through Hugo's own
// command-line entry point (the baseline), and the time from publishing
// one more article to its page being served. The runs of one size happen
// in the same process, interleaved, so the ratios compare like with like on
// a noisy machine.
package bench

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/hugo"
	"portal/admin/publish"
	"portal/admin/seed"
	"portal/admin/store"
	"portal/admin/web"
)

// Config says what to measure.
type Config struct {
	Sizes   []int  // articles per language
	Words   int    // words per article body
	Runs    int    // timed builds of each kind per size
	SiteFS  fs.FS  // the site source (the one embedded in the binary)
	TempDir string // where the data folders go; the system's by default
	Keep    bool   // keep the data folders
	// CLI runs Hugo's command line with args and returns the peak resident
	// memory of the process it ran in. The portal command runs it in a
	// child process of its own, as a `hugo build` would be. When nil, it
	// runs in this process (for tests; memory is then this process's).
	CLI func(ctx context.Context, args []string) (uint64, error)
}

// Figures are the measurements for one size.
type Figures struct {
	Articles    int // per language
	Pages       int
	Export      time.Duration   // a fresh tree: every file written
	ExportSame  time.Duration   // the same tree again: nothing to write
	Build       []time.Duration // in-process
	CLI         []time.Duration // Hugo's command-line entry point
	Publish     time.Duration   // one more article: commit to page served
	PeakBuild   uint64          // bytes of resident memory, peak during in-process builds
	PeakCLI     uint64          // the same during CLI builds
	PeakPublish uint64
	// What one more article changed in the built site, file by file.
	Diff SiteDiff
	// One article at a time, Runs times each, from the commit in the
	// database to the page served: published, corrected (its title
	// changed) and taken down.
	PublishRuns, EditRuns, UnpublishRuns []time.Duration
	// Burst is 50 articles published at once, to all served.
	Burst time.Duration
}

// Run measures every size of cfg and writes a report to w.
func Run(ctx context.Context, cfg Config, w io.Writer) ([]Figures, error) {
	if cfg.Words == 0 {
		cfg.Words = 600
	}
	if cfg.Runs == 0 {
		cfg.Runs = 5
	}
	var all []Figures
	fmt.Fprintf(w, "portal bench: %d words per article, %d runs of each build, GOMAXPROCS=%d\n", cfg.Words, cfg.Runs, numCPU())
	for _, n := range cfg.Sizes {
		f, err := measure(ctx, cfg, n, w)
		if err != nil {
			return all, err
		}
		all = append(all, f)
		report(w, f)
	}
	return all, nil
}

func measure(ctx context.Context, cfg Config, n int, w io.Writer) (f Figures, err error) {
	f.Articles = n
	data, err := os.MkdirTemp(cfg.TempDir, fmt.Sprintf("portal-bench-%d-", n))
	if err != nil {
		return f, err
	}
	if !cfg.Keep {
		defer removeAll(w, data)
	}
	db, err := store.Open(ctx, filepath.Join(data, "portal.db"))
	if err != nil {
		return f, err
	}
	defer func() {
		if cerr := db.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("bench: close the database: %w", cerr)
		}
	}()
	if err := Fill(ctx, db, n, cfg.Words); err != nil {
		return f, err
	}
	fmt.Fprintf(w, "\n%d articles per language: database filled\n", n)

	pub := publish.New(db, publish.Config{DataDir: data, SiteFS: cfg.SiteFS, BaseURL: "http://127.0.0.1/"})
	site, err := pub.Site()
	if err != nil {
		return f, err
	}
	exp := func() error {
		_, err := export.Export(ctx, db, export.Tree{Dir: site.ContentDir, Languages: []string{"vi", "en"}})
		return err
	}
	if f.Export, _, err = timed(exp); err != nil {
		return f, err
	}
	if f.ExportSame, _, err = timed(exp); err != nil {
		return f, err
	}

	// Publish one more article through the real pipeline. Then the timing
	// runs, in-process and CLI in turn so that drift on a shared machine
	// touches both alike.
	if _, err := pub.Publish(ctx); err != nil {
		return f, err
	}
	srv, err := web.New(web.Config{DB: db, Publisher: pub, Languages: []hugo.Language{{Code: "vi"}, {Code: "en"}}, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return f, err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	areas, err := db.Areas(ctx)
	if err != nil {
		return f, err
	}
	extra := &admin.Article{AreaID: areas[0].ID, Kind: admin.KindNews, Translations: []*admin.Translation{
		{Lang: "vi", Title: "Bài viết mới để đo thời gian xuất bản", Body: body(n+1, cfg.Words), Status: admin.StatusPublished}}}
	before, err := filepath.EvalSymlinks(pub.PublicDir())
	if err != nil {
		return f, err
	}
	var rep publish.Report
	d, peak, err := timed(func() error {
		if err := db.CreateArticle(ctx, extra, nil); err != nil {
			return err
		}
		var err error
		if rep, err = pub.Publish(ctx); err != nil {
			return err
		}
		u := ts.URL + "/vi/" + areas[0].Names["vi"].Slug + "/" + extra.Translations[0].Slug + "/"
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		_ = resp.Body.Close() // not read: the status is the answer
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("bench: the new page answered %d", resp.StatusCode)
		}
		return nil
	})
	if err != nil {
		return f, err
	}
	f.Publish, f.PeakPublish = d, peak
	after, err := filepath.EvalSymlinks(pub.PublicDir())
	if err != nil {
		return f, err
	}
	changes, _, err := db.SiteChanges(ctx, rep.BuildID)
	if err != nil {
		return f, err
	}
	if f.Diff, err = diffOf(before, after, changes); err != nil {
		return f, err
	}

	if err := publications(ctx, cfg, &f, db, pub, ts.URL, areas[0], n); err != nil {
		return f, err
	}

	out := filepath.Join(data, "bench-out")
	defer removeAll(w, out)
	for i := range cfg.Runs {
		dir := filepath.Join(out, fmt.Sprintf("inproc-%d", i))
		var res hugo.Result
		d, peak, err := timed(func() error {
			var err error
			res, err = hugo.Build(ctx, site, dir)
			return err
		})
		if err != nil {
			return f, err
		}
		f.Build, f.Pages, f.PeakBuild = append(f.Build, d), res.Pages, max(f.PeakBuild, peak)
		removeAll(w, dir)

		dir = filepath.Join(out, fmt.Sprintf("cli-%d", i))
		args, cleanup, err := hugo.CLIArgs(site, dir)
		if err != nil {
			return f, err
		}
		var childPeak uint64
		d, peak, err = timed(func() error {
			if cfg.CLI == nil {
				return hugo.RunCLI(args)
			}
			var err error
			childPeak, err = cfg.CLI(ctx, args)
			return err
		})
		cleanup()
		if err != nil {
			return f, err
		}
		if cfg.CLI != nil {
			peak = childPeak
		}
		f.CLI, f.PeakCLI = append(f.CLI, d), max(f.PeakCLI, peak)
		removeAll(w, dir)
		fmt.Fprintf(w, "  run %d: in-process %s, CLI %s\n", i+1, f.Build[i].Round(time.Millisecond), d.Round(time.Millisecond))
	}
	return f, nil
}

// publications times single publications through the real pipeline, each
// from the commit to the page served with what it must show, and a burst
// of 50 published at once.
func publications(ctx context.Context, cfg Config, f *Figures, db *store.DB, pub *publish.Publisher, base string, area *admin.Area, n int) error {
	served := func(t *admin.Translation, want string) error {
		u := base + "/vi/" + area.Names["vi"].Slug + "/" + t.Slug + "/"
		resp, err := http.Get(u)
		if err != nil {
			return err
		}
		b, err := io.ReadAll(resp.Body)
		_ = resp.Body.Close() // read whole
		if err != nil {
			return err
		}
		if !strings.Contains(string(b), want) {
			return fmt.Errorf("bench: %s does not show %q (status %d)", u, want, resp.StatusCode)
		}
		return nil
	}
	article := func(i int) *admin.Article {
		return &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{
			{Lang: "vi", Title: fmt.Sprintf("Bài đo thời gian xuất bản số %d", i), Summary: sentence(n+i, 25), Body: body(n+i, cfg.Words),
				Status: admin.StatusPublished}}}
	}
	for i := range cfg.Runs {
		a := article(1000 + i)
		t := a.Translations[0]
		d, _, err := timed(func() error {
			if err := db.CreateArticle(ctx, a, nil); err != nil {
				return err
			}
			if _, err := pub.Publish(ctx); err != nil {
				return err
			}
			return served(t, t.Title)
		})
		if err != nil {
			return err
		}
		f.PublishRuns = append(f.PublishRuns, d)

		title := t.Title + " (đã sửa)"
		d, _, err = timed(func() error {
			t.Title = title
			if err := db.SaveTranslation(ctx, t, false, nil); err != nil {
				return err
			}
			if err := db.SetStatus(ctx, t.ID, admin.StatusPublished); err != nil {
				return err
			}
			if _, err := pub.Publish(ctx); err != nil {
				return err
			}
			return served(t, "(đã sửa)")
		})
		if err != nil {
			return err
		}
		f.EditRuns = append(f.EditRuns, d)
		t.Version++

		d, _, err = timed(func() error {
			if err := db.SetStatus(ctx, t.ID, admin.StatusUnpublished); err != nil {
				return err
			}
			if _, err := pub.Publish(ctx); err != nil {
				return err
			}
			return served(t, "noindex")
		})
		if err != nil {
			return err
		}
		f.UnpublishRuns = append(f.UnpublishRuns, d)
	}
	var burst []*admin.Article
	for i := range 50 {
		burst = append(burst, article(2000+i))
	}
	var err error
	f.Burst, _, err = timed(func() error {
		if _, err := db.ImportArticles(ctx, burst, nil); err != nil {
			return err
		}
		if _, err := pub.Publish(ctx); err != nil {
			return err
		}
		for _, a := range burst {
			if err := served(a.Translations[0], a.Translations[0].Title); err != nil {
				return err
			}
		}
		return nil
	})
	return err
}

// removeAll removes a folder of the benchmark's; a failure is reported
// with the figures, as it does not change them.
func removeAll(w io.Writer, dir string) {
	if err := os.RemoveAll(dir); err != nil {
		fmt.Fprintf(w, "  could not remove %s: %v\n", dir, err)
	}
}

func report(w io.Writer, f Figures) {
	b, c := median(f.Build), median(f.CLI)
	fmt.Fprintf(w, "  pages built:                    %d\n", f.Pages)
	fmt.Fprintf(w, "  export, fresh tree:             %s\n", f.Export.Round(time.Millisecond))
	fmt.Fprintf(w, "  export, nothing changed:        %s\n", f.ExportSame.Round(time.Millisecond))
	fmt.Fprintf(w, "  in-process build (median, min): %s, %s\n", b.Round(time.Millisecond), slices.Min(f.Build).Round(time.Millisecond))
	fmt.Fprintf(w, "  Hugo CLI build (median, min):   %s, %s\n", c.Round(time.Millisecond), slices.Min(f.CLI).Round(time.Millisecond))
	ratios := make([]float64, len(f.Build))
	for i := range f.Build {
		ratios[i] = float64(f.Build[i]) / float64(f.CLI[i])
	}
	fmt.Fprintf(w, "  ratio in-process / CLI:         %.3f (median of medians), %.3f (median of run pairs)\n", float64(b)/float64(c), median(ratios))
	fmt.Fprintf(w, "  ratio (fresh export + build) / CLI:     %.3f\n", float64(f.Export+b)/float64(c))
	fmt.Fprintf(w, "  ratio (unchanged export + build) / CLI: %.3f\n", float64(f.ExportSame+b)/float64(c))
	fmt.Fprintf(w, "  publish one article, to served: %s\n", f.Publish.Round(time.Millisecond))
	fmt.Fprintf(w, "  files that article changed:     %d changed, %d added, %d removed, of %d\n",
		len(f.Diff.Changed), len(f.Diff.Added), len(f.Diff.Removed), f.Diff.Total)
	for _, group := range f.Diff.Groups() {
		fmt.Fprintf(w, "    %s\n", group)
	}
	if len(f.PublishRuns) > 0 {
		for _, r := range []struct {
			name string
			runs []time.Duration
		}{{"publish", f.PublishRuns}, {"correct (retitle)", f.EditRuns}, {"unpublish", f.UnpublishRuns}} {
			fmt.Fprintf(w, "  %-18s p50 %s, p95 %s over %d (full build median: %s)\n", r.name+":",
				median(r.runs).Round(time.Millisecond), p95(r.runs).Round(time.Millisecond), len(r.runs), b.Round(time.Millisecond))
		}
		fmt.Fprintf(w, "  50 published at once, all served: %s\n", f.Burst.Round(time.Millisecond))
	}
	fmt.Fprintf(w, "  peak RSS in-process build:      %s (the whole portal process)\n", mib(f.PeakBuild))
	fmt.Fprintf(w, "  peak RSS CLI build:             %s\n", mib(f.PeakCLI))
	fmt.Fprintf(w, "  peak RSS publish one article:   %s\n", mib(f.PeakPublish))
}

func median[T cmp.Ordered](xs []T) T {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// p95 is the 95th percentile (nearest rank) of xs.
func p95(xs []time.Duration) time.Duration {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[max(0, (len(s)*95+99)/100-1)]
}

func mib(b uint64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }

// Fill adds the demo areas and units and n synthetic articles per language.
func Fill(ctx context.Context, db *store.DB, n, words int) error {
	areas, err := seed.Areas()
	if err != nil {
		return err
	}
	for _, a := range areas {
		if err := db.PutArea(ctx, a); err != nil {
			return err
		}
	}
	stored, err := db.Areas(ctx)
	if err != nil {
		return err
	}
	start := time.Date(2020, 1, 1, 2, 0, 0, 0, time.UTC)
	const batch = 500
	for i := 0; i < n; i += batch {
		var list []*admin.Article
		for j := i; j < min(i+batch, n); j++ {
			when := start.Add(time.Duration(j) * 3 * time.Hour)
			tags := []string{tag(j), tag(j * 7), tag(j * 13)}
			list = append(list, &admin.Article{
				AreaID: stored[j%len(stored)].ID, Kind: admin.KindNews,
				SourceKey: fmt.Sprintf("bench/%d", j),
				Translations: []*admin.Translation{
					{Lang: "vi", Title: fmt.Sprintf("Bài viết thử nghiệm số %d về %s", j, word(j)), Summary: sentence(j, 25),
						Body: body(j, words), Tags: tags, Status: admin.StatusPublished, PublishedAt: when},
					{Lang: "en", Title: fmt.Sprintf("Synthetic article number %d on %s", j, word(j)), Summary: sentence(j+1, 25),
						Body: body(j+1, words), Tags: tags, Status: admin.StatusPublished, PublishedAt: when},
				}})
		}
		if _, err := db.ImportArticles(ctx, list, nil); err != nil {
			return err
		}
	}
	return nil
}

var syllables = strings.Fields("tỉnh đầu tư phát triển kinh tế xã hội văn hóa du lịch sản phẩm thương hiệu chuyển đổi số cải cách hành chính an ninh khu công nghiệp cửa khẩu biên giới hạt điều cao su sầu riêng rừng núi hồ nước người dân đồng bào lễ hội di tích lịch sử chính sách ưu đãi doanh nghiệp dự án hạ tầng giao thông đường bộ năng lượng nông nghiệp công nghệ")

func word(i int) string { return syllables[(i*31+7)%len(syllables)] }

func tag(i int) string { return fmt.Sprintf("chủ đề %d", i%200) }

func sentence(seed, n int) string {
	ws := make([]string, n)
	for k := range ws {
		ws[k] = word(seed*17 + k*k + k)
	}
	return strings.ToUpper(ws[0][:1]) + strings.Join(ws, " ")[1:] + "."
}

// body is about `words` words of Markdown: paragraphs of 60 words with a
// heading every third paragraph.
func body(seed, words int) string {
	var b strings.Builder
	for p := 0; p*60 < words; p++ {
		if p%3 == 1 {
			fmt.Fprintf(&b, "## Mục %d\n\n", p)
		}
		b.WriteString(sentence(seed+p, 60))
		b.WriteString("\n\n")
	}
	return b.String()
}
