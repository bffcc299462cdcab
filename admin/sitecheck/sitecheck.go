// Package sitecheck checks a built static site against the public site's
// budgets by reading its files: nothing is served, fetched or run. It reads
// every HTML page and every style sheet of the folder and applies these
// rules.
//
// Links and pictures resolve. Every internal address a page or style sheet
// refers to must lead to a file of the folder: /path/ is path/index.html, a
// folder named without its final slash is its index.html (the server
// redirects there), /file.css is file.css; the fragment and the query are
// ignored, percent-escapes are decoded, and every candidate of a srcset or
// imagesrcset is checked. An address is internal when it is relative,
// root-relative, or absolute on the site's own address (Options.BaseURL; when
// that is empty, it is read from the pages' canonical links: a page's
// canonical address less its own path). Links (a, area, form action,
// canonical and alternate links, a refresh) that lead nowhere are RuleLink
// findings; pictures (img, picture sources, posters, icons, CSS backgrounds,
// og:image) RuleImage; style sheets, scripts, fonts, frames and other
// subresources RuleResource. Addresses with other schemes (mailto:, tel:,
// data:) are not checked.
//
// Nothing from another host. Every address a browser fetches to show a page
// must be on the site's own host (RuleHost): in HTML, script src, link
// stylesheet, preload, modulepreload, prefetch, icon, manifest, preconnect
// and dns-prefetch, img src and srcset, source, video, audio, track, iframe,
// embed, object, input type=image and SVG image and use; in CSS (files,
// <style> elements and style attributes), url() and @import. Links that a
// reader follows (a href, canonical and alternate links, form actions) and
// og:image may point to other sites.
//
// Weight before images. Each page's weight is what a browser with an empty
// cache fetches to show it, pictures aside, counted as the files' sizes
// (uncompressed): the HTML file; the style sheets it links or preloads and
// their @imports; its scripts (not JSON-LD and other data blocks) and
// module preloads; other preloads and frames; and fonts. A font file counts
// when the page preloads it, or when a browser needs it for the page's text:
// @font-face rules that share family, weight, style and stretch make one
// font, and for each character of the page's text (the text of the page
// outside script, style, template, noscript and title, plus button values
// and placeholders) the last-declared rule of each font whose unicode-range
// covers the character is used, as CSS Fonts 4 says browsers do; the first
// url() of its src is counted, once. Every font the style sheets declare
// counts whether or not an element of the page uses it, so the figure errs
// on the high side; text made by CSS (content:) is not counted. Pictures,
// icons, video and audio are not counted. An article page, one whose JSON-LD
// has an @type that ends in Article (NewsArticle...), BlogPosting or Report,
// that weighs more than Options.ArticleBudget is a RuleWeight finding.
//
// Beside these file checks, the package picks one page of each type in
// each language (PickPages) and runs the checks that need other programs:
// the Nu Html Checker (RunVNU) and Lighthouse (RunLighthouse). The portal
// check command only wires them and prints the report.
package sitecheck

import (
	"context"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
)

// ArticleBudget is what an article page may weigh before its pictures, in
// bytes: 100 KB.
const ArticleBudget = 100_000

// Rule names what a finding breaks.
type Rule string

// The rules a site is checked against.
const (
	RuleLink     Rule = "link"     // an internal link leads to no file
	RuleImage    Rule = "image"    // an internal picture is not there
	RuleResource Rule = "resource" // an internal style sheet, script, font or frame is not there
	RuleHost     Rule = "host"     // a subresource from another host
	RuleWeight   Rule = "weight"   // an article page over its budget
)

// Options says what to check against.
type Options struct {
	// BaseURL is the site's public address, such as https://example.gov.vn/;
	// absolute addresses on it are internal. When empty it is read from
	// the pages' canonical links.
	BaseURL string
	// ArticleBudget is the most an article page may weigh before its
	// pictures, in bytes; 0 checks no weight.
	ArticleBudget int64
}

// Finding is one thing that breaks a rule.
type Finding struct {
	Rule Rule
	// File is the page or style sheet, relative to the site's folder.
	File string
	// Line is the line of the element or CSS rule, 1-based; 0 when the
	// finding is about the whole file.
	Line int
	// Element is the element and attribute, or the CSS text, that holds
	// the address: <img src="/a.png">, url(/bg.png).
	Element string
	// Message says what is wrong.
	Message string
}

func (f Finding) String() string {
	loc := f.File
	if f.Line > 0 {
		loc = fmt.Sprintf("%s:%d", f.File, f.Line)
	}
	if f.Element == "" {
		return fmt.Sprintf("%s: %s: %s", loc, f.Rule, f.Message)
	}
	return fmt.Sprintf("%s: %s: %s: %s", loc, f.Rule, f.Element, f.Message)
}

// Page is one HTML page of the site and what was found out about it.
type Page struct {
	File string // relative to the site's folder: en/news/index.html
	Path string // the address it is served at, from the site's root: /en/news/
	Lang string // its <html lang>
	// Types are the schema.org types of its JSON-LD's top-level nodes.
	Types   []string
	Article bool // one of Types is an article
	// Links are the internal addresses its <a href> lead to, from the
	// site's root, without fragment or query: /en/news/, /en/a.ics.
	Links []string
	// Searches are the internal addresses its search forms (role=search,
	// or holding an <input type=search>) submit to.
	Searches []string
	Weight   Weight
}

// Weight is what a page fetches before its pictures, by kind, in bytes.
type Weight struct {
	HTML, CSS, JS, Fonts, Other int64
	// Files are the files counted besides the page, relative to the
	// site's folder, in the order found.
	Files []string
}

// Total is the page's whole weight before pictures.
func (w Weight) Total() int64 { return w.HTML + w.CSS + w.JS + w.Fonts + w.Other }

// Report is the outcome of a check.
type Report struct {
	// BaseURL is the site's address that the check used ("" when it was
	// neither given nor found: then every absolute address is external).
	BaseURL  string
	Pages    []Page
	Findings []Finding
}

// Check reads the built site in site and checks it against the rules.
// The error is for a site that cannot be read; what breaks a rule is in the
// report's findings.
func Check(ctx context.Context, site fs.FS, opt Options) (*Report, error) {
	c := &checker{fsys: site, files: map[string]fileInfo{}, sheets: map[string]*sheet{}, rep: &Report{}}
	var pages, styles []string
	err := fs.WalkDir(site, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(path.Ext(p)) {
		case ".html", ".htm":
			pages = append(pages, p)
		case ".css":
			styles = append(styles, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sitecheck: %w", err)
	}
	docs := make([]*doc, len(pages))
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		b, err := fs.ReadFile(site, p)
		if err != nil {
			return nil, fmt.Errorf("sitecheck: %w", err)
		}
		docs[i] = scanHTML(b)
		c.files[p] = fileInfo{exists: true, size: int64(len(b))}
	}

	base := opt.BaseURL
	if base == "" {
		base = inferBaseURL(pages, docs)
	}
	c.rep.BaseURL = base
	if base == "" {
		base = "http://site.invalid/"
	}
	u, err := url.Parse(base)
	if err != nil || u.Host == "" {
		return nil, fmt.Errorf("sitecheck: base URL %q: not an absolute address", base)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	c.site = u

	for _, p := range styles {
		c.sheet(p)
	}
	for i, p := range pages {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		pg := c.page(p, docs[i])
		if pg.Article && opt.ArticleBudget > 0 && pg.Weight.Total() > opt.ArticleBudget {
			w := pg.Weight
			c.find(RuleWeight, p, 0, "", fmt.Sprintf("an article page of %d bytes before pictures (HTML %d, CSS %d, JS %d, fonts %d, other %d), more than %d",
				w.Total(), w.HTML, w.CSS, w.JS, w.Fonts, w.Other, opt.ArticleBudget))
		}
		c.rep.Pages = append(c.rep.Pages, pg)
	}
	sort.SliceStable(c.rep.Findings, func(i, j int) bool {
		a, b := c.rep.Findings[i], c.rep.Findings[j]
		if a.File != b.File {
			return a.File < b.File
		}
		return a.Line < b.Line
	})
	return c.rep, nil
}

type fileInfo struct {
	exists bool
	size   int64
	index  string // for a folder: its index.html, when there is one
}

type checker struct {
	fsys   fs.FS
	site   *url.URL // the site's address, its path ending in /
	files  map[string]fileInfo
	sheets map[string]*sheet // style sheet files, parsed and checked once
	rep    *Report
}

func (c *checker) find(rule Rule, file string, line int, element, msg string) {
	c.rep.Findings = append(c.rep.Findings, Finding{Rule: rule, File: file, Line: line, Element: element, Message: msg})
}

// pagePath is the address a file is served at, from the site's root.
func pagePath(file string) string {
	if file == "index.html" {
		return "/"
	}
	if strings.HasSuffix(file, "/index.html") {
		return "/" + strings.TrimSuffix(file, "index.html")
	}
	return "/" + file
}

// inferBaseURL reads the site's address from the first canonical link
// that ends with its own page's path.
func inferBaseURL(pages []string, docs []*doc) string {
	for i, p := range pages {
		pp := pagePath(p)
		if pp == "/" {
			continue // the root page is often only a redirect elsewhere
		}
		u, err := url.Parse(strings.TrimSpace(docs[i].canonical))
		if err != nil || u.Host == "" || !strings.HasSuffix(u.Path, pp) {
			continue
		}
		u.Path = strings.TrimSuffix(u.Path, pp) + "/"
		u.RawPath, u.RawQuery, u.Fragment = "", "", ""
		return u.String()
	}
	return ""
}

// target is where an address leads.
type target struct {
	skip     bool   // not an address to check: mailto:, data:, the page itself
	host     string // another host, when it leads off the site
	outside  bool   // on the site's host but outside its path
	path     string // from the site's root, decoded, without fragment and query
	internal bool
}

func (c *checker) resolve(base *url.URL, v string) (target, error) {
	v = strings.TrimSpace(v)
	if v == "" || strings.HasPrefix(v, "#") {
		return target{skip: true}, nil
	}
	u, err := url.Parse(v)
	if err != nil {
		return target{}, fmt.Errorf("not an address: %w", err)
	}
	abs := base.ResolveReference(u)
	switch strings.ToLower(abs.Scheme) {
	case "http", "https":
	default:
		return target{skip: true}, nil
	}
	if abs.Path == "" {
		abs.Path = "/"
	}
	if !sameHost(abs, c.site) {
		return target{host: abs.Host}, nil
	}
	if !strings.HasPrefix(abs.Path, c.site.Path) {
		return target{outside: true, path: abs.Path}, nil
	}
	return target{internal: true, path: "/" + strings.TrimPrefix(abs.Path, c.site.Path)}, nil
}

func sameHost(a, b *url.URL) bool {
	port := func(u *url.URL) string {
		if p := u.Port(); p != "" {
			return p
		}
		if strings.EqualFold(u.Scheme, "https") {
			return "443"
		}
		return "80"
	}
	return strings.EqualFold(a.Hostname(), b.Hostname()) && port(a) == port(b)
}

// file returns the file that a path from the site's root is served from.
func (c *checker) file(p string) (string, fileInfo) {
	name := strings.TrimPrefix(p, "/")
	if name == "" || strings.HasSuffix(name, "/") {
		name += "index.html"
	}
	name = path.Clean(name)
	if fi, ok := c.files[name]; ok {
		if fi.index != "" {
			return fi.index, c.files[fi.index]
		}
		return name, fi
	}
	fi := fileInfo{}
	if fs.ValidPath(name) {
		if st, err := fs.Stat(c.fsys, name); err == nil {
			fi.exists, fi.size = true, st.Size()
			if st.IsDir() {
				idx := path.Join(name, "index.html")
				if st, err := fs.Stat(c.fsys, idx); err == nil && !st.IsDir() {
					fi.index = idx
					c.files[idx] = fileInfo{exists: true, size: st.Size()}
				} else {
					fi.exists = false
				}
			}
		}
	}
	c.files[name] = fi
	if fi.index != "" {
		return fi.index, c.files[fi.index]
	}
	return name, fi
}

// check applies the link and host rules to one address of file and returns
// the file it leads to within the site ("" when it leads off the site or
// to no file).
func (c *checker) check(file string, base *url.URL, r ref) (string, fileInfo) {
	t, err := c.resolve(base, r.value)
	missing := RuleResource
	switch r.use {
	case useLink:
		missing = RuleLink
	case useImage, useShareImage:
		missing = RuleImage
	}
	switch {
	case err != nil:
		c.find(missing, file, r.line, r.element, err.Error())
	case t.skip:
	case t.host != "":
		if r.use.loaded() {
			c.find(RuleHost, file, r.line, r.element, "loaded from another host, "+t.host)
		}
	case t.outside:
		c.find(missing, file, r.line, r.element, fmt.Sprintf("%s is outside the site (%s)", t.path, c.site))
	case r.use == useConnect:
	default:
		name, fi := c.file(t.path)
		if !fi.exists {
			c.find(missing, file, r.line, r.element, "no such file: "+name)
			return "", fi
		}
		return name, fi
	}
	return "", fileInfo{}
}

// sheet parses and checks a style sheet file once; nil when it is missing.
func (c *checker) sheet(name string) *sheet {
	if sh, ok := c.sheets[name]; ok {
		return sh
	}
	c.sheets[name] = nil // while it is read: an @import loop ends here
	b, err := fs.ReadFile(c.fsys, name)
	if err != nil {
		return nil
	}
	c.files[name] = fileInfo{exists: true, size: int64(len(b))}
	sh := parseCSS(string(b), 1)
	base := c.site.ResolveReference(&url.URL{Path: name})
	for _, r := range sh.refs {
		c.check(name, base, r)
	}
	c.sheets[name] = &sh
	return &sh
}

// page checks one page and measures it.
func (c *checker) page(file string, d *doc) Page {
	pg := Page{File: file, Path: pagePath(file), Lang: d.lang, Types: d.types}
	for _, t := range d.types {
		if strings.HasSuffix(t, "Article") || t == "BlogPosting" || t == "Report" {
			pg.Article = true
		}
	}
	base := c.site.ResolveReference(&url.URL{Path: strings.TrimPrefix(pg.Path, "/")})
	if d.base != "" {
		if u, err := base.Parse(strings.TrimSpace(d.base)); err == nil {
			base = u
		}
	}
	w := &pg.Weight
	w.HTML = c.files[file].size
	counted := map[string]bool{file: true}
	count := func(name string, size int64, to *int64) {
		if name == "" || counted[name] {
			return
		}
		counted[name] = true
		*to += size
		w.Files = append(w.Files, name)
	}

	for _, r := range d.refs {
		name, fi := c.check(file, base, r)
		switch r.use {
		case useScript:
			count(name, fi.size, &w.JS)
		case useFont:
			count(name, fi.size, &w.Fonts)
		case useOther:
			count(name, fi.size, &w.Other)
		case useStyle:
			if r.as == "style" { // preloaded; linked sheets are counted below
				count(name, fi.size, &w.CSS)
			}
		}
	}
	for _, v := range d.links {
		if t, err := c.resolve(base, v); err == nil && t.internal {
			pg.Links = append(pg.Links, t.path)
		}
	}
	for _, v := range d.searches {
		if t, err := c.resolve(base, v); err == nil && (t.internal || t.skip) {
			if t.skip {
				t.path = pg.Path
			}
			pg.Searches = append(pg.Searches, t.path)
		}
	}

	// Style sheets in document order, each after the sheets it imports,
	// so the fonts they declare are in the order the browser reads them.
	var faces []face
	walked := map[string]bool{}
	var addSheet func(name string, sh *sheet, base *url.URL)
	addSheet = func(name string, sh *sheet, base *url.URL) {
		if sh == nil {
			return
		}
		for _, r := range sh.refs {
			if r.use != useStyle {
				continue
			}
			t, err := c.resolve(base, r.value)
			if err != nil || !t.internal {
				continue
			}
			iname, fi := c.file(t.path)
			if !fi.exists || walked[iname] {
				continue
			}
			walked[iname] = true
			count(iname, fi.size, &w.CSS)
			addSheet(iname, c.sheet(iname), c.site.ResolveReference(&url.URL{Path: iname}))
		}
		for _, f := range sh.faces {
			faces = append(faces, face{fontFace: f, sheet: name, base: base})
		}
	}
	for _, s := range d.sheets {
		if s.inline != nil {
			for _, r := range s.inline.refs {
				c.check(file, base, r)
			}
			addSheet(file, s.inline, base)
			continue
		}
		t, err := c.resolve(base, s.href)
		if err != nil || !t.internal {
			continue
		}
		name, fi := c.file(t.path)
		if !fi.exists || walked[name] {
			continue
		}
		walked[name] = true
		count(name, fi.size, &w.CSS)
		addSheet(name, c.sheet(name), c.site.ResolveReference(&url.URL{Path: name}))
	}
	for _, f := range usedFaces(faces, d.text) {
		t, err := c.resolve(f.base, f.src)
		if err != nil || !t.internal {
			continue
		}
		if name, fi := c.file(t.path); fi.exists {
			count(name, fi.size, &w.Fonts)
		}
	}
	return pg
}

// face is a @font-face rule and where its addresses are resolved.
type face struct {
	fontFace
	sheet string
	base  *url.URL
}

// usedFaces returns the faces a browser needs for text: for each character
// and each font (faces of one group), the last-declared face that covers
// the character.
func usedFaces(faces []face, text map[rune]bool) []face {
	runes := make([]rune, 0, len(text))
	for r := range text {
		if r >= 0x20 {
			runes = append(runes, r)
		}
	}
	slices.Sort(runes)
	used := make([]bool, len(faces))
	for _, r := range runes {
		done := map[string]bool{}
		for i := len(faces) - 1; i >= 0; i-- {
			f := faces[i]
			if f.src == "" || done[f.group] || !f.covers(r) {
				continue
			}
			done[f.group] = true
			used[i] = true
		}
	}
	var out []face
	for i, f := range faces {
		if used[i] {
			out = append(out, f)
		}
	}
	return out
}
