package sitecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// LighthouseTarget is the score each Lighthouse category should reach.
const LighthouseTarget = 95

// LighthouseCategories are the Lighthouse categories reported, in order.
var LighthouseCategories = []string{"performance", "accessibility", "best-practices", "seo"}

// LighthouseCommand returns how to run Lighthouse from what was given: its
// package folder or cli/index.js (run with node), or a program.
func LighthouseCommand(p string) ([]string, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("sitecheck: Lighthouse: %w", err)
	}
	if st.IsDir() {
		p = filepath.Join(p, "cli", "index.js")
		if _, err := os.Stat(p); err != nil {
			return nil, fmt.Errorf("sitecheck: Lighthouse: %w", err)
		}
	}
	if strings.HasSuffix(p, ".js") {
		node, err := exec.LookPath("node")
		if err != nil {
			return nil, fmt.Errorf("sitecheck: Lighthouse needs node: %w", err)
		}
		return []string{node, p}, nil
	}
	return []string{p}, nil
}

// ChromeFlags start Chromium headless without reaching for the network
// beyond the page under test.
const ChromeFlags = "--headless=new --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"

// Lighthouse is one Lighthouse run: the categories' scores (0-100)
// and, for each category under the target, the audits that lost points.
type Lighthouse struct {
	Version string
	Scores  map[string]int
	Lost    map[string][]string
	Err     error
}

func (r Lighthouse) Score(cat string) string {
	if r.Err != nil {
		return "error"
	}
	s, ok := r.Scores[cat]
	if !ok {
		return "-"
	}
	return fmt.Sprint(s)
}

func (r Lighthouse) Warnings(p PagePick) []string {
	name := p.Name
	if r.Err != nil {
		return []string{fmt.Sprintf("%s: Lighthouse did not measure it: %v", name, r.Err)}
	}
	var out []string
	for _, c := range LighthouseCategories {
		s, ok := r.Scores[c]
		if !ok {
			out = append(out, fmt.Sprintf("%s: Lighthouse gave no %s score", name, c))
			continue
		}
		if s < LighthouseTarget {
			w := fmt.Sprintf("%s: Lighthouse %s %d, under %d (%s)", name, c, s, LighthouseTarget, strings.Join(r.Lost[c], ", "))
			if p.Type == "404" && c == "seo" && slices.Equal(r.Lost[c], []string{"is-crawlable"}) {
				w += ": as it should be, a page-not-found page asks search engines not to index it"
			}
			out = append(out, w)
		}
	}
	return out
}

// RunLighthouse measures one page with Lighthouse's mobile settings (a
// phone's screen, simulated slow 4G and CPU).
func RunLighthouse(ctx context.Context, lh []string, chrome, pageURL string) Lighthouse {
	ctx, cancel := context.WithTimeout(ctx, 4*time.Minute)
	defer cancel()
	args := append(append([]string(nil), lh[1:]...), pageURL,
		"--only-categories="+strings.Join(LighthouseCategories, ","),
		"--form-factor=mobile",
		"--output=json", "--output-path=stdout", "--quiet",
		"--chrome-flags="+ChromeFlags)
	cmd := exec.CommandContext(ctx, lh[0], args...)
	cmd.Env = os.Environ()
	if chrome != "" {
		cmd.Env = append(cmd.Env, "CHROME_PATH="+chrome)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return Lighthouse{Err: fmt.Errorf("%w: %s", err, lastLine(stderr.String()))}
	}
	var lhr struct {
		LighthouseVersion string `json:"lighthouseVersion"`
		RuntimeError      *struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"runtimeError"`
		Categories map[string]struct {
			Score     *float64 `json:"score"`
			AuditRefs []struct {
				ID     string  `json:"id"`
				Weight float64 `json:"weight"`
			} `json:"auditRefs"`
		} `json:"categories"`
		Audits map[string]struct {
			Score *float64 `json:"score"`
		} `json:"audits"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &lhr); err != nil {
		return Lighthouse{Err: fmt.Errorf("read its report: %w", err)}
	}
	if lhr.RuntimeError != nil {
		return Lighthouse{Err: errors.New(lhr.RuntimeError.Code + ": " + lhr.RuntimeError.Message)}
	}
	r := Lighthouse{Version: lhr.LighthouseVersion, Scores: map[string]int{}, Lost: map[string][]string{}}
	for name, c := range lhr.Categories {
		if c.Score == nil {
			continue
		}
		r.Scores[name] = int(*c.Score*100 + 0.5)
		for _, a := range c.AuditRefs {
			if s := lhr.Audits[a.ID].Score; a.Weight > 0 && s != nil && *s < 0.9 {
				r.Lost[name] = append(r.Lost[name], a.ID)
			}
		}
	}
	return r
}
