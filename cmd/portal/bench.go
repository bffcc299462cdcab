package main

import (
	"context"
	"flag"
	"fmt"
	"strconv"
	"strings"

	"portal"
	"portal/admin/bench"
)

func cmdBench(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("portal bench", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	sizes := fs.String("articles", "1000,5000", "comma-separated numbers of articles per language")
	words := fs.Int("words", 600, "words per article")
	runs := fs.Int("runs", 3, "timed builds of each kind per size")
	tmp := fs.String("tmp", "", "folder for the temporary data folders (default: the system's)")
	keep := fs.Bool("keep", false, "keep the temporary data folders")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("--articles: %q is not a positive number", s)
		}
		ns = append(ns, n)
	}
	_, err := bench.Run(ctx, bench.Config{Sizes: ns, Words: *words, Runs: *runs, SiteFS: portal.Site, TempDir: *tmp, Keep: *keep}, env.stdout)
	return err
}
