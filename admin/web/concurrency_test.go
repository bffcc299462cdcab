package web_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"portal/admin"
	"portal/admin/web"
)

// Many editors save one language version at once through the API, each
// continuing from the version their last answer gave. Every successful
// save answers with exactly the version it made (its own title, the next
// version number, as the revision history has it), so no editor who
// continues from an answer overwrites another's save without a 409.
func TestConcurrentSavesAnswerWithTheirOwnVersion(t *testing.T) {
	f := setup(t, web.Config{})
	const editors, rounds = 16, 40
	tokens := make([]string, editors)
	for i := range tokens {
		tokens[i] = f.token(t, fmt.Sprintf("bien.tap.%d", i), admin.RoleEditor, "")
	}
	r := f.call(t, tokens[0], "POST", "/api/v1/articles", map[string]any{"area": "investment", "kind": "news"})
	r.expect(t, "create", 201, "")
	id := int64(r.body["id"].(float64))
	path := fmt.Sprintf("/api/v1/articles/%d/translations/vi", id)
	r = f.call(t, tokens[0], "PUT", path, map[string]any{"title": "Bản đầu", "version": 0})
	r.expect(t, "first version", 201, "")

	type answer struct {
		version int
		title   string
	}
	var (
		mu       sync.Mutex
		answers  []answer
		wrong    []string
		conflict int
		wg       sync.WaitGroup
	)
	for e := range editors {
		wg.Add(1)
		go func() {
			defer wg.Done()
			version := 1
			for k := range rounds {
				title := fmt.Sprintf("Biên tập viên %d, lần %d", e, k)
				r := f.call(t, tokens[e], "PUT", path, map[string]any{"title": title, "summary": "Tóm tắt", "version": version})
				mu.Lock()
				switch r.status {
				case 200:
					got, _ := r.body["title"].(string)
					v := int(r.body["version"].(float64))
					if got != title || v != version+1 {
						wrong = append(wrong, fmt.Sprintf("saved %q over version %d, answered %q version %d", title, version, got, v))
					}
					answers = append(answers, answer{v, title})
					version = v
				case 409:
					conflict++
					// Continue from the version the refusal shows.
					if cur, ok := r.body["current"].(map[string]any); ok {
						version = int(cur["version"].(float64))
					}
				default:
					wrong = append(wrong, fmt.Sprintf("status %d: %s", r.status, r.raw))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, w := range wrong {
		t.Error(w)
	}
	if len(answers) < editors || conflict == 0 {
		t.Fatalf("%d saves and %d conflicts: the editors did not overlap", len(answers), conflict)
	}
	// Each answered version is in the history with the text its save sent.
	ctx := context.Background()
	a, err := f.db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	tr := a.Translation("vi")
	revs, err := f.db.Revisions(ctx, tr.ID)
	if err != nil {
		t.Fatal(err)
	}
	byVersion := map[int]string{}
	for _, rv := range revs {
		byVersion[rv.Version] = rv.Title
	}
	for _, an := range answers {
		if byVersion[an.version] != an.title {
			t.Errorf("version %d answered as %q, history has %q", an.version, an.title, byVersion[an.version])
		}
	}
	if len(answers)+1 != tr.Version {
		t.Errorf("%d successful saves after the first, but the version is %d", len(answers), tr.Version)
	}
	t.Logf("%d saves, %d refused as stale", len(answers), conflict)
}
