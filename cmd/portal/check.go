package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"portal"
	"portal/admin/publish"
	"portal/admin/sitecheck"
	"portal/admin/store"
	"portal/admin/web"
)

// ruleHTML marks the Nu Html Checker's errors among the findings.
const ruleHTML sitecheck.Rule = "html"

// lighthouseTarget is the score each Lighthouse category should reach.
const lighthouseTarget = 95

// lighthouseCategories are the Lighthouse categories reported, in order.
var lighthouseCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// cmdCheck checks a built site against the public site's budgets: the
// file checks of sitecheck always, the Nu Html Checker and Lighthouse when
// they are at hand. It fails on any broken budget except Lighthouse scores,
// which are reported: Lighthouse's figures vary from run to run on a busy
// machine.
func cmdCheck(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("portal check", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	data := fs.String("data", envOr(env, "PORTAL_DATA", "data"), "data folder whose built site (public) is checked (env PORTAL_DATA)")
	site := fs.String("site", "", "check this built site folder instead (for example Hugo's public/)")
	baseURL := fs.String("base-url", env.getenv("PORTAL_BASE_URL"), "the site's public address; read from its canonical links when empty (env PORTAL_BASE_URL)")
	vnu := fs.String("vnu", env.getenv("VNU_JAR"), "the Nu Html Checker: vnu.jar, run with java, or a vnu program (env VNU_JAR)")
	lighthouse := fs.String("lighthouse", env.getenv("LIGHTHOUSE"), "Lighthouse: its package folder, its cli/index.js, or a lighthouse program (env LIGHTHOUSE)")
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
	picked := pickPages(rep)
	var notes []string
	if *vnu != "" {
		msgs, err := runVNU(ctx, *vnu, dir)
		if err != nil {
			return err
		}
		findings = append(findings, msgs...)
	} else {
		notes = append(notes, "The Nu Html Checker did not run: give --vnu or set VNU_JAR.")
	}
	scores := map[string]lighthouseResult{}
	if *lighthouse != "" {
		lh, err := lighthouseCommand(*lighthouse)
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
			fmt.Fprintf(env.stderr, "Lighthouse: %s (%s)...\n", p.Name, p.URL)
			scores[p.Name] = runLighthouse(ctx, lh, chromePath(env), base+strings.TrimPrefix(p.URL, "/"))
		}
		stop()
	} else {
		notes = append(notes, "Lighthouse did not run: give --lighthouse or set LIGHTHOUSE.")
	}

	out := env.stdout
	fmt.Fprintf(out, "Site: %s (%d pages; address %s)\n\n", dir, len(rep.Pages), orNone(rep.BaseURL))
	printPageTable(out, picked, scores, *lighthouse != "")
	heaviest := heaviestArticle(rep)
	if heaviest != nil {
		fmt.Fprintf(out, "\nArticle pages: %d; the heaviest, %s, transfers %d bytes before pictures (budget %d).\n",
			countArticles(rep), heaviest.Path, heaviest.Weight.Total(), sitecheck.ArticleBudget)
	}
	fmt.Fprintln(out, "Weights are the files' uncompressed sizes: HTML, linked and imported CSS, scripts and the fonts a browser fetches for")
	fmt.Fprintln(out, "the page's text (per font, the last @font-face whose unicode-range covers each character, every declared weight) or preloads.")
	for _, r := range scores {
		if r.Version != "" {
			fmt.Fprintf(out, "Lighthouse %s scores, mobile (each should reach %d; reported, not enforced).\n", r.Version, lighthouseTarget)
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
			warnings = append(warnings, r.warnings(p)...)
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

// pagePick is one page checked as an example of its type.
type pagePick struct {
	Name string // "article (vi)"
	Type string // "article"
	Lang string
	URL  string // the address to request, from the site's root
	Page *sitecheck.Page
}

// pageTypes are the public site's page types, in the order reported.
var pageTypes = []string{"home", "area", "article", "investor list", "event", "search", "404"}

// pickPages chooses one page of each type in each language: the language's
// home page (/vi/); a list that offers a CSV download (the investors' lists
// of industrial parks and projects); an event, an article whose JSON-LD is
// an Event or that an event list (a page linking to .ics calendars) links
// to; the heaviest other article, and the area it is in (its parent
// address); the page its search forms submit to; and its 404.html. A type
// with no page has a nil Page.
func pickPages(rep *sitecheck.Report) []pagePick {
	byPath := map[string]*sitecheck.Page{}
	for i := range rep.Pages {
		byPath[rep.Pages[i].Path] = &rep.Pages[i]
	}
	var langs []string
	for _, p := range rep.Pages {
		seg := strings.Trim(p.Path, "/")
		if seg != "" && !strings.Contains(seg, "/") && strings.HasSuffix(p.Path, "/") &&
			(strings.EqualFold(p.Lang, seg) || strings.HasPrefix(strings.ToLower(p.Lang), strings.ToLower(seg)+"-")) {
			langs = append(langs, seg)
		}
	}
	var out []pagePick
	for _, lang := range langs {
		prefix := "/" + lang + "/"
		var in []*sitecheck.Page
		for i := range rep.Pages {
			if strings.HasPrefix(rep.Pages[i].Path, prefix) {
				in = append(in, &rep.Pages[i])
			}
		}
		pick := map[string]*sitecheck.Page{"home": byPath[prefix], "404": byPath[prefix+"404.html"]}
		for _, p := range in {
			if !p.Article && pick["investor list"] == nil && linksTo(p, ".csv") {
				pick["investor list"] = p
			}
			if p.Article && pick["event"] == nil && hasType(p, "Event") {
				pick["event"] = p
			}
			for _, s := range p.Searches {
				if pick["search"] == nil || s == p.Path {
					if t := byPath[s]; t != nil {
						pick["search"] = t
					}
				}
			}
		}
		if pick["event"] == nil {
		events:
			for _, list := range in {
				if list.Article || !linksTo(list, ".ics") {
					continue
				}
				for _, l := range list.Links {
					if t := byPath[l]; t != nil && t.Article {
						pick["event"] = t
						break events
					}
				}
			}
		}
		for _, p := range in {
			if p.Article && p != pick["event"] && (pick["article"] == nil || p.Weight.Total() > pick["article"].Weight.Total()) {
				pick["article"] = p
			}
		}
		if a := pick["article"]; a != nil {
			pick["area"] = byPath[path.Dir(strings.TrimSuffix(a.Path, "/"))+"/"]
		}
		for _, typ := range pageTypes {
			pp := pagePick{Name: typ + " (" + lang + ")", Type: typ, Lang: lang, Page: pick[typ]}
			if pp.Page != nil {
				pp.URL = pp.Page.Path
			}
			out = append(out, pp)
		}
	}
	return out
}

func linksTo(p *sitecheck.Page, ext string) bool {
	for _, l := range p.Links {
		if strings.EqualFold(path.Ext(l), ext) {
			return true
		}
	}
	return false
}

func hasType(p *sitecheck.Page, t string) bool {
	for _, x := range p.Types {
		if x == t {
			return true
		}
	}
	return false
}

func heaviestArticle(rep *sitecheck.Report) *sitecheck.Page {
	var h *sitecheck.Page
	for i := range rep.Pages {
		if p := &rep.Pages[i]; p.Article && (h == nil || p.Weight.Total() > h.Weight.Total()) {
			h = p
		}
	}
	return h
}

func countArticles(rep *sitecheck.Report) int {
	n := 0
	for _, p := range rep.Pages {
		if p.Article {
			n++
		}
	}
	return n
}

func printPageTable(out io.Writer, picked []pagePick, scores map[string]lighthouseResult, lighthouse bool) {
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
			for _, c := range lighthouseCategories {
				fmt.Fprintf(tw, "\t%4s", r.score(c))
			}
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
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
		{ruleHTML, "HTML errors"},
	}
	var parts []string
	for _, w := range words {
		if n := count[w.rule]; n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, w.what))
		}
	}
	return strings.Join(parts, ", ")
}

// runVNU runs the Nu Html Checker on every HTML page of dir and returns its
// errors as findings. A path ending in .jar is run with java.
func runVNU(ctx context.Context, vnu, dir string) ([]sitecheck.Finding, error) {
	if _, err := os.Stat(vnu); err != nil {
		return nil, fmt.Errorf("check: the Nu Html Checker: %w", err)
	}
	args := []string{"--skip-non-html", "--errors-only", "--format", "json", dir}
	var cmd *exec.Cmd
	if strings.HasSuffix(vnu, ".jar") {
		java, err := exec.LookPath("java")
		if err != nil {
			return nil, fmt.Errorf("check: vnu.jar needs java (Debian: apt-get install default-jre-headless): %w", err)
		}
		cmd = exec.CommandContext(ctx, java, append([]string{"-jar", vnu}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, vnu, args...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var res struct {
		Messages []struct {
			Type     string `json:"type"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
			Start    int    `json:"hiliteStart"`
			Length   int    `json:"hiliteLength"`
		} `json:"messages"`
	}
	// vnu writes its JSON report to standard error and exits 1 when it
	// found errors.
	if err := json.Unmarshal(stderr.Bytes(), &res); err != nil {
		if runErr == nil {
			runErr = err
		}
		return nil, fmt.Errorf("check: the Nu Html Checker: %w\n%s%s", runErr, stdout.Bytes(), stderr.Bytes())
	}
	var out []sitecheck.Finding
	for _, m := range res.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(dir, u.Path); err == nil {
				file = filepath.ToSlash(rel)
			}
		}
		// The extract is the source around the error; the highlighted
		// part is the element at fault.
		var el string
		if m.Start >= 0 && m.Length > 0 && m.Start+m.Length <= len(m.Extract) {
			el = strings.Join(strings.Fields(m.Extract[m.Start:m.Start+m.Length]), " ")
		}
		out = append(out, sitecheck.Finding{Rule: ruleHTML, File: file, Line: m.LastLine, Element: el, Message: m.Message})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

// serveBuiltSite serves dir on 127.0.0.1 with the portal's own handler, as
// readers get it (headers, 404 pages), from a temporary data folder whose
// built site is dir. It returns the site's address and how to stop it.
func serveBuiltSite(ctx context.Context, dir string) (string, func(), error) {
	tmp, err := os.MkdirTemp("", "portal-check-")
	if err != nil {
		return "", nil, err
	}
	fail := func(err error) (string, func(), error) {
		os.RemoveAll(tmp)
		return "", nil, fmt.Errorf("check: serve the site: %w", err)
	}
	if err := os.Symlink(dir, filepath.Join(tmp, "public")); err != nil {
		return fail(err)
	}
	log := slog.New(slog.DiscardHandler)
	db, err := store.Open(ctx, filepath.Join(tmp, "portal.db"))
	if err != nil {
		return fail(err)
	}
	pub := publish.New(db, publish.Config{DataDir: tmp, SiteFS: portal.Site, Logger: log})
	langs, err := pub.Languages()
	if err != nil {
		db.Close()
		return fail(err)
	}
	srv, err := web.New(web.Config{DB: db, Publisher: pub, Languages: langs, Logger: log})
	if err != nil {
		db.Close()
		return fail(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		db.Close()
		return fail(err)
	}
	sctx, cancel := context.WithCancel(ctx)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(sctx, ln) }()
	stop := func() {
		cancel()
		<-done
		db.Close()
		os.RemoveAll(tmp)
	}
	return "http://" + ln.Addr().String() + "/", stop, nil
}

// lighthouseCommand returns how to run Lighthouse from what was given: its
// package folder or cli/index.js (run with node), or a program.
func lighthouseCommand(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("check: Lighthouse: %w", err)
	}
	if st.IsDir() {
		p = filepath.Join(p, "cli", "index.js")
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("check: Lighthouse: %w", err)
		}
	}
	if strings.HasSuffix(p, ".js") {
		node, err := exec.LookPath("node")
		if err != nil {
			return nil, fmt.Errorf("check: Lighthouse needs node: %w", err)
		}
		return []string{node, p}, nil
	}
	return []string{p}, nil
}

// chromePath is the Chromium that Lighthouse drives: $CHROME_PATH, or
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

// chromeFlags start Chromium headless without reaching for the network
// beyond the page under test.
const chromeFlags = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

// lighthouseResult is one Lighthouse run: the categories' scores (0-100)
// and, for each category under the target, the audits that lost points.
type lighthouseResult struct {
	Version string
	Scores  map[string]int
	Lost    map[string][]string
	Err     error
}

func (r lighthouseResult) score(cat string) string {
	if r.Err != nil {
		return "error"
	}
	s, ok := r.Scores[cat]
	if !ok {
		return "-"
	}
	return fmt.Sprint(s)
}

func (r lighthouseResult) warnings(p pagePick) []string {
	name := p.Name
	if r.Err != nil {
		return []string{fmt.Sprintf("%s: Lighthouse did not measure it: %v", name, r.Err)}
	}
	var out []string
	for _, c := range lighthouseCategories {
		s, ok := r.Scores[c]
		if !ok {
			out = append(out, fmt.Sprintf("%s: Lighthouse gave no %s score", name, c))
			continue
		}
		if s < lighthouseTarget {
			w := fmt.Sprintf("%s: Lighthouse %s %d, under %d (%s)", name, c, s, lighthouseTarget, strings.Join(r.Lost[c], ", "))
			if p.Type == "404" && c == "seo" && slices.Equal(r.Lost[c], []string{"is-crawlable"}) {
				w += ": as it should be, a page-not-found page asks search engines not to index it"
			}
			out = append(out, w)
		}
	}
	return out
}

// runLighthouse measures one page with Lighthouse's mobile settings (a
// phone's screen, simulated slow 4G and CPU).
func runLighthouse(ctx context.Context, lh []string, chrome, pageURL string) lighthouseResult {
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	args := append(append([]string(nil), lh[1:]...), pageURL,
		"--only-categories="+strings.Join(lighthouseCategories, ","),
		"--form-factor=mobile",
		"--output=json", "--output-path=stdout", "--quiet",
		"--chrome-flags="+chromeFlags)
	cmd := exec.CommandContext(ctx, lh[0], args...)
	cmd.Env = os.Environ()
	if chrome != "" {
		cmd.Env = append(cmd.Env, "CHROME_PATH="+chrome)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return lighthouseResult{Err: fmt.Errorf("%w: %s", err, lastLine(stderr.String()))}
	}
	var lhr struct {
		LighthouseVersion string `json:"lighthouseVersion"`
		RuntimeError      *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"runtimeError"`
		Categories map[string]struct {
			Score     *float64 `json:"score"`
			AuditRefs []struct {
				ID     string  `json:"id"`
				Weight float64 `json:"weight"`
			} `json:"auditRefs"`
		} `json:"categories"`
		Audits map[string]struct {
			Score *float64 `json:"score"`
		} `json:"audits"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &lhr); err != nil {
		return lighthouseResult{Err: fmt.Errorf("read its report: %w", err)}
	}
	if lhr.RuntimeError != nil {
		return lighthouseResult{Err: errors.New(lhr.RuntimeError.Code + ": " + lhr.RuntimeError.Message)}
	}
	r := lighthouseResult{Version: lhr.LighthouseVersion, Scores: map[string]int{}, Lost: map[string][]string{}}
	for name, c := range lhr.Categories {
		if c.Score == nil {
			continue
		}
		r.Scores[name] = int(*c.Score*100 + 0.5)
		for _, a := range c.AuditRefs {
			if s := lhr.Audits[a.ID].Score; a.Weight > 0 && s != nil && *s < 0.9 {
				r.Lost[name] = append(r.Lost[name], a.ID)
			}
		}
	}
	return r
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
