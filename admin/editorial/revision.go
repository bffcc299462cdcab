package editorial

import (
	"context"
	"fmt"
	"strings"

	"github.com/sergi/go-diff/diffmatchpatch"

	"portal/admin"
	"portal/admin/markdown"
)

// Revisions returns every saved version of the lang version of an article,
// oldest first.
func (s *Service) Revisions(ctx context.Context, actor Actor, articleID int64, lang string) ([]*admin.Revision, error) {
	t, err := s.viewTranslation(ctx, actor, articleID, lang)
	if err != nil {
		return nil, err
	}
	return s.db.Revisions(ctx, t.ID)
}

func (s *Service) viewTranslation(ctx context.Context, actor Actor, articleID int64, lang string) (*admin.Translation, error) {
	_, t, err := s.version(ctx, actor, articleID, lang)
	return t, err
}

// Chunk is a run of text that is the same in both versions ("="), only in
// the newer ("+") or only in the older ("-").
type Chunk struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Diff is the difference between two versions, field by field.
type Diff struct {
	From, To int
	Title    []Chunk
	Summary  []Chunk
	// Body compares the text as readers see it, word by word; BodySource
	// compares the stored Markdown, line by line.
	Body       []Chunk
	BodySource []Chunk
	Tags       []Chunk
}

// Changed reports whether anything differs.
func (d *Diff) Changed() bool {
	for _, cs := range [][]Chunk{d.Title, d.Summary, d.Body, d.Tags} {
		for _, c := range cs {
			if c.Op != "=" {
				return true
			}
		}
	}
	return false
}

// DiffVersions compares two versions of the lang version of an article.
func (s *Service) DiffVersions(ctx context.Context, actor Actor, articleID int64, lang string, from, to int) (*Diff, error) {
	t, err := s.viewTranslation(ctx, actor, articleID, lang)
	if err != nil {
		return nil, err
	}
	return s.diff(ctx, t.ID, from, to)
}

func (s *Service) diff(ctx context.Context, translationID int64, from, to int) (*Diff, error) {
	a, err := s.db.Revision(ctx, translationID, from)
	if err != nil {
		return nil, err
	}
	b, err := s.db.Revision(ctx, translationID, to)
	if err != nil {
		return nil, err
	}
	return &Diff{From: from, To: to,
		Title:      diffText(a.Title, b.Title, false),
		Summary:    diffText(a.Summary, b.Summary, false),
		Body:       diffText(markdown.Text(a.Body), markdown.Text(b.Body), false),
		BodySource: diffText(a.Body, b.Body, true),
		Tags:       diffText(strings.Join(a.Tags, "\n"), strings.Join(b.Tags, "\n"), true),
	}, nil
}

// diffText compares a and b by lines (for bodies) or by words (for titles
// and summaries), so that a change reads as whole words or lines replaced.
func diffText(a, b string, lines bool) []Chunk {
	split := words
	if lines {
		split = func(s string) []string { return strings.SplitAfter(s, "\n") }
	}
	// Each distinct token becomes one rune; the runes are diffed and the
	// tokens put back.
	index := map[string]rune{}
	var tokens []string
	encode := func(s string) string {
		var sb strings.Builder
		for _, tok := range split(s) {
			// A word is the same word whatever white space follows it (a
			// space in one version, a line break in the other).
			key := tok
			if !lines {
				if t := strings.TrimRight(tok, " \n\t"); t != tok {
					key = t + " "
				}
			}
			r, ok := index[key]
			if !ok {
				r = rune(0xE000 + len(tokens)) // private use area, then beyond
				if r > 0xF8FF {
					r = rune(0xF0000 + len(tokens))
				}
				index[key] = r
				tokens = append(tokens, tok)
			}
			sb.WriteRune(r)
		}
		return sb.String()
	}
	ea, eb := encode(a), encode(b)
	dmp := diffmatchpatch.New()
	diffs := dmp.DiffMain(ea, eb, false)
	out := make([]Chunk, 0, len(diffs))
	for _, d := range diffs {
		var sb strings.Builder
		for _, r := range d.Text {
			i := int(r - 0xE000)
			if r >= 0xF0000 {
				i = int(r - 0xF0000)
			}
			sb.WriteString(tokens[i])
		}
		d.Text = sb.String()
		op := "="
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op = "+"
		case diffmatchpatch.DiffDelete:
			op = "-"
		}
		out = append(out, Chunk{Op: op, Text: d.Text})
	}
	return out
}

// words splits s into words, each with the spaces after it.
func words(s string) []string {
	var out []string
	start := 0
	space := func(b byte) bool { return b == ' ' || b == '\n' || b == '\t' }
	for i := 1; i <= len(s); i++ {
		if i == len(s) || (space(s[i-1]) && !space(s[i])) {
			out = append(out, s[start:i])
			start = i
		}
	}
	return out
}

// Restore makes a new version with the content of an earlier one; history
// is never rewritten. current is the version the actor is looking at.
func (s *Service) Restore(ctx context.Context, actor Actor, articleID int64, lang string, version, current int) (*admin.Translation, error) {
	t, err := s.viewTranslation(ctx, actor, articleID, lang)
	if err != nil {
		return nil, err
	}
	r, err := s.db.Revision(ctx, t.ID, version)
	if err != nil {
		return nil, err
	}
	return s.save(ctx, actor, articleID, lang, TranslationInput{
		Title: r.Title, Slug: t.Slug, Summary: r.Summary, Body: r.Body, Tags: r.Tags, Facts: orEmpty(r.Facts), Version: current},
		"translation.restore", fmt.Sprintf("restored from version %d", version))
}

// Outdated tells, for each translation of a (not the source language),
// whether the source has changed significantly since it was translated.
func Outdated(a *admin.Article) map[string]bool {
	out := map[string]bool{}
	src := a.Translation(a.SourceLang)
	if src == nil {
		return out
	}
	for _, t := range a.Translations {
		if t.Lang != a.SourceLang {
			out[t.Lang] = t.SourceVersion < src.SignificantVersion
		}
	}
	return out
}

// SourceChanges is what changed in the source language since the lang
// version was translated from it; nil when it is up to date.
func (s *Service) SourceChanges(ctx context.Context, actor Actor, articleID int64, lang string) (*Diff, error) {
	a, err := s.article(ctx, actor, articleID)
	if err != nil {
		return nil, err
	}
	t, src := a.Translation(lang), a.Translation(a.SourceLang)
	if t == nil || src == nil || lang == a.SourceLang || !Outdated(a)[lang] {
		return nil, nil
	}
	from := max(t.SourceVersion, 1)
	return s.diff(ctx, src.ID, from, src.Version)
}

// orEmpty is f, or no facts (rather than "keep the current ones") for nil.
func orEmpty(f admin.Facts) admin.Facts {
	if f == nil {
		return admin.Facts{}
	}
	return f
}
