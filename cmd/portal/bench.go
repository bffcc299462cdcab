package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"

	"portal"
	"portal/admin/bench"
	"portal/admin/hugo"
)

func cmdBench(ctx context.Context, env *environment, args []string) error {
	fs := flag.NewFlagSet("portal bench", flag.ContinueOnError)
	fs.SetOutput(env.stderr)
	sizes := fs.String("articles", "1000,5000", "comma-separated numbers of articles per language")
	words := fs.Int("words", 600, "words per article")
	runs := fs.Int("runs", 5, "timed builds of each kind per size")
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
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cfg := bench.Config{Sizes: ns, Words: *words, Runs: *runs, SiteFS: portal.Site, TempDir: *tmp, Keep: *keep,
		CLI: func(ctx context.Context, args []string) (uint64, error) { return runChild(ctx, self, args) }}
	_, err = bench.Run(ctx, cfg, env.stdout)
	return err
}

// runChild runs `portal hugo ARGS` (Hugo's own command line) in a process of
// its own, as a `hugo build` would run, and returns its peak memory, which
// the child reports itself: the kernel's resource usage of a child counts
// the parent's memory too when the child was started by vfork, as Go does.
func runChild(ctx context.Context, self string, args []string) (uint64, error) {
	cmd := exec.CommandContext(ctx, self, append([]string{"hugo"}, args...)...)
	cmd.Env = append(os.Environ(), "PORTAL_REPORT_PEAK=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return 0, fmt.Errorf("hugo command line: %w", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if v, ok := strings.CutPrefix(line, peakPrefix); ok {
			kb, err := strconv.ParseUint(strings.TrimSpace(v), 10, 64)
			return kb * 1024, err
		}
	}
	return 0, nil
}

const peakPrefix = "portal-peak-rss-kb: "

// cmdHugo runs Hugo's own command line, for the benchmark's baseline. Asked
// to, it then prints the peak memory of this process.
func cmdHugo(env *environment, args []string) error {
	err := hugo.RunCLI(args)
	if env.getenv("PORTAL_REPORT_PEAK") == "1" {
		if b, rerr := os.ReadFile("/proc/self/status"); rerr == nil {
			for _, line := range strings.Split(string(b), "\n") {
				if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					fmt.Fprintf(env.stdout, "%s%s\n", peakPrefix, strings.TrimSuffix(strings.TrimSpace(v), " kB"))
				}
			}
		}
	}
	return err
}
