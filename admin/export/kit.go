package export

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"portal/admin"
)

// KitPath is where the media kit of an article is served, relative to the
// site's root: one download for the press with the article's text in each
// language and its original pictures.
func KitPath(articleID int64) string { return fmt.Sprintf("media-kit/article-%d.zip", articleID) }

// kitKey identifies what a kit holds: the versions and pictures it is made
// of. It is the zip's comment; a kit whose key has not changed is not made
// again.
func kitKey(versions []*admin.Published, pics []*admin.Media, licence string) string {
	h := sha256.New()
	fmt.Fprintf(h, "kit/1 %s\n", licence)
	for _, p := range versions {
		t := &p.Translation
		fmt.Fprintf(h, "%s %d %s %d\n", t.Lang, t.Version, t.UpdatedAt.UTC().Format(time.RFC3339Nano), len(t.Body))
	}
	for _, m := range pics {
		fmt.Fprintf(h, "%s %s %s %s", m.SHA256, m.FileName, m.Credit, m.Licence)
		langs := make([]string, 0, len(m.Texts))
		for l := range m.Texts {
			langs = append(langs, l)
		}
		sort.Strings(langs)
		for _, l := range langs {
			fmt.Fprintf(h, " %s=%q/%q", l, m.Texts[l].Alt, m.Texts[l].Caption)
		}
		h.Write([]byte("\n"))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// writeKit makes the media kit of one article into dir (the downloads
// folder) unless the kit there was made of the same versions and pictures.
// The zip holds, per language, the text as Markdown (title, summary, body,
// address), the original pictures under pictures/, and CREDITS.txt with
// each picture's caption, alternative text, credit and licence in every
// language and the article's terms of reuse. Its bytes depend only on its
// content, so a kit made again is the same file.
func writeKit(dir, mediaDir string, versions []*admin.Published, pics []*admin.Media, siteURL string) (rel string, written bool, err error) {
	rel = KitPath(versions[0].ArticleID)
	path := filepath.Join(dir, filepath.FromSlash(rel))
	licence := versions[0].Licence
	key := kitKey(versions, pics, licence)
	if zr, err := zip.OpenReader(path); err == nil {
		same := zr.Comment == key
		_ = zr.Close() // read only
		if same {
			return rel, false, nil
		}
	}
	stamp := versions[0].Translation.UpdatedAt.UTC()
	for _, p := range versions {
		if p.Translation.UpdatedAt.After(stamp) {
			stamp = p.Translation.UpdatedAt.UTC()
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name string, r io.Reader) error {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: stamp})
		if err != nil {
			return err
		}
		_, err = io.Copy(w, r)
		return err
	}
	terms := "the site's licence"
	if l := admin.LicenceByKey(licence); l != nil {
		terms = strings.TrimSpace(l.Name + " " + l.URL)
	}
	var credits strings.Builder
	fmt.Fprintf(&credits, "Licence of the text: %s\n", terms)
	for _, p := range versions {
		t := &p.Translation
		url := strings.TrimSuffix(siteURL, "/") + "/" + t.Lang + "/" + p.Area.Slug + "/" + t.Slug + "/"
		fmt.Fprintf(&credits, "Source (%s): %s\n", t.Lang, url)
		text := fmt.Sprintf("# %s\n\n%s\n\n%s\n\n---\n%s\n", t.Title, t.Summary, strings.TrimSpace(t.Body), url)
		if err := add(t.Lang+".md", strings.NewReader(text)); err != nil {
			return rel, false, fmt.Errorf("export: media kit: %w", err)
		}
	}
	for _, m := range pics {
		f, err := os.Open(filepath.Join(mediaDir, m.StoredName()))
		if err != nil {
			return rel, false, fmt.Errorf("export: media kit: %w", err)
		}
		err = add("pictures/"+fmt.Sprintf("%d-%s", m.ID, m.FileName), f)
		_ = f.Close() // read only
		if err != nil {
			return rel, false, fmt.Errorf("export: media kit: %w", err)
		}
		pl := "all rights reserved"
		if l := admin.LicenceByKey(m.Licence); l != nil && l.URL != "" {
			pl = l.Name + " " + l.URL
		}
		fmt.Fprintf(&credits, "\npictures/%d-%s (%d×%d)\n  credit: %s\n  licence: %s\n", m.ID, m.FileName, m.Width, m.Height, m.Credit, pl)
		for _, p := range versions {
			txt := m.Texts[p.Translation.Lang]
			fmt.Fprintf(&credits, "  %s caption: %s\n  %s alternative text: %s\n", p.Translation.Lang, txt.Caption, p.Translation.Lang, txt.Alt)
		}
	}
	if err := add("CREDITS.txt", strings.NewReader(credits.String())); err != nil {
		return rel, false, fmt.Errorf("export: media kit: %w", err)
	}
	if err := zw.SetComment(key); err != nil {
		return rel, false, fmt.Errorf("export: media kit: %w", err)
	}
	if err := zw.Close(); err != nil {
		return rel, false, fmt.Errorf("export: media kit: %w", err)
	}
	if _, err := WriteIfChanged(path, buf.Bytes()); err != nil {
		return rel, false, err
	}
	return rel, true, nil
}
