package publish

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"portal/admin/store"
)

// treeChanges lists what serving the tree next instead of the tree old
// changes for readers: the files next has that old has not, or has with
// other bytes (with the new bytes' SHA-256), and the files old has that
// next has not. old may be "" (nothing served yet: every file is new).
// Paths are below the tree's root with forward slashes, in order.
func treeChanges(old, next string) ([]store.SiteChange, error) {
	var out []store.SiteChange
	seen := map[string]bool{}
	buf := make([]byte, 2*64<<10)
	err := filepath.WalkDir(next, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(next, path)
		if err != nil {
			return err
		}
		seen[rel] = true
		oldPath := ""
		if old != "" {
			oldPath = filepath.Join(old, rel)
		}
		sum, size, same, err := compareFile(path, oldPath, buf)
		if err != nil {
			return err
		}
		if !same {
			out = append(out, store.SiteChange{Path: filepath.ToSlash(rel), SHA256: sum, Bytes: size})
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("publish: changes: %w", err)
	}
	if old != "" {
		err = filepath.WalkDir(old, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, err := filepath.Rel(old, path)
			if err != nil {
				return err
			}
			if !seen[rel] {
				out = append(out, store.SiteChange{Path: filepath.ToSlash(rel), Removed: true})
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("publish: changes: %w", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// compareFile reads the file at path once, hashing it, and compares it
// with the file at old (none when old is "" or missing): same is true when
// old holds the same bytes, and then sum is "".
func compareFile(path, old string, buf []byte) (sum string, size int64, same bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", 0, false, err
	}
	defer func() { _ = f.Close() }() // only read
	info, err := f.Stat()
	if err != nil {
		return "", 0, false, err
	}
	size = info.Size()
	var o *os.File
	if old != "" {
		if oi, err := os.Stat(old); err == nil && oi.Mode().IsRegular() && oi.Size() == size {
			if o, err = os.Open(old); err != nil {
				o = nil
			} else {
				defer func() { _ = o.Close() }() // only read
			}
		}
	}
	h := sha256.New()
	a, b := buf[:len(buf)/2], buf[len(buf)/2:]
	same = o != nil
	for {
		n, rerr := io.ReadFull(f, a)
		if n > 0 {
			h.Write(a[:n])
			if same {
				m, _ := io.ReadFull(o, b[:n])
				same = m == n && bytes.Equal(a[:n], b[:n])
			}
		}
		if errors.Is(rerr, io.EOF) || errors.Is(rerr, io.ErrUnexpectedEOF) {
			break
		}
		if rerr != nil {
			return "", 0, false, rerr
		}
	}
	if same {
		return "", size, true, nil
	}
	return hex.EncodeToString(h.Sum(nil)), size, false, nil
}
