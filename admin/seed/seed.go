// Package seed loads the demo content: the content areas, the units that own
// articles, and true articles about the former Bình Phước province written
// from published sources. The content is kept as readable TOML files under
// demo/ and embedded in the binary. Loading it twice changes nothing: areas
// and units are matched by key, articles by their file name.
package seed

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"

	"github.com/pelletier/go-toml/v2"

	"portal/admin"
)

//go:embed demo
var demo embed.FS

// Store is what seeding needs of the database.
type Store interface {
	PutArea(ctx context.Context, a *admin.Area) error
	PutUnit(ctx context.Context, u *admin.Unit, ev *admin.Event) error
	UnitByKey(ctx context.Context, key string) (*admin.Unit, error)
	Areas(ctx context.Context) ([]*admin.Area, error)
	ImportArticles(ctx context.Context, articles []*admin.Article, ev *admin.Event) (int, error)
}

// Result counts what Load added.
type Result struct {
	Areas, Units, Articles int
}

// Load puts the demo areas and units in place and adds the demo articles
// that are not in the database yet. Translations in languages the site does
// not have are skipped.
func Load(ctx context.Context, st Store, languages []string) (Result, error) {
	var res Result
	areas, err := Areas()
	if err != nil {
		return res, err
	}
	for _, a := range areas {
		if err := st.PutArea(ctx, a); err != nil {
			return res, err
		}
		res.Areas++
	}
	var units struct {
		Unit []struct {
			Key  string
			Kind string
			VI   struct{ Name string } `toml:"vi"`
			EN   struct{ Name string } `toml:"en"`
		}
	}
	if err := decode("demo/units.toml", &units); err != nil {
		return res, err
	}
	unitIDs := map[string]int64{}
	for _, u := range units.Unit {
		unit := &admin.Unit{Key: u.Key, Kind: u.Kind, Names: map[string]string{"vi": u.VI.Name, "en": u.EN.Name}}
		if err := st.PutUnit(ctx, unit, nil); err != nil {
			return res, err
		}
		unitIDs[u.Key] = unit.ID
		res.Units++
	}
	areaIDs := map[string]int64{}
	stored, err := st.Areas(ctx)
	if err != nil {
		return res, err
	}
	for _, a := range stored {
		areaIDs[a.Key] = a.ID
	}
	demoArticles, err := articles(languages)
	if err != nil {
		return res, err
	}
	for _, a := range demoArticles {
		key := a.a.SourceKey
		if a.a.AreaID = areaIDs[a.area]; a.a.AreaID == 0 {
			return res, fmt.Errorf("seed: %s: unknown area %q", key, a.area)
		}
		if a.a.UnitID = unitIDs[a.unit]; a.a.UnitID == 0 {
			return res, fmt.Errorf("seed: %s: unknown unit %q", key, a.unit)
		}
	}
	list := make([]*admin.Article, len(demoArticles))
	for i, a := range demoArticles {
		list[i] = a.a
	}
	res.Articles, err = st.ImportArticles(ctx, list, &admin.Event{Action: "seed.import", Detail: "demo content:"})
	if err != nil {
		return res, err
	}
	return res, settings(ctx, st)
}

// SettingsStore is what seeding the site's settings needs.
type SettingsStore interface {
	SiteSettings(ctx context.Context) (*admin.SiteSettings, error)
	PutSiteSettings(ctx context.Context, s *admin.SiteSettings, ev *admin.Event) error
}

// settings gives the site the demo's contact for investors, unless one is
// set already.
func settings(ctx context.Context, st Store) error {
	ss, ok := st.(SettingsStore)
	if !ok {
		return nil
	}
	set, err := ss.SiteSettings(ctx)
	if err != nil || len(set.InvestorContact.Name) > 0 {
		return err
	}
	var demoSet struct {
		InvestorContact struct {
			Name map[string]string
			URL  string
		} `toml:"investor_contact"`
	}
	if err := decode("demo/settings.toml", &demoSet); err != nil {
		return err
	}
	set.InvestorContact.Name, set.InvestorContact.URL = demoSet.InvestorContact.Name, demoSet.InvestorContact.URL
	return ss.PutSiteSettings(ctx, set, &admin.Event{Action: "seed.settings", Object: "setting/site"})
}

// Areas returns the demo content areas.
func Areas() ([]*admin.Area, error) {
	var f struct {
		Area []struct {
			Key    string
			Weight int
			VI     admin.AreaName `toml:"vi"`
			EN     admin.AreaName `toml:"en"`
		}
	}
	if err := decode("demo/areas.toml", &f); err != nil {
		return nil, err
	}
	var areas []*admin.Area
	for _, a := range f.Area {
		areas = append(areas, &admin.Area{Key: a.Key, Weight: a.Weight,
			Names: map[string]admin.AreaName{"vi": a.VI, "en": a.EN}})
	}
	return areas, nil
}

type demoArticle struct {
	a          *admin.Article
	area, unit string
}

// articles returns the demo articles, published, keyed by file name, with
// area and unit still to be resolved.
func articles(languages []string) ([]demoArticle, error) {
	names, err := fs.Glob(demo, "demo/articles/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var out []demoArticle
	for _, name := range names {
		var f struct {
			Area string
			Kind string
			Unit string
			Date time.Time
			// Facts are the structured facts the same in every language;
			// each translation adds its own words.
			Facts        map[string]string
			Translations map[string]struct {
				Title   string
				Summary string
				Tags    []string
				Body    string
				Facts   map[string]string
			}
		}
		if err := decode(name, &f); err != nil {
			return nil, err
		}
		key := "demo/" + strings.TrimSuffix(path.Base(name), ".toml")
		a := &admin.Article{Kind: admin.Kind(f.Kind), SourceKey: key}
		for _, lang := range languages {
			t, ok := f.Translations[lang]
			if !ok {
				continue
			}
			facts := admin.Facts{}
			for k, v := range f.Facts {
				facts[k] = v
			}
			for k, v := range t.Facts {
				facts[k] = v
			}
			facts, err := admin.CleanFacts(admin.Kind(f.Kind), facts)
			if err != nil {
				return nil, fmt.Errorf("seed: %s: %w", name, err)
			}
			a.Translations = append(a.Translations, &admin.Translation{
				Lang: lang, Title: t.Title, Summary: t.Summary, Tags: t.Tags, Body: t.Body, Facts: facts,
				Status: admin.StatusPublished, PublishedAt: f.Date.UTC(),
				// Each language of a demo article was written from the
				// source as it is: no translation starts out of date.
				SourceVersion: 1,
			})
		}
		if len(a.Translations) == 0 {
			continue
		}
		out = append(out, demoArticle{a: a, area: f.Area, unit: f.Unit})
	}
	return out, nil
}

func decode(name string, v any) error {
	b, err := demo.ReadFile(name)
	if err != nil {
		return fmt.Errorf("seed: %w", err)
	}
	if err := toml.Unmarshal(b, v); err != nil {
		return fmt.Errorf("seed: %s: %w", name, err)
	}
	return nil
}
