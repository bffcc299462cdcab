package admin

import "testing"

// "Published" is never taken for "on the site": a version is on the site
// only once the served site shows it.
func TestSiteState(t *testing.T) {
	for _, c := range []struct {
		live, site int
		err        string
		want       SiteState
	}{
		{0, 0, "", SiteNone},
		{3, 0, "", SiteWaiting},              // released, the build runs
		{3, 2, "", SiteWaiting},              // a new version released; readers see the old one
		{3, 3, "", SiteOnSite},               // built
		{3, 2, "broken picture", SiteFailed}, // the build left it out
		{3, 3, "stale reason", SiteOnSite},   // a later build brought it
		{0, 3, "", SiteRemoving},             // taken down, the build runs
	} {
		tr := &Translation{LiveVersion: c.live, SiteVersion: c.site, SiteError: c.err}
		if got := tr.Site(); got != c.want {
			t.Errorf("live %d, site %d, error %q: %q, want %q", c.live, c.site, c.err, got, c.want)
		}
	}
}
