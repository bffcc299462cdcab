package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"portal"
	"portal/admin/publish"
	"portal/admin/sitecheck"
	"portal/admin/store"
	"portal/admin/web"
)

// cmdCheck checks a built site against the public site's budgets: the
// file checks of sitecheck always, the Nu Html Checker and sitecheck.Lighthouse when
// they are at hand. It fails on any broken budget except sitecheck.Lighthouse scores,
// which are reported: sitecheck.Lighthouse's figures vary from run to run on a busy
// machine.
func cmdCheck(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("portal check", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	data := fs.String("data", envOr(env, "PORTAL_DATA", "data"), "data folder whose built site (public) is checked (env PORTAL_DATA)")
	site := fs.String("site", "", "check this built site folder instead (for example Hugo's public/)")
	baseURL := fs.String("base-url", env.getenv("PORTAL_BASE_URL"), "the site's public address; read from its canonical links when empty (env PORTAL_BASE_URL)")
	vnu := fs.String("vnu", env.getenv("VNU_JAR"), "the Nu Html Checker: vnu.jar, run with java, or a vnu program (env VNU_JAR)")
	lighthouse := fs.String("lighthouse", env.getenv("LIGHTHOUSE"), "sitecheck.Lighthouse: its package folder, its cli/index.js, or a lighthouse program (env LIGHTHOUSE)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	dir := *site
	if dir == "" {
		dir = filepath.Join(*data, "public")
	}
	dir, err := builtSite(dir)
	if err != nil {
		return err
	}

	rep, err := sitecheck.Check(ctx, os.DirFS(dir), sitecheck.Options{BaseURL: *baseURL, ArticleBudget: sitecheck.ArticleBudget})
	if err != nil {
		return err
	}
	findings := rep.Findings
	picked := sitecheck.PickPages(rep)
	var notes []string
	if *vnu != "" {
		msgs, err := sitecheck.RunVNU(ctx, *vnu, dir)
		if err != nil {
			return err
		}
		findings = append(findings, msgs...)
	} else {
		notes = append(notes, "The Nu Html Checker did not run: give --vnu or set VNU_JAR.")
	}
	scores := map[string]sitecheck.Lighthouse{}
	if *lighthouse != "" {
		lh, err := sitecheck.LighthouseCommand(*lighthouse)
		if err != nil {
			return err
		}
		base, stop, err := serveBuiltSite(ctx, dir)
		if err != nil {
			return err
		}
		for _, p := range picked {
			if p.Page == nil {
				continue
			}
			fmt.Fprintf(env.stderr, "sitecheck.Lighthouse: %s (%s)...\n", p.Name, p.URL)
			scores[p.Name] = sitecheck.RunLighthouse(ctx, lh, chromePath(env), base+strings.TrimPrefix(p.URL, "/"))
		}
		if err := stop(); err != nil {
			return err
		}
	} else {
		notes = append(notes, "sitecheck.Lighthouse did not run: give --lighthouse or set LIGHTHOUSE.")
	}

	out := env.stdout
	fmt.Fprintf(out, "Site: %s (%d pages; address %s)\n\n", dir, len(rep.Pages), orNone(rep.BaseURL))
	printPageTable(out, picked, scores, *lighthouse != "")
	heaviest := sitecheck.HeaviestArticle(rep)
	if heaviest != nil {
		fmt.Fprintf(out, "\nArticle pages: %d; the heaviest, %s, transfers %d bytes before pictures (budget %d).\n",
			sitecheck.CountArticles(rep), heaviest.Path, heaviest.Weight.Total(), sitecheck.ArticleBudget)
	}
	fmt.Fprintln(out, "Weights are the files' uncompressed sizes: HTML, linked and imported CSS, scripts and the fonts a browser fetches for")
	fmt.Fprintln(out, "the page's text (per font, the last @font-face whose unicode-range covers each character, every declared weight) or preloads.")
	for _, r := range scores {
		if r.Version != "" {
			fmt.Fprintf(out, "sitecheck.Lighthouse %s scores, mobile (each should reach %d; reported, not enforced).\n", r.Version, sitecheck.LighthouseTarget)
			break
		}
	}
	for _, n := range notes {
		fmt.Fprintln(out, n)
	}

	var warnings []string
	for _, p := range picked {
		if p.Page == nil {
			warnings = append(warnings, "no "+p.Name+" page found")
			continue
		}
		if r, ok := scores[p.Name]; ok {
			warnings = append(warnings, r.Warnings(p)...)
		}
	}
	if len(warnings) > 0 {
		fmt.Fprintf(out, "\nWarnings (%d):\n", len(warnings))
		for _, w := range warnings {
			fmt.Fprintln(out, "  "+w)
		}
	}
	if len(findings) == 0 {
		fmt.Fprint(out, "\nAll budgets hold: no broken link or picture, nothing from another host, no article page over budget")
		if *vnu != "" {
			fmt.Fprint(out, ", no HTML error")
		}
		fmt.Fprintln(out, ".")
		return nil
	}
	fmt.Fprintf(out, "\nFindings (%d):\n", len(findings))
	printFindings(out, findings)
	return fmt.Errorf("check: %s", summarize(findings))
}

// builtSite returns the folder of a built site, its links resolved so that
// a build that finishes meanwhile does not change what is checked.
func builtSite(dir string) (string, error) {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("check: no built site at %s (build it first with `portal build`): %w", dir, err)
	}
	if _, err := os.Stat(filepath.Join(real, "index.html")); err != nil {
		for _, cfg := range []string{"hugo.toml", "hugo.yaml", "hugo.json", "config.toml"} {
			if _, err := os.Stat(filepath.Join(real, cfg)); err == nil {
				return "", fmt.Errorf("check: %s is a site's source, not a built site: build it first", dir)
			}
		}
		return "", fmt.Errorf("check: %s has no index.html: not a built site", dir)
	}
	return filepath.Abs(real)
}

func printPageTable(out io.Writer, picked []sitecheck.PagePick, scores map[string]sitecheck.Lighthouse, lighthouse bool) {
	// Numbers are padded here so that they line up on the right in the
	// writer's left-aligned cells.
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "page\taddress\t%6s\t%6s\t%6s\t%6s\t%7s", "HTML", "CSS", "JS", "fonts", "total")
	if lighthouse {
		fmt.Fprintf(tw, "\t%4s\t%4s\t%4s\t%4s", "perf", "a11y", "b.p.", "SEO")
	}
	fmt.Fprintln(tw)
	for _, p := range picked {
		if p.Page == nil {
			fmt.Fprintf(tw, "%s\t(none found)\n", p.Name)
			continue
		}
		w := p.Page.Weight
		fmt.Fprintf(tw, "%s\t%s\t%6d\t%6d\t%6d\t%6d\t%7d", p.Name, shorten(p.URL, 48), w.HTML, w.CSS, w.JS, w.Fonts, w.Total())
		if lighthouse {
			r := scores[p.Name]
			for _, c := range sitecheck.LighthouseCategories {
				fmt.Fprintf(tw, "\t%4s", r.Score(c))
			}
		}
		fmt.Fprintln(tw)
	}
	_ = tw.Flush() // to the terminal
}

// shorten keeps long addresses readable in the table.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func orNone(s string) string {
	if s == "" {
		return "unknown: absolute links are all taken as external"
	}
	return s
}

// printFindings prints the findings, those that repeat on many files
// (a broken link in the header of every page) once with their count.
func printFindings(out io.Writer, findings []sitecheck.Finding) {
	type group struct {
		first sitecheck.Finding
		files []string
	}
	var order []string
	groups := map[string]*group{}
	for _, f := range findings {
		key := string(f.Rule) + "\x00" + f.Element + "\x00" + f.Message
		g := groups[key]
		if g == nil {
			g = &group{first: f}
			groups[key] = g
			order = append(order, key)
		}
		g.files = append(g.files, f.File)
	}
	for _, key := range order {
		g := groups[key]
		fmt.Fprintf(out, "  %s\n", g.first)
		if n := len(g.files) - 1; n > 0 {
			more := g.files[1:min(len(g.files), 4)]
			etc := ""
			if n > len(more) {
				etc = ", …"
			}
			fmt.Fprintf(out, "      and %d more: %s%s\n", n, strings.Join(more, ", "), etc)
		}
	}
}

func summarize(findings []sitecheck.Finding) string {
	count := map[sitecheck.Rule]int{}
	for _, f := range findings {
		count[f.Rule]++
	}
	words := []struct {
		rule sitecheck.Rule
		what string
	}{
		{sitecheck.RuleLink, "broken links"},
		{sitecheck.RuleImage, "missing pictures"},
		{sitecheck.RuleResource, "missing style sheets, scripts or fonts"},
		{sitecheck.RuleHost, "subresources from another host"},
		{sitecheck.RuleWeight, "article pages over budget"},
		{sitecheck.RuleHTML, "HTML errors"},
	}
	var parts []string
	for _, w := range words {
		if n := count[w.rule]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, w.what))
		}
	}
	return strings.Join(parts, ", ")
}

// serveBuiltSite serves dir on 127.0.0.1 with the portal's own handler, as
// readers get it (headers, 404 pages), from a temporary data folder whose
// built site is dir. It returns the site's address and how to stop it.
func serveBuiltSite(ctx context.Context, dir string) (string, func() error, error) {
	tmp, err := os.MkdirTemp("", "portal-check-")
	if err != nil {
		return "", nil, err
	}
	var db *store.DB
	// cleanup removes what was made; the first error is the one reported.
	cleanup := func(first error) error {
		if db != nil {
			if err := db.Close(); first == nil {
				first = err
			}
		}
		if err := os.RemoveAll(tmp); first == nil {
			first = err
		}
		return first
	}
	fail := func(err error) (string, func() error, error) {
		return "", nil, fmt.Errorf("check: serve the site: %w", cleanup(err))
	}
	if err := os.Symlink(dir, filepath.Join(tmp, "public")); err != nil {
		return fail(err)
	}
	log := slog.New(slog.DiscardHandler)
	if db, err = store.Open(ctx, filepath.Join(tmp, "portal.db")); err != nil {
		return fail(err)
	}
	pub := publish.New(db, publish.Config{DataDir: tmp, SiteFS: portal.Site, Logger: log})
	langs, err := pub.Languages()
	if err != nil {
		return fail(err)
	}
	srv, err := web.New(web.Config{DB: db, Publisher: pub, Languages: langs, Logger: log})
	if err != nil {
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fail(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	stop := func() error {
		cancel()
		err := <-done
		if errors.Is(err, context.Canceled) {
			err = nil
		}
		return cleanup(err)
	}
	return "http://" + ln.Addr().String() + "/", stop, nil
}

// chromePath is the Chromium that sitecheck.Lighthouse drives: $CHROME_PATH, or
// $CHROMIUM, or Debian's.
func chromePath(env *environment) string {
	for _, v := range []string{env.getenv("CHROME_PATH"), env.getenv("CHROMIUM")} {
		if v != "" {
			return v
		}
	}
	for _, p := range []string{"/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"} {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	p, _ := exec.LookPath("chromium")
	return p
}
