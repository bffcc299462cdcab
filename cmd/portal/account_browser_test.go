package main

import (
	"context"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"portal/admin/mail/smtptest"
)

// TestAccountsInBrowser is an officer's first day in a real browser: the
// administrator sets up mail and adds the officer, whose generated
// password works once and must be replaced before anything else; the
// changed password works and the old one does not. Then a submitted
// article tells its approver in the header and by mail, and the mail's
// link opens the edit page.
func TestAccountsInBrowser(t *testing.T) {
	alloc := browser(t)
	smtp := smtptest.Start(t)
	base := startServer(t, seededData(t, [3]string{"can.bo", "contributor", "so-tttt"}, [3]string{"nguoi.duyet", "approver", ""},
		[3]string{"quan.tri", "admin", ""}))

	adm := tab(t, alloc)
	err := chromedp.Do(adm,
		signIn(base, "quan.tri", password("quan.tri")),
		chromedp.Navigate(base+"admin/settings/mail"),
		setValue("#smtp_host", smtp.Host),
		setValue("#smtp_port", itoa(smtp.Port)),
		setValue("#smtp_security", "none"),
		setValue("#smtp_from", "cong@example.gov.vn"),
		setValue("#smtp_from_name", "Cổng thông tin đối ngoại"),
		click(`form[action="/admin/settings/mail"] button[type=submit]`),
		waitNotice("Đã lưu"),
	)
	if err != nil {
		screenshot(t, adm, "mail-settings-failed")
		t.Fatalf("the administrator sets up mail: %v", err)
	}
	err = chromedp.Do(adm,
		chromedp.Navigate(base+"admin/users"),
		typeInto("#nu-full", "Đặng Thị Mới Vào"),
		typeInto("#nu-name", "moi.vao"),
		typeInto("#nu-email", "moi.vao@example.gov.vn"),
		setValue("#nu-role", "editor"),
		click(`form[action="/admin/users"][method="post"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS("code.secret")),
	)
	if err != nil {
		screenshot(t, adm, "add-user-failed")
		t.Fatalf("the administrator adds an officer: %v", err)
	}
	screenshot(t, adm, "user-added")
	temp, err := chromedp.Run(adm, textOf("code.secret"))
	if err != nil || len(temp) < 12 {
		t.Fatalf("temporary password %q: %v", temp, err)
	}

	// First sign-in: the password page and nothing else.
	nb := tab(t, alloc)
	err = chromedp.Do(nb,
		chromedp.Navigate(base+"admin/signin"),
		typeInto("#username", "moi.vao"),
		typeInto("#password", temp),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("new_password")),
	)
	if err != nil {
		t.Fatalf("first sign-in: %v", err)
	}
	if notice, _ := chromedp.Run(nb, textOf(".notice")); !strings.Contains(notice, "chỉ dùng cho lần đăng nhập này") {
		t.Errorf("the password page does not say why: %q", notice)
	}
	screenshot(t, nb, "must-change")
	if err := chromedp.Do(nb, chromedp.Navigate(base+"admin/articles"), chromedp.WaitVisible(chromedp.ID("new_password"))); err != nil {
		t.Fatalf("another page before the password is set: %v", err)
	}
	if loc, _ := chromedp.Run(nb, chromedp.Location()); !strings.HasSuffix(loc, "/admin/account/password") {
		t.Errorf("the articles page opened before the password was set: %s", loc)
	}
	mine := "sông Bé chảy qua đồi điều"
	err = chromedp.Do(nb,
		typeInto("#current_password", temp),
		typeInto("#new_password", "1q2w3e4r5t6y"),
		typeInto("#repeat_password", "1q2w3e4r5t6y"),
		click(`form[action="/admin/account/password"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(".error")),
	)
	if err != nil {
		t.Fatal(err)
	}
	if msg, _ := chromedp.Run(nb, textOf(".error")); !strings.Contains(msg, "bị dùng nhiều nhất") {
		t.Errorf("a common password is refused with %q", msg)
	}
	err = chromedp.Do(nb,
		typeInto("#current_password", temp),
		typeInto("#new_password", mine),
		typeInto("#repeat_password", mine),
		click(`form[action="/admin/account/password"] button[type=submit]`),
		waitNotice("Đã đổi mật khẩu"),
	)
	if err != nil {
		t.Fatalf("setting one's own password: %v", err)
	}
	if who, _ := chromedp.Run(nb, textOf(".who")); who != "Đặng Thị Mới Vào" {
		t.Errorf("the header shows %q, not the full name", who)
	}
	// The old password no longer works; the new one does.
	again := tab(t, alloc)
	err = chromedp.Do(again,
		chromedp.Navigate(base+"admin/signin"),
		typeInto("#username", "moi.vao"),
		typeInto("#password", temp),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS(".error")),
		signIn(base, "moi.vao", mine),
	)
	if err != nil {
		t.Fatalf("signing in again: %v", err)
	}

	// The approver gives an e-mail address on their account page.
	ap := tab(t, alloc)
	err = chromedp.Do(ap,
		signIn(base, "nguoi.duyet", password("nguoi.duyet")),
		click(".who"),
		click(`.menu-list a[href="/admin/account"]`),
		chromedp.WaitVisible(chromedp.ID("email")),
		setValue("#full_name", "Trần Văn Duyệt"),
		setValue("#email", "duyet@example.gov.vn"),
		click(`form[action="/admin/account"] button[type=submit]`),
		waitNotice("Đã lưu"),
	)
	if err != nil {
		t.Fatalf("the approver's account page: %v", err)
	}
	screenshot(t, ap, "my-account")

	// A contributor writes and submits.
	w := tab(t, alloc)
	err = chromedp.Do(w,
		signIn(base, "can.bo", password("can.bo")),
		chromedp.Navigate(base+"admin/articles/new"),
		setValue("#area", "tourism"),
		typeInto("#new-title", "Rừng Bù Gia Mập vào mùa khô"),
		typeInto("#new-summary", "Vườn quốc gia ở phía bắc tỉnh."),
		click(`form[action="/admin/articles"] button[type=submit]`),
		chromedp.WaitVisible(chromedp.ID("title")),
		chromedp.WaitVisible(chromedp.CSS(".toastui-editor-ww-container .ProseMirror")),
		pasteHTML(".toastui-editor-ww-container .ProseMirror", "<p>Nội dung bài viết.</p>"),
		click(`form[action$="/save"] button[type=submit]`),
		waitNotice("Đã lưu phiên bản 2"),
		click(`button[value=submit]`),
		waitNotice("Đã gửi duyệt"),
	)
	if err != nil {
		t.Fatalf("write and submit: %v", err)
	}
	editURL, _ := chromedp.Run(w, chromedp.Location())

	// The approver and the editor (who reviews too) are told.
	msgs := smtp.Wait(2, 30*time.Second)
	var toApprover *smtptest.Message
	for i, m := range msgs {
		if m.To[0] == "duyet@example.gov.vn" {
			toApprover = &msgs[i]
		}
	}
	if len(msgs) != 2 || toApprover == nil || !strings.Contains(toApprover.Subject, "Rừng Bù Gia Mập vào mùa khô") ||
		!strings.Contains(toApprover.Text, "Kính gửi Trần Văn Duyệt") {
		for _, m := range msgs {
			t.Logf("to %v: %q\n%s", m.To, m.Subject, m.Text)
		}
		t.Fatalf("after the submission: %d messages, none to the approver about the article", len(msgs))
	}
	link := regexp.MustCompile(`http://\S+/admin/articles/\d+/vi`).FindString(toApprover.Text)
	if link == "" || link != strings.SplitN(editURL, "#", 2)[0] {
		t.Errorf("the mail's link %q is not the edit page %q", link, editURL)
	}
	err = chromedp.Do(ap,
		chromedp.Navigate(base+"admin/"),
		chromedp.WaitVisible(chromedp.CSS(".bell .count")),
	)
	if err != nil {
		t.Fatalf("no count in the approver's header: %v", err)
	}
	if n, _ := chromedp.Run(ap, textOf(".bell .count")); !strings.HasPrefix(n, "1") {
		t.Errorf("the header counts %q", n)
	}
	err = chromedp.Do(ap,
		click(".bell"),
		chromedp.WaitVisible(chromedp.CSS(".notices")),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ap, "notifications")
	err = chromedp.Do(ap,
		chromedp.Navigate(link),
		chromedp.WaitVisible(chromedp.ID("title")),
	)
	if err != nil {
		t.Fatalf("the mail's link in the approver's browser: %v", err)
	}
	if title, _ := chromedp.Run(ap, valueOf("#title")); title != "Rừng Bù Gia Mập vào mùa khô" {
		t.Errorf("the mail's link opens %q", title)
	}
	for _, c := range []context.Context{adm, nb, ap} {
		for _, v := range axe(t, c) {
			t.Errorf("axe: %s", v)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
