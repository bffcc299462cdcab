package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"

	"portal"
	"portal/admin/hugo"
	"portal/admin/publish"
	"portal/admin/seed"
	"portal/admin/store"
)

// options are the flags every command shares.
type options struct {
	data    string
	site    string
	baseURL string
	verbose bool
}

func (o *options) register(fs *flag.FlagSet, env *environment) {
	fs.StringVar(&o.data, "data", envOr(env, "PORTAL_DATA", "data"), "data folder: database, media, generated content, built site (env PORTAL_DATA)")
	fs.StringVar(&o.site, "site", env.getenv("PORTAL_SITE"), "use this working tree as the site source instead of the one built in (env PORTAL_SITE)")
	fs.StringVar(&o.baseURL, "base-url", env.getenv("PORTAL_BASE_URL"), "public address of the site, e.g. https://example.gov.vn/ (env PORTAL_BASE_URL)")
	fs.BoolVar(&o.verbose, "v", false, "log more")
}

// parseFlags parses a command's flags: the shared ones, and those that
// extra adds to the set.
func parseFlags(env *environment, name string, args []string, extra func(*flag.FlagSet)) (*options, error) {
	fs := flag.NewFlagSet("portal "+name, flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	var o options
	o.register(fs, env)
	if extra != nil {
		extra(fs)
	}
	return &o, fs.Parse(args)
}

// openWith parses a command's flags and opens the data folder.
func openWith(ctx context.Context, env *environment, name string, args []string, extra func(*flag.FlagSet)) (*app, error) {
	o, err := parseFlags(env, name, args, extra)
	if err != nil {
		return nil, err
	}
	return open(ctx, env, o)
}

func envOr(env *environment, key, def string) string {
	if v := env.getenv(key); v != "" {
		return v
	}
	return def
}

// app is what the commands share once the data folder is open.
type app struct {
	db    *store.DB
	pub   *publish.Publisher
	langs []hugo.Language
	log   *slog.Logger
}

// Close closes the database; an error means what was written last may not
// be on disk.
func (a *app) Close() error {
	if err := a.db.Close(); err != nil {
		return fmt.Errorf("close the database: %w", err)
	}
	return nil
}

func (a *app) langCodes() []string { return hugo.Codes(a.langs) }

// open opens the data folder: creates it, opens the database (applying
// migrations) and reads the site's languages.
func open(ctx context.Context, env *environment, o *options) (*app, error) {
	level := slog.LevelInfo
	if o.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(env.stderr, &slog.HandlerOptions{Level: level}))
	data, err := filepath.Abs(o.data)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(data, 0o750); err != nil {
		return nil, fmt.Errorf("data folder: %w", err)
	}
	site := o.site
	if site != "" {
		if site, err = filepath.Abs(site); err != nil {
			return nil, err
		}
	}
	db, err := store.Open(ctx, filepath.Join(data, "portal.db"))
	if err != nil {
		return nil, err
	}
	pub := publish.New(db, publish.Config{DataDir: data, SiteFS: portal.Site, SiteDir: site, BaseURL: o.baseURL, Logger: log})
	langs, err := pub.Languages()
	if err != nil {
		_ = db.Close() // the languages error is the one to report
		return nil, err
	}
	return &app{db: db, pub: pub, langs: langs, log: log}, nil
}

// seedIfEmpty loads the demo content into a database that has no areas yet,
// which is only the case the first time the portal starts.
func (a *app) seedIfEmpty(ctx context.Context, env *environment) error {
	areas, err := a.db.Areas(ctx)
	if err != nil || len(areas) > 0 {
		return err
	}
	res, err := seed.Load(ctx, a.db, a.langCodes())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Loaded the demo content: %d areas, %d units, %d articles.\n", res.Areas, res.Units, res.Articles)
	return nil
}
