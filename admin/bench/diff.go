package bench

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// SiteDiff is what differs between two builds of a site, by file.
type SiteDiff struct {
	Changed, Added, Removed []string
	Total                   int // files in the newer build
}

// Compare lists the files of build after that differ from build before.
func Compare(before, after string) (SiteDiff, error) {
	var d SiteDiff
	seen := map[string]bool{}
	err := filepath.WalkDir(after, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(after, p)
		seen[rel] = true
		d.Total++
		old, err := os.ReadFile(filepath.Join(before, rel))
		if err != nil {
			d.Added = append(d.Added, rel)
			return nil
		}
		cur, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if !bytes.Equal(old, cur) {
			d.Changed = append(d.Changed, rel)
		}
		return nil
	})
	if err != nil {
		return d, fmt.Errorf("bench: compare builds: %w", err)
	}
	err = filepath.WalkDir(before, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if rel, _ := filepath.Rel(before, p); !seen[rel] {
			d.Removed = append(d.Removed, rel)
		}
		return nil
	})
	return d, err
}

var digits = regexp.MustCompile(`[0-9]+`)

// Groups summarises the changed and added files by kind of path (numbers
// replaced by #), most frequent first: "12 × vi/tags/#/index.html".
func (d SiteDiff) Groups() []string {
	count := map[string]int{}
	for _, list := range [][]string{d.Changed, d.Added, d.Removed} {
		for _, p := range list {
			count[digits.ReplaceAllString(filepath.ToSlash(p), "#")]++
		}
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if count[keys[i]] != count[keys[j]] {
			return count[keys[i]] > count[keys[j]]
		}
		return keys[i] < keys[j]
	})
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = fmt.Sprintf("%d × %s", count[k], k)
	}
	return out
}

// String is a one-line summary.
func (d SiteDiff) String() string {
	return fmt.Sprintf("%d changed, %d added, %d removed of %d: %s", len(d.Changed), len(d.Added), len(d.Removed), d.Total,
		strings.Join(d.Groups(), "; "))
}
