package main

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// writeJPEG writes a w×h photograph-like JPEG into dir and returns its path.
func writeJPEG(t *testing.T, dir, name string, w, h int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x / 4), uint8(120 + y/8), uint8(200 - x/8), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 88}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// editorMarkdown is the Markdown the edit form will save.
func editorMarkdown(ctx context.Context) (string, error) {
	return chromedp.Run(ctx, valueOf("#body"))
}

// TestPicturesInBrowser: a writer uploads a photo into the media library
// with its texts in both languages, inserts it into an article and its
// translation from the editor's picker; once approved and published, both
// language pages show it in responsive sizes with that language's texts.
func TestPicturesInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-tttt"}, [3]string{"nguoi.duyet", "approver", ""}))
	photo := writeJPEG(t, t.TempDir(), "Thác Mơ.jpg", 1400, 900)

	w := tab(t, alloc)
	err := chromedp.Do(w,
		signIn(base, "can.bo", "mật khẩu của can.bo"),
		chromedp.Navigate(base+"admin/media"),
		chromedp.WaitVisible(chromedp.ID("m-file")),
		chromedp.SetUploadFiles(chromedp.ID("m-file"), []string{photo}),
		typeInto("#m-credit", "Sở Văn hóa, Thể thao và Du lịch"),
		setValue("#m-licence", "cc-by-4.0"),
		typeInto("#m-alt-vi", "Mặt hồ Thác Mơ dưới chân núi Bà Rá"),
		typeInto("#m-caption-vi", "Hồ Thác Mơ, thị xã Phước Long"),
		typeInto("#m-alt-en", "Thác Mơ Lake below Bà Rá Mountain"),
		typeInto("#m-caption-en", "Thác Mơ Lake, Phước Long Town"),
		click(`form[action="/admin/media"] button[type=submit]`),
		waitNotice("Đã thêm ảnh vào thư viện"),
	)
	if err != nil {
		t.Fatalf("upload a picture: %v", err)
	}
	screenshot(t, w, "media-item")

	insert := func(lang string) {
		t.Helper()
		err := chromedp.Do(w,
			click("#insert-picture"),
			chromedp.WaitVisible(chromedp.CSS("dialog.picker button.pick")),
			click("dialog.picker button.pick"),
			chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
				_, err := chromedp.Poll[bool](`document.getElementById("body").value.includes("/media/")`)(ctx, t)
				return err
			}),
		)
		if err != nil {
			t.Fatalf("insert the picture (%s): %v", lang, err)
		}
	}
	err = chromedp.Do(w,
		chromedp.Navigate(base+"admin/articles/new"),
		setValue("#area", "tourism"),
		typeInto("#new-title", "Ảnh hồ Thác Mơ"),
		typeInto("#new-summary", "Hồ Thác Mơ nhìn từ núi Bà Rá."),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", "Hồ Thác Mơ nằm dưới chân núi Bà Rá."),
	)
	if err != nil {
		t.Fatalf("write in Vietnamese: %v", err)
	}
	insert("vi")
	md, _ := editorMarkdown(w)
	if !regexp.MustCompile(`!\[Mặt hồ Thác Mơ dưới chân núi Bà Rá\]\(/media/\d+/thac-mo\.jpg\)`).MatchString(md) {
		t.Errorf("the inserted picture in the Markdown: %q", md)
	}
	err = chromedp.Do(w,
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
	)
	if err != nil {
		t.Fatalf("save: %v", err)
	}
	// The editor shows the library's copy (served to signed-in users).
	loaded, err := chromedp.Run(w, chromedp.Poll[bool](`(() => { const i = document.querySelector(".toastui-editor-ww-container img"); return !!i && i.complete && i.naturalWidth === 1400; })()`, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil || !loaded {
		t.Errorf("the picture is not shown in the editor: %v", err)
	}
	check, _ := chromedp.Run(w, textOf("#ck-h"))
	if check == "" {
		t.Error("no completeness check on the edit page")
	}
	// The edit page with its picture and the check, and the picker open,
	// meet WCAG 2.1 AA too.
	if os.Getenv("AXE_JS") != "" || os.Getenv("CI") != "" {
		for _, v := range axe(t, w) {
			t.Errorf("edit page with a picture: %s", v)
		}
		if err := chromedp.Do(w, click("#insert-picture"), chromedp.WaitVisible(chromedp.CSS("dialog.picker button.pick"))); err != nil {
			t.Fatal(err)
		}
		for _, v := range axe(t, w) {
			t.Errorf("picture picker: %s", v)
		}
		if _, err := chromedp.Run(w, chromedp.Evaluate[any](`document.querySelector("dialog.picker").close(); 0`)); err != nil {
			t.Fatal(err)
		}
	}
	editURL, _ := chromedp.Run(w, chromedp.Location())
	enURL := strings.TrimSuffix(editURL, "/vi") + "/en"
	err = chromedp.Do(w,
		click(`button[value=submit]`),
		waitNotice("Đã gửi duyệt"),
		chromedp.Navigate(enURL),
		chromedp.WaitVisible(chromedp.ID("title")),
		typeInto("#title", "A view of Thác Mơ Lake"),
		typeInto("#summary", "Thác Mơ Lake seen from Bà Rá Mountain."),
		click(".toastui-editor-ww-container .ProseMirror"),
		typeInto(".toastui-editor-ww-container .ProseMirror", "Thác Mơ Lake lies below Bà Rá Mountain."),
	)
	if err != nil {
		t.Fatalf("translate: %v", err)
	}
	insert("en")
	if md, _ := editorMarkdown(w); !strings.Contains(md, "![Thác Mơ Lake below Bà Rá Mountain](/media/") {
		t.Errorf("the English version inserts the English alternative text: %q", md)
	}
	err = chromedp.Do(w,
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 1"),
		click(`button[value=submit]`),
		waitNotice("Đã gửi duyệt"),
	)
	if err != nil {
		t.Fatalf("save and submit the translation: %v", err)
	}

	a := tab(t, alloc)
	if err := chromedp.Do(a, signIn(base, "nguoi.duyet", "mật khẩu của nguoi.duyet")); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{editURL, enURL} {
		err = chromedp.Do(a,
			chromedp.Navigate(u),
			click(`button[value=approve]`),
			waitNotice("Đã duyệt"),
			click(`button[value=publish]`),
			waitNotice("Đã xuất bản. Trang công khai đang được cập nhật"),
		)
		if err != nil {
			t.Fatalf("approve and publish %s: %v", u, err)
		}
	}
	for _, p := range []struct{ path, alt, caption string }{
		{"vi/du-lich/anh-ho-thac-mo/", "Mặt hồ Thác Mơ dưới chân núi Bà Rá", "Hồ Thác Mơ, thị xã Phước Long"},
		{"en/tourism/a-view-of-thac-mo-lake/", "Thác Mơ Lake below Bà Rá Mountain", "Thác Mơ Lake, Phước Long Town"},
	} {
		if !waitFor(base+p.path, p.caption, 60*time.Second) {
			t.Fatalf("%s did not appear with its picture on the public site", p.path)
		}
		pub := tab(t, alloc)
		if err := chromedp.Do(pub, chromedp.Navigate(base+p.path)); err != nil {
			t.Fatal(err)
		}
		// The browser loads one of Hugo's sizes, not the original.
		ok, err := chromedp.Run(pub, chromedp.Poll[bool](`(() => { const i = document.querySelector(".picture img"); return !!i && i.complete && i.naturalWidth > 0 && i.currentSrc.endsWith(".webp") && i.alt === `+"`"+p.alt+"`"+`; })()`, chromedp.WithPollingTimeout(10*time.Second)))
		if err != nil || !ok {
			html, _ := chromedp.Run(pub, chromedp.OuterHTML(chromedp.CSS("main")))
			t.Errorf("%s: the picture is not shown with its alternative text: %v\n%s", p.path, err, html)
		}
		screenshot(t, pub, "public-picture-"+p.path[:2])
	}
}
