package sitecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// RuleHTML marks the Nu Html Checker's errors among the findings.
const RuleHTML Rule = "html"

// RunVNU runs the Nu Html Checker on every HTML page of dir and returns its
// errors as findings. A path ending in .jar is run with java.
func RunVNU(ctx context.Context, vnu, dir string) ([]Finding, error) {
	if _, err := os.Stat(vnu); err != nil {
		return nil, fmt.Errorf("sitecheck: the Nu Html Checker: %w", err)
	}
	args := []string{"--skip-non-html", "--errors-only", "--format", "json", dir}
	var cmd *exec.Cmd
	if strings.HasSuffix(vnu, ".jar") {
		java, err := exec.LookPath("java")
		if err != nil {
			return nil, fmt.Errorf("sitecheck: vnu.jar needs java (Debian: apt-get install default-jre-headless): %w", err)
		}
		cmd = exec.CommandContext(ctx, java, append([]string{"-jar", vnu}, args...)...)
	} else {
		cmd = exec.CommandContext(ctx, vnu, args...)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	var res struct {
		Messages []struct {
			Type     string `json:"type"`
			URL      string `json:"url"`
			LastLine int    `json:"lastLine"`
			Message  string `json:"message"`
			Extract  string `json:"extract"`
			Start    int    `json:"hiliteStart"`
			Length   int    `json:"hiliteLength"`
		} `json:"messages"`
	}
	// vnu writes its JSON report to standard error and exits 1 when it
	// found errors.
	if err := json.Unmarshal(stderr.Bytes(), &res); err != nil {
		if runErr == nil {
			runErr = err
		}
		return nil, fmt.Errorf("sitecheck: the Nu Html Checker: %w\n%s%s", runErr, stdout.Bytes(), stderr.Bytes())
	}
	var out []Finding
	for _, m := range res.Messages {
		if m.Type != "error" && m.Type != "non-document-error" {
			continue
		}
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil && u.Scheme == "file" {
			if rel, err := filepath.Rel(dir, u.Path); err == nil {
				file = filepath.ToSlash(rel)
			}
		}
		// The extract is the source around the error; the highlighted
		// part is the element at fault.
		var el string
		if m.Start >= 0 && m.Length > 0 && m.Start+m.Length <= len(m.Extract) {
			el = strings.Join(strings.Fields(m.Extract[m.Start:m.Start+m.Length]), " ")
		}
		out = append(out, Finding{Rule: RuleHTML, File: file, Line: m.LastLine, Element: el, Message: m.Message})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].File != out[j].File {
			return out[i].File < out[j].File
		}
		return out[i].Line < out[j].Line
	})
	return out, nil
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
