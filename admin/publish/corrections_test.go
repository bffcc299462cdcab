package publish_test

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/editorial"
)

// TestCorrections: a published article corrected with a note for readers
// shows "Cập nhật ngày …: …" once the correction is published, and the
// language's corrections feed lists it beside the clarifications.
func TestCorrections(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	ed, w, d := newsroom(t, db, nil)
	a, err := ed.CreateArticle(ctx, w, editorial.NewArticle{AreaKey: "tourism", Kind: admin.KindNews})
	if err != nil {
		t.Fatal(err)
	}
	step := func(who editorial.Actor, action string) {
		t.Helper()
		if _, err := ed.Transition(ctx, who, a.ID, "vi", action, editorial.TransitionInput{}); err != nil {
			t.Fatalf("%s: %v", action, err)
		}
	}
	in := editorial.TranslationInput{Title: "Bài sẽ được đính chính", Summary: "Tóm tắt", Body: "Diện tích 240 km."}
	if _, err := ed.SaveTranslation(ctx, w, a.ID, "vi", in); err != nil {
		t.Fatal(err)
	}
	step(w, "submit")
	step(d, "approve")
	step(d, "publish")
	in.Body, in.Version, in.ChangeNote = "Chiều dài 260 km.", 1, "Sửa chiều dài đường biên giới từ 240 km thành 260 km."
	if _, err := ed.SaveTranslation(ctx, w, a.ID, "vi", in); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public := func() string { p, _ := filepath.EvalSymlinks(filepath.Join(data, "public")); return p }
	page := filepath.Join("vi", "du-lich", "bai-se-duoc-dinh-chinh", "index.html")
	if strings.Contains(read(t, filepath.Join(public(), page)), "Sửa chiều dài") {
		t.Fatal("the note of a version not yet approved is on the site")
	}
	step(w, "submit")
	step(d, "approve")
	step(d, "publish")
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	html := read(t, filepath.Join(public(), page))
	plain := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(html, "")
	if !strings.Contains(plain, "Cập nhật ngày") || strings.Contains(plain, "ngày ngày") || !strings.Contains(html, "Sửa chiều dài đường biên giới từ 240 km thành 260 km.") {
		t.Errorf("the corrected article does not show its note once dated: %q", regexp.MustCompile(`Cập nhật[^:]*:`).FindString(plain))
	}
	b, err := os.ReadFile(filepath.Join(public(), "vi", "corrections.xml"))
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Items []struct {
			Title string `xml:"title"`
			GUID  string `xml:"guid"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(b, &feed); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, it := range feed.Items {
		ids[it.GUID] = true
	}
	if !strings.Contains(string(b), "Sửa chiều dài đường biên giới") || len(feed.Items) < 2 || len(ids) != len(feed.Items) {
		t.Errorf("the corrections feed lacks the correction or the demo clarification:\n%s", b)
	}
}
