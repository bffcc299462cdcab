package web_test

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"portal/admin/web"
)

// A form that cannot be read (here a file name holding a NUL, which no
// browser sends) is refused with 422 and a message that says what to do,
// whether the CSRF token comes in the form or in the header the editor's
// script sends; nothing is added to the library.
func TestUploadWithAnUnreadableFileName(t *testing.T) {
	f := setup(t, web.Config{})
	c := newClient(t, f.url)
	c.signIn("nguoi.duyet")
	token := c.token("/admin/media")
	for _, inHeader := range []bool{false, true} {
		var buf bytes.Buffer
		w := multipart.NewWriter(&buf)
		if !inHeader {
			w.WriteField("csrf_token", token)
		}
		fw, _ := w.CreateFormFile("file", "ảnh\x00.jpg")
		fw.Write(photo(t, 64, 48, 1))
		w.Close()
		req, _ := http.NewRequest(http.MethodPost, f.url+"/admin/media", &buf)
		req.Header.Set("Content-Type", w.FormDataContentType())
		req.Header.Set("Accept", "application/json")
		if inHeader {
			req.Header.Set("X-CSRF-Token", token)
		}
		resp, err := c.c.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var body struct{ Code, Message string }
		json.Unmarshal(b, &body)
		if resp.StatusCode != http.StatusUnprocessableEntity || body.Code != "body_unreadable" || !strings.Contains(body.Message, "đổi tên tệp") {
			t.Errorf("token in header %v: %d %s", inHeader, resp.StatusCode, b)
		}
	}
	if _, body := c.get("/admin/media"); strings.Contains(body, "/media/1/") {
		t.Error("a refused upload is in the library")
	}
}
