package publish

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	"portal/admin"
	"portal/admin/export"
	"portal/admin/search"
)

// SearchDir is the folder of a language's search index in a built site:
// <build>/<lang>/_search/, next to that language's pages. No page can
// take the name: slugs have no underscore.
const SearchDir = "_search"

// searchState is where the search index keeps, under the data folder, what
// the next publication starts from (see package search).
const searchState = "search"

// buildSearch writes the search index of every language into the build in
// dir. Unchanged index files are linked from the data folder, not written.
func (p *Publisher) buildSearch(ctx context.Context, src export.Source, dir string, langs []string) error {
	t0 := time.Now()
	docs, err := SearchDocs(ctx, src, langs)
	if err != nil {
		return err
	}
	for _, lang := range langs {
		st, err := search.Update(ctx, filepath.Join(p.cfg.DataDir, searchState), filepath.Join(dir, lang, SearchDir), lang, docs[lang])
		if err != nil {
			return fmt.Errorf("publish: search index (%s): %w", lang, err)
		}
		p.log.Info("search index", "lang", lang, "docs", st.Docs, "recent", st.Recent, "merged", st.Merged,
			"files", st.Files, "written", st.Written, "unchanged", st.Unchanged, "bytes", st.Bytes)
	}
	p.log.Debug("search indexes built", "duration", time.Since(t0).Round(time.Millisecond))
	return nil
}

// SearchDocs returns, by language, the search documents of the published
// translations that the content tree has as pages (export.ArticlePath).
func SearchDocs(ctx context.Context, src export.Source, langs []string) (map[string][]search.Doc, error) {
	out := make(map[string][]search.Doc, len(langs))
	for _, l := range langs {
		out[l] = nil
	}
	err := src.EachPublished(ctx, func(pub *admin.Published) error {
		t := &pub.Translation
		if _, ok := out[t.Lang]; !ok || pub.Area.Slug == "" {
			return nil
		}
		// The page's address below the language's home page, from the
		// same path the export writes the page at.
		rel := filepath.ToSlash(filepath.Dir(export.ArticlePath(pub)))
		url := strings.TrimPrefix(rel, t.Lang+"/") + "/"
		out[t.Lang] = append(out[t.Lang], search.Doc{
			Lang:    t.Lang,
			URL:     url,
			Title:   t.Title,
			Summary: t.Summary,
			Body:    t.Body,
			Date:    t.PublishedAt,
			Area:    pub.Area.Name,
		})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("publish: search documents: %w", err)
	}
	return out, nil
}
