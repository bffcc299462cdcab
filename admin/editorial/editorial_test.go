package editorial_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/export"
	"portal/admin/seed"
	"portal/admin/store"
)

type world struct {
	db        *store.DB
	svc       *editorial.Service
	users     map[string]*admin.User
	published int // times the site was asked to rebuild
	now       time.Time
}

var ctx = context.Background()

// newWorld makes a database with the demo areas, two units and one user of
// each kind.
func newWorld(t *testing.T) *world {
	t.Helper()
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return worldOn(t, db)
}

func worldOn(t *testing.T, db *store.DB) *world {
	t.Helper()
	w := &world{db: db, users: map[string]*admin.User{}, now: time.Date(2024, 6, 6, 3, 0, 0, 0, time.UTC)}
	areas, _ := seed.Areas()
	for _, a := range areas {
		if err := db.PutArea(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	unitA := &admin.Unit{Key: "so-a", Kind: "department", Names: map[string]string{"vi": "Sở A"}}
	unitB := &admin.Unit{Key: "so-b", Kind: "department", Names: map[string]string{"vi": "Sở B"}}
	db.PutUnit(ctx, unitA, nil)
	db.PutUnit(ctx, unitB, nil)
	for name, u := range map[string]*admin.User{
		"contribA":   {Role: admin.RoleContributor, UnitID: unitA.ID},
		"contribB":   {Role: admin.RoleContributor, UnitID: unitB.ID},
		"editor":     {Role: admin.RoleEditor},
		"approver":   {Role: admin.RoleApprover},
		"approver2":  {Role: admin.RoleApprover},
		"approverEN": {Role: admin.RoleApprover, Languages: []string{"en"}},
		"admin":      {Role: admin.RoleAdmin},
		"inspector":  {Role: admin.RoleInspector},
	} {
		u.Username, u.PasswordHash = name, "x"
		if existing, err := db.UserByUsername(ctx, name); err == nil {
			w.users[name] = existing
			continue
		}
		if err := db.CreateUser(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
		w.users[name] = u
	}
	w.svc = editorial.New(db, []string{"vi", "en"}, func() { w.published++ })
	w.svc.SetClock(func() time.Time { return w.now })
	return w
}

func (w *world) as(name string) editorial.Actor {
	return editorial.Actor{User: w.users[name], Addr: "192.0.2.1"}
}

func text(title string) editorial.TranslationInput {
	return editorial.TranslationInput{Title: title, Summary: "Tóm tắt " + title, Body: "Nội dung " + title + ".\n"}
}

// draft makes an article of unit A written by contribA in Vietnamese.
func (w *world) draft(t *testing.T, kind admin.Kind) int64 {
	t.Helper()
	a, err := w.svc.CreateArticle(ctx, w.as("contribA"), editorial.NewArticle{AreaKey: "investment", Kind: kind})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), a.ID, "vi", text("Bài viết")); err != nil {
		t.Fatal(err)
	}
	return a.ID
}

func (w *world) do(t *testing.T, who string, id int64, lang, action string, in editorial.TransitionInput) *admin.Translation {
	t.Helper()
	tr, err := w.svc.Transition(ctx, w.as(who), id, lang, action, in)
	if err != nil {
		t.Fatalf("%s %s %s: %v", who, action, lang, err)
	}
	return tr
}

// toState brings the vi version of a new draft to state s.
func (w *world) toState(t *testing.T, s admin.Status) int64 {
	t.Helper()
	id := w.draft(t, admin.KindNews)
	steps := map[admin.Status][]string{
		admin.StatusDraft:            nil,
		admin.StatusInReview:         {"contribA:submit"},
		admin.StatusChangesRequested: {"contribA:submit", "editor:request-changes"},
		admin.StatusApproved:         {"contribA:submit", "approver:approve"},
		admin.StatusPublished:        {"contribA:submit", "approver:approve", "approver:publish"},
		admin.StatusUnpublished:      {"contribA:submit", "approver:approve", "approver:publish", "approver:unpublish"},
	}[s]
	for _, step := range steps {
		who, action, _ := strings.Cut(step, ":")
		w.do(t, who, id, "vi", action, editorial.TransitionInput{Comment: "cần bổ sung số liệu"})
	}
	return id
}

func code(err error) string { return admin.ErrorCode(err) }

func TestCreateByRole(t *testing.T) {
	w := newWorld(t)
	for who, want := range map[string]string{
		"contribA": "", "editor": "", "approver": "", "admin": admin.EFORBIDDEN, "inspector": admin.EFORBIDDEN,
	} {
		_, err := w.svc.CreateArticle(ctx, w.as(who), editorial.NewArticle{AreaKey: "investment", Kind: admin.KindNews})
		if code(err) != want {
			t.Errorf("%s creates an article: %v, want %q", who, err, want)
		}
	}
	_, err := w.svc.CreateArticle(ctx, w.as("contribA"), editorial.NewArticle{AreaKey: "investment", Kind: admin.KindNews, UnitID: w.users["contribB"].UnitID})
	if code(err) != admin.EFORBIDDEN {
		t.Errorf("contributor writes for another unit: %v", err)
	}
	_, err = w.svc.CreateArticle(ctx, w.as("editor"), editorial.NewArticle{AreaKey: "nowhere", Kind: admin.KindNews})
	if code(err) != admin.EINVALID {
		t.Errorf("unknown area: %v", err)
	}
}

// TestRoleActionMatrix tries every action as every role, each from the
// state the action starts from, and checks who is allowed.
func TestRoleActionMatrix(t *testing.T) {
	roles := []string{"contribA", "contribB", "editor", "approver", "approverEN", "admin", "inspector"}
	cases := []struct {
		action string
		from   admin.Status
		allow  map[string]bool
	}{
		// An approver limited to English still writes in any language.
		{"save", admin.StatusDraft, map[string]bool{"contribA": true, "editor": true, "approver": true, "approverEN": true}},
		{editorial.ActionSubmit, admin.StatusDraft, map[string]bool{"contribA": true, "editor": true, "approver": true, "approverEN": true}},
		{editorial.ActionRequestChanges, admin.StatusInReview, map[string]bool{"editor": true, "approver": true}},
		{editorial.ActionApprove, admin.StatusInReview, map[string]bool{"approver": true}},
		{editorial.ActionPublish, admin.StatusApproved, map[string]bool{"approver": true}},
		{editorial.ActionUnpublish, admin.StatusPublished, map[string]bool{"approver": true}},
	}
	w := newWorld(t)
	for _, c := range cases {
		for _, who := range roles {
			id := w.toState(t, c.from)
			var err error
			if c.action == "save" {
				_, err = w.svc.SaveTranslation(ctx, w.as(who), id, "vi", editorial.TranslationInput{Title: "Sửa", Summary: "s", Body: "b", Version: 1})
			} else {
				_, err = w.svc.Transition(ctx, w.as(who), id, "vi", c.action, editorial.TransitionInput{Comment: "lý do"})
			}
			allowed := err == nil
			if allowed != c.allow[who] {
				t.Errorf("%s %s from %s: err %v, allowed %v, want %v", who, c.action, c.from, err, allowed, c.allow[who])
			}
			if !allowed && code(err) != admin.EFORBIDDEN && code(err) != admin.ENOTFOUND {
				t.Errorf("%s %s: refused with %q (%v), want forbidden or not found", who, c.action, code(err), err)
			}
		}
	}
}

func TestFourEyes(t *testing.T) {
	w := newWorld(t)
	// The approver writes the article: someone else must approve it.
	a, _ := w.svc.CreateArticle(ctx, w.as("approver"), editorial.NewArticle{AreaKey: "tourism", Kind: admin.KindNews})
	w.svc.SaveTranslation(ctx, w.as("approver"), a.ID, "vi", text("Du lịch"))
	w.do(t, "approver", a.ID, "vi", "submit", editorial.TransitionInput{})
	_, err := w.svc.Transition(ctx, w.as("approver"), a.ID, "vi", "approve", editorial.TransitionInput{})
	if code(err) != admin.EFORBIDDEN || !strings.Contains(err.Error(), "did not write") {
		t.Fatalf("author approves own version: %v", err)
	}
	// The second approver edits during review: now neither may approve.
	tr, err := w.svc.SaveTranslation(ctx, w.as("approver2"), a.ID, "vi", editorial.TranslationInput{Title: "Du lịch (sửa)", Summary: "s", Body: "b", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Status != admin.StatusInReview {
		t.Errorf("status after a reviewer's edit: %s", tr.Status)
	}
	if _, err := w.svc.Transition(ctx, w.as("approver2"), a.ID, "vi", "approve", editorial.TransitionInput{}); code(err) != admin.EFORBIDDEN {
		t.Errorf("last editor approves: %v", err)
	}
	if _, err := w.svc.Transition(ctx, w.as("approver"), a.ID, "vi", "approve", editorial.TransitionInput{}); code(err) != admin.EFORBIDDEN {
		t.Errorf("author approves after another's edit: %v", err)
	}
	w.users["approver3"] = &admin.User{Username: "approver3", Role: admin.RoleApprover, PasswordHash: "x"}
	w.db.CreateUser(ctx, w.users["approver3"], nil)
	w.do(t, "approver3", a.ID, "vi", "approve", editorial.TransitionInput{})
}

func TestStaleSaveKeepsBothTexts(t *testing.T) {
	w := newWorld(t)
	id := w.draft(t, admin.KindNews)
	if _, err := w.svc.SaveTranslation(ctx, w.as("editor"), id, "vi", editorial.TranslationInput{Title: "Của biên tập viên", Summary: "s", Body: "b", Version: 1}); err != nil {
		t.Fatal(err)
	}
	_, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", editorial.TranslationInput{Title: "Của cán bộ", Summary: "s", Body: "b", Version: 1})
	if code(err) != admin.ECONFLICT {
		t.Fatalf("stale save: %v, want conflict", err)
	}
	a, _ := w.svc.Article(ctx, w.as("editor"), id)
	if got := a.Translation("vi").Title; got != "Của biên tập viên" {
		t.Errorf("title = %q: the stale save overwrote the other edit", got)
	}
}

func TestInvalidTransitions(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct {
		from   admin.Status
		action string
	}{
		{admin.StatusDraft, "approve"}, {admin.StatusDraft, "publish"}, {admin.StatusDraft, "request-changes"},
		{admin.StatusInReview, "publish"}, {admin.StatusInReview, "submit"}, {admin.StatusApproved, "approve"},
		{admin.StatusPublished, "submit"}, {admin.StatusUnpublished, "unpublish"}, {admin.StatusDraft, "unpublish"},
	} {
		id := w.toState(t, tt.from)
		_, err := w.svc.Transition(ctx, w.as("approver2"), id, "vi", tt.action, editorial.TransitionInput{Comment: "x"})
		if code(err) != admin.ECONFLICT {
			t.Errorf("%s from %s: %v, want conflict", tt.action, tt.from, err)
		}
	}
	id := w.toState(t, admin.StatusInReview)
	if _, err := w.svc.Transition(ctx, w.as("editor"), id, "vi", "request-changes", editorial.TransitionInput{}); code(err) != admin.EINVALID {
		t.Errorf("request changes without a comment: %v", err)
	}
	if _, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "fly", editorial.TransitionInput{}); code(err) != admin.EINVALID {
		t.Errorf("unknown action: %v", err)
	}
	if _, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "approve", editorial.TransitionInput{Version: 7}); code(err) != admin.ECONFLICT {
		t.Errorf("approve a version other than the one seen: %v", err)
	}
}

func live(t *testing.T, db *store.DB) map[string]string {
	t.Helper()
	out := map[string]string{}
	db.EachPublished(ctx, func(p *admin.Published) error {
		out[p.Translation.Lang+":"+p.Translation.Slug] = p.Translation.Title
		return nil
	})
	return out
}

func TestEditAfterPublishStaysOffTheSiteUntilApproved(t *testing.T) {
	w := newWorld(t)
	id := w.toState(t, admin.StatusPublished)
	if got := live(t, w.db)["vi:bai-viet"]; got != "Bài viết" {
		t.Fatalf("live = %v", live(t, w.db))
	}
	tr, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", editorial.TranslationInput{Title: "Bài viết (chưa duyệt)", Summary: "s", Body: "b", Version: 1})
	if err != nil {
		t.Fatal(err)
	}
	if tr.Status != admin.StatusDraft || tr.LiveVersion != 1 {
		t.Errorf("after editing a published version: %s, live %d", tr.Status, tr.LiveVersion)
	}
	if got := live(t, w.db)["vi:bai-viet"]; got != "Bài viết" {
		t.Errorf("readers see %q before approval", got)
	}
	w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
	w.do(t, "approver", id, "vi", "approve", editorial.TransitionInput{})
	w.do(t, "approver", id, "vi", "publish", editorial.TransitionInput{})
	if got := live(t, w.db)["vi:bai-viet"]; got != "Bài viết (chưa duyệt)" {
		t.Errorf("readers see %q after approval", got)
	}
}

func TestTogetherPolicy(t *testing.T) {
	w := newWorld(t)
	id := w.draft(t, admin.KindPressRelease) // press releases go out together
	w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
	// The completeness check before approval asks for the other language.
	_, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "approve", editorial.TransitionInput{})
	if code(err) != admin.EINVALID || !strings.Contains(err.Error(), "en version does not exist") {
		t.Fatalf("approve without English: %v", err)
	}
	w.svc.SaveTranslation(ctx, w.as("editor"), id, "en", editorial.TranslationInput{Title: "Press release", Summary: "s", Body: "b"})
	w.do(t, "approver", id, "vi", "approve", editorial.TransitionInput{})
	w.do(t, "editor", id, "en", "submit", editorial.TransitionInput{})
	if _, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "publish", editorial.TransitionInput{}); code(err) != admin.ECONFLICT {
		t.Fatalf("publish with English in review: %v", err)
	}
	if len(live(t, w.db)) != 0 {
		t.Fatal("something went out before every language was approved")
	}
	w.do(t, "approverEN", id, "en", "approve", editorial.TransitionInput{})
	w.do(t, "approver", id, "vi", "publish", editorial.TransitionInput{})
	if l := live(t, w.db); len(l) != 2 {
		t.Errorf("after publishing a together-article: %v, want both languages", l)
	}
	if w.published != 1 {
		t.Errorf("site rebuild requested %d times, want 1", w.published)
	}
}

func TestOutdatedTranslations(t *testing.T) {
	w := newWorld(t)
	id := w.draft(t, admin.KindNews)
	if _, err := w.svc.SaveTranslation(ctx, w.as("editor"), id, "en", text("Article")); err != nil {
		t.Fatal(err)
	}
	a, _ := w.svc.Article(ctx, w.as("editor"), id)
	if editorial.Outdated(a)["en"] {
		t.Fatal("a fresh translation is outdated")
	}
	// A typo fix marked minor does not make the translation outdated.
	w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", editorial.TranslationInput{Title: "Bài viết", Summary: "Tóm tắt Bài viết", Body: "Nội dung Bài viết!\n", Version: 1, Minor: true})
	a, _ = w.svc.Article(ctx, w.as("editor"), id)
	if editorial.Outdated(a)["en"] {
		t.Error("a minor source change made the translation outdated")
	}
	w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", editorial.TranslationInput{Title: "Bài viết", Summary: "Tóm tắt mới", Body: "Nội dung mới.\n", Version: 2})
	a, _ = w.svc.Article(ctx, w.as("editor"), id)
	if !editorial.Outdated(a)["en"] {
		t.Fatal("a source change did not make the translation outdated")
	}
	d, err := w.svc.SourceChanges(ctx, w.as("editor"), id, "en")
	if err != nil || d == nil || !d.Changed() {
		t.Fatalf("source changes: %+v, %v", d, err)
	}
	found := false
	for _, c := range d.Summary {
		if c.Op == "+" && strings.Contains(c.Text, "mới") {
			found = true
		}
	}
	if !found {
		t.Errorf("the diff does not show the new summary: %+v", d.Summary)
	}
	// Updating the translation brings it up to date.
	w.svc.SaveTranslation(ctx, w.as("editor"), id, "en", editorial.TranslationInput{Title: "Article", Summary: "New summary", Body: "New text.\n", Version: 1})
	a, _ = w.svc.Article(ctx, w.as("editor"), id)
	if editorial.Outdated(a)["en"] {
		t.Error("still outdated after the translation was updated")
	}
}

func TestRevisionsDiffRestore(t *testing.T) {
	w := newWorld(t)
	id := w.draft(t, admin.KindNews)
	for v, title := range []string{"Bản hai", "Bản ba"} {
		if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", editorial.TranslationInput{Title: title, Summary: "s", Body: "b", Version: v + 1}); err != nil {
			t.Fatal(err)
		}
	}
	revs, err := w.svc.Revisions(ctx, w.as("editor"), id, "vi")
	if err != nil || len(revs) != 3 || revs[0].Title != "Bài viết" || revs[2].Title != "Bản ba" {
		t.Fatalf("revisions: %v, %v", revs, err)
	}
	d, err := w.svc.DiffVersions(ctx, w.as("editor"), id, "vi", 1, 3)
	if err != nil || !d.Changed() {
		t.Fatalf("diff: %+v, %v", d, err)
	}
	tr, err := w.svc.Restore(ctx, w.as("contribA"), id, "vi", 1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Version != 4 || tr.Title != "Bài viết" {
		t.Errorf("after restoring version 1: version %d, title %q", tr.Version, tr.Title)
	}
	revs, _ = w.svc.Revisions(ctx, w.as("editor"), id, "vi")
	if len(revs) != 4 || revs[2].Title != "Bản ba" {
		t.Errorf("history was rewritten: %d revisions", len(revs))
	}
	if _, err := w.db.SQL().Exec(`UPDATE revisions SET title = 'x' WHERE id = ?`, revs[0].ID); err == nil {
		t.Error("a revision could be changed")
	}
	if _, err := w.svc.Restore(ctx, w.as("contribA"), id, "vi", 2, 3); code(err) != admin.ECONFLICT {
		t.Errorf("restore from a stale version: %v", err)
	}
}

func TestScheduleAndEmbargo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "portal.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	w := worldOn(t, db)
	id := w.toState(t, admin.StatusInReview)
	at := w.now.Add(2 * time.Hour)
	w.do(t, "approver", id, "vi", "approve", editorial.TransitionInput{PublishAt: at, UnpublishAt: at.Add(24 * time.Hour)})
	if n, err := w.svc.RunDue(ctx); err != nil || n != 0 {
		t.Fatalf("before its time: %d, %v", n, err)
	}
	content := filepath.Join(dir, "content")
	export.Export(ctx, db, export.Tree{Dir: content, Languages: []string{"vi", "en"}})
	if files := tree(t, content); strings.Contains(files, "bai-viet") {
		t.Fatalf("an embargoed version was exported: %s", files)
	}

	// The server restarts: a new process opens the same database.
	db.Close()
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w2 := worldOn(t, db)
	w2.now = at.Add(30 * time.Second)
	if n, err := w2.svc.RunDue(ctx); err != nil || n != 1 {
		t.Fatalf("at its time: %d changed, %v", n, err)
	}
	if w2.published != 1 || live(t, db)["vi:bai-viet"] == "" {
		t.Fatalf("not published on time: %v", live(t, db))
	}
	export.Export(ctx, db, export.Tree{Dir: content, Languages: []string{"vi", "en"}})
	if files := tree(t, content); !strings.Contains(files, "bai-viet") {
		t.Errorf("not exported after its time: %s", files)
	}
	w2.now = at.Add(25 * time.Hour)
	if n, _ := w2.svc.RunDue(ctx); n != 1 || len(live(t, db)) != 0 {
		t.Errorf("scheduled removal: %d changed, live %v", n, live(t, db))
	}
	events, _ := db.Events(ctx, store.AuditFilter{Action: "translation.publish"})
	if len(events) != 1 || events[0].Actor != "system" {
		t.Errorf("scheduled publication record: %+v", events)
	}
}

func tree(t *testing.T, dir string) string {
	var b strings.Builder
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		b.WriteString(p + "\n")
		return nil
	})
	return b.String()
}

func TestInternalNotesNeverExported(t *testing.T) {
	w := newWorld(t)
	a, _ := w.svc.CreateArticle(ctx, w.as("editor"), editorial.NewArticle{AreaKey: "news", Kind: admin.KindNews, InternalNotes: "GHI CHÚ NỘI BỘ: không công bố"})
	w.svc.SaveTranslation(ctx, w.as("editor"), a.ID, "vi", text("Tin"))
	w.do(t, "editor", a.ID, "vi", "submit", editorial.TransitionInput{})
	w.do(t, "approver", a.ID, "vi", "approve", editorial.TransitionInput{})
	w.do(t, "approver", a.ID, "vi", "publish", editorial.TransitionInput{})
	dir := t.TempDir()
	if _, err := export.Export(ctx, w.db, export.Tree{Dir: dir, Languages: []string{"vi", "en"}}); err != nil {
		t.Fatal(err)
	}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if d.IsDir() {
			return nil
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), "NỘI BỘ") {
			t.Errorf("%s contains the internal notes", p)
		}
		return nil
	})
}

func TestAuditRecordsAndDetectsTampering(t *testing.T) {
	w := newWorld(t)
	w.toState(t, admin.StatusPublished)
	events, err := w.db.Events(ctx, store.AuditFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for i := len(events) - 1; i >= 0; i-- {
		actions = append(actions, events[i].Actor+" "+events[i].Action)
	}
	want := "contribA article.create|contribA translation.create|contribA translation.submit|approver translation.approve|approver translation.publish"
	if got := strings.Join(actions, "|"); got != want {
		t.Errorf("audit log:\n got %s\nwant %s", got, want)
	}
	if events[0].Addr != "192.0.2.1" || events[0].Object == "" {
		t.Errorf("entry lacks address or object: %+v", events[0])
	}
	v, err := w.db.VerifyAudit(ctx)
	if err != nil || v.BrokenID != 0 || v.Checked != 5 {
		t.Fatalf("verify a whole chain: %+v, %v", v, err)
	}
	if _, err := w.db.SQL().Exec(`UPDATE audit_log SET detail = 'x' WHERE id = 3`); err == nil {
		t.Fatal("the audit log accepted an update")
	}
	// Someone with the database file removes the guard and edits entry 3.
	w.db.SQL().Exec(`DROP TRIGGER audit_log_no_update`)
	if _, err := w.db.SQL().Exec(`UPDATE audit_log SET actor = 'editor' WHERE id = 3`); err != nil {
		t.Fatal(err)
	}
	if v, _ := w.db.VerifyAudit(ctx); v.BrokenID != 3 {
		t.Errorf("an edited entry: first broken link %d (%s), want 3", v.BrokenID, v.Reason)
	}
	w.db.SQL().Exec(`UPDATE audit_log SET actor = 'contribA' WHERE id = 3`)
	w.db.SQL().Exec(`DROP TRIGGER audit_log_no_delete`)
	w.db.SQL().Exec(`DELETE FROM audit_log WHERE id = 4`)
	if v, _ := w.db.VerifyAudit(ctx); v.BrokenID != 5 {
		t.Errorf("a removed entry: first broken link %d (%s), want 5", v.BrokenID, v.Reason)
	}
}

// keyOf is the catalogue key of a refusal.
func keyOf(err error) string {
	var e *admin.Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}

func TestPicturesMustBeDescribedBeforeApproval(t *testing.T) {
	w := newWorld(t)
	m := &admin.Media{FileName: "cau-tau.jpg", OriginalName: "cầu tàu.jpg", Format: "jpeg", MIME: "image/jpeg",
		Width: 800, Height: 600, Bytes: 1000, SHA256: "ab12",
		Texts: map[string]admin.MediaText{"vi": {Alt: "Cầu tàu trên hồ"}}}
	if _, err := w.db.AddMedia(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	id := w.draft(t, admin.KindNews)
	save := func(body string) {
		t.Helper()
		a, _ := w.svc.Article(ctx, w.as("contribA"), id)
		in := text("Bài viết")
		in.Body, in.Version = body, a.Translation("vi").Version
		if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", in); err != nil {
			t.Fatal(err)
		}
	}
	approve := func() error {
		t.Helper()
		w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
		_, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "approve", editorial.TransitionInput{})
		if err != nil {
			w.do(t, "approver", id, "vi", "request-changes", editorial.TransitionInput{Comment: "bổ sung"})
		}
		return err
	}

	save("Ảnh từ nơi khác:\n\n![ảnh](https://example.org/a.jpg)\n")
	if err := approve(); keyOf(err) != "incomplete_picture_outside" {
		t.Fatalf("a picture from another site: %v", err)
	}

	save("Ảnh từ thư viện:\n\n![Cầu tàu](" + m.Path() + ")\n")
	a, _ := w.svc.Article(ctx, w.as("approver"), id)
	probs, err := w.svc.Completeness(ctx, a, a.Translation("vi"))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, p := range probs {
		keys = append(keys, p.Key)
	}
	if want := []string{"incomplete_picture_caption", "incomplete_picture_credit", "incomplete_picture_licence"}; !slices.Equal(keys, want) {
		t.Fatalf("completeness: %v, want %v", keys, want)
	}
	if err := approve(); keyOf(err) != "incomplete_picture_caption" {
		t.Fatalf("a picture without caption: %v", err)
	}

	m.Credit, m.Licence = "Báo Bình Phước", "cc-by-4.0"
	m.Texts["vi"] = admin.MediaText{Alt: "Cầu tàu trên hồ", Caption: "Cầu tàu hồ Suối Lam"}
	if err := w.db.UpdateMedia(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	if err := approve(); err != nil {
		t.Fatalf("a described picture: %v", err)
	}

	// The caption removed from the library after approval stops publication.
	m.Texts["vi"] = admin.MediaText{Alt: "Cầu tàu trên hồ"}
	if err := w.db.UpdateMedia(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "publish", editorial.TransitionInput{}); keyOf(err) != "incomplete_picture_caption" {
		t.Fatalf("publishing after the caption was removed: %v", err)
	}
	if len(live(t, w.db)) != 0 {
		t.Fatal("published with an undescribed picture")
	}
}

// TestPictureTypedOnce: what an uploader types about a picture is kept in
// the library; the same picture uploaded again fills only what the item
// still lacks, never replacing what someone wrote, and only for those who
// may change it. A licence not offered is refused, and a reader may not
// add pictures at all.
func TestPictureTypedOnce(t *testing.T) {
	w := newWorld(t)
	upload := func(who string, typed admin.Media) (*admin.Media, bool, error) {
		t.Helper()
		m := typed
		m.OriginalName, m.Format, m.MIME, m.Width, m.Height, m.Bytes, m.SHA256 = "Cầu tàu.jpg", "jpeg", "image/jpeg", 4000, 3000, 1000, "cd34"
		m.UnitID = w.users[who].UnitID
		return w.svc.AddPicture(ctx, w.as(who), &m)
	}
	first, existed, err := upload("contribA", admin.Media{Texts: map[string]admin.MediaText{"vi": {Alt: "Cầu tàu trên hồ Suối Lam"}}})
	if err != nil || existed {
		t.Fatalf("first upload: %v (existed %v)", err, existed)
	}
	if got := first.Missing("vi"); !slices.Equal(got, []string{"caption", "credit", "licence"}) {
		t.Errorf("after the first upload, missing %v", got)
	}

	// Another unit's contributor may not change the item: nothing filled.
	if _, existed, err := upload("contribB", admin.Media{Credit: "Người khác"}); err != nil || !existed {
		t.Fatalf("upload by another unit: %v (existed %v)", err, existed)
	}
	again, existed, err := upload("contribA", admin.Media{Credit: "Báo Bình Phước", Licence: "cc-by-4.0",
		Texts: map[string]admin.MediaText{"vi": {Alt: "Ảnh khác", Caption: "Cầu tàu hồ Suối Lam"}, "en": {Alt: "A pier on Suối Lam Lake"}}})
	if err != nil || !existed || again.ID != first.ID {
		t.Fatalf("second upload: %v (existed %v, id %d want %d)", err, existed, again.ID, first.ID)
	}
	stored, err := w.db.Media(ctx, first.ID)
	if err != nil {
		t.Fatal(err)
	}
	if stored.Credit != "Báo Bình Phước" || stored.Licence != "cc-by-4.0" {
		t.Errorf("credit and licence not filled in: %q %q", stored.Credit, stored.Licence)
	}
	if got := stored.Texts["vi"]; got.Alt != "Cầu tàu trên hồ Suối Lam" || got.Caption != "Cầu tàu hồ Suối Lam" {
		t.Errorf("Vietnamese texts: %+v (the first description must stay, the caption be filled)", got)
	}
	if got := stored.Texts["en"].Alt; got != "A pier on Suối Lam Lake" {
		t.Errorf("English description: %q", got)
	}

	if _, _, err := upload("contribA", admin.Media{Licence: "all-mine"}); admin.ErrorKey(err) != "media_licence_unknown" {
		t.Errorf("an unknown licence: %v", err)
	}
	if _, _, err := upload("inspector", admin.Media{}); code(err) != admin.EFORBIDDEN {
		t.Errorf("an inspector uploading: %v", err)
	}
	stored.Credit = "Sở khác"
	if err := w.svc.SaveMedia(ctx, w.as("contribB"), stored); code(err) != admin.EFORBIDDEN {
		t.Errorf("another unit's contributor saving the picture: %v", err)
	}
}

func TestChangesListFieldsAndMaskSecrets(t *testing.T) {
	old := map[string]string{"smtp_host": "mail.a.gov.vn", "smtp_port": "587", "api_token": "abc", "title_vi": "Cổng; «A» → B"}
	next := map[string]string{"smtp_host": "mail.b.gov.vn", "smtp_port": "587", "api_token": "xyz", "title_vi": "Cổng B", "phone": "0271"}
	got := editorial.Changes(old, next)
	want := `api_token: "••••••" → "••••••"; phone: "" → "0271"; smtp_host: "mail.a.gov.vn" → "mail.b.gov.vn"; title_vi: "Cổng; «A» → B" → "Cổng B"`
	if got != want {
		t.Errorf("Changes:\n got %s\nwant %s", got, want)
	}
	if got := editorial.Changes(old, old); got != "" {
		t.Errorf("no change gives %q", got)
	}
}

// TestSavingTheSameTextMakesNoVersion: a save that changes nothing keeps
// the version (the admin says nothing changed); a changed word makes one.
func TestSavingTheSameTextMakesNoVersion(t *testing.T) {
	w := newWorld(t)
	id := w.draft(t, admin.KindNews)
	a, _ := w.svc.Article(ctx, w.as("contribA"), id)
	cur := a.Translation("vi")
	in := editorial.TranslationInput{Title: cur.Title, Summary: cur.Summary, Body: cur.Body, Tags: cur.Tags, Version: cur.Version}
	got, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", in)
	if err != nil || got.Version != cur.Version {
		t.Fatalf("the same text saved again: version %d, %v; want %d", got.Version, err, cur.Version)
	}
	revs, _ := w.svc.Revisions(ctx, w.as("contribA"), id, "vi")
	in.Body += "\n\nMột câu mới."
	got, err = w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", in)
	if err != nil || got.Version != cur.Version+1 {
		t.Fatalf("a changed text: version %d, %v; want %d", got.Version, err, cur.Version+1)
	}
	if after, _ := w.svc.Revisions(ctx, w.as("contribA"), id, "vi"); len(after) != len(revs)+1 {
		t.Errorf("revisions: %d then %d", len(revs), len(after))
	}
}
