package main

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portal/admin/docx/docxtest"
)

// writeWordReport writes into dir, as name, a report as an officer writes
// it in Word, with the photograph at photoPath and a drawing Word keeps as
// EMF, and returns its path.
func writeWordReport(t *testing.T, dir, name, photoPath string) string {
	t.Helper()
	photo, err := os.ReadFile(photoPath)
	if err != nil {
		t.Fatal(err)
	}
	file, err := docxtest.Report(photo).Bytes()
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, file, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestWordImportInBrowser: an officer starts an article from a Word report
// on the new-article page. The edit page opens with the report's title,
// its text in the toolbar editor, its photograph shown from the media
// library, and the completeness check naming what is still to be written.
func TestWordImportInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-khdt"}))
	dir := t.TempDir()
	report := writeWordReport(t, dir, "Báo cáo tiềm năng đầu tư.docx", writeJPEG(t, dir, "image1.jpg", 800, 500))

	w := tab(t, alloc)
	err := chromedp.Do(w,
		signIn(base, "can.bo", "mật khẩu của can.bo"),
		chromedp.Navigate(base+"admin/articles/new"),
		chromedp.WaitVisible(chromedp.ID("docx")),
		setValue("#area", "investment"),
		chromedp.SetUploadFiles(chromedp.ID("docx"), []string{report}),
		click(`form[action="/admin/articles"] button[type=submit]`),
		waitNotice("Đã nhập tệp Word"),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror h2")),
	)
	if err != nil {
		t.Fatalf("import the Word file: %v", err)
	}
	screenshot(t, w, "word-import")
	notice, _ := chromedp.Run(w, textOf(".notice"))
	if !strings.Contains(notice, "1 ảnh đã được đưa vào thư viện ảnh") || !strings.Contains(notice, "1 hình không nhập được") {
		t.Errorf("the notice: %q, want one picture in the library and one drawing not imported", notice)
	}
	if title, _ := chromedp.Run(w, valueOf("#title")); title != "Tiềm năng đầu tư tỉnh Bình Phước" {
		t.Errorf("title field: %q, want the Word file's title", title)
	}

	// What the toolbar editor shows.
	type editor struct {
		Headings, Items, Cells, Links []string
		Text                          string
	}
	got, err := chromedp.Run(w, chromedp.Evaluate[editor](`(() => {
		const ed = document.querySelector(".toastui-editor-ww-container .ProseMirror");
		const texts = sel => [...ed.querySelectorAll(sel)].map(e => e.innerText.trim());
		return {Headings: texts("h1, h2"), Items: texts("li > p"), Cells: texts("th, td"),
			Links: [...ed.querySelectorAll("a")].map(a => a.getAttribute("href")), Text: ed.innerText};
	})()`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(got.Headings, []string{"Hạ tầng khu công nghiệp"}) {
		t.Errorf("headings in the editor: %q", got.Headings)
	}
	for _, item := range []string{"Khu công nghiệp Minh Hưng – Hàn Quốc", "Diện tích: 193 ha", "Khu công nghiệp Đồng Xoài I", "Nộp hồ sơ", "Nhận giấy chứng nhận"} {
		if !slices.Contains(got.Items, item) {
			t.Errorf("the editor's lists lack %q: %q", item, got.Items)
		}
	}
	if !slices.Equal(got.Cells, []string{"Năm", "Vốn FDI (triệu USD)", "2023", "830", "2024", "1.050"}) {
		t.Errorf("table cells in the editor: %q", got.Cells)
	}
	if !slices.Equal(got.Links, []string{"https://binhphuoc.gov.vn/vi/dau-tu"}) {
		t.Errorf("links in the editor: %q", got.Links)
	}
	if !strings.Contains(got.Text, "Sơ đồ vị trí các khu công nghiệp") {
		t.Errorf("the drawing's description is not left in the text:\n%s", got.Text)
	}
	// The photograph, served from the library to the signed-in officer.
	loaded, err := chromedp.Run(w, chromedp.Poll[bool](`(() => {
		const i = document.querySelector(".toastui-editor-ww-container .ProseMirror img[src^='/media/']");
		return !!i && i.complete && i.naturalWidth === 800 && i.alt === "Toàn cảnh Khu công nghiệp Minh Hưng";
	})()`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !loaded {
		t.Errorf("the photograph is not shown in the editor: %v", err)
	}
	md, _ := editorMarkdown(w)
	if !regexp.MustCompile(`!\[Toàn cảnh Khu công nghiệp Minh Hưng\]\(/media/\d+/toan-canh-khu-cong-nghiep-minh-hung\.jpg\)`).MatchString(md) {
		t.Errorf("the photograph in the Markdown: %q", md)
	}

	// The completeness check names what the officer still has to write.
	check, err := chromedp.Run(w, textOf(`section[aria-labelledby="ck-h"]`))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Bản này còn thiếu phần tóm tắt.",
		"Ảnh «toan-canh-khu-cong-nghiep-minh-hung.jpg» còn thiếu: chú thích (tiếng Việt), nguồn ảnh, giấy phép.",
	} {
		if !strings.Contains(check, want) {
			t.Errorf("the completeness check does not say %q:\n%s", want, check)
		}
	}
	if strings.Contains(check, "mô tả thay thế") {
		t.Errorf("the completeness check asks for the alternative text the Word file gave:\n%s", check)
	}
}
