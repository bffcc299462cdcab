package search

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
)

// writeAtomic writes data to path through a temporary file and a rename,
// so that a link to the old file (in an earlier build) keeps the old bytes.
func writeAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		_ = os.Remove(tmp) // the rename error is the one to report
		return fmt.Errorf("search: %w", err)
	}
	return nil
}

// prune removes the files of dir that are not in keep and returns how
// many it removed.
func prune(dir string, keep map[string]bool) (int, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return 0, fmt.Errorf("search: %w", err)
	}
	n := 0
	for _, e := range entries {
		if keep[e.Name()] {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
			return n, fmt.Errorf("search: %w", err)
		}
		n++
	}
	return n, nil
}

// linkAll puts the files named in keep from src into dst, linking when
// both are on one disk and copying otherwise, and removes any other file
// from dst. It returns the number of files and their size.
func linkAll(src, dst string, keep map[string]bool) (int, int64, error) {
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return 0, 0, fmt.Errorf("search: %w", err)
	}
	if _, err := prune(dst, keep); err != nil {
		return 0, 0, err
	}
	names := make([]string, 0, len(keep))
	for name := range keep {
		names = append(names, name)
	}
	slices.Sort(names)
	var size int64
	for _, name := range names {
		from, to := filepath.Join(src, name), filepath.Join(dst, name)
		fi, err := os.Stat(from)
		if err != nil {
			return 0, 0, fmt.Errorf("search: %w", err)
		}
		size += fi.Size()
		if old, err := os.Stat(to); err == nil && os.SameFile(fi, old) {
			continue
		}
		// Out of the way first, never written over: the old file may be a
		// link to an earlier build's.
		if err := os.Remove(to); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return 0, 0, fmt.Errorf("search: %w", err)
		}
		if err := os.Link(from, to); err == nil {
			continue
		}
		if err := copyFile(from, to); err != nil {
			return 0, 0, err
		}
	}
	return len(names), size, nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return fmt.Errorf("search: %w", err)
	}
	if err := os.WriteFile(to, b, 0o644); err != nil {
		return fmt.Errorf("search: %w", err)
	}
	return nil
}
