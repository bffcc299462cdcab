// Package publish turns what is published in the database into the site
// readers see: it exports the content tree, has Hugo build it into a new
// folder and, only when the build succeeded, swaps the served site to it in
// one atomic rename. After the build and before the swap it adds the search
// index and the static JSON API (ninjs documents) of each language. A failed build or index leaves the last good site
// online and its error on record. Builds run one at a time; requests that
// arrive while one runs coalesce into a single next build. The office's
// settings (site name, contacts, colours, logo) are merged over hugo.toml.
// Before the swap it compares the new tree with the one served and records
// the difference, file by file (written with SHA-256 and size, or
// removed), as the build's change set in the database: what a copy of the
// site elsewhere must send (changes.go).
//
// Layout of the data folder that this package owns:
//
//	content/        the generated content tree (one folder per language)
//	downloads/      CSV, JSON and iCalendar files of the lists, served as is
//	site-static/    the logo chosen in the settings
//	search/<lang>/  the search index's state between builds
//	site/           the site source copied out of the binary, unless a
//	                working tree is used instead
//	builds/<name>/  built sites; the current one and the one before it
//	public          a symbolic link to the current build
//	cache/          Hugo's caches and processed images
package publish

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"portal/admin/export"
	"portal/admin/hugo"
	"portal/admin/store"
)

// Store is what the publisher needs of the database.
type Store interface {
	export.Source
	export.WithdrawnSource
	StartBuild(ctx context.Context) (int64, error)
	RecordSite(ctx context.Context, build int64, shown map[int64]int, left map[int64]string) error
	RecordSiteFailure(ctx context.Context, build int64, reason string) error
	AuditHead(ctx context.Context) (store.Anchor, error)
	FinishBuild(ctx context.Context, id int64, pages int, errText string) error
	RecordChanges(ctx context.Context, id int64, changes []store.SiteChange) error
}

// Config configures a Publisher.
type Config struct {
	DataDir string
	// SiteFS is the site source to copy into DataDir/site before each build
	// (the one embedded in the binary). Ignored when SiteDir is set.
	SiteFS fs.FS
	// SiteDir, when set, is a working tree used as the site source as it is:
	// for theme work without rebuilding the binary.
	SiteDir string
	BaseURL string
	Logger  *slog.Logger
}

// Publisher exports and builds the site.
type Publisher struct {
	cfg      Config
	store    Store
	log      *slog.Logger
	mu       sync.Mutex // one publication at a time
	requests chan struct{}
	idle     sync.Cond
	pending  int // requests not yet finished, for Wait
	pmu      sync.Mutex
}

// New returns a publisher for the data folder of cfg.
func New(st Store, cfg Config) *Publisher {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	p := &Publisher{cfg: cfg, store: st, log: cfg.Logger, requests: make(chan struct{}, 1)}
	p.idle.L = &p.pmu
	return p
}

// Report describes one publication.
type Report struct {
	BuildID int64
	Export  export.Stats
	Pages   int
	Dir     string // the folder now served
	// ExportTime, BuildTime and Duration are the time taken by the export,
	// by Hugo, and by the whole publication.
	ExportTime time.Duration
	BuildTime  time.Duration
	Duration   time.Duration
	// Warnings are what Hugo warned about (content the theme could not
	// use, such as a link whose address cannot be read).
	Warnings []string
	// LeftOut names the translations (by id) the build left out because
	// the site could not be built with their pages, and why.
	LeftOut map[int64]string
	// Changed and Removed count the files the publication wrote (new or
	// different) and removed in the served tree: its change set, recorded
	// in the database (store.SiteChanges).
	Changed, Removed int
}

// PublicDir is the path readers' requests are served from: a link to the
// current build.
func (p *Publisher) PublicDir() string { return filepath.Join(p.cfg.DataDir, "public") }

// DataDir is the data folder the publisher works in.
func (p *Publisher) DataDir() string { return p.cfg.DataDir }

// MediaDir holds the media library's files, named by checksum
// (admin.Media.StoredName).
func (p *Publisher) MediaDir() string { return filepath.Join(p.cfg.DataDir, "media") }

// ContentDir is the generated content tree.
func (p *Publisher) ContentDir() string { return filepath.Join(p.cfg.DataDir, "content") }

// HasSite reports whether a built site is in place.
func (p *Publisher) HasSite() bool {
	_, err := os.Stat(filepath.Join(p.PublicDir(), "index.html"))
	return err == nil
}

// Site returns where the site's parts are, copying the embedded site source
// into the data folder first when no working tree is used.
func (p *Publisher) Site() (hugo.Site, error) {
	src := p.cfg.SiteDir
	if src == "" {
		src = filepath.Join(p.cfg.DataDir, "site")
		if err := copyTree(p.cfg.SiteFS, src); err != nil {
			return hugo.Site{}, err
		}
	}
	cfg, static, err := p.siteConfig(context.Background(), src)
	if err != nil {
		return hugo.Site{}, err
	}
	return hugo.Site{
		SourceDir:  src,
		ContentDir: p.ContentDir(),
		CacheDir:   filepath.Join(p.cfg.DataDir, "cache"),
		BaseURL:    p.cfg.BaseURL,
		Config:     cfg,
		StaticDirs: static,
	}, nil
}

// Languages returns the site's language codes, default first.
func (p *Publisher) Languages() ([]hugo.Language, error) {
	site, err := p.Site()
	if err != nil {
		return nil, err
	}
	return hugo.Languages(site.SourceDir)
}

// Publish exports and builds the site now and swaps it into place. It waits
// for a publication already running to finish first.
func (p *Publisher) Publish(ctx context.Context) (Report, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	start := time.Now()
	rep := Report{}
	id, err := p.store.StartBuild(ctx)
	if err != nil {
		return rep, err
	}
	rep.BuildID = id
	if err = p.anchor(ctx); err == nil {
		rep, err = p.publish(ctx, rep)
	}
	rep.Duration = time.Since(start)
	errText := ""
	if err != nil {
		errText = err.Error()
		p.log.Error("site build failed; the last good site stays online", "build", id, "err", err)
		// What waits for the site is told why it is still waiting.
		if rerr := p.store.RecordSiteFailure(context.WithoutCancel(ctx), id, buildReason(errText, p.ContentDir())); rerr != nil {
			p.log.Error("could not record the failed build on the versions it was to publish", "build", id, "err", rerr)
		}
	} else {
		p.log.Info("site built", "build", id, "pages", rep.Pages, "written", rep.Export.Written,
			"removed", rep.Export.Removed, "changed_files", rep.Changed, "removed_files", rep.Removed,
			"duration", rep.Duration.Round(time.Millisecond))
	}
	// Record the result even when ctx is done: the build happened.
	if ferr := p.store.FinishBuild(context.WithoutCancel(ctx), id, rep.Pages, errText); ferr != nil && err == nil {
		err = ferr
	}
	return rep, err
}

// maxBlamed is how many times one publication builds again without the
// articles a failed build named, before it gives up.
const maxBlamed = 5

func (p *Publisher) publish(ctx context.Context, rep Report) (Report, error) {
	site, err := p.Site()
	if err != nil {
		return rep, err
	}
	langs, err := hugo.Languages(site.SourceDir)
	if err != nil {
		return rep, err
	}
	codes := hugo.Codes(langs)
	snap, err := takeSnapshot(ctx, p.store)
	if err != nil {
		return rep, err
	}
	builds := filepath.Join(p.cfg.DataDir, "builds")
	if err := os.MkdirAll(builds, 0o755); err != nil {
		return rep, fmt.Errorf("publish: %w", err)
	}
	name := fmt.Sprintf("%s-%d", time.Now().UTC().Format("20060102T150405"), rep.BuildID)
	dir := filepath.Join(builds, name)
	var res hugo.Result
	// A build that fails on the pages of some articles is made again
	// without them: the rest of the site still goes out, and those
	// articles are recorded as left out, with why.
	for attempt := 0; ; attempt++ {
		t0 := time.Now()
		rep.Export, err = export.Export(ctx, snap, export.Tree{Dir: p.ContentDir(), MediaDir: p.MediaDir(), Languages: codes,
			DownloadsDir: p.downloadsDir(), BaseURL: p.cfg.BaseURL})
		if err != nil {
			return rep, err
		}
		rep.ExportTime = time.Since(t0)
		t1 := time.Now()
		res, err = hugo.Build(ctx, site, dir)
		rep.BuildTime = time.Since(t1)
		if err == nil {
			break
		}
		removeAll(p.log, dir)
		blamed := snap.blame(err, p.ContentDir(), rep.Export.Owners)
		if len(blamed) == 0 || attempt == maxBlamed {
			return rep, err
		}
		for id, why := range blamed {
			snap.left[id] = why
		}
		p.log.Warn("the build failed on some articles' pages; building again without them", "build", rep.BuildID,
			"left_out", snap.leftOut(), "err", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
		removeAll(p.log, dir)
		return rep, fmt.Errorf("publish: the build produced no home page")
	}
	rep.Pages, rep.Warnings = res.Pages, res.Warnings
	for _, w := range res.Warnings {
		p.log.Warn("site build", "warning", w)
	}
	if err := p.buildSearch(ctx, snap, dir, codes); err != nil {
		removeAll(p.log, dir)
		return rep, err
	}
	if err := p.buildAPI(ctx, snap, site, dir, codes); err != nil {
		removeAll(p.log, dir)
		return rep, err
	}
	// What the swap changes for readers, file by file: the change set a
	// copy of the site elsewhere sends.
	served, err := filepath.EvalSymlinks(p.PublicDir())
	if err != nil {
		served = "" // nothing served yet
	}
	changes, err := treeChanges(served, dir)
	if err != nil {
		removeAll(p.log, dir)
		return rep, err
	}
	for _, c := range changes {
		if c.Removed {
			rep.Removed++
		} else {
			rep.Changed++
		}
	}
	if err := swap(p.PublicDir(), filepath.Join("builds", name)); err != nil {
		removeAll(p.log, dir)
		return rep, err
	}
	if err := p.store.RecordChanges(context.WithoutCancel(ctx), rep.BuildID, changes); err != nil {
		p.log.Error("could not record what the build changed; a copy elsewhere needs a full sync", "build", rep.BuildID, "err", err)
	}
	rep.Dir = dir
	rep.LeftOut = snap.left
	// The site is served: record what readers now see. Recorded even when
	// ctx is done, since the swap happened.
	if err := p.store.RecordSite(context.WithoutCancel(ctx), rep.BuildID, snap.shown(), snap.left); err != nil {
		return rep, err
	}
	p.removeOldBuilds(builds, name)
	return rep, nil
}

// removeAll removes a build that will not be served; a failure is only
// logged (the folder is removed with the old builds later).
func removeAll(log *slog.Logger, dir string) {
	if err := os.RemoveAll(dir); err != nil {
		log.Warn("could not remove a failed build", "dir", dir, "err", err)
	}
}

// swap points the link at target in one rename, which readers see as either
// the old site or the new one, never a mix.
func swap(link, target string) error {
	tmp := link + ".new"
	if err := os.Remove(tmp); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("publish: swap: %w", err)
	}
	if err := os.Symlink(target, tmp); err != nil {
		return fmt.Errorf("publish: swap: %w", err)
	}
	if err := os.Rename(tmp, link); err != nil {
		_ = os.Remove(tmp) // the rename's error is what matters
		return fmt.Errorf("publish: swap: %w", err)
	}
	return nil
}

// removeOldBuilds keeps the current build and the one before it (a reader
// may still be fetching from it) and removes the rest.
func (p *Publisher) removeOldBuilds(builds, current string) {
	entries, err := os.ReadDir(builds)
	if err != nil {
		return
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && e.Name() != current {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	for i := 0; i < len(names)-1; i++ {
		if err := os.RemoveAll(filepath.Join(builds, names[i])); err != nil {
			p.log.Warn("could not remove an old build", "dir", names[i], "err", err)
		}
	}
}

// Request asks for a publication soon and returns at once. While one runs,
// any number of requests become one more publication after it.
func (p *Publisher) Request() {
	p.pmu.Lock()
	defer p.pmu.Unlock()
	select {
	case p.requests <- struct{}{}:
		p.pending++
	default: // one is already waiting; it will see this change too
	}
}

// Run publishes on request until ctx is done. A publication running when ctx
// ends is finished, not cut off, so the data folder stays consistent.
func (p *Publisher) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-p.requests:
			// Publish logs a failure and records it in the builds table
			// and on the versions it was to publish.
			_, _ = p.Publish(context.WithoutCancel(ctx))
			p.pmu.Lock()
			p.pending--
			p.idle.Broadcast()
			p.pmu.Unlock()
		}
	}
}

// Wait blocks until every requested publication has finished.
func (p *Publisher) Wait() {
	p.pmu.Lock()
	for p.pending > 0 {
		p.idle.Wait()
	}
	p.pmu.Unlock()
}

// copyTree copies the files of fsys into dir, writing only those that
// changed and removing files that are no longer in fsys.
func copyTree(fsys fs.FS, dir string) error {
	if fsys == nil {
		return fmt.Errorf("publish: no site source")
	}
	keep := map[string]bool{}
	err := fs.WalkDir(fsys, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(fsys, path)
		if err != nil {
			return err
		}
		rel := filepath.FromSlash(path)
		keep[rel] = true
		_, err = export.WriteIfChanged(filepath.Join(dir, rel), b)
		return err
	})
	if err != nil {
		return fmt.Errorf("publish: site source: %w", err)
	}
	_, err = export.Prune(dir, keep)
	return err
}
