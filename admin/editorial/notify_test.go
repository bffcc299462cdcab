package editorial_test

import (
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/store"
)

// told runs the notifier and returns, per user name, the kinds of the
// notifications made since the last call, and the mails queued.
func (w *world) told(t *testing.T, n *editorial.Notifier) (map[string][]string, []*store.Mail) {
	t.Helper()
	if _, err := n.Process(ctx); err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for name, u := range w.users {
		list, err := w.db.Notifications(ctx, u.ID, 100, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if x.ReadAt.IsZero() {
				out[name] = append(out[name], x.Kind)
			}
		}
		sort.Strings(out[name])
		if _, err := w.db.MarkRead(ctx, u.ID, 0); err != nil {
			t.Fatal(err)
		}
	}
	mails, err := w.db.DueMail(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range mails {
		if err := w.db.MailSent(ctx, m.ID); err != nil {
			t.Fatal(err)
		}
	}
	return out, mails
}

func names(m map[string][]string, kind string) []string {
	var out []string
	for name, kinds := range m {
		if slices.Contains(kinds, kind) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}

// Who is told what: the rules of the issue, one by one.
func TestWhoIsToldWhat(t *testing.T) {
	w := newWorld(t)
	// Everyone has an address; an editor of unit B, a disabled approver.
	for name, u := range w.users {
		u.Email = name + "@example.gov.vn"
		if err := w.db.UpdateUser(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
	}
	units, _ := w.db.Units(ctx)
	unitB := units[1].ID
	for _, x := range []struct {
		name string
		u    *admin.User
	}{
		{"editorB", &admin.User{Role: admin.RoleEditor, UnitID: unitB, Email: "editorb@example.gov.vn"}},
		{"gone", &admin.User{Role: admin.RoleApprover, Email: "gone@example.gov.vn"}},
	} {
		x.u.Username, x.u.PasswordHash = x.name, "x"
		if err := w.db.CreateUser(ctx, x.u, nil); err != nil {
			t.Fatal(err)
		}
		w.users[x.name] = x.u
	}
	w.users["gone"].Disabled = true
	w.db.UpdateUser(ctx, w.users["gone"], nil)

	n := editorial.NewNotifier(w.db, []string{"vi", "en"}, "https://cong.example/", nil)
	// The first run starts at the newest entry: nothing from before is told.
	if got, _ := w.told(t, n); len(got) != 0 {
		t.Fatalf("the first run told the past: %v", got)
	}
	// approver2 takes "submitted" in the admin only; approverEN turns off
	// "submitted" (it approves English only anyway).
	if err := w.svc.SetNotificationChoices(ctx, w.as("approver2"), map[string]editorial.Delivery{admin.NoticeSubmitted: editorial.InAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := w.svc.SetNotificationChoices(ctx, w.as("approver2"), map[string]editorial.Delivery{admin.NoticeSubmitted: "loud"}); admin.ErrorKey(err) != "notify_choice_unknown" {
		t.Errorf("an unknown choice: %v", err)
	}

	id := w.draft(t, admin.KindNews)
	w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
	got, mails := w.told(t, n)
	if s := names(got, admin.NoticeSubmitted); strings.Join(s, ",") != "approver,approver2,editor" {
		t.Errorf("told of a submission: %v (want the Vietnamese approvers and the editor without a unit; not the author, unit B's editor, the English approver or a disabled account)", s)
	}
	var to []string
	for _, m := range mails {
		to = append(to, m.To)
		if !strings.Contains(m.Text, "https://cong.example/admin/articles/") || !strings.Contains(m.Subject, "Bài viết") {
			t.Errorf("mail: %q\n%s", m.Subject, m.Text)
		}
	}
	sort.Strings(to)
	if strings.Join(to, ",") != "approver@example.gov.vn,editor@example.gov.vn" {
		t.Errorf("mailed of a submission: %v (approver2 chose the admin only)", to)
	}

	w.do(t, "editor", id, "vi", "request-changes", editorial.TransitionInput{Comment: "Cần bổ sung nguồn số liệu."})
	got, mails = w.told(t, n)
	if s := names(got, admin.NoticeChangesRequested); strings.Join(s, ",") != "contribA" || len(mails) != 1 || !strings.Contains(mails[0].Text, "Cần bổ sung nguồn số liệu.") {
		t.Errorf("sent back: %v, %d mails", s, len(mails))
	}

	w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
	w.told(t, n)
	w.do(t, "approver", id, "vi", "approve", editorial.TransitionInput{})
	w.do(t, "approver", id, "vi", "publish", editorial.TransitionInput{})
	got, mails = w.told(t, n)
	if a, p := names(got, admin.NoticeApproved), names(got, admin.NoticePublished); strings.Join(a, ",") != "contribA" || strings.Join(p, ",") != "contribA" {
		t.Errorf("approved told to %v, published to %v", a, p)
	}
	var published *store.Mail
	for _, m := range mails {
		if strings.HasPrefix(m.Subject, "Bài đã xuất bản") {
			published = m
		}
	}
	if published == nil || !strings.Contains(published.Text, "https://cong.example/vi/") {
		t.Errorf("the published mail has no public address: %+v", published)
	}

	// A scheduled publication: the author and the approvers of the language.
	id2 := w.draft(t, admin.KindNews)
	w.do(t, "contribA", id2, "vi", "submit", editorial.TransitionInput{})
	w.do(t, "approver", id2, "vi", "approve", editorial.TransitionInput{PublishAt: w.now.Add(time.Hour)})
	w.told(t, n)
	w.now = w.now.Add(2 * time.Hour)
	if k, err := w.svc.RunDue(ctx); err != nil || k != 1 {
		t.Fatalf("run due: %d %v", k, err)
	}
	got, _ = w.told(t, n)
	if s := names(got, admin.NoticeScheduled); strings.Join(s, ",") != "approver,approver2,contribA" {
		t.Errorf("a scheduled publication told to %v", s)
	}

	// A "together" article whose English version is not approved when the
	// Vietnamese one's time comes: held back, said once.
	id3, err := w.svc.CreateArticle(ctx, w.as("contribA"), editorial.NewArticle{AreaKey: "investment", Kind: admin.KindNews, Policy: admin.PolicyTogether})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []string{"vi", "en"} {
		if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id3.ID, l, text("Cùng lúc")); err != nil {
			t.Fatal(err)
		}
	}
	w.do(t, "contribA", id3.ID, "vi", "submit", editorial.TransitionInput{})
	w.do(t, "approver", id3.ID, "vi", "approve", editorial.TransitionInput{PublishAt: w.now.Add(time.Hour)})
	w.told(t, n)
	w.now = w.now.Add(2 * time.Hour)
	for range 3 {
		if _, err := w.svc.RunDue(ctx); err != nil {
			t.Fatal(err)
		}
	}
	got, _ = w.told(t, n)
	if s := names(got, admin.NoticeScheduleFailed); strings.Join(s, ",") != "approver,approver2,contribA" || len(got["contribA"]) != 1 {
		t.Errorf("a held-back publication told to %v (%v)", s, got)
	}

	// A published version the build had to leave out: its author and the
	// approvers of its language.
	a, _ := w.db.Article(ctx, id)
	b0, _ := w.db.StartBuild(ctx)
	if err := w.db.RecordSite(ctx, b0, nil, map[int64]string{a.Translation("vi").ID: "a picture cannot be read"}); err != nil {
		t.Fatal(err)
	}
	got, _ = w.told(t, n)
	if s := names(got, admin.NoticeLeftOut); strings.Join(s, ",") != "approver,approver2,contribA" {
		t.Errorf("a version left out told to %v", s)
	}

	// A failed build: the administrators.
	b, _ := w.db.StartBuild(ctx)
	w.db.FinishBuild(ctx, b, 0, "hugo: template error")
	got, mails = w.told(t, n)
	if s := names(got, admin.NoticeBuildFailed); strings.Join(s, ",") != "admin" || len(mails) != 1 || strings.Contains(mails[0].Text, "template error") {
		t.Errorf("a failed build told to %v, mails %d", s, len(mails))
	}

	// Nothing is told twice, whatever runs again.
	if got, _ := w.told(t, n); len(got) != 0 {
		t.Errorf("told again: %v", got)
	}
}

// A revision's diff compares the text as readers see it: a sentence added
// shows as that sentence, without the Markdown around it; the Markdown's
// own diff is there too.
func TestDiffOfTheText(t *testing.T) {
	w := newWorld(t)
	a, err := w.svc.CreateArticle(ctx, w.as("contribA"), editorial.NewArticle{AreaKey: "investment", Kind: admin.KindNews})
	if err != nil {
		t.Fatal(err)
	}
	in := editorial.TranslationInput{Title: "Hạ tầng", Summary: "Tóm tắt", Body: "## Giới thiệu\n\nĐoạn một nói về **khu công nghiệp**.\n"}
	if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), a.ID, "vi", in); err != nil {
		t.Fatal(err)
	}
	in.Version, in.Body = 1, "## Giới thiệu\n\nĐoạn một nói về **khu công nghiệp**. Câu mới về *cửa khẩu*.\n"
	if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), a.ID, "vi", in); err != nil {
		t.Fatal(err)
	}
	d, err := w.svc.DiffVersions(ctx, w.as("contribA"), a.ID, "vi", 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	var added, all strings.Builder
	for _, c := range d.Body {
		all.WriteString(c.Text)
		if c.Op == "+" {
			added.WriteString(c.Text)
		}
	}
	if got := strings.TrimSpace(added.String()); got != "Câu mới về cửa khẩu." {
		t.Errorf("added: %q, want the sentence as readers read it", got)
	}
	if strings.Contains(all.String(), "**") || strings.Contains(all.String(), "##") {
		t.Errorf("the text diff shows Markdown: %q", all.String())
	}
	if len(d.BodySource) == 0 {
		t.Error("no Markdown diff beside it")
	}
}
