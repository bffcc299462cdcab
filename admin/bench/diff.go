package bench

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"portal/admin/store"
)

// SiteDiff is what differs between two builds of a site, by file.
type SiteDiff struct {
	Changed, Added, Removed []string
	Total                   int // files in the newer build
}

// diffOf sorts the change set a publication recorded (store.SiteChanges)
// into changed, added and removed files, by whether build before had each
// one, and counts the files of build after.
func diffOf(before, after string, changes []store.SiteChange) (SiteDiff, error) {
	var d SiteDiff
	for _, c := range changes {
		switch _, err := os.Stat(filepath.Join(before, filepath.FromSlash(c.Path))); {
		case c.Removed:
			d.Removed = append(d.Removed, c.Path)
		case err == nil:
			d.Changed = append(d.Changed, c.Path)
		default:
			d.Added = append(d.Added, c.Path)
		}
	}
	err := filepath.WalkDir(after, func(_ string, e fs.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			d.Total++
		}
		return err
	})
	if err != nil {
		return d, fmt.Errorf("bench: count files: %w", err)
	}
	return d, nil
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
