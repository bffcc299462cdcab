package editorial

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"portal/admin"
)

// SaveSiteSettings stores what the public site says about the office; only
// administrators may. The audit log records each field changed, with its
// old and new value. Saving what is already there records nothing.
func (s *Service) SaveSiteSettings(ctx context.Context, actor Actor, set *admin.SiteSettings) error {
	if !isAdmin(actor) {
		return forbidden("forbidden_role", "only administrators change the site's settings")
	}
	set.Trim()
	if err := set.Validate(); err != nil {
		return err
	}
	old, err := s.db.SiteSettings(ctx)
	if err != nil {
		return err
	}
	detail := Changes(old.Fields(), set.Fields())
	if detail == "" {
		return nil
	}
	return s.db.PutSiteSettings(ctx, set, s.event(actor, "setting.change", "setting/site", detail))
}

// SetSiteLogo makes the library picture id the site's logo.
func (s *Service) SetSiteLogo(ctx context.Context, actor Actor, id int64) error {
	if !isAdmin(actor) {
		return forbidden("forbidden_role", "only administrators change the site's settings")
	}
	m, err := s.db.Media(ctx, id)
	if err != nil {
		return err
	}
	set, err := s.db.SiteSettings(ctx)
	if err != nil {
		return err
	}
	set.LogoMediaID = m.ID
	return s.SaveSiteSettings(ctx, actor, set)
}

// Changes says, for the audit log, which settings differ between old and
// next: `key: "old" → "new"` for each, in key order, joined by "; ". The
// values are quoted as Go strings, so a value holding "; " or "→" stays
// one value. A secret (a key ending in password, secret or token) is never
// written: only that it changed.
func Changes(old, next map[string]string) string {
	keys := make([]string, 0, len(next))
	for k := range next {
		keys = append(keys, k)
	}
	for k := range old {
		if _, ok := next[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	var out []string
	for _, k := range keys {
		a, b := old[k], next[k]
		if a == b {
			continue
		}
		if secret(k) {
			a, b = masked(a), masked(b)
		}
		out = append(out, k+": "+strconv.Quote(a)+" → "+strconv.Quote(b))
	}
	return strings.Join(out, "; ")
}

func secret(key string) bool {
	return strings.HasSuffix(key, "password") || strings.HasSuffix(key, "secret") || strings.HasSuffix(key, "token")
}

// masked stands for a secret value: "" stays "", anything else is dots.
func masked(v string) string {
	if v == "" {
		return ""
	}
	return "••••••"
}
