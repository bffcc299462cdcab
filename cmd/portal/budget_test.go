package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portal/admin"
	"portal/admin/sitecheck"
	"portal/admin/store"
)

// TestBudget builds the demo site, with an industrial park added so that
// the investors' list is there, and holds it to the public site's budgets: every page type is found in both languages; no internal link,
// picture, style sheet, script or font is missing; nothing is loaded from
// another host; no article page transfers more than 100 KB before its
// pictures; the Nu Html Checker finds no error; and axe-core finds no WCAG
// 2.1 A/AA violation, at a phone's size, on the page types that
// TestPublicSiteInBrowser does not open (the investors' list, an event and
// search, empty and with results). `portal check` fails exactly when a
// budget fails. sitecheck.Lighthouse is left to `portal check --lighthouse`: its
// figures are too slow and too noisy for a test.
func TestBudget(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	env := envFunc(map[string]string{"PORTAL_DATA": data})
	if err := run(ctx, []string{"seed"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	addPark(t, data)
	if err := run(ctx, []string{"build"}, env, nil, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	dir, err := builtSite(filepath.Join(data, "public"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := sitecheck.Check(ctx, os.DirFS(dir), sitecheck.Options{ArticleBudget: sitecheck.ArticleBudget})
	if err != nil {
		t.Fatal(err)
	}
	picked := sitecheck.PickPages(rep)
	byName := map[string]sitecheck.PagePick{}
	for _, p := range picked {
		byName[p.Name] = p
	}

	t.Run("every page type in both languages", func(t *testing.T) {
		for _, typ := range sitecheck.PageTypes {
			for _, lang := range []string{"vi", "en"} {
				if p := byName[typ+" ("+lang+")"]; p.Page == nil {
					t.Errorf("no %s page in %s", typ, lang)
				}
			}
		}
		var table bytes.Buffer
		printPageTable(&table, picked, nil, false)
		t.Logf("bytes before pictures, by page type:\n%s", table.String())
	})

	only := func(t *testing.T, rules ...sitecheck.Rule) {
		t.Helper()
		for _, f := range rep.Findings {
			for _, r := range rules {
				if f.Rule == r {
					t.Error(f)
				}
			}
		}
	}
	t.Run("no broken link or picture", func(t *testing.T) {
		only(t, sitecheck.RuleLink, sitecheck.RuleImage, sitecheck.RuleResource)
	})
	t.Run("nothing from another host", func(t *testing.T) {
		only(t, sitecheck.RuleHost)
	})
	t.Run("article pages at most 100 KB before pictures", func(t *testing.T) {
		if sitecheck.CountArticles(rep) < 10 {
			t.Fatalf("%d article pages found; the demo site has more", sitecheck.CountArticles(rep))
		}
		for _, p := range rep.Pages {
			if p.Article && p.Weight.Fonts == 0 {
				t.Errorf("%s: no font counted", p.Path)
			}
		}
		h := sitecheck.HeaviestArticle(rep)
		t.Logf("%d article pages; the heaviest, %s, %d bytes (HTML %d, CSS %d, JS %d, fonts %d: %s)", sitecheck.CountArticles(rep), h.Path,
			h.Weight.Total(), h.Weight.HTML, h.Weight.CSS, h.Weight.JS, h.Weight.Fonts, strings.Join(h.Weight.Files, ", "))
		only(t, sitecheck.RuleWeight)
	})

	t.Run("no HTML error", func(t *testing.T) {
		jar := os.Getenv("VNU_JAR")
		if jar == "" {
			if os.Getenv("CI") != "" {
				t.Fatal("VNU_JAR is not set; .ci/run installs vnu-jar")
			}
			t.Skip("no Nu Html Checker (set VNU_JAR to vnu.jar)")
		}
		errs, err := sitecheck.RunVNU(ctx, jar, dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range errs {
			t.Error(f)
		}
	})

	t.Run("check command", func(t *testing.T) {
		var out bytes.Buffer
		err := run(ctx, []string{"check", "--site", dir}, envFunc(nil), nil, &out, io.Discard)
		if (err != nil) != (len(rep.Findings) > 0) {
			t.Errorf("check returned %v with %d findings\n%s", err, len(rep.Findings), out.String())
		}
		for _, want := range []string{"article (vi)", "search (en)", "fonts", "The Nu Html Checker did not run"} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("the check's report lacks %q:\n%s", want, out.String())
			}
		}

		// A page with a broken link and a picture from another host fails.
		broken := t.TempDir()
		if err := os.CopyFS(broken, os.DirFS(dir)); err != nil {
			t.Fatal(err)
		}
		home := filepath.Join(broken, "en", "index.html")
		b, err := os.ReadFile(home)
		if err != nil {
			t.Fatal(err)
		}
		planted := `<a href="/en/no-such-page/">x</a><img src="https://cdn.example.net/x.png" alt=""></main>`
		if err := os.WriteFile(home, bytes.Replace(b, []byte("</main>"), []byte(planted), 1), 0o644); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		err = run(ctx, []string{"check", "--site", broken}, envFunc(nil), nil, &out, io.Discard)
		if err == nil {
			t.Fatalf("check passed a site with a broken link:\n%s", out.String())
		}
		for _, want := range []string{"en/index.html:", `<a href="/en/no-such-page/">: no such file: en/no-such-page/index.html`,
			`<img src="https://cdn.example.net/x.png">: loaded from another host, cdn.example.net`} {
			if !strings.Contains(out.String(), want) {
				t.Errorf("the check's report lacks %q:\n%s", want, out.String())
			}
		}
	})

	t.Run("accessibility", func(t *testing.T) {
		alloc := browser(t)
		base, stop, err := serveBuiltSite(ctx, dir)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := stop(); err != nil {
				t.Errorf("stopping the site's server: %v", err)
			}
		})
		var pages []sitecheck.PagePick
		for _, typ := range []string{"investor list", "event", "search"} {
			for _, lang := range []string{"vi", "en"} {
				if p := byName[typ+" ("+lang+")"]; p.Page != nil {
					pages = append(pages, p)
				}
			}
		}
		for _, lang := range []string{"vi", "en"} {
			if p := byName["search ("+lang+")"]; p.Page != nil {
				p.Name = "search results (" + lang + ")"
				p.URL += "?q=binh+phuoc"
				pages = append(pages, p)
			}
		}
		for _, p := range pages {
			t.Run(p.Name, func(t *testing.T) {
				b := tab(t, alloc)
				err := chromedp.Do(b,
					chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait),
					chromedp.Navigate(base+strings.TrimPrefix(p.URL, "/")),
					chromedp.WaitVisible(chromedp.CSS("main h1")))
				if err != nil {
					t.Fatalf("open %s: %v", p.URL, err)
				}
				if strings.Contains(p.URL, "?q=") && !waitStatus(b) {
					t.Errorf("%s: the search page announced no result", p.URL)
				}
				for _, v := range axe(t, b) {
					t.Errorf("%s: %s", p.URL, v)
				}
			})
		}
	})
}

// addPark publishes an industrial park in both languages: the demo content
// has none (its facts give no dated figures for single parks), and the
// investors' list of parks is one of the page types with a budget.
func addPark(t *testing.T, data string) {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	areas, err := db.Areas(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a := &admin.Article{Kind: admin.KindIndustrialPark, SourceKey: "test/park"}
	for _, ar := range areas {
		if ar.Key == "investment" {
			a.AreaID = ar.ID
		}
	}
	if a.AreaID == 0 {
		t.Fatal("no investment area in the demo content")
	}
	published := time.Date(2024, 6, 12, 2, 0, 0, 0, time.UTC)
	for _, tr := range []struct{ lang, title, summary, location, source string }{
		{"vi", "Khu công nghiệp thử nghiệm", "Một khu công nghiệp để kiểm tra danh sách dành cho nhà đầu tư.", "Thị xã Chơn Thành", "Dữ liệu kiểm thử"},
		{"en", "Test industrial park", "An industrial park that puts the investors' list on the test site.", "Chơn Thành Town", "Test data"},
	} {
		facts, err := admin.CleanFacts(a.Kind, admin.Facts{"location": tr.location, "area_ha": "150", "source": tr.source, "as_of": "2024-06-01"})
		if err != nil {
			t.Fatal(err)
		}
		a.Translations = append(a.Translations, &admin.Translation{Lang: tr.lang, Title: tr.title, Summary: tr.summary,
			Body: tr.summary, Facts: facts, Status: admin.StatusPublished, PublishedAt: published})
	}
	if _, err := db.ImportArticles(ctx, []*admin.Article{a}, nil); err != nil {
		t.Fatal(err)
	}
}

// waitStatus waits a few seconds at most for the page's status region
// (role=status) to say something, as a search page does once it has
// answered.
func waitStatus(ctx context.Context) bool {
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		said, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => {
			const s = document.querySelector('main [role=status]');
			return !!s && s.textContent.trim() !== '' && !document.querySelector('main [aria-busy=true]');
		})()`))
		if err == nil && said {
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}
