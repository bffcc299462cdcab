package publish

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/hugo"
)

// SettingsStore is what the site's settings are read from.
type SettingsStore interface {
	SiteSettings(ctx context.Context) (*admin.SiteSettings, error)
	Media(ctx context.Context, id int64) (*admin.Media, error)
}

// siteConfig turns the office's settings into configuration merged over
// hugo.toml, and puts the files they name (the logo) into the folder the
// site serves at its root. Settings left empty keep hugo.toml's values.
func (p *Publisher) siteConfig(ctx context.Context, sourceDir string) (map[string]any, []string, error) {
	static := []string{p.downloadsDir()}
	st, ok := p.store.(SettingsStore)
	if !ok {
		return nil, static, nil
	}
	set, err := st.SiteSettings(ctx)
	if err != nil {
		return nil, nil, err
	}
	langs, err := hugo.Languages(sourceDir)
	if err != nil {
		return nil, nil, err
	}
	params := map[string]any{}
	colors := map[string]any{}
	if set.PrimaryColor != "" {
		colors["primary"] = set.PrimaryColor
	}
	if set.AccentColor != "" {
		colors["accent"] = set.AccentColor
	}
	if len(colors) > 0 {
		params["colors"] = colors
	}
	if l := admin.LicenceByKey(set.Licence); l != nil {
		params["licence"] = map[string]any{"key": l.Key, "name": l.Name, "url": l.URL}
	}

	siteStatic := filepath.Join(p.cfg.DataDir, "site-static")
	keep := map[string]bool{}
	if set.LogoMediaID != 0 {
		m, err := st.Media(ctx, set.LogoMediaID)
		if err != nil && admin.ErrorCode(err) != admin.ENOTFOUND {
			return nil, nil, err
		}
		if m != nil {
			b, err := os.ReadFile(filepath.Join(p.MediaDir(), m.StoredName()))
			if err != nil {
				return nil, nil, err
			}
			name := "logo" + filepath.Ext(m.StoredName())
			if _, err := export.WriteIfChanged(filepath.Join(siteStatic, name), b); err != nil {
				return nil, nil, err
			}
			keep[name] = true
			params["logo"] = "/" + name
			params["logo_width"], params["logo_height"] = m.Width, m.Height
		}
	}
	if _, err := export.Prune(siteStatic, keep); err != nil {
		return nil, nil, err
	}

	languages := map[string]any{}
	for _, l := range langs {
		lc := map[string]any{}
		lp := map[string]any{}
		if v := set.Title[l.Code]; v != "" {
			lc["title"] = v
		}
		if v := set.Organisation[l.Code]; v != "" {
			lp["organisation"] = v
		}
		if v := set.Description[l.Code]; v != "" {
			lp["description"] = v
		}
		contact := nonEmpty(map[string]string{"address": set.Address[l.Code], "phone": set.Phone, "email": set.Email})
		if len(contact) > 0 {
			lp["contact"] = contact
		}
		for key, c := range map[string]admin.Contact{"investor_contact": set.InvestorContact, "spokesperson": set.Spokesperson, "press_contact": set.PressContact} {
			if m := nonEmpty(map[string]string{"name": c.Name[l.Code], "role": c.Role[l.Code], "phone": c.Phone, "email": c.Email, "url": c.URL}); len(m) > 0 {
				lp[key] = m
			}
		}
		if len(lp) > 0 {
			lc["params"] = lp
		}
		if len(lc) > 0 {
			languages[l.Code] = lc
		}
	}
	cfg := map[string]any{}
	if len(params) > 0 {
		cfg["params"] = params
	}
	if len(languages) > 0 {
		cfg["languages"] = languages
	}
	if len(keep) > 0 {
		static = append(static, siteStatic)
	}
	return cfg, static, nil
}

// downloadsDir holds the files the site offers for download (CSV, JSON,
// iCalendar), written by the export and served at the site's root.
func (p *Publisher) downloadsDir() string { return filepath.Join(p.cfg.DataDir, "downloads") }

func nonEmpty(m map[string]string) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		if v != "" {
			out[k] = v
		}
	}
	return out
}

// Defaults returns what hugo.toml says of the site (title, organisation,
// description, colours), which the settings page shows where the office
// has set nothing.
func (p *Publisher) Defaults() (hugo.Defaults, error) {
	var b []byte
	var err error
	if p.cfg.SiteDir != "" {
		b, err = os.ReadFile(filepath.Join(p.cfg.SiteDir, "hugo.toml"))
	} else {
		b, err = fs.ReadFile(p.cfg.SiteFS, "hugo.toml")
	}
	if err != nil {
		return hugo.Defaults{}, err
	}
	return hugo.SiteDefaults(b)
}
