package publish

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/hugo"
)

// PreviewStore is what a preview needs of the database.
type PreviewStore interface {
	Areas(ctx context.Context) ([]*admin.Area, error)
	Article(ctx context.Context, id int64) (*admin.Article, error)
	UnitByID(ctx context.Context, id int64) (*admin.Unit, error)
	AllMedia(ctx context.Context) (map[int64]*admin.Media, error)
}

// Preview builds a small site holding only the working versions of one
// article (drafts included: nothing here is published) through the real
// theme, under baseURL, and returns the folder it is in. Readers never see
// it: the admin serves it to signed-in users only. Previews older than an
// hour are removed.
func (p *Publisher) Preview(ctx context.Context, st PreviewStore, articleID int64, name, baseURL string) (string, error) {
	a, err := st.Article(ctx, articleID)
	if err != nil {
		return "", err
	}
	areas, err := st.Areas(ctx)
	if err != nil {
		return "", err
	}
	var area *admin.Area
	for _, ar := range areas {
		if ar.ID == a.AreaID {
			area = ar
		}
	}
	if area == nil {
		return "", fmt.Errorf("publish: preview: article %d has no area", articleID)
	}
	unitNames := map[string]string{}
	if a.UnitID != 0 {
		if u, err := st.UnitByID(ctx, a.UnitID); err == nil {
			unitNames = u.Names
		}
	}
	src := &previewSource{areas: []*admin.Area{area}, media: st.AllMedia}
	for _, t := range a.Translations {
		tr := *t
		if tr.PublishedAt.IsZero() {
			tr.PublishedAt = time.Now().UTC()
		}
		src.items = append(src.items, &admin.Published{ArticleID: a.ID, Kind: a.Kind, AreaKey: area.Key,
			Area: area.Names[t.Lang], UnitName: unitNames[t.Lang], Translation: tr})
	}

	root := filepath.Join(p.cfg.DataDir, "previews")
	p.removeOldPreviews(root, time.Hour)
	dir := filepath.Join(root, name)
	site, err := p.Site()
	if err != nil {
		return "", err
	}
	site.ContentDir = filepath.Join(dir, "content")
	site.BaseURL = baseURL
	langs, err := hugo.Languages(site.SourceDir)
	if err != nil {
		return "", err
	}
	if _, err := export.Export(ctx, src, export.Tree{Dir: site.ContentDir, MediaDir: p.MediaDir(), Languages: hugo.Codes(langs)}); err != nil {
		return "", err
	}
	out := p.PreviewDir(name)
	if _, err := hugo.Build(ctx, site, out); err != nil {
		return "", err
	}
	return out, nil
}

// PreviewDir is the built site of the preview called name.
func (p *Publisher) PreviewDir(name string) string {
	return filepath.Join(p.cfg.DataDir, "previews", name, "public")
}

type previewSource struct {
	areas []*admin.Area
	items []*admin.Published
	media func(context.Context) (map[int64]*admin.Media, error)
}

func (s *previewSource) AllMedia(ctx context.Context) (map[int64]*admin.Media, error) {
	return s.media(ctx)
}

func (s *previewSource) Areas(context.Context) ([]*admin.Area, error) { return s.areas, nil }

func (s *previewSource) EachPublished(_ context.Context, fn func(*admin.Published) error) error {
	for _, it := range s.items {
		if err := fn(it); err != nil {
			return err
		}
	}
	return nil
}

// removeOldPreviews removes previews older than age.
func (p *Publisher) removeOldPreviews(root string, age time.Duration) {
	entries, err := os.ReadDir(root)
	if err != nil {
		return
	}
	for _, e := range entries {
		info, err := e.Info()
		if err == nil && time.Since(info.ModTime()) > age {
			if err := os.RemoveAll(filepath.Join(root, e.Name())); err != nil {
				p.log.Warn("could not remove an old preview", "dir", e.Name(), "err", err)
			}
		}
	}
}
