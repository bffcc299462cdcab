package publish_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portal/admin/store"
)

// TestChangeSets: each publication records, file by file, what it changed
// in the served tree: the first every file with its checksum; one with
// nothing new, nothing; taking an article down, its page rewritten as the
// withdrawn page, the lists and feeds it was in, and nothing else of the
// articles it did not touch.
func TestChangeSets(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	public := func() string {
		t.Helper()
		dir, err := filepath.EvalSymlinks(filepath.Join(data, "public"))
		if err != nil {
			t.Fatal(err)
		}
		return dir
	}
	changes := func(build int64) []store.SiteChange {
		t.Helper()
		c, ok, err := db.SiteChanges(ctx, build)
		if err != nil || !ok {
			t.Fatalf("the change set of build %d: %v (recorded %v)", build, err, ok)
		}
		return c
	}

	first, err := pub.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]string{}
	err = filepath.WalkDir(public(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(public(), path)
		sum := sha256.Sum256(b)
		files[filepath.ToSlash(rel)] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	c := changes(first.BuildID)
	if len(c) != len(files) || first.Changed != len(files) || first.Removed != 0 {
		t.Fatalf("the first build's change set has %d files (report: %d written, %d removed); the site has %d", len(c), first.Changed, first.Removed, len(files))
	}
	for _, ch := range c {
		if ch.Removed || files[ch.Path] != ch.SHA256 {
			t.Fatalf("%s: recorded %+v, the file's checksum is %s", ch.Path, ch, files[ch.Path])
		}
	}

	again, err := pub.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c := changes(again.BuildID); len(c) != 0 {
		var paths []string
		for _, ch := range c {
			paths = append(paths, ch.Path)
		}
		t.Errorf("a build with nothing new changed %d files: %.20v", len(c), paths)
	}

	vi := takeDownFirst(t, db, "vi")
	down, err := pub.Publish(ctx)
	if err != nil {
		t.Fatal(err)
	}
	c = changes(down.BuildID)
	page := "vi/" + vi.Area.Slug + "/" + vi.Translation.Slug + "/index.html"
	var wrote []string
	for _, ch := range c {
		wrote = append(wrote, ch.Path)
	}
	all := strings.Join(wrote, " ")
	if !strings.Contains(" "+all+" ", " "+page+" ") || !strings.Contains(all, "index.xml") {
		t.Errorf("taking an article down did not rewrite its page and the feeds: %v", wrote)
	}
	t.Logf("taking one article down changed %d of %d files: %v", len(c), len(files), wrote)
	if len(c) > len(files)/4 {
		t.Errorf("taking one article down changed %d of %d files", len(c), len(files))
	}
	if down.Changed+down.Removed != len(c) {
		t.Errorf("the report counts %d+%d changes, the change set %d", down.Changed, down.Removed, len(c))
	}
}
