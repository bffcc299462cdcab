package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/pelletier/go-toml/v2"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/hugo"
	"portal/admin/ninjs"
)

// buildAPI writes the read-only JSON API of every language (package
// ninjs) into the build in dir: the same published translations as the
// search index, with the library's pictures and the site's terms of reuse.
func (p *Publisher) buildAPI(ctx context.Context, src export.Source, site hugo.Site, dir string, langs []string) error {
	t0 := time.Now()
	rights, err := siteRights(site, langs)
	if err != nil {
		return err
	}
	library, err := src.AllMedia(ctx)
	if err != nil {
		return fmt.Errorf("publish: api: %w", err)
	}
	wanted := map[string]bool{}
	for _, l := range langs {
		wanted[l] = true
	}
	var all []*admin.Published
	err = src.EachPublished(ctx, func(pub *admin.Published) error {
		if wanted[pub.Translation.Lang] {
			all = append(all, pub)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("publish: api: %w", err)
	}
	st, err := ninjs.Write(ctx, dir, ninjs.Site{BaseURL: p.cfg.BaseURL, Languages: langs, Published: all,
		Library: library, MediaDir: p.MediaDir(), Rights: rights})
	if err != nil {
		return fmt.Errorf("publish: api: %w", err)
	}
	p.log.Info("api", "documents", st.Documents, "pages", st.Pages, "pictures", st.Pictures,
		"duration", time.Since(t0).Round(time.Millisecond))
	return nil
}

// siteParams is what hugo.toml's params say about the terms of reuse.
type siteParams struct {
	Organisation string `toml:"organisation"`
	Licence      struct {
		Name string `toml:"name"`
		URL  string `toml:"url"`
	} `toml:"licence"`
}

// siteRights reads, per language, the organisation and the licence the
// site states (hugo.toml, a language's params over the site's), with the
// organisation set in the office's settings over both.
func siteRights(site hugo.Site, langs []string) (map[string]ninjs.Rights, error) {
	b, err := os.ReadFile(filepath.Join(site.SourceDir, "hugo.toml"))
	if err != nil {
		return nil, fmt.Errorf("publish: api: %w", err)
	}
	var cfg struct {
		Params    siteParams `toml:"params"`
		Languages map[string]struct {
			Params siteParams `toml:"params"`
		} `toml:"languages"`
	}
	if err := toml.Unmarshal(b, &cfg); err != nil {
		return nil, fmt.Errorf("publish: api: hugo.toml: %w", err)
	}
	out := map[string]ninjs.Rights{}
	for _, l := range langs {
		r := ninjs.Rights{Holder: cfg.Params.Organisation, LicenceName: cfg.Params.Licence.Name, LicenceURL: cfg.Params.Licence.URL}
		lp := cfg.Languages[l].Params
		if lp.Organisation != "" {
			r.Holder = lp.Organisation
		}
		if lp.Licence.Name != "" || lp.Licence.URL != "" {
			r.LicenceName, r.LicenceURL = lp.Licence.Name, lp.Licence.URL
		}
		if org := settingsOrganisation(site.Config, l); org != "" {
			r.Holder = org
		}
		if name, url, ok := settingsLicence(site.Config); ok {
			r.LicenceName, r.LicenceURL = name, url
		}
		out[l] = r
	}
	return out, nil
}

// settingsLicence is the licence the settings chose for the site, if any.
func settingsLicence(cfg map[string]any) (name, url string, ok bool) {
	params, _ := cfg["params"].(map[string]any)
	l, _ := params["licence"].(map[string]any)
	if l == nil {
		return "", "", false
	}
	name, _ = l["name"].(string)
	url, _ = l["url"].(string)
	if url == "" {
		name = "All rights reserved"
	}
	return name, url, true
}

// settingsOrganisation is the organisation the settings set for lang in
// the configuration merged over hugo.toml (see siteConfig), or "".
func settingsOrganisation(cfg map[string]any, lang string) string {
	langs, _ := cfg["languages"].(map[string]any)
	lc, _ := langs[lang].(map[string]any)
	params, _ := lc["params"].(map[string]any)
	org, _ := params["organisation"].(string)
	return org
}
