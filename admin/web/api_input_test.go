package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/web"
)

// callRaw sends body as it is, as a client with a bug (or an attacker)
// would, and reads the JSON answer.
func (f *fixture) callRaw(t *testing.T, token, method, path string, body io.Reader, header ...string) apiResp {
	t.Helper()
	req, _ := http.NewRequest(method, f.url+path, body)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	r := apiResp{status: resp.StatusCode, raw: string(raw)}
	if err := jsonUnmarshal(raw, &r.body); err != nil && len(raw) > 0 {
		t.Errorf("%s %s: the answer is not JSON: %q", method, path, raw)
	}
	return r
}

// Bodies that are not what the API reads are refused with the field and
// the problem in the reader's language, never Go's own words; a body over
// the limit is refused with 413 before it is read whole.
func TestAPIRefusesBadBodiesInPlainWords(t *testing.T) {
	f := setup(t, web.Config{})
	writer := f.token(t, "can.bo", admin.RoleContributor, "so-tttt")
	r := f.call(t, writer, "POST", "/api/v1/articles", map[string]any{"area": "investment", "kind": "news"})
	r.expect(t, "create", 201, "")
	base := fmt.Sprintf("/api/v1/articles/%d", int64(r.body["id"].(float64)))

	goWords := []string{"%!", "EXTRA", "json:", "Go struct", "unmarshal", "main.", "string", "int", "*time", "parsing time"}
	for _, tc := range []struct {
		name, path, body string
		status           int
		code, field, vi  string
	}{
		{"not JSON", "/api/v1/articles", `{"area": investment}`, 422, "json_syntax", "", "không phải JSON hợp lệ"},
		{"cut off", "/api/v1/articles", `{"area": "investment", "kind": "ne`, 422, "json_cut", "", "bị cắt"},
		{"empty", "/api/v1/articles", ``, 422, "json_empty", "", "không có nội dung"},
		{"two objects", "/api/v1/articles", `{"area":"investment","kind":"news"} {"x":1}`, 422, "json_syntax", "", "JSON"},
		{"number for text", "/api/v1/articles", `{"area": 12, "kind": "news"}`, 422, "json_type", "area", "phải là văn bản"},
		{"text for number", base + "/translations/vi", `{"title": "T", "version": "một"}`, 422, "json_type", "version", "phải là một số"},
		{"text for list", base + "/translations/vi", `{"title": "T", "tags": "FDI"}`, 422, "json_type", "tags", "danh sách"},
		{"a list for the body", "/api/v1/articles", `[1, 2]`, 422, "json_body_type", "", "đối tượng"},
		{"bad time", base + "/translations/vi/submit", `{"publish_at": "ngày mai"}`, 422, "json_type", "publish_at", "thời điểm"},
		{"nul in JSON", "/api/v1/articles", "{\"area\": \"invest\x00ment\"}", 422, "json_syntax", "", "JSON"},
	} {
		method := "POST"
		if strings.Contains(tc.path, "/translations/vi") && !strings.HasSuffix(tc.path, "submit") {
			method = "PUT"
		}
		for _, lang := range []string{"vi", "en"} {
			r := f.callRaw(t, writer, method, tc.path, strings.NewReader(tc.body), "Accept-Language", lang)
			r.expect(t, tc.name+" ("+lang+")", tc.status, tc.code)
			msg, _ := r.body["message"].(string)
			for _, w := range goWords {
				if strings.Contains(msg, w) {
					t.Errorf("%s (%s): the message has Go's words %q: %q", tc.name, lang, w, msg)
				}
			}
			if field, _ := r.body["field"].(string); field != tc.field {
				t.Errorf("%s (%s): field %q, want %q", tc.name, lang, field, tc.field)
			}
			if lang == "vi" && !strings.Contains(msg, tc.vi) {
				t.Errorf("%s: the message %q does not say %q", tc.name, msg, tc.vi)
			}
		}
	}

	// Eleven megabytes of text in a title: refused as too large, and
	// nothing saved.
	big := io.MultiReader(strings.NewReader(`{"title": "`), bytes.NewReader(bytes.Repeat([]byte("a"), 11<<20)), strings.NewReader(`", "version": 0}`))
	r = f.callRaw(t, writer, "PUT", base+"/translations/vi", big)
	r.expect(t, "11 MB body", 413, "json_too_large")
	r = f.call(t, writer, "GET", base, nil)
	if ts, _ := r.body["translations"].([]any); len(ts) != 0 {
		t.Errorf("a refused body saved a translation: %s", r.raw)
	}

	// Texts over their limits, under the body limit: refused by field, in
	// the reader's words, with the limit; nothing saved.
	var tags []string
	for i := range 31 {
		tags = append(tags, fmt.Sprintf("Thẻ %d", i))
	}
	for _, tc := range []struct {
		name  string
		body  map[string]any
		code  string
		field string
		vi    string
	}{
		{"a long title", map[string]any{"title": strings.Repeat("Bình Phước ", 40), "version": 0}, "title_too_long", "title", "Tiêu đề dài tối đa 300 ký tự"},
		{"a long summary", map[string]any{"title": "T", "summary": strings.Repeat("ư", 1001), "version": 0}, "summary_too_long", "summary", "Tóm tắt dài tối đa 1000 ký tự"},
		{"many tags", map[string]any{"title": "T", "tags": tags, "version": 0}, "tags_too_many", "tags", "tối đa 30 thẻ"},
		{"a tag that is a path", map[string]any{"title": "T", "tags": []string{"../../"}, "version": 0}, "tag_no_letters", "tags", "ít nhất một chữ cái"},
	} {
		r := f.call(t, writer, "PUT", base+"/translations/vi", tc.body, "Accept-Language", "vi")
		r.expect(t, tc.name, 422, tc.code)
		if field, _ := r.body["field"].(string); field != tc.field {
			t.Errorf("%s: field %q, want %q", tc.name, field, tc.field)
		}
		if msg, _ := r.body["message"].(string); !strings.Contains(msg, tc.vi) {
			t.Errorf("%s: message %q does not say %q", tc.name, msg, tc.vi)
		}
	}
	r = f.call(t, writer, "GET", base, nil)
	if ts, _ := r.body["translations"].([]any); len(ts) != 0 {
		t.Errorf("a text over its limit was saved: %s", r.raw)
	}

	// A search longer than any title: refused, not a 500.
	long := strings.Repeat("đồng xoài ", 5000)
	r = f.call(t, writer, "GET", "/api/v1/articles?q="+strings.ReplaceAll(long, " ", "+"), nil)
	r.expect(t, "a 50,000-character search", 422, "query_too_long")
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
