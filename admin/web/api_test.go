package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/web"
)

// token makes an API token for a user of the fixture (creating the user
// with role and unit key when missing).
func (f *fixture) token(t *testing.T, name string, role admin.Role, unit string) string {
	t.Helper()
	ctx := context.Background()
	u, err := f.db.UserByUsername(ctx, name)
	if err != nil {
		u = &admin.User{Username: name, Role: role, PasswordHash: "x"}
		if unit != "" {
			un, err := f.db.UnitByKey(ctx, unit)
			if err != nil {
				t.Fatal(err)
			}
			u.UnitID = un.ID
		}
		if err := f.db.CreateUser(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
	}
	tok := auth.RandomSecret(32)
	if _, err := f.db.CreateToken(ctx, u.ID, web.TokenHash(tok), nil); err != nil {
		t.Fatal(err)
	}
	return tok
}

type apiResp struct {
	status int
	body   map[string]any
	raw    string
}

func (f *fixture) call(t *testing.T, token, method, path string, body any, header ...string) apiResp {
	t.Helper()
	var rd io.Reader
	if body != nil {
		b, _ := json.Marshal(body)
		rd = bytes.NewReader(b)
	}
	return f.callRaw(t, token, method, path, rd, header...)
}

func (r apiResp) code() string { s, _ := r.body["code"].(string); return s }

func (r apiResp) expect(t *testing.T, what string, status int, code string) {
	t.Helper()
	if r.status != status || (code != "" && r.code() != code) {
		t.Errorf("%s: %d %s, want %d %s\n%s", what, r.status, r.code(), status, code, r.raw)
	}
	if status >= 400 {
		if msg, _ := r.body["message"].(string); msg == "" {
			t.Errorf("%s: no message in the error body: %s", what, r.raw)
		}
	}
}

func TestAPIWorkflowAndRefusals(t *testing.T) {
	f := setup(t, web.Config{})
	writer := f.token(t, "can.bo", admin.RoleContributor, "so-tttt")
	other := f.token(t, "can.bo.khac", admin.RoleContributor, "so-khdt")
	approver := f.token(t, "nguoi.duyet.api", admin.RoleApprover, "")
	inspector := f.token(t, "thanh.tra", admin.RoleInspector, "")

	// Not signed in, or with a token that is not one.
	f.call(t, "", "GET", "/api/v1/articles", nil).expect(t, "no token", 401, "unauthorized")
	f.call(t, "nonsense", "GET", "/api/v1/articles", nil).expect(t, "bad token", 401, "unauthorized")

	// Create and write.
	r := f.call(t, writer, "POST", "/api/v1/articles", map[string]any{"area": "investment", "kind": "news"})
	r.expect(t, "create", 201, "")
	id := int64(r.body["id"].(float64))
	base := fmt.Sprintf("/api/v1/articles/%d", id)
	f.call(t, writer, "POST", "/api/v1/articles", map[string]any{"area": "nowhere", "kind": "news"}).expect(t, "unknown area", 422, "unknown_area")
	f.call(t, writer, "POST", "/api/v1/articles", "not an object").expect(t, "bad body", 422, "json_body_type")
	f.call(t, inspector, "POST", "/api/v1/articles", map[string]any{"area": "investment", "kind": "news"}).expect(t, "inspector creates", 403, "forbidden_role")

	text := map[string]any{"title": "Đồng Xoài thu hút đầu tư", "summary": "Tóm tắt", "body": "Nội dung.", "tags": []string{"FDI"}, "version": 0}
	f.call(t, writer, "PUT", base+"/translations/vi", text).expect(t, "first save", 201, "")
	// Search finds the title with or without diacritics, in any case.
	for _, q := range []string{"dong xoai", "Đồng Xoài", "DONG XOAI", "đồng xoai"} {
		r = f.call(t, writer, "GET", "/api/v1/articles?q="+url.QueryEscape(q), nil)
		items, _ := r.body["items"].([]any)
		found := false
		for _, it := range items {
			found = found || int64(it.(map[string]any)["id"].(float64)) == id
		}
		if r.status != 200 || !found {
			t.Errorf("search %q does not find the article: %s", q, r.raw)
		}
	}
	f.call(t, writer, "PUT", base+"/translations/vi", map[string]any{"title": "", "version": 1}).expect(t, "empty title", 422, "title_required")
	f.call(t, other, "PUT", base+"/translations/vi", map[string]any{"title": "x", "version": 1}).expect(t, "another unit's article", 404, "not_found")

	// A stale save is refused and the stored version comes back with it.
	text["version"] = 1
	text["title"] = "Bản thứ hai"
	f.call(t, writer, "PUT", base+"/translations/vi", text).expect(t, "second save", 200, "")
	text["title"] = "Bản cũ của người khác"
	r = f.call(t, writer, "PUT", base+"/translations/vi", text)
	r.expect(t, "stale save", 409, "stale_version")
	if cur, _ := r.body["current"].(map[string]any); cur == nil || cur["title"] != "Bản thứ hai" {
		t.Errorf("the refused save does not return the stored version: %s", r.raw)
	}

	// "ban thu" also matches demo articles ("Ban Thường vụ"); the one with
	// the exact words typed comes first.
	r = f.call(t, writer, "GET", "/api/v1/articles?q="+url.QueryEscape("Bản thứ"), nil)
	if items, _ := r.body["items"].([]any); len(items) == 0 || int64(items[0].(map[string]any)["id"].(float64)) != id {
		t.Errorf("search with diacritics does not put the exact match first: %.400s", r.raw)
	}
	r = f.call(t, other, "GET", "/api/v1/articles?q="+url.QueryEscape(`"Bản thứ hai"`), nil)
	if r.body["total"].(float64) != 0 {
		t.Errorf("a contributor of another unit sees %v articles", r.body["total"])
	}

	// Workflow through the API.
	act := func(tok, action string, body any) apiResp {
		return f.call(t, tok, "POST", base+"/translations/vi/"+action, body)
	}
	act(approver, "approve", nil).expect(t, "approve a draft", 409, "invalid_transition")
	act(writer, "submit", nil).expect(t, "submit", 200, "")
	act(writer, "approve", nil).expect(t, "contributor approves", 403, "forbidden_approve")
	act(approver, "request-changes", map[string]any{}).expect(t, "no comment", 422, "comment_required")
	act(approver, "approve", map[string]any{"version": 1}).expect(t, "approve an older version", 409, "stale_version")
	act(approver, "approve", map[string]any{"version": 2}).expect(t, "approve", 200, "")
	act(approver, "fly", nil).expect(t, "unknown action", 422, "unknown_action")
	r = act(approver, "publish", nil)
	r.expect(t, "publish", 200, "")
	if r.body["live_version"].(float64) != 2 {
		t.Errorf("published: %s", r.raw)
	}

	// Revisions, diff, restore.
	r = f.call(t, writer, "GET", base+"/revisions?lang=vi", nil)
	if revs, _ := r.body["revisions"].([]any); len(revs) != 2 {
		t.Errorf("revisions: %s", r.raw)
	}
	r = f.call(t, writer, "GET", base+"/revisions/diff?lang=vi&from=1&to=2", nil)
	r.expect(t, "diff", 200, "")
	if !strings.Contains(r.raw, `{"op":"+","text":"Bản thứ hai"}`) {
		t.Errorf("diff: %s", r.raw)
	}
	f.call(t, writer, "POST", base+"/revisions/1/restore?lang=vi", map[string]any{"version": 2}).expect(t, "restore", 200, "")
	f.call(t, writer, "POST", base+"/revisions/1/restore?lang=vi", map[string]any{"version": 2}).expect(t, "restore on a stale version", 409, "stale_version")

	// Messages in English when asked.
	r = f.call(t, writer, "POST", base+"/translations/vi/approve", nil, "Accept-Language", "en-GB,en;q=0.9")
	if msg, _ := r.body["message"].(string); !strings.Contains(msg, "not allowed") && !strings.Contains(msg, "may not") {
		t.Errorf("English message: %s", r.raw)
	}
	r = f.call(t, writer, "POST", base+"/translations/vi/approve", nil)
	if msg, _ := r.body["message"].(string); !strings.Contains(msg, "không được") {
		t.Errorf("Vietnamese message: %s", r.raw)
	}

	// The audit log is for administrators and inspectors.
	f.call(t, writer, "GET", "/api/v1/audit", nil).expect(t, "contributor reads the audit log", 403, "forbidden")
	r = f.call(t, inspector, "GET", "/api/v1/audit?action=translation.", nil)
	r.expect(t, "inspector reads the audit log", 200, "")
	if evs, _ := r.body["events"].([]any); len(evs) < 5 {
		t.Errorf("audit: %s", r.raw)
	}

	// Unknown endpoints and ids answer JSON.
	f.call(t, writer, "GET", "/api/v1/nothing", nil).expect(t, "unknown endpoint", 404, "not_found")
	f.call(t, writer, "GET", "/api/v1/articles/99999", nil).expect(t, "unknown article", 404, "not_found")

	// A revoked token stops working at once.
	u, _ := f.db.UserByUsername(context.Background(), "can.bo")
	f.db.RevokeTokens(context.Background(), u.ID, nil)
	f.call(t, writer, "GET", "/api/v1/articles", nil).expect(t, "revoked token", 401, "unauthorized")
}

func TestAPINeverShowsInternalNotes(t *testing.T) {
	f := setup(t, web.Config{})
	editor := f.token(t, "bien.tap", admin.RoleEditor, "")
	ctx := context.Background()
	areas, _ := f.db.Areas(ctx)
	a := &admin.Article{AreaID: areas[0].ID, Kind: admin.KindNews, InternalNotes: "BÍ MẬT NỘI BỘ",
		Translations: []*admin.Translation{{Lang: "vi", Title: "Tin"}}}
	if err := f.db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{fmt.Sprintf("/api/v1/articles/%d", a.ID), "/api/v1/articles", fmt.Sprintf("/api/v1/articles/%d/revisions?lang=vi", a.ID)} {
		if r := f.call(t, editor, "GET", p, nil); r.status != 200 || strings.Contains(r.raw, "BÍ MẬT") || strings.Contains(r.raw, "internal") {
			t.Errorf("%s: %d, shows internal notes: %.300s", p, r.status, r.raw)
		}
	}
}

func TestOpenAPIDocument(t *testing.T) {
	f := setup(t, web.Config{})
	r := f.call(t, "", "GET", "/api/v1/openapi.json", nil)
	if r.status != 200 || r.body["openapi"] != "3.0.3" {
		t.Fatalf("openapi.json: %d", r.status)
	}
	paths, _ := r.body["paths"].(map[string]any)
	for _, p := range []string{"/articles", "/articles/{id}", "/articles/{id}/translations/{lang}", "/articles/{id}/translations/{lang}/{action}", "/articles/{id}/revisions", "/audit", "/users", "/users/{id}", "/users/{id}/reset-password"} {
		if paths[p] == nil {
			t.Errorf("openapi.json lacks %s", p)
		}
	}
}

func TestSignInThrottled(t *testing.T) {
	f := setup(t, web.Config{})
	c := newClient(t, f.url)
	token := c.token("/admin/signin")
	for i := 0; i < 5; i++ {
		resp := c.post("/admin/signin", url.Values{"csrf_token": {token}, "username": {"nguoi.duyet"}, "password": {"sai mật khẩu"}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, resp.StatusCode)
		}
	}
	// Now even the right password waits.
	resp := c.post("/admin/signin", url.Values{"csrf_token": {token}, "username": {"nguoi.duyet"}, "password": {password}})
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sign-in after 5 failures: %d, want 429", resp.StatusCode)
	}
	// Another account from another client is not affected.
	c2 := newClient(t, f.url)
	c2.signIn("soan.thao")
	ev, _ := f.db.CountEvents(context.Background(), "signin.failed", "user/nguoi.duyet", "", time.Now().Add(-time.Hour))
	if ev != 5 {
		t.Errorf("%d failed sign-ins recorded, want 5", ev)
	}
}

func TestAPIFacts(t *testing.T) {
	f := setup(t, web.Config{})
	writer := f.token(t, "can.bo", admin.RoleContributor, "so-tttt")
	r := f.call(t, writer, "POST", "/api/v1/articles", map[string]any{"area": "investment", "kind": "event"})
	r.expect(t, "create", 201, "")
	article := fmt.Sprintf("/api/v1/articles/%d", int64(r.body["id"].(float64)))
	base := article + "/translations/vi"
	viFacts := func() map[string]any {
		t.Helper()
		r := f.call(t, writer, "GET", article, nil)
		for _, tr := range r.body["translations"].([]any) {
			if tr := tr.(map[string]any); tr["lang"] == "vi" {
				facts, _ := tr["facts"].(map[string]any)
				return facts
			}
		}
		t.Fatalf("no Vietnamese version: %s", r.raw)
		return nil
	}
	in := map[string]any{"title": "Hội nghị xúc tiến đầu tư", "summary": "Tóm tắt", "body": "Nội dung.", "version": 0,
		"facts": map[string]string{"start": "6/30/2024", "venue": "Đồng Xoài"}}
	f.call(t, writer, "PUT", base, in, "Accept-Language", "vi").expect(t, "a date written month first", 422, "fact_invalid_datetime")
	in["facts"] = map[string]string{"start": "2024-06-30T08:00", "end": "2024-06-30T11:30", "venue": "Đồng Xoài", "unknown": "x"}
	f.call(t, writer, "PUT", base, in).expect(t, "save with facts", 201, "")
	if facts := viFacts(); facts["start"] != "2024-06-30T08:00" || facts["venue"] != "Đồng Xoài" || facts["unknown"] != nil {
		t.Errorf("facts read back: %v", facts)
	}
	// A save without facts keeps them.
	f.call(t, writer, "PUT", base, map[string]any{"title": "Hội nghị xúc tiến đầu tư 2024", "summary": "Tóm tắt", "body": "Nội dung.", "version": 1}).expect(t, "save without facts", 200, "")
	if facts := viFacts(); facts["venue"] != "Đồng Xoài" {
		t.Errorf("a save without facts lost them: %v", facts)
	}
}
