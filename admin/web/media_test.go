package web_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/web"
)

// upload posts a multipart form with one file and returns the response and
// its body.
func (c *client) upload(path string, fields map[string]string, field, name string, data []byte, accept string) (*http.Response, string) {
	c.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	fw, _ := w.CreateFormFile(field, name)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest(http.MethodPost, c.base+path, &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	if accept != "" {
		req.Header.Set("Accept", accept)
	}
	resp, err := c.c.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// photo returns a JPEG as a camera writes it: with an Exif segment naming
// the photographer and the camera's serial number, and GPS coordinates.
func photo(t *testing.T, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x) + seed, uint8(y), seed, 255})
		}
	}
	var enc bytes.Buffer
	if err := jpeg.Encode(&enc, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	// A big-endian TIFF with IFD0 = {Artist, GPS IFD pointer} and a GPS IFD
	// with a latitude reference: enough for any Exif reader.
	artist := "Nguyen Van A, serial CAM-0042\x00"
	var tiff bytes.Buffer
	tiff.WriteString("MM\x00\x2a")
	binary.Write(&tiff, binary.BigEndian, uint32(8))
	ifd0 := func(tag, typ uint16, count, value uint32) {
		binary.Write(&tiff, binary.BigEndian, tag)
		binary.Write(&tiff, binary.BigEndian, typ)
		binary.Write(&tiff, binary.BigEndian, count)
		binary.Write(&tiff, binary.BigEndian, value)
	}
	binary.Write(&tiff, binary.BigEndian, uint16(2))
	artistAt := uint32(8 + 2 + 2*12 + 4)
	gpsAt := artistAt + uint32(len(artist))
	ifd0(0x013B, 2, uint32(len(artist)), artistAt)
	ifd0(0x8825, 4, 1, gpsAt)
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	tiff.WriteString(artist)
	binary.Write(&tiff, binary.BigEndian, uint16(1))
	ifd0(0x0001, 2, 2, 0x4E000000) // GPSLatitudeRef "N"
	binary.Write(&tiff, binary.BigEndian, uint32(0))
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	b := enc.Bytes()
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	out = append(out, payload...)
	return append(out, b[2:]...)
}

func TestMediaLibrary(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	// The uploader belongs to a unit; pictures belong to their uploader's.
	unitA := &admin.Unit{Key: "so-a", Kind: "department", Names: map[string]string{"vi": "Sở A"}}
	unitB := &admin.Unit{Key: "huyen-b", Kind: "district", Names: map[string]string{"vi": "Huyện B"}}
	for _, u := range []*admin.Unit{unitA, unitB} {
		if err := f.db.PutUnit(ctx, u, nil); err != nil {
			t.Fatal(err)
		}
	}
	owner, _ := f.db.UserByUsername(ctx, "soan.thao")
	owner.UnitID = unitA.ID
	if err := f.db.UpdateUser(ctx, owner, nil); err != nil {
		t.Fatal(err)
	}
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	tok := w.token("/admin/media")

	raw := photo(t, 640, 400, 7)
	if !bytes.Contains(raw, []byte("CAM-0042")) {
		t.Fatal("the test photo has no camera details to remove")
	}
	resp, _ := w.upload("/admin/media", map[string]string{"csrf_token": tok, "credit": "Báo Bình Phước", "licence": "cc-by-4.0",
		"alt_vi": "Cổng khu công nghiệp", "caption_vi": "Khu công nghiệp Minh Hưng"}, "file", "Khu Công Nghiệp Đồng Xoài.JPG", raw, "")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	item := resp.Header.Get("Location")
	if !regexp.MustCompile(`^/admin/media/\d+$`).MatchString(item) {
		t.Fatalf("upload went to %q", item)
	}
	_, page := w.get(item)
	m := regexp.MustCompile(`src="(/media/\d+/khu-cong-nghiep-dong-xoai\.jpg)"`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the picture's page does not show it under a folded name:\n%.2000s", page)
	}
	for _, want := range []string{"Đã thêm ảnh vào thư viện", "Còn thiếu", "mô tả thay thế", "Khu công nghiệp Minh Hưng", "Báo Bình Phước"} {
		if !strings.Contains(page, want) {
			t.Errorf("the picture's page lacks %q", want)
		}
	}

	// The stored file: cleaned of the camera details, still a picture.
	resp, file := w.get(m[1])
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("picture file: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, secret := range []string{"CAM-0042", "Nguyen Van A", "Exif"} {
		if strings.Contains(file, secret) {
			t.Errorf("the stored picture still holds %q", secret)
		}
	}
	if cfg, err := jpeg.DecodeConfig(strings.NewReader(file)); err != nil || cfg.Width != 640 {
		t.Errorf("the stored picture: %v, %+v", err, cfg)
	}
	if resp, _ := w.get(item + "/thumb"); resp.StatusCode != http.StatusOK {
		t.Errorf("thumbnail: %d", resp.StatusCode)
	}
	// Nobody signed in: nothing there.
	if resp, _ := newClient(t, f.url).get(m[1]); resp.StatusCode != http.StatusNotFound {
		t.Errorf("picture file without signing in: %d, want 404", resp.StatusCode)
	}

	// The same bytes again (the editor's script asks for JSON): the same item.
	resp, body := w.upload("/admin/media", map[string]string{"lang": "vi"}, "file", "again.jpg", raw, "application/json")
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("upload without a CSRF token: %d, want 403", resp.StatusCode)
	}
	req := func(fields map[string]string, name string, data []byte) (*http.Response, map[string]any) {
		t.Helper()
		fields["csrf_token"] = tok
		resp, body = w.upload("/admin/media", fields, "file", name, data, "application/json")
		var j map[string]any
		if err := json.Unmarshal([]byte(body), &j); err != nil {
			t.Fatalf("not JSON (%d): %s", resp.StatusCode, body)
		}
		return resp, j
	}
	resp, j := req(map[string]string{"lang": "vi"}, "again.jpg", raw)
	if resp.StatusCode != http.StatusOK || j["existing"] != true || j["path"] != m[1] {
		t.Errorf("the same picture again: %d %v", resp.StatusCode, j)
	}
	if j["markdown"] != "![Cổng khu công nghiệp]("+m[1]+")" {
		t.Errorf("markdown to insert: %v", j["markdown"])
	}

	// Refusals, said in Vietnamese, by content and not by name.
	for _, tc := range []struct {
		name string
		data []byte
		code string
		want string
	}{
		{"bao-cao.jpg", []byte("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"), "media_not_image", "không phải ảnh JPEG, PNG hoặc WebP"},
		{"logo.png", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), "media_not_image", "kiểm tra nội dung tệp"},
		{"cut.jpg", raw[:len(raw)/2], "media_damaged", "bị hỏng"},
	} {
		resp, j := req(map[string]string{}, tc.name, tc.data)
		if resp.StatusCode != http.StatusUnprocessableEntity || j["code"] != tc.code || !strings.Contains(fmt.Sprint(j["message"]), tc.want) {
			t.Errorf("%s: %d %v", tc.name, resp.StatusCode, j)
		}
	}
	big := bytes.Repeat([]byte{0}, 21<<20)
	copy(big, raw)
	if resp, j := req(map[string]string{}, "big.jpg", big); resp.StatusCode != http.StatusUnprocessableEntity || j["code"] != "media_too_large" {
		t.Errorf("a 21 MB file: %d %v", resp.StatusCode, j)
	}
	huge := bytes.Repeat([]byte{0}, 70<<20)
	if resp, _ := w.upload("/admin/media", map[string]string{"csrf_token": tok}, "file", "huge.jpg", huge, "application/json"); resp.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("a 70 MB request: %d, want 413", resp.StatusCode)
	}

	// Search with or without diacritics, and the JSON the picker reads.
	for _, q := range []string{"minh hung", "Minh Hưng", "dong xoai"} {
		_, body := w.get("/admin/media?format=json&lang=vi&q=" + url.QueryEscape(q))
		if !strings.Contains(body, m[1]) {
			t.Errorf("search %q does not find the picture: %s", q, body)
		}
	}
	_, body = w.get("/admin/media?format=json&q=" + url.QueryEscape("khong co"))
	if strings.Contains(body, m[1]) {
		t.Errorf("search for something else finds the picture")
	}

	// Texts per language; a contributor of another unit may not change them.
	id := strings.TrimPrefix(item, "/admin/media/")
	form := url.Values{"csrf_token": {tok}, "credit": {"Báo Bình Phước"}, "licence": {"cc-by-4.0"},
		"alt_vi": {"Cổng khu công nghiệp"}, "caption_vi": {"Khu công nghiệp Minh Hưng"},
		"alt_en": {"Industrial park gate"}, "caption_en": {"Minh Hung industrial park"}}
	if resp := w.post(item, form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save texts: %d", resp.StatusCode)
	}
	_, page = w.get(item)
	if !strings.Contains(page, "Đủ thông tin") || !strings.Contains(page, "Industrial park gate") {
		t.Errorf("after saving every text the picture is not complete")
	}
	mid := int64(0)
	fmt.Sscan(id, &mid)
	other := f.addUser(t, "don.vi.khac", admin.RoleContributor)
	other.UnitID = unitB.ID
	if err := f.db.UpdateUser(ctx, other, nil); err != nil {
		t.Fatal(err)
	}
	o := newClient(t, f.url)
	o.signIn("don.vi.khac")
	otok := o.token("/admin/media")
	o.post(item, url.Values{"csrf_token": {otok}, "credit": {"Ai đó"}, "alt_vi": {"Sửa trộm"}})
	after, _ := f.db.Media(ctx, mid)
	if after.Credit != "Báo Bình Phước" || after.Texts["vi"].Alt != "Cổng khu công nghiệp" {
		t.Errorf("a contributor of another unit changed the picture: %+v", after)
	}
	// Inspectors read; they do not upload.
	f.addUser(t, "thanh.tra", admin.RoleInspector)
	in := newClient(t, f.url)
	in.signIn("thanh.tra")
	if resp, _ := in.upload("/admin/media", map[string]string{"csrf_token": in.token("/admin/media")}, "file", "x.jpg", raw, "application/json"); resp.StatusCode != http.StatusForbidden {
		t.Errorf("an inspector uploads: %d", resp.StatusCode)
	}

	// A picture an article shows cannot be removed.
	ed := editorial.New(f.db, []string{"vi", "en"}, nil)
	a, err := ed.CreateArticle(ctx, editorial.Actor{User: owner}, editorial.NewArticle{AreaKey: "investment", Kind: admin.KindNews})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ed.SaveTranslation(ctx, editorial.Actor{User: owner}, a.ID, "vi", editorial.TranslationInput{Title: "Có ảnh", Body: "![x](" + m[1] + ")"}); err != nil {
		t.Fatal(err)
	}
	d := newClient(t, f.url)
	d.signIn("nguoi.duyet")
	_, page = d.get(item)
	if strings.Contains(page, "/delete") || !strings.Contains(page, "Có ảnh") {
		t.Errorf("a picture in use offers removal, or does not list its article")
	}
	d.post(item+"/delete", url.Values{"csrf_token": {d.token(item)}})
	if _, err := f.db.Media(ctx, mid); err != nil {
		t.Errorf("a picture in use was removed: %v", err)
	}
	if _, err := os.Stat(filepath.Join(f.pub.MediaDir(), after.StoredName())); err != nil {
		t.Errorf("the library file: %v", err)
	}
}
