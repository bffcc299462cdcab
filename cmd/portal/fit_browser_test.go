package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// overflow lists what makes the page wider than the window, and the
// pictures wider than their container; empty when everything fits.
const overflow = `(() => {
	const out = [];
	const d = document.documentElement;
	if (d.scrollWidth > d.clientWidth) out.push("the page scrolls sideways by " + (d.scrollWidth - d.clientWidth) + " px");
	for (const img of document.querySelectorAll("main img")) {
		const box = img.parentElement.getBoundingClientRect();
		const r = img.getBoundingClientRect();
		if (r.width > 0 && r.right > box.right + 1) out.push("a picture (" + img.getAttribute("src") + ") is " + Math.round(r.width) + " px wide in a box of " + Math.round(box.width));
	}
	return out;
})()`

// widest lists the elements that reach past the window's right edge.
const widest = `(() => {
	const W = document.documentElement.clientWidth, out = [];
	for (const e of document.querySelectorAll("body *")) {
		const r = e.getBoundingClientRect();
		if (r.right > W + 1) out.push(e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.split(" ").join(".") : "") + " to " + Math.round(r.right));
	}
	return out.slice(0, 10);
})()`

func fits(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	// Let the pictures load: a picture has no size until it has.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`[...document.querySelectorAll("main img:not([loading=lazy])")].every(i => i.complete)`, chromedp.WithPollingTimeout(15*time.Second))); err != nil {
		t.Logf("%s: pictures still loading: %v", name, err)
	}
	problems, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](overflow))
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	for _, p := range problems {
		t.Errorf("%s: %s", name, p)
	}
	if len(problems) > 0 {
		wide, _ := chromedp.Run(ctx, chromedp.Evaluate[[]string](widest))
		t.Logf("%s: what reaches past the window: %v", name, wide)
	}
	screenshot(t, ctx, name)
}

// TestPicturesFitInBrowser: with a 4000×3000 photo with a long name in a
// long Vietnamese text, no admin page scrolls sideways and no picture
// leaves its box, at 1366×768 and on a 390-pixel phone: the editor, the
// translation beside its source, the inline preview, the preview on the
// site, the media library, the picture's page and the picker.
func TestPicturesFitInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-tttt"}))
	photo := writeJPEG(t, t.TempDir(), "Toàn cảnh khu công nghiệp Bắc Đồng Phú nhìn từ trên cao vào buổi sáng tháng Sáu.jpg", 4000, 3000)
	long := strings.Repeat("Tỉnh Bình Phước nằm ở vùng Đông Nam Bộ, có đường biên giới dài với Vương quốc Campuchia và là cửa ngõ nối Tây Nguyên với Thành phố Hồ Chí Minh. ", 40)

	w := tab(t, alloc)
	err := chromedp.Do(w,
		chromedp.EmulateViewport(1366, 768),
		signIn(base, "can.bo", password("can.bo")),
		chromedp.Navigate(base+"admin/media"),
		chromedp.WaitVisible(chromedp.ID("m-file")),
		chromedp.SetUploadFiles(chromedp.ID("m-file"), []string{photo}),
		typeInto("#m-alt-vi", "Khu công nghiệp nhìn từ trên cao"),
		click(`form[action="/admin/media"] button[type=submit]`),
		waitNotice("Đã thêm ảnh vào thư viện"),
	)
	if err != nil {
		t.Fatalf("upload: %v", err)
	}
	itemURL, _ := chromedp.Run(w, chromedp.Location())
	err = chromedp.Do(w,
		chromedp.Navigate(base+"admin/articles/new"),
		setValue("#area", "investment"),
		typeInto("#new-title", "Khu công nghiệp Bắc Đồng Phú thu hút nhà đầu tư"),
		typeInto("#new-summary", "Toàn cảnh khu công nghiệp."),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		pasteHTML(".toastui-editor-ww-container .ProseMirror", "<p>"+long+"</p>"),
		click("#insert-picture"),
		chromedp.WaitVisible(chromedp.CSS("dialog.picker button.pick")),
	)
	if err != nil {
		t.Fatalf("write: %v", err)
	}
	fits(t, w, "desk-picker")
	err = chromedp.Do(w,
		click("dialog.picker button.pick"),
		chromedp.Func(func(ctx context.Context, t *chromedp.Target) error {
			_, err := chromedp.Poll[bool](`document.getElementById("body").value.includes("/media/")`)(ctx, t)
			return err
		}),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
	)
	if err != nil {
		t.Fatalf("insert and save: %v", err)
	}
	editURL, _ := chromedp.Run(w, chromedp.Location())
	editURL = strings.SplitN(editURL, "#", 2)[0]
	enURL := strings.TrimSuffix(editURL, "/vi") + "/en"

	for _, vp := range []struct {
		name string
		act  chromedp.Action[chromedp.Void]
	}{
		{"desk", chromedp.EmulateViewport(1366, 768)},
		{"phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait)},
	} {
		for _, p := range []struct{ name, url, wait string }{
			{"editor", editURL, ".toastui-editor-ww-container img"},
			{"translation", enURL, "main"},
			{"library", base + "admin/media", "main"},
			{"picture", itemURL, "main"},
		} {
			if err := chromedp.Do(w, vp.act, chromedp.Navigate(p.url), chromedp.WaitVisible(chromedp.CSS(p.wait))); err != nil {
				t.Fatalf("%s %s: %v", vp.name, p.name, err)
			}
			fits(t, w, vp.name+"-"+p.name)
		}
		// The inline preview.
		if err := chromedp.Do(w, vp.act, chromedp.Navigate(editURL), click(`button[name=preview]`), chromedp.WaitVisible(chromedp.CSS("section.preview"))); err != nil {
			t.Fatalf("%s preview: %v", vp.name, err)
		}
		fits(t, w, vp.name+"-preview")
		// The preview on the site opens the page as readers will see it.
		if err := chromedp.Do(w, vp.act, chromedp.Navigate(editURL+"/site-preview"), chromedp.WaitVisible(chromedp.CSS("main"))); err != nil {
			t.Fatalf("%s site preview: %v", vp.name, err)
		}
		fits(t, w, vp.name+"-site-preview")
	}
}
