package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pastePNG pastes a small PNG file into the element sel, as a screenshot
// copied to the clipboard would be.
func pastePNG(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
		_, err := chromedp.Evaluate[any](`(async () => {
			const c = document.createElement("canvas");
			c.width = 640; c.height = 480;
			const g = c.getContext("2d");
			g.fillStyle = "#2a6"; g.fillRect(0, 0, 640, 480);
			g.fillStyle = "#fff"; g.fillRect(100, 100, 300, 200);
			const blob = await new Promise(r => c.toBlob(r, "image/png"));
			const dt = new DataTransfer();
			dt.items.add(new File([blob], "ảnh chụp màn hình.png", { type: "image/png" }));
			const el = document.querySelector(`+"`"+sel+"`"+`);
			el.focus();
			el.dispatchEvent(new ClipboardEvent("paste", { clipboardData: dt, bubbles: true, cancelable: true }));
			return 0;
		})()`, chromedp.EvalAwaitPromise)(ctx, t)
		return err
	})
}

// TestPictureDialogInBrowser: the editor's picture button and a pasted
// picture both open the portal's dialog, which has no "from an address"
// tab, asks for the file and the description in plain words, and uploads
// the picture with what was typed (description and caption in the
// version's language, credit, licence) into the library. The check before
// approval then names only the picture that still lacks something, by its
// file name, with a link to where it is completed. The dialog fits a
// phone's screen.
func TestPictureDialogInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-tttt"}))
	photo := writeJPEG(t, t.TempDir(), "Hồ Suối Lam buổi sáng.jpg", 4000, 3000)

	w := tab(t, alloc)
	err := chromedp.Do(w,
		chromedp.EmulateViewport(1366, 768),
		signIn(base, "can.bo", password("can.bo")),
		chromedp.Navigate(base+"admin/articles/new"),
		setValue("#area", "tourism"),
		typeInto("#new-title", "Hồ Suối Lam"),
		typeInto("#new-summary", "Hồ Suối Lam ở thị xã Đồng Xoài."),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		click(".toastui-editor-toolbar button.image"),
		chromedp.WaitVisible(chromedp.CSS("dialog.picture-dialog")),
	)
	if err != nil {
		t.Fatalf("open the picture dialog: %v", err)
	}
	if n, _ := chromedp.Run(w, chromedp.Evaluate[int](`document.querySelectorAll("dialog.picture-dialog input[type=url], .toastui-editor-popup-add-image:not([style*='display: none'])").length`)); n != 0 {
		t.Error("the dialog offers pictures from an address")
	}
	say := func(what string) string {
		t.Helper()
		got, err := chromedp.Run(w, chromedp.Poll[string](`(() => { const p = document.querySelector("dialog.picture-dialog .pd-problem"); return p && !p.hidden ? p.textContent : ""; })()`, chromedp.WithPollingTimeout(5*time.Second)))
		if err != nil {
			t.Fatalf("%s: no message in the dialog: %v", what, err)
		}
		return got
	}
	if err := chromedp.Do(w, click(`dialog.picture-dialog button[type=submit]`)); err != nil {
		t.Fatal(err)
	}
	if got := say("no file"); got != "Hãy chọn tệp ảnh." {
		t.Errorf("without a file the dialog says %q", got)
	}
	err = chromedp.Do(w,
		chromedp.SetUploadFiles(chromedp.ID("pd-file"), []string{photo}),
		click(`dialog.picture-dialog button[type=submit]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	if got := say("no description"); !strings.HasPrefix(got, "Hãy viết mô tả thay thế") {
		t.Errorf("without a description the dialog says %q", got)
	}
	if invalid, _ := chromedp.Run(w, chromedp.Evaluate[string](`document.getElementById("pd-alt").getAttribute("aria-invalid") || ""`)); invalid != "true" {
		t.Error("the description field is not marked")
	}
	if err := chromedp.Do(w, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait)); err != nil {
		t.Fatal(err)
	}
	if wide, _ := chromedp.Run(w, chromedp.Evaluate[bool](`(() => { const r = document.querySelector("dialog.picture-dialog").getBoundingClientRect(); const d = document.querySelector("dialog.picture-dialog"); return r.left < 0 || r.right > document.documentElement.clientWidth || d.scrollWidth > d.clientWidth; })()`)); wide {
		t.Error("the picture dialog is wider than a phone's screen")
	}
	screenshot(t, w, "picture-dialog-phone")
	if err := chromedp.Do(w, chromedp.EmulateViewport(1366, 768)); err != nil {
		t.Fatal(err)
	}
	for _, v := range axe(t, w) {
		t.Errorf("picture dialog: %s", v)
	}
	err = chromedp.Do(w,
		typeInto("#pd-alt", "Mặt hồ Suối Lam phẳng lặng buổi sáng"),
		typeInto("#pd-caption", "Hồ Suối Lam, thị xã Đồng Xoài"),
		typeInto("#pd-credit", "Sở Văn hóa, Thể thao và Du lịch"),
		setValue("#pd-licence", "cc-by-4.0"),
		click(`dialog.picture-dialog button[type=submit]`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`document.getElementById("body").value.includes("/media/") && !document.querySelector("dialog.picture-dialog")`, chromedp.WithPollingTimeout(30*time.Second))(ctx, t)
			return err
		}),
	)
	if err != nil {
		t.Fatalf("upload from the dialog: %v", err)
	}
	md, _ := editorMarkdown(w)
	first := regexp.MustCompile(`!\[Mặt hồ Suối Lam phẳng lặng buổi sáng\]\((/media/(\d+)/ho-suoi-lam-buoi-sang\.jpg)\)`).FindStringSubmatch(md)
	if first == nil {
		t.Fatalf("the picture and its description in the text: %q", md)
	}

	// A pasted picture opens the same dialog, holding it.
	err = chromedp.Do(w,
		click(".toastui-editor-ww-container .ProseMirror"),
		pastePNG(".toastui-editor-ww-container .ProseMirror"),
		chromedp.WaitVisible(chromedp.CSS("dialog.picture-dialog .pd-pasted")),
	)
	if err != nil {
		t.Fatalf("paste a picture: %v", err)
	}
	if hidden, _ := chromedp.Run(w, chromedp.Evaluate[bool](`document.querySelector("dialog.picture-dialog .pd-choose-file").hidden`)); !hidden {
		t.Error("the dialog asks for a file although one was pasted")
	}
	err = chromedp.Do(w,
		typeInto("#pd-alt", "Bản đồ đường vào hồ"),
		click(`dialog.picture-dialog button[type=submit]`),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`document.getElementById("body").value.includes("![Bản đồ đường vào hồ](/media/")`, chromedp.WithPollingTimeout(30*time.Second))(ctx, t)
			return err
		}),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
	)
	if err != nil {
		md, _ := editorMarkdown(w)
		t.Fatalf("insert the pasted picture and save: %v\n%s", err, md)
	}
	screenshot(t, w, "picture-dialog-check")

	// The library holds what was typed in the dialog.
	if err := chromedp.Do(w, chromedp.Navigate(base+"admin/media/"+first[2]), chromedp.WaitVisible(chromedp.ID("m-alt-vi"))); err != nil {
		t.Fatal(err)
	}
	for sel, want := range map[string]string{"#m-alt-vi": "Mặt hồ Suối Lam phẳng lặng buổi sáng", "#m-caption-vi": "Hồ Suối Lam, thị xã Đồng Xoài",
		"#m-credit": "Sở Văn hóa, Thể thao và Du lịch", "#m-licence": "cc-by-4.0", "#m-alt-en": ""} {
		if got, _ := chromedp.Run(w, valueOf(sel)); got != want {
			t.Errorf("the library's %s is %q, want %q", sel, got, want)
		}
	}

	// The check names only the pasted picture, with everything it lacks.
	if err := chromedp.Do(w, chromedp.NavigateBack(), chromedp.WaitVisible(chromedp.ID("ck-h"))); err != nil {
		t.Fatal(err)
	}
	lines, _ := chromedp.Run(w, chromedp.Evaluate[[]string](`[...document.querySelectorAll("#ck-h ~ .bad-list li")].map(li => li.textContent.trim())`))
	var pictures []string
	for _, l := range lines {
		if strings.HasPrefix(l, "Ảnh") {
			pictures = append(pictures, l)
		}
	}
	want := regexp.MustCompile(`^Ảnh «anh-chup-man-hinh\.png» còn thiếu: chú thích \(tiếng Việt\), nguồn ảnh, giấy phép\. Bổ sung thông tin ảnh$`)
	if len(pictures) != 1 || !want.MatchString(pictures[0]) {
		t.Errorf("the check's lines about pictures: %q", pictures)
	}
	href, _ := chromedp.Run(w, chromedp.Evaluate[string](`(document.querySelector("#ck-h ~ .bad-list a") || {}).pathname || ""`))
	if !regexp.MustCompile(`^/admin/media/\d+$`).MatchString(href) || href == "/admin/media/"+first[2] {
		t.Errorf("the check links to %q", href)
	}
}
