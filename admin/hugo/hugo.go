// Package hugo is the only package of the portal that calls Hugo. Hugo has no
// stable Go API, so everything the portal needs from it sits here behind a
// few plain functions: build a site in-process, read the site's languages,
// parse a content file the way Hugo will, and (for the benchmark) run Hugo's
// own command-line entry point. An upgrade of Hugo should touch only this
// package and its integration test.
//
// Builds go through hugolib (load config, NewHugoSites, Build, Close, then
// clear Hugo's global page cache), which keeps no memory between builds. The
// command-line entry point leaks in a long-running process and is used only
// by the benchmark as a baseline.
package hugo

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/commands"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/parser/pageparser"
	"github.com/gohugoio/hugo/resources/page"
	"github.com/pelletier/go-toml/v2"
	"github.com/spf13/afero"
)

// Site says where a site's parts are.
type Site struct {
	// SourceDir is the site root: hugo.toml, content/, themes/, i18n/.
	SourceDir string
	// ContentDir holds the generated content tree, one folder per language
	// (ContentDir/vi, ContentDir/en), mounted beside SourceDir/content/<lang>.
	ContentDir string
	// CacheDir keeps Hugo's caches and processed images between builds.
	CacheDir string
	// BaseURL overrides the baseURL of hugo.toml when set.
	BaseURL string
	// Config is merged over hugo.toml: the settings the office keeps in
	// the database (site name, contacts, colours), e.g.
	// {"params": {...}, "languages": {"vi": {"title": ..., "params": {...}}}}.
	Config map[string]any
	// StaticDirs are folders served at the site's root beside the theme's
	// static files (the logo, the downloads).
	StaticDirs []string
}

// Language is one language of the site, in the order of its weight.
type Language struct {
	Code   string // "vi", "en"
	Label  string // "Tiếng Việt"
	Locale string // "vi-VN"
}

// Codes returns the codes of langs, in order.
func Codes(langs []Language) []string {
	codes := make([]string, len(langs))
	for i, l := range langs {
		codes[i] = l.Code
	}
	return codes
}

// Result describes a finished build.
type Result struct {
	Pages int // pages of all languages, lists and taxonomies included
	// Warnings are what the build warned about, one line each (the
	// theme's render hooks report content they could not use this way).
	Warnings []string
}

// buildMu serialises builds: Hugo keeps some global state (the page cache,
// the global logger) that two builds at once would share.
var buildMu sync.Mutex

// stuckBuild is how long a build that Hugo has stopped for its errors may
// take to end before it is left running and reported as failed.
const stuckBuild = 30 * time.Second

// Build builds the site into publishDir, which should be a new, empty
// folder. Hugo errors (template errors, bad content) come back as an error
// whose text is Hugo's own message.
func Build(ctx context.Context, s Site, publishDir string) (res Result, err error) {
	buildMu.Lock()
	defer buildMu.Unlock()
	if err := ctx.Err(); err != nil {
		return Result{}, err
	}
	overlay, err := writeOverlay(s)
	if err != nil {
		return Result{}, err
	}
	// A leftover overlay is harmless: the next one has a name of its own.
	defer func() { _ = os.Remove(overlay) }()

	var logBuf lockedBuffer
	logger := loggers.New(loggers.Options{
		Level:         logg.LevelWarn,
		StdOut:        &logBuf,
		StdErr:        &logBuf,
		DistinctLevel: logg.LevelWarn,
		StoreErrors:   true,
	})
	loggers.Log().Reset()

	flags := config.New()
	flags.Set("workingDir", s.SourceDir)
	flags.Set("publishDir", publishDir)

	afs := afero.NewOsFs()
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          afs,
		Logger:      logger,
		Flags:       flags,
		Filename:    filepath.Join(s.SourceDir, "hugo.toml") + "," + overlay,
		Environment: "production",
		Environ:     environ(),
	})
	if err != nil {
		return Result{}, fmt.Errorf("hugo: config: %w", err)
	}
	sites, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:  configs,
		Fs:       hugofs.NewFrom(afs, configs.LoadingInfo.BaseConfig),
		LogLevel: logg.LevelWarn,
		StdOut:   &logBuf,
		StdErr:   &logBuf,
	})
	if err != nil {
		return Result{}, fmt.Errorf("hugo: %w", err)
	}
	abandoned := false
	defer func() {
		if abandoned {
			return // still running: nothing of it may be touched
		}
		// The site is built by then: a failure to release Hugo's
		// resources is reported, not taken for a failed build.
		if cerr := errors.Join(sites.Close(), page.Clear()); cerr != nil && err == nil {
			res.Warnings = append(res.Warnings, "hugo: releasing the build's resources: "+cerr.Error())
		}
	}()
	built := make(chan error, 1)
	go func() { built <- sites.Build(hugolib.BuildCfg{NoBuildLock: true}) }()
	var berr error
	select {
	case berr = <-built:
	case <-sites.Done():
		// Hugo stops a build at its tenth error, and its page walker may
		// then wait for ever for renderers that have already left (seen
		// with v0.165 and a broken template). Give the build a moment to
		// end; then leave it, so that the publisher goes on and says why.
		select {
		case berr = <-built:
		case <-time.After(stuckBuild):
			abandoned = true
			return Result{}, fmt.Errorf("hugo: build: stopped after too many errors: %s", strings.TrimSpace(logBuf.String()))
		}
	}
	if berr != nil {
		return Result{}, fmt.Errorf("hugo: build: %w", berr)
	}
	if n := sites.Log.LoggCount(logg.LevelError); n > 0 {
		return Result{}, fmt.Errorf("hugo: build: %d errors: %s", n, strings.TrimSpace(logBuf.String()))
	}
	// hugolib renders pages; the static files (theme and site static
	// folders, StaticDir) are copied by Hugo's command, so here.
	for _, sfs := range sites.BaseFs.SourceFilesystems.Static {
		if err := copyStatic(sfs.Fs, filepath.Join(publishDir, sfs.PublishFolder)); err != nil {
			return Result{}, err
		}
	}
	res = Result{Warnings: warnings(logBuf.String())}
	for _, site := range sites.Sites {
		res.Pages += len(site.Pages())
	}
	return res, nil
}

// warnings returns the warning lines of a build's log, without their level.
func warnings(log string) []string {
	var out []string
	for _, line := range strings.Split(log, "\n") {
		if w, ok := strings.CutPrefix(strings.TrimSpace(line), "WARN"); ok {
			out = append(out, strings.TrimSpace(w))
		}
	}
	return out
}

// copyStatic copies every file of a static filesystem into dir, leaving
// files Hugo rendered in place (a rendered page wins over a static file of
// the same name, as with Hugo's command).
func copyStatic(src afero.Fs, dir string) error {
	return afero.Walk(src, "", func(path string, info os.FileInfo, err error) error {
		if err != nil {
			if os.IsNotExist(err) || errors.Is(err, fs.ErrNotExist) {
				return nil // a site without static files
			}
			return err
		}
		if info.IsDir() {
			return nil
		}
		dst := filepath.Join(dir, path)
		if _, err := os.Stat(dst); err == nil {
			return nil
		}
		in, err := src.Open(path)
		if err != nil {
			return fmt.Errorf("hugo: static: %w", err)
		}
		defer func() { _ = in.Close() }() // only read
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("hugo: static: %w", err)
		}
		out, err := os.Create(dst)
		if err != nil {
			return fmt.Errorf("hugo: static: %w", err)
		}
		if _, err := io.Copy(out, in); err != nil {
			_ = out.Close() // the copy error is the one to report
			return fmt.Errorf("hugo: static: %w", err)
		}
		if err := out.Close(); err != nil {
			return fmt.Errorf("hugo: static: %w", err)
		}
		return nil
	})
}

// CLIArgs returns the arguments of Hugo's command line (`hugo build ...`)
// that build s into publishDir exactly as Build does. The configuration
// overlay they name stays on disk until cleanup is called.
func CLIArgs(s Site, publishDir string) (args []string, cleanup func(), err error) {
	overlay, err := writeOverlay(s)
	if err != nil {
		return nil, nil, err
	}
	cleanup = func() {
		// A leftover overlay is harmless: the next one has a name of its own.
		_ = os.Remove(overlay)
	}
	return []string{"build", "--quiet", "--noBuildLock",
		"--source", s.SourceDir,
		"--config", filepath.Join(s.SourceDir, "hugo.toml") + "," + overlay,
		"--destination", publishDir,
		"--environment", "production"}, cleanup, nil
}

// RunCLI runs Hugo's own command-line entry point with args, as the `hugo`
// program would. It is the benchmark's baseline and is meant to run once
// in a process of its own: called repeatedly in one process, it keeps
// memory it never frees.
func RunCLI(args []string) error {
	return commands.Execute(args)
}

// writeOverlay writes the configuration that depends on where the data
// lives: content mounts per language, caches and, when given, the base URL.
// It is merged over hugo.toml (later files override earlier ones).
func writeOverlay(s Site) (string, error) {
	langs, err := Languages(s.SourceDir)
	if err != nil {
		return "", err
	}
	type matrix struct {
		Languages []string `toml:"languages"`
	}
	type sites struct {
		Matrix matrix `toml:"matrix"`
	}
	type mount struct {
		Source string `toml:"source"`
		Target string `toml:"target"`
		Sites  *sites `toml:"sites,omitempty"`
	}
	var mounts []mount
	for _, l := range langs {
		m := &sites{Matrix: matrix{Languages: []string{l.Code}}}
		mounts = append(mounts,
			mount{Source: filepath.Join(s.SourceDir, "content", l.Code), Target: "content", Sites: m},
			mount{Source: filepath.Join(s.ContentDir, l.Code), Target: "content", Sites: m})
	}
	for _, d := range s.StaticDirs {
		mounts = append(mounts, mount{Source: d, Target: "static"})
	}
	cfg := map[string]any{}
	for k, v := range s.Config {
		cfg[k] = v
	}
	cfg["cacheDir"] = filepath.Join(s.CacheDir, "hugo")
	cfg["resourceDir"] = filepath.Join(s.CacheDir, "resources")
	cfg["module"] = map[string]any{"mounts": mounts}
	if s.BaseURL != "" {
		cfg["baseURL"] = s.BaseURL
	}
	b, err := toml.Marshal(cfg)
	if err != nil {
		return "", fmt.Errorf("hugo: overlay: %w", err)
	}
	if err := os.MkdirAll(s.CacheDir, 0o755); err != nil {
		return "", fmt.Errorf("hugo: overlay: %w", err)
	}
	f, err := os.CreateTemp(s.CacheDir, "overlay-*.toml")
	if err != nil {
		return "", fmt.Errorf("hugo: overlay: %w", err)
	}
	if _, err := f.Write(b); err != nil {
		_ = f.Close() // the write error is the one to report
		return "", fmt.Errorf("hugo: overlay: %w", err)
	}
	if err := f.Close(); err != nil {
		return "", fmt.Errorf("hugo: overlay: %w", err)
	}
	return f.Name(), nil
}

// environ is the process environment without HUGO* variables, so that a
// stray variable on a server cannot change what a build produces.
func environ() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "HUGO") {
			env = append(env, kv)
		}
	}
	if len(env) == 0 {
		env = []string{"PORTAL=1"} // Hugo reads os.Environ when given none
	}
	return env
}

// Languages reads the languages of the site at sourceDir from its hugo.toml,
// default language first, then by weight.
func Languages(sourceDir string) ([]Language, error) {
	b, err := os.ReadFile(filepath.Join(sourceDir, "hugo.toml"))
	if err != nil {
		return nil, fmt.Errorf("hugo: languages: %w", err)
	}
	var cfg struct {
		DefaultContentLanguage string `toml:"defaultContentLanguage"`
		Languages              map[string]struct {
			Weight   int    `toml:"weight"`
			Label    string `toml:"label"`
			Locale   string `toml:"locale"`
			Disabled bool   `toml:"disabled"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("hugo: languages: %w", err)
	}
	if len(cfg.Languages) == 0 {
		return nil, errors.New("hugo: languages: hugo.toml defines no [languages]")
	}
	type weighted struct {
		Language
		weight int
	}
	var ws []weighted
	for code, l := range cfg.Languages {
		if l.Disabled {
			continue
		}
		ws = append(ws, weighted{Language{Code: code, Label: l.Label, Locale: l.Locale}, l.Weight})
	}
	def := cfg.DefaultContentLanguage
	if def == "" {
		def = "en"
	}
	sortLanguages(ws, def, func(w weighted) (string, int) { return w.Code, w.weight })
	langs := make([]Language, len(ws))
	for i, w := range ws {
		langs[i] = w.Language
	}
	if langs[0].Code != def {
		return nil, fmt.Errorf("hugo: languages: default language %q is not among the languages", def)
	}
	return langs, nil
}

// ContentFile is a content file as Hugo reads it.
type ContentFile struct {
	FrontMatter map[string]any
	Body        string
	// Shortcodes counts the shortcodes Hugo would run in the body.
	Shortcodes int
}

// ParseContent parses a content file with Hugo's own page parser.
func ParseContent(src []byte) (ContentFile, error) {
	cf, err := pageparser.ParseFrontMatterAndContent(bytes.NewReader(src))
	if err != nil {
		return ContentFile{}, fmt.Errorf("hugo: parse content: %w", err)
	}
	items, err := pageparser.ParseBytes(cf.Content, pageparser.Config{NoFrontMatter: true})
	if err != nil {
		return ContentFile{}, fmt.Errorf("hugo: parse content: %w", err)
	}
	out := ContentFile{FrontMatter: cf.FrontMatter, Body: string(cf.Content)}
	for _, it := range items {
		if it.IsShortcodeName() || it.IsInlineShortcodeName() {
			out.Shortcodes++
		}
		if it.IsError() {
			return out, fmt.Errorf("hugo: parse content: %s", it.ValStr(cf.Content))
		}
	}
	return out, nil
}

// Defaults are what hugo.toml says of the site where the office's settings
// say nothing: per language its title, organisation and description, and
// the colours.
type Defaults struct {
	Title, Organisation, Description map[string]string
	Primary, Accent                  string
}

// SiteDefaults reads the Defaults of a site from its hugo.toml.
func SiteDefaults(hugoTOML []byte) (Defaults, error) {
	var cfg struct {
		Params struct {
			Colors struct {
				Primary string `toml:"primary"`
				Accent  string `toml:"accent"`
			} `toml:"colors"`
		} `toml:"params"`
		Languages map[string]struct {
			Title  string `toml:"title"`
			Params struct {
				Organisation string `toml:"organisation"`
				Description  string `toml:"description"`
			} `toml:"params"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(hugoTOML, &cfg); err != nil {
		return Defaults{}, fmt.Errorf("hugo: site defaults: %w", err)
	}
	d := Defaults{Title: map[string]string{}, Organisation: map[string]string{}, Description: map[string]string{},
		Primary: cfg.Params.Colors.Primary, Accent: cfg.Params.Colors.Accent}
	for code, l := range cfg.Languages {
		d.Title[code], d.Organisation[code], d.Description[code] = l.Title, l.Params.Organisation, l.Params.Description
	}
	return d, nil
}

// lockedBuffer is Hugo's log output: a build left running may still write
// to it while its error is read.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
