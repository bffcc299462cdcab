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
	if f.Pages == 0 || f.Export <= 0 || f.Build[0] <= 0 || f.CLI[0] <= 0 || f.Publish <= 0 || f.PeakBuild == 0 {
		t.Errorf("figures missing: %+v", f)
	}
	for _, s := range []string{"ratio in-process / CLI", "publish one article", "peak RSS"} {
		if !strings.Contains(out.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, out.String())
		}
	}
}
