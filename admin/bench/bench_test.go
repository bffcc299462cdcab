package bench_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"portal"
	"portal/admin/bench"
)

// TestBenchRuns keeps the bench command working: a tiny site through every
// phase, with every figure filled in.
func TestBenchRuns(t *testing.T) {
	var out bytes.Buffer
	figs, err := bench.Run(context.Background(), bench.Config{Sizes: []int{5}, Words: 40, Runs: 1, SiteFS: portal.Site, TempDir: t.TempDir()}, &out)
	if err != nil {
		t.Fatal(err)
	}
	f := figs[0]
	if f.Pages == 0 || f.Export <= 0 || f.Build[0] <= 0 || f.CLI[0] <= 0 || f.Publish <= 0 || f.PeakBuild == 0 ||
		len(f.PublishRuns) != 1 || len(f.EditRuns) != 1 || len(f.UnpublishRuns) != 1 || f.EditRuns[0] <= 0 || f.Burst <= 0 {
		t.Errorf("figures missing: %+v", f)
	}
	// The new article's own page is among the added files; no page is
	// removed by adding an article.
	if !containsSuffix(f.Diff.Added, "/index.html") || containsSuffix(f.Diff.Removed, ".html") || f.Diff.Total == 0 {
		t.Errorf("what one article changed: %s", f.Diff)
	}
	t.Logf("one new article: %s", f.Diff)
	for _, s := range []string{"ratio in-process / CLI", "publish one article", "peak RSS", "files that article changed",
		"correct (retitle):", "unpublish:", "50 published at once"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, out.String())
		}
	}
}

func containsSuffix(list []string, suffix string) bool {
	for _, s := range list {
		if strings.HasSuffix(s, suffix) {
			return true
		}
	}
	return false
}
