package publish

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"portal/admin"
	"portal/admin/text"
)

// snapshot is what one publication puts on the site, read from the
// database once: the content tree, the search index and the JSON API are
// all made from it, so they never disagree when an article is published
// while the build runs. Translations a failed build blamed are left out.
type snapshot struct {
	Store
	published []*admin.Published
	withdrawn []*admin.Published
	left      map[int64]string // translation id -> why it is left out
}

// takeSnapshot reads what is published and withdrawn now.
func takeSnapshot(ctx context.Context, st Store) (*snapshot, error) {
	s := &snapshot{Store: st, left: map[int64]string{}}
	err := st.EachPublished(ctx, func(p *admin.Published) error {
		s.published = append(s.published, p)
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = st.EachWithdrawn(ctx, func(p *admin.Published) error {
		s.withdrawn = append(s.withdrawn, p)
		return nil
	})
	return s, err
}

// EachPublished calls fn for every published translation of the snapshot
// that is not left out.
func (s *snapshot) EachPublished(_ context.Context, fn func(*admin.Published) error) error {
	for _, p := range s.published {
		if s.left[p.Translation.ID] != "" {
			continue
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// EachWithdrawn calls fn for every withdrawn translation of the snapshot.
func (s *snapshot) EachWithdrawn(_ context.Context, fn func(*admin.Published) error) error {
	for _, p := range s.withdrawn {
		if err := fn(p); err != nil {
			return err
		}
	}
	return nil
}

// shown returns the version each translation's pages show.
func (s *snapshot) shown() map[int64]int {
	out := map[int64]int{}
	_ = s.EachPublished(context.Background(), func(p *admin.Published) error {
		out[p.Translation.ID] = p.Translation.Version
		return nil
	})
	return out
}

// namedFile matches the absolute file paths a Hugo error names, up to a
// quote, a colon (a line and column follow) or a space.
var namedFile = regexp.MustCompile(`/[^\s"':]+`)

// blame returns the translations whose content files (owners: content path
// relative to contentDir -> translation id) the build error err names,
// with a reason for their authors, leaving out those already left out.
func (s *snapshot) blame(err error, contentDir string, owners map[string]int64) map[int64]string {
	out := map[int64]string{}
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return out
	}
	msg := err.Error()
	for _, m := range namedFile.FindAllString(msg, -1) {
		rel, rerr := filepath.Rel(contentDir, filepath.FromSlash(m))
		if rerr != nil || strings.HasPrefix(rel, "..") {
			continue
		}
		id, ok := owners[rel]
		if !ok || s.left[id] != "" {
			continue
		}
		out[id] = buildReason(msg, contentDir)
	}
	return out
}

// buildReason is the part of a Hugo error worth keeping for the record:
// the innermost cause (what the last template call met), with content
// paths relative to the content folder and other paths cut to their file
// name, so the record shows no folder of the server.
func buildReason(msg, contentDir string) string {
	if i := strings.LastIndex(msg, "error calling "); i >= 0 {
		if j := strings.Index(msg[i:], ": "); j >= 0 {
			msg = msg[i+j+2:]
		}
	}
	msg = strings.ReplaceAll(msg, contentDir+string(filepath.Separator), "")
	msg = namedFile.ReplaceAllStringFunc(msg, func(p string) string {
		if strings.Count(p, "/") > 3 && filepath.IsAbs(p) {
			return filepath.Base(p)
		}
		return p
	})
	return text.Truncate(strings.TrimSpace(msg), 500)
}

// leftOut lists the snapshot's left-out translations for the log.
func (s *snapshot) leftOut() string {
	var parts []string
	for _, p := range s.published {
		if r := s.left[p.Translation.ID]; r != "" {
			parts = append(parts, fmt.Sprintf("article %d (%s)", p.ArticleID, p.Translation.Lang))
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}
