package editorial_test

import (
	"testing"

	"portal/admin"
	"portal/admin/editorial"
)

// A link whose address the site cannot use is kept when the text is saved
// (nothing typed is lost), named in what the version still lacks, and
// approval is refused until it is fixed.
func TestUnusableLinksStopApproval(t *testing.T) {
	w := newWorld(t)
	id := w.draft(t, admin.KindNews)
	a, _ := w.svc.Article(ctx, w.as("contribA"), id)
	in := text("Bài viết")
	in.Body, in.Version = "Xem [báo cáo quý](https://so.example/bao-cao%zz) và [trang chính](https://so.example/).\n", a.Translation("vi").Version
	_, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", in)
	if err != nil {
		t.Fatalf("the save of a text with a broken link was refused: %v", err)
	}
	a, _ = w.svc.Article(ctx, w.as("approver"), id)
	probs, err := w.svc.Completeness(ctx, a, a.Translation("vi"))
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 1 || probs[0].Key != "incomplete_link_escape" || probs[0].Args[0] != "báo cáo quý" || probs[0].Args[1] != "https://so.example/bao-cao%zz" {
		t.Fatalf("completeness: %+v", probs)
	}
	w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
	if _, err := w.svc.Transition(ctx, w.as("approver"), id, "vi", "approve", editorial.TransitionInput{}); keyOf(err) != "incomplete_link_escape" {
		t.Fatalf("approval with a broken link: %v", err)
	}
	w.do(t, "approver", id, "vi", "request-changes", editorial.TransitionInput{Comment: "sửa liên kết"})
	in.Body = "Xem [báo cáo quý](https://so.example/bao-cao%20quy).\n"
	a, _ = w.svc.Article(ctx, w.as("contribA"), id)
	in.Version = a.Translation("vi").Version
	if _, err := w.svc.SaveTranslation(ctx, w.as("contribA"), id, "vi", in); err != nil {
		t.Fatal(err)
	}
	w.do(t, "contribA", id, "vi", "submit", editorial.TransitionInput{})
	w.do(t, "approver", id, "vi", "approve", editorial.TransitionInput{})
}
