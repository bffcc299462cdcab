package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/mail"
	"portal/admin/mail/smtptest"
	"portal/admin/store"
	"portal/admin/web"
)

// runMail runs a notifier and an outbox over the fixture, as serve does.
func (f *fixture) runMail(t *testing.T, ed *editorial.Service, log ...*slog.Logger) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var lg *slog.Logger
	if len(log) > 0 {
		lg = log[0]
	}
	n := editorial.NewNotifier(f.db, []string{"vi", "en"}, f.url, lg)
	o := &mail.Outbox{Store: f.db, Config: ed.MailConfig, Backoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Poll: time.Second, Log: lg}
	n.Mailed = o.Wake
	ed.OnMail(o.Wake)
	f.db.OnWrite(n.Wake)
	done := make(chan struct{}, 2)
	go func() { n.Run(ctx, time.Second); done <- struct{}{} }()
	go func() { o.Run(ctx); done <- struct{}{} }()
	t.Cleanup(func() { cancel(); <-done; <-done })
}

// newArticle creates and saves a tourism article with title, and returns
// the address of its edit page.
func (c *client) newArticle(t *testing.T, title string) string {
	t.Helper()
	resp := c.post("/admin/articles", url.Values{"csrf_token": {c.token("/admin/articles/new")}, "area": {"tourism"}, "kind": {"news"}, "source_lang": {"vi"},
		"internal_notes": {"GHI-CHU-NOI-BO"}, "title": {title}})
	edit := resp.Header.Get("Location")
	resp = c.post(edit+"/save", url.Values{"csrf_token": {c.token(edit)}, "version": {"1"},
		"title": {title}, "summary": {"Tóm tắt."}, "body": {"Nội dung bài."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	return edit
}

var linkRe = regexp.MustCompile(`https?://[^\s<>"]+`)

func TestNotificationsByMailAndInTheAdmin(t *testing.T) {
	srv := smtptest.Start(t)
	const smtpPassword = "mật-khẩu-smtp-bí-mật"
	srv.Username, srv.Password = "cong", smtpPassword
	var logs syncBuffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f := setup(t, web.Config{Logger: logger})
	f.runMail(t, f.ed, logger)
	f.addUser(t, "quan.tri", admin.RoleAdmin)
	f.setUnit(t, "soan.thao", "so-tttt")

	// The administrator sets up mail; the password lives in an environment
	// variable the page names, and is never shown back.
	t.Setenv("PORTAL_TEST_SMTP_PW", smtpPassword)
	adm := newClient(t, f.url)
	adm.signIn("quan.tri")
	resp := adm.post("/admin/settings/mail", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "smtp_host": {srv.Host},
		"smtp_port": {itoa(int64(srv.Port))}, "smtp_security": {"starttls"}, "smtp_ca_file": {srv.CAFile},
		"smtp_username": {"cong"}, "smtp_password_env": {"PORTAL_TEST_SMTP_PW"},
		"smtp_from": {"cong@example.gov.vn"}, "smtp_from_name": {"Cổng thông tin đối ngoại"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving the mail settings: %d", resp.StatusCode)
	}
	_, page := adm.get("/admin/settings/mail")
	if strings.Contains(page, smtpPassword) || !strings.Contains(page, "PORTAL_TEST_SMTP_PW") {
		t.Error("the settings page shows the SMTP password, or not where it is")
	}
	resp, page = adm.postRead("/admin/settings/mail/test", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "to": {"quan.tri@example.gov.vn"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("test message: %d\n%s", resp.StatusCode, regexp.MustCompile(`(?s)<p class="error"[^>]*>.*?</p>`).FindString(page))
	}
	if got := srv.Wait(1, 5*time.Second); len(got) != 1 || got[0].To[0] != "quan.tri@example.gov.vn" || !strings.Contains(got[0].Subject, "Thư thử") {
		t.Fatalf("test message received: %+v", got)
	}
	// A wrong SMTP password: the test says what the server answered, and
	// neither password appears.
	t.Setenv("PORTAL_TEST_SMTP_PW", "sai-mat-khau-smtp")
	_, page = adm.postRead("/admin/settings/mail/test", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "to": {"quan.tri@example.gov.vn"}})
	if !strings.Contains(page, "không nhận tên đăng nhập hoặc mật khẩu SMTP") || strings.Contains(page, "sai-mat-khau-smtp") || strings.Contains(page, smtpPassword) {
		t.Errorf("a refused test message:\n%.3000s", page)
	}
	t.Setenv("PORTAL_TEST_SMTP_PW", smtpPassword)
	srv.Stop()
	if _, page = adm.postRead("/admin/settings/mail/test", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "to": {"quan.tri@example.gov.vn"}}); !strings.Contains(page, "không kết nối được tới máy chủ thư") {
		t.Error("a mail server that is down is not said in plain words")
	}
	srv.Restart()
	// No password over a connection in clear.
	_, page = adm.postRead("/admin/settings/mail", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "smtp_host": {srv.Host},
		"smtp_port": {itoa(int64(srv.Port))}, "smtp_security": {"none"}, "smtp_username": {"cong"}, "smtp_from": {"cong@example.gov.vn"}})
	if !strings.Contains(page, "Mật khẩu chỉ được gửi qua kết nối mã hóa") {
		t.Error("a user name with no encryption is not refused")
	}
	// A wrong port is said in plain words, on the page.
	adm.post("/admin/settings/mail", url.Values{"csrf_token": {adm.token("/admin/settings/mail")}, "smtp_host": {srv.Host},
		"smtp_port": {"70000"}, "smtp_security": {"none"}, "smtp_from": {"cong@example.gov.vn"}})
	if _, page := adm.get("/admin/settings/mail"); !strings.Contains(page, `value="`+itoa(int64(srv.Port))+`"`) {
		t.Error("a refused port replaced the stored one")
	}

	// Officers give their e-mail on their account page; the approver reads
	// the admin in English.
	w, ap := newClient(t, f.url), newClient(t, f.url)
	w.signIn("soan.thao")
	ap.signIn("nguoi.duyet")
	for _, p := range []struct {
		c           *client
		name, email string
		lang        string
	}{{w, "Nguyễn Văn Soạn", "soan@example.gov.vn", "vi"}, {ap, "Trần Thị Duyệt", "duyet@example.gov.vn", "en"}} {
		resp := p.c.post("/admin/account", url.Values{"csrf_token": {p.c.token("/admin/account")}, "full_name": {p.name}, "email": {p.email}, "ui_lang": {p.lang}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("account save for %s: %d", p.name, resp.StatusCode)
		}
	}
	// Choices are kept per kind; saving one leaves the others.
	ap.post("/admin/account", url.Values{"csrf_token": {ap.token("/admin/account")}, "full_name": {"Trần Thị Duyệt"}, "email": {"duyet@example.gov.vn"},
		"notify_submitted": {"email"}})

	// The contributor submits an article: the approver is told by mail, in
	// English, with a link that opens the edit page, and in the header.
	edit := w.newArticle(t, "Bình Phước đón nhà đầu tư Hàn Quốc")
	_, body := w.get(edit)
	v := versionRe.FindStringSubmatch(body)[1]
	w.post(edit+"/action", url.Values{"csrf_token": {w.token(edit)}, "version": {v}, "action": {"submit"}})
	got := srv.Wait(2, 10*time.Second)
	if len(got) != 2 {
		t.Fatalf("after submitting: %d messages", len(got))
	}
	m := got[1]
	if m.To[0] != "duyet@example.gov.vn" || !strings.HasPrefix(m.Subject, "Waiting for review: Bình Phước đón nhà đầu tư Hàn Quốc") ||
		!strings.Contains(m.Text, "Dear Trần Thị Duyệt") || !strings.Contains(m.HTML, "<a href=") {
		t.Fatalf("mail to the approver: to %v, subject %q\n%s", m.To, m.Subject, m.Text)
	}
	link := ""
	for _, l := range linkRe.FindAllString(m.Text, -1) {
		if strings.Contains(l, "/admin/articles/") {
			link = l
		}
	}
	if link != f.url+edit {
		t.Fatalf("the mail's link %q is not the edit page %q", link, f.url+edit)
	}
	if resp, body := ap.get(strings.TrimPrefix(link, f.url)); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Bình Phước đón nhà đầu tư") {
		t.Errorf("the mail's link does not open the article: %d", resp.StatusCode)
	}
	if _, body := ap.get("/admin/"); !strings.Contains(body, `class="count">1<`) {
		t.Error("no unread count in the approver's header")
	}
	_, list := ap.get("/admin/notifications")
	if !strings.Contains(list, "Bình Phước đón nhà đầu tư Hàn Quốc") || !strings.Contains(list, "Nguyễn Văn Soạn") {
		t.Errorf("the notifications page does not list it with who did it:\n%.2000s", list)
	}

	// Sent back with a comment while the mail server is down: nothing is
	// lost, the mail goes out, in Vietnamese, with the comment, once it is
	// back; the internal notes never travel.
	srv.Stop()
	ap.post(edit+"/action", url.Values{"csrf_token": {ap.token(edit)}, "version": {v}, "action": {"request-changes"}, "comment": {"Xin bổ sung số liệu vốn đầu tư."}})
	time.Sleep(300 * time.Millisecond)
	srv.Restart()
	got = srv.Wait(3, 10*time.Second)
	if len(got) != 3 {
		t.Fatalf("after the server came back: %d messages", len(got))
	}
	m = got[2]
	if m.To[0] != "soan@example.gov.vn" || !strings.HasPrefix(m.Subject, "Bài cần chỉnh sửa") || !strings.Contains(m.Text, "Xin bổ sung số liệu vốn đầu tư.") ||
		!strings.Contains(m.Text, "Kính gửi Nguyễn Văn Soạn") || !strings.Contains(m.Text, "Trần Thị Duyệt") {
		t.Errorf("mail to the author: %v %q\n%s", m.To, m.Subject, m.Text)
	}
	for _, m := range srv.Messages() {
		if strings.Contains(string(m.Raw), smtpPassword) || strings.Contains(m.Text+m.HTML, "GHI-CHU-NOI-BO") {
			t.Error("a mail holds the SMTP password or the internal notes")
		}
	}

	// The edit page names who wrote the comment.
	if _, body := w.get(edit); !strings.Contains(body, "Xin bổ sung số liệu vốn đầu tư.") || !strings.Contains(body, "— Trần Thị Duyệt") {
		t.Error("the edit page does not show the comment with its author")
	}

	if l := logs.String(); strings.Contains(l, smtpPassword) || strings.Contains(l, "sai-mat-khau-smtp") {
		t.Error("the log holds the SMTP password")
	}
	events, _ := f.db.Events(context.Background(), store.AuditFilter{})
	for _, e := range events {
		if strings.Contains(e.Detail, smtpPassword) {
			t.Errorf("the audit log holds the SMTP password: %s", e.Action)
		}
	}

	// A mail the server refuses for good is shown to administrators.
	srv.Reject = func(to string) bool { return to == "khong.ton.tai@example.gov.vn" }
	if err := f.db.QueueMail(context.Background(), &store.Mail{To: "khong.ton.tai@example.gov.vn", Subject: "Thử", Text: "x"}, nil); err != nil {
		t.Fatal(err)
	}
	for end := time.Now().Add(10 * time.Second); time.Now().Before(end); time.Sleep(50 * time.Millisecond) {
		if _, failed, _ := f.db.OutboxCounts(context.Background()); failed == 1 {
			break
		}
	}
	if _, body := adm.get("/admin/"); !strings.Contains(body, "1 thư không gửi được") {
		t.Error("the administrator's dashboard does not say a mail failed")
	}
	if _, body := adm.get("/admin/settings/mail"); !strings.Contains(body, "khong.ton.tai@example.gov.vn") || !strings.Contains(body, "no such mailbox") {
		t.Error("the mail page does not list the refused mail with the server's answer")
	}
	if _, body := w.get("/admin/"); strings.Contains(body, "không gửi được") {
		t.Error("a contributor is told of failed mail")
	}

	// Opening a notification marks it read.
	_, list = w.get("/admin/notifications")
	id := regexp.MustCompile(`action="/admin/notifications/(\d+)"`).FindStringSubmatch(list)
	if id == nil {
		t.Fatalf("the author has no notification:\n%.2000s", list)
	}
	resp = w.post("/admin/notifications/"+id[1], url.Values{"csrf_token": {w.token("/admin/notifications")}})
	if loc := resp.Header.Get("Location"); loc != edit {
		t.Errorf("opening the notification leads to %q, want %q", loc, edit)
	}
	if _, body := w.get("/admin/"); strings.Contains(body, `class="count">`) {
		t.Error("the count stays after reading the only notification")
	}
}

// syncBuffer is a log the server writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
