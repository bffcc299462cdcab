package web_test

import (
	"context"
	"fmt"
	"image/jpeg"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/docx/docxtest"
	"portal/admin/store"
	"portal/admin/web"
)

// wordReport is docxtest.Report with jpg as its photograph.
func wordReport(t *testing.T, jpg []byte) []byte {
	t.Helper()
	file, err := docxtest.Report(jpg).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return file
}

// TestWordImport: an officer starts an article from a Word report through
// the new-article form. The draft has the report's title and text, its
// photograph goes into the media library cleaned of camera details and
// described as in Word, and its drawing, which the site cannot show, is
// left as its description.
func TestWordImport(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	unit, _ := f.db.UnitByKey(ctx, "so-tttt")
	officer, _ := f.db.UserByUsername(ctx, "soan.thao")
	officer.UnitID = unit.ID
	if err := f.db.UpdateUser(ctx, officer, nil); err != nil {
		t.Fatal(err)
	}
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	raw := photo(t, 640, 400, 7)
	if !strings.Contains(string(raw), "CAM-0042") {
		t.Fatal("the test photo has no camera details to remove")
	}
	fields := map[string]string{"csrf_token": w.token("/admin/articles/new"), "area": "investment", "kind": "news", "source_lang": "vi"}

	resp, _ := w.upload("/admin/articles", fields, "docx", "Báo cáo tiềm năng đầu tư.docx", wordReport(t, raw), "")
	edit := resp.Header.Get("Location")
	m := regexp.MustCompile(`^/admin/articles/(\d+)/vi$`).FindStringSubmatch(edit)
	if resp.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("import: %d to %q, want 303 to the new article's edit page", resp.StatusCode, edit)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	a, err := f.db.Article(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	vi := a.Translation("vi")
	if vi == nil || len(a.Translations) != 1 {
		t.Fatalf("the article has %d versions, want the Vietnamese one only", len(a.Translations))
	}
	if a.CreatedBy != officer.ID || vi.AuthorID != officer.ID || vi.Status != admin.StatusDraft || vi.Version != 1 {
		t.Errorf("article by %d, version by %d, %s, version %d: want a first draft by the officer (%d)",
			a.CreatedBy, vi.AuthorID, vi.Status, vi.Version, officer.ID)
	}
	if vi.Title != "Tiềm năng đầu tư tỉnh Bình Phước" {
		t.Errorf("title %q, want the Word file's Title paragraph", vi.Title)
	}

	// The photograph: one item in the library, described as in Word.
	pic := regexp.MustCompile(`!\[Toàn cảnh Khu công nghiệp Minh Hưng\]\((/media/(\d+)/[a-z0-9-]+\.jpg)\)`).FindStringSubmatch(vi.Body)
	if pic == nil {
		t.Fatalf("the photograph is not a library picture in the text:\n%s", vi.Body)
	}
	want := "Tỉnh có **quỹ đất sạch** và *nguồn lao động dồi dào*.\n" +
		"\n" +
		"## Hạ tầng khu công nghiệp\n" +
		"\n" +
		"- Khu công nghiệp Minh Hưng – Hàn Quốc\n" +
		"  - Diện tích: 193 ha\n" +
		"- Khu công nghiệp Đồng Xoài I\n" +
		"\n" +
		"Thủ tục đầu tư:\n" +
		"\n" +
		"1. Nộp hồ sơ\n" +
		"2. Nhận giấy chứng nhận\n" +
		"\n" +
		"| Năm | Vốn FDI (triệu USD) |\n" +
		"|---|---|\n" +
		"| 2023 | 830 |\n" +
		"| 2024 | 1.050 |\n" +
		"\n" +
		"Xem [Cổng thông tin điện tử tỉnh](https://binhphuoc.gov.vn/vi/dau-tu).\n" +
		"\n" +
		"![Toàn cảnh Khu công nghiệp Minh Hưng](" + pic[1] + ")\n" +
		"\n" +
		"Sơ đồ vị trí các khu công nghiệp\n"
	if vi.Body != want {
		t.Errorf("the draft's text:\n%s\nwant:\n%s", vi.Body, want)
	}
	mediaID, _ := strconv.ParseInt(pic[2], 10, 64)
	item, err := f.db.Media(ctx, mediaID)
	if err != nil {
		t.Fatal(err)
	}
	if item.Texts["vi"].Alt != "Toàn cảnh Khu công nghiệp Minh Hưng" || item.UploadedBy != officer.ID || item.Width != 640 || item.Height != 400 {
		t.Errorf("library item: alt %q, uploaded by %d, %d×%d", item.Texts["vi"].Alt, item.UploadedBy, item.Width, item.Height)
	}
	if _, n, err := f.db.ListMedia(ctx, store.MediaFilter{Limit: 10}); err != nil || n != 1 {
		t.Errorf("the library holds %d pictures (%v), want the photograph only", n, err)
	}
	resp, file := w.get(pic[1])
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "image/jpeg" {
		t.Fatalf("the library's copy: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, secret := range []string{"Exif", "CAM-0042", "Nguyen Van A"} {
		if strings.Contains(file, secret) {
			t.Errorf("the library's copy still holds %q", secret)
		}
	}
	if cfg, err := jpeg.DecodeConfig(strings.NewReader(file)); err != nil || cfg.Width != 640 || cfg.Height != 400 {
		t.Errorf("the library's copy: %v, %+v", err, cfg)
	}

	// The edit page says what became of the pictures.
	_, page := w.get(edit)
	for _, say := range []string{
		"Đã nhập tệp Word thành bản nháp; 1 ảnh đã được đưa vào thư viện ảnh.",
		"1 hình không nhập được (hình vẽ EMF/WMF",
	} {
		if !strings.Contains(page, say) {
			t.Errorf("the edit page does not say %q", say)
		}
	}
}

// TestWordImportRefuses: a file that cannot be imported is refused with
// the reason in Vietnamese and the form again, and leaves no article and
// no picture behind.
func TestWordImportRefuses(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	unit, _ := f.db.UnitByKey(ctx, "so-tttt")
	officer, _ := f.db.UserByUsername(ctx, "soan.thao")
	officer.UnitID = unit.ID
	if err := f.db.UpdateUser(ctx, officer, nil); err != nil {
		t.Fatal(err)
	}
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	tok := w.token("/admin/articles/new")
	counts := func() string {
		t.Helper()
		_, articles, err := f.db.ListArticles(ctx, store.ArticleFilter{Page: 1, PerPage: 1})
		if err != nil {
			t.Fatal(err)
		}
		_, pictures, err := f.db.ListMedia(ctx, store.MediaFilter{Limit: 1})
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%d articles, %d pictures", articles, pictures)
	}
	before := counts()

	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	// Over docx.DefaultLimits.MaxFileBytes: a report with a 51 MB picture.
	huge := make([]byte, 51<<20)
	rand.NewChaCha8([32]byte{}).Read(huge)
	tooLarge, err := docxtest.File{Body: docxtest.P(``, docxtest.Picture("rId11", "Ảnh")),
		Rels: docxtest.ImageRel("rId11", "media/image1.jpeg"), Media: map[string][]byte{"image1.jpeg": huge}}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	// A zip bomb: 21 MB of paragraphs, over docx.DefaultLimits.MaxPartBytes,
	// in a file of some hundred kilobytes.
	para := docxtest.P(``, docxtest.R("", "Khu công nghiệp Minh Hưng – Hàn Quốc. "))
	bomb, err := docxtest.File{Body: strings.Repeat(para, (21<<20)/len(para))}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	if len(bomb) > 1<<20 {
		t.Fatalf("the zip bomb is %d bytes, want a small file", len(bomb))
	}

	for _, tc := range []struct {
		name string
		file []byte
		say  string
	}{
		{"a PDF named .docx", pdf, "Tệp này không phải tài liệu Word .docx."},
		{"a file over the size limit", tooLarge, "Tài liệu Word quá lớn để nhập."},
		{"a zip bomb", bomb, "Tài liệu Word quá lớn để nhập."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fields := map[string]string{"csrf_token": tok, "area": "investment", "kind": "news", "source_lang": "vi"}
			resp, body := w.upload("/admin/articles", fields, "docx", "Báo cáo.docx", tc.file, "")
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, tc.say) {
				t.Errorf("%d, want 422 saying %q:\n%.1500s", resp.StatusCode, tc.say, body)
			}
			// The form again, with what the officer chose.
			if !strings.Contains(body, `name="docx"`) || !strings.Contains(body, `<option value="investment" selected>`) {
				t.Errorf("the refusal does not show the form with the officer's choices:\n%.3000s", body)
			}
			if after := counts(); after != before {
				t.Errorf("after the refusal: %s, before: %s", after, before)
			}
		})
	}

	fields := map[string]string{"area": "investment", "kind": "news", "source_lang": "vi"}
	if resp, _ := w.upload("/admin/articles", fields, "docx", "Báo cáo.docx", wordReport(t, photo(t, 320, 200, 3)), ""); resp.StatusCode != http.StatusForbidden {
		t.Errorf("import without a CSRF token: %d, want 403", resp.StatusCode)
	}
	if after := counts(); after != before {
		t.Errorf("after the import without a CSRF token: %s, before: %s", after, before)
	}
}

// The import notice says what the draft did not keep.
func TestWordImportSaysWhatIsLeftOut(t *testing.T) {
	f := setup(t, web.Config{})
	f.setUnit(t, "soan.thao", "so-tttt")
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	body := docxtest.P(``, docxtest.R("", "Báo cáo có công thức")) +
		docxtest.P(``, `<m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath>`)
	file, err := docxtest.File{Body: body}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string]string{"csrf_token": w.token("/admin/articles/new"), "area": "investment", "kind": "news", "source_lang": "vi"}
	resp, _ := w.upload("/admin/articles", fields, "docx", "Báo cáo.docx", file, "")
	_, page := w.get(resp.Header.Get("Location"))
	for _, want := range []string{"1 công thức toán không được nhập"} {
		if !strings.Contains(page, want) {
			t.Errorf("the notice does not say %q", want)
		}
	}
}
