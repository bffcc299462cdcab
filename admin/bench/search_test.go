package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
	"time"

	"portal/admin/store"
)

// BenchmarkAdminSearch measures the admin's article search (title,
// summary and text, folded, FTS4) on a site of PORTAL_BENCH_ARTICLES
// articles per language (default 20,000) of 600 words each, and reports
// the median and the 99th percentile of a query, over queries of one word,
// two words, a word's start and a phrase, with and without diacritics.
//
//	go test ./admin/bench -run '^$' -bench AdminSearch -benchtime 400x -timeout 60m
func BenchmarkAdminSearch(b *testing.B) {
	n := 20_000
	if v, err := strconv.Atoi(os.Getenv("PORTAL_BENCH_ARTICLES")); err == nil && v > 0 {
		n = v
	}
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(b.TempDir(), "portal.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	if err := Fill(ctx, db, n, 600); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d articles per language filled in %s", n, time.Since(start).Round(time.Second))
	queries := []string{"hạt điều", "hat dieu", "biên giới", "khu công", "cửa khẩu", `"cao su"`, "dong bao", "du lịch", "sầu riêng", "năng lượng", "chinh sach uu dai", "công nghệ"}
	var times []time.Duration
	b.ResetTimer()
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		t0 := time.Now()
		if _, _, err := db.ListArticles(ctx, store.ArticleFilter{Q: q, PerPage: 50}); err != nil {
			b.Fatal(err)
		}
		times = append(times, time.Since(t0))
	}
	slices.Sort(times)
	if len(times) > 0 {
		b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-p50")
		b.ReportMetric(float64(times[len(times)*99/100].Microseconds())/1000, "ms-p99")
	}
}
