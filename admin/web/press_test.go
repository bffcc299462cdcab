package web_test

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/store"
	"portal/admin/web"
)

// TestPressEmbargo: a press agency's token reads the release approved for
// tomorrow, as JSON and as a feed, each access logged; it reads nothing
// else, cannot sign in to the admin, and the release leaves the embargo
// list when it is published.
func TestPressEmbargo(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	press := f.token(t, "thong.tan.xa", admin.RolePress, "")
	writer := f.token(t, "can.bo", admin.RoleContributor, "so-tttt")
	f.token(t, "nguoi.duyet.api", admin.RoleApprover, "")

	ed := editorial.New(f.db, []string{"vi", "en"}, nil)
	w, _ := f.db.UserByUsername(ctx, "can.bo")
	d, _ := f.db.UserByUsername(ctx, "nguoi.duyet.api")
	a, err := ed.CreateArticle(ctx, editorial.Actor{User: w}, editorial.NewArticle{AreaKey: "news", Kind: admin.KindPressRelease})
	if err != nil {
		t.Fatal(err)
	}
	for lang, title := range map[string]string{"vi": "Thông cáo cấm đăng đến ngày mai", "en": "Release embargoed until tomorrow"} {
		if _, err := ed.SaveTranslation(ctx, editorial.Actor{User: w}, a.ID, lang, editorial.TranslationInput{Title: title, Summary: "Tóm tắt", Body: "**Nội dung** thông cáo."}); err != nil {
			t.Fatal(err)
		}
	}
	tomorrow := time.Now().Add(24 * time.Hour)
	for _, lang := range []string{"vi", "en"} {
		if _, err := ed.Transition(ctx, editorial.Actor{User: w}, a.ID, lang, "submit", editorial.TransitionInput{}); err != nil {
			t.Fatal(err)
		}
		if _, err := ed.Transition(ctx, editorial.Actor{User: d}, a.ID, lang, "approve", editorial.TransitionInput{PublishAt: tomorrow}); err != nil {
			t.Fatal(err)
		}
	}

	r := f.call(t, press, "GET", "/api/v1/press/embargoed", nil)
	r.expect(t, "embargoed list", 200, "")
	items, _ := r.body["items"].([]any)
	if len(items) != 2 || !strings.Contains(r.raw, "Release embargoed until tomorrow") ||
		!strings.Contains(items[0].(map[string]any)["body_html"].(string), "<strong>Nội dung</strong>") {
		t.Fatalf("embargoed items: %s", r.raw)
	}
	resp, err := http.DefaultClient.Do(func() *http.Request {
		req, _ := http.NewRequest("GET", f.url+"/api/v1/press/embargoed.xml", nil)
		req.Header.Set("Authorization", "Bearer "+press)
		return req
	}())
	if err != nil {
		t.Fatal(err)
	}
	var feed struct {
		Items []struct {
			Title string `xml:"title"`
			GUID  string `xml:"guid"`
		} `xml:"channel>item"`
	}
	err = xml.NewDecoder(resp.Body).Decode(&feed)
	resp.Body.Close()
	if err != nil || len(feed.Items) != 2 || !strings.HasPrefix(feed.Items[0].GUID, "urn:portal:article:") {
		t.Errorf("embargo feed: %v %+v", err, feed)
	}
	events, _ := f.db.Events(ctx, store.AuditFilter{Action: "press.embargoed"})
	if len(events) != 2 || events[0].Actor != "thong.tan.xa" || !strings.Contains(events[0].Detail, "urn:portal:article:") {
		t.Errorf("press accesses in the audit log: %+v", events)
	}

	// Nothing else for the press; the embargo list for no one else.
	f.call(t, press, "GET", "/api/v1/articles", nil).expect(t, "press lists articles", 403, "forbidden_role")
	f.call(t, press, "GET", "/api/v1/articles/1", nil).expect(t, "press reads an article", 403, "forbidden_role")
	f.call(t, writer, "GET", "/api/v1/press/embargoed", nil).expect(t, "a contributor reads the embargo", 403, "forbidden_role")
	f.call(t, "", "GET", "/api/v1/press/embargoed", nil).expect(t, "no token", 401, "unauthorized")

	// A press account does not sign in to the admin.
	f.addUser(t, "bao.chi.web", admin.RolePress)
	c := newClient(t, f.url)
	resp = c.post("/admin/signin", url.Values{"csrf_token": {c.token("/admin/signin")}, "username": {"bao.chi.web"}, "password": {password}})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("press sign-in to the admin: %d", resp.StatusCode)
	}

	// Published: no longer under embargo.
	ed.SetClock(func() time.Time { return tomorrow.Add(time.Minute) })
	if _, err := ed.RunDue(ctx); err != nil {
		t.Fatal(err)
	}
	r = f.call(t, press, "GET", "/api/v1/press/embargoed", nil)
	if items, _ := r.body["items"].([]any); len(items) != 0 {
		t.Errorf("published releases still listed as embargoed: %s", r.raw)
	}
}
