package mail_test

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"portal/admin/mail"
	"portal/admin/mail/smtptest"
	"portal/admin/store"
)

func openDB(t testing.TB) *store.DB {
	t.Helper()
	db, err := store.Open(context.Background(), filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func queue(t testing.TB, db *store.DB, n int) {
	t.Helper()
	for i := range n {
		m := &store.Mail{To: fmt.Sprintf("can.bo%d@example.gov.vn", i), ToName: "Cán bộ", Subject: fmt.Sprintf("Bài chờ duyệt số %d", i),
			Text: "Nội dung thư", HTML: "<p>Nội dung thư</p>"}
		if err := db.QueueMail(context.Background(), m, nil); err != nil {
			t.Fatal(err)
		}
	}
}

func config(srv *smtptest.Server) func(context.Context) (mail.Config, error) {
	return func(context.Context) (mail.Config, error) {
		return mail.Config{Host: srv.Host, Port: srv.Port, Security: mail.None, From: "cong@example.gov.vn", FromName: "Cổng thông tin",
			Timeout: 2 * time.Second}, nil
	}
}

// A server that is down loses nothing: the mail waits and goes out once
// it is back; a recipient the server refuses for good is marked failed.
func TestOutboxSurvivesAServerThatIsDown(t *testing.T) {
	db := openDB(t)
	srv := smtptest.Start(t)
	srv.Reject = func(to string) bool { return strings.HasPrefix(to, "can.bo7@") }
	srv.Stop()
	queue(t, db, 20)
	o := &mail.Outbox{Store: db, Config: config(srv), Backoff: 50 * time.Millisecond, MaxBackoff: 200 * time.Millisecond, Poll: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	t.Cleanup(func() { cancel(); <-done })

	time.Sleep(300 * time.Millisecond)
	waiting, failed, err := db.OutboxCounts(ctx)
	if err != nil || waiting != 20 || failed != 0 {
		t.Fatalf("while the server is down: %d waiting, %d failed, %v", waiting, failed, err)
	}
	problems, _ := db.MailProblems(ctx, 100)
	if len(problems) == 0 || problems[0].LastError == "" {
		t.Error("the failed attempts are not recorded with their reason")
	}
	srv.Restart()
	got := srv.Wait(19, 10*time.Second)
	if len(got) != 19 {
		t.Fatalf("after the server came back: %d messages, want 19", len(got))
	}
	if got[0].Subject == "" || !strings.Contains(got[0].Text, "Nội dung thư") || !strings.Contains(got[0].HTML, "<p>Nội dung thư</p>") {
		t.Errorf("message: %q %q %q", got[0].Subject, got[0].Text, got[0].HTML)
	}
	time.Sleep(100 * time.Millisecond)
	waiting, failed, _ = db.OutboxCounts(ctx)
	if waiting != 0 || failed != 1 {
		t.Errorf("at the end: %d waiting, %d failed; want 0 and 1 (the refused address)", waiting, failed)
	}
}

// BenchmarkOutbox200 queues 200 notifications at once and measures the
// time until the last is accepted: with the SMTP server up throughout
// (the baseline), and stopped for the first 500 ms (retries after 100 ms,
// doubling to 400 ms).
func BenchmarkOutbox200(b *testing.B) {
	b.Run("server-up", func(b *testing.B) { benchOutbox(b, 0) })
	b.Run("server-down-500ms", func(b *testing.B) { benchOutbox(b, 500*time.Millisecond) })
}

func benchOutbox(b *testing.B, down time.Duration) {
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		srv := smtptest.Start(b)
		if down > 0 {
			srv.Stop()
		}
		queue(b, db, 200)
		o := &mail.Outbox{Store: db, Config: config(srv), Backoff: 100 * time.Millisecond, MaxBackoff: 400 * time.Millisecond, Poll: time.Second}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		b.StartTimer()
		start := time.Now()
		go func() { o.Run(ctx); close(done) }()
		if down > 0 {
			time.Sleep(down)
			srv.Restart()
		}
		if got := srv.Wait(200, time.Minute); len(got) != 200 {
			b.Fatalf("%d of 200 sent", len(got))
		}
		b.ReportMetric(float64(time.Since(start).Milliseconds()), "ms-to-drain")
		b.StopTimer()
		cancel()
		<-done
		b.StartTimer()
	}
}

// Mail queued while the program stops is sent when it starts again: the
// outbox is a table, not a queue in memory.
func TestOutboxSurvivesARestartOfTheProgram(t *testing.T) {
	path := filepath.Join(t.TempDir(), "portal.db")
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	srv := smtptest.Start(t)
	srv.Stop()
	queue(t, db, 5)
	o := &mail.Outbox{Store: db, Config: config(srv), Backoff: 20 * time.Millisecond, Poll: time.Second}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	<-done
	db.Close()

	db, err = store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv.Restart()
	o = &mail.Outbox{Store: db, Config: config(srv), Backoff: 20 * time.Millisecond, Poll: 50 * time.Millisecond}
	ctx, cancel = context.WithCancel(context.Background())
	done = make(chan struct{})
	go func() { o.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	if got := srv.Wait(5, 10*time.Second); len(got) != 5 {
		t.Errorf("after the restart: %d of 5 sent", len(got))
	}
}

// Each way of protecting the connection reaches a real server: STARTTLS
// and TLS from the first byte with the network's own certificate
// authority and a password; a certificate nobody vouches for is refused.
func TestSecurities(t *testing.T) {
	t.Setenv("PORTAL_TEST_SMTP_PW", "mật khẩu thư")
	for _, tc := range []struct {
		name     string
		start    func(testing.TB) *smtptest.Server
		security mail.Security
		trust    bool
		ok       bool
	}{
		{"starttls", smtptest.Start, mail.StartTLS, true, true},
		{"tls", smtptest.StartTLS, mail.TLS, true, true},
		{"starttls, unknown authority", smtptest.Start, mail.StartTLS, false, false},
		{"tls, unknown authority", smtptest.StartTLS, mail.TLS, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := tc.start(t)
			srv.Username, srv.Password = "cong", "mật khẩu thư"
			cfg := mail.Config{Host: srv.Host, Port: srv.Port, Security: tc.security, Username: "cong", PasswordEnv: "PORTAL_TEST_SMTP_PW",
				From: "cong@example.gov.vn", Timeout: 5 * time.Second}
			if tc.trust {
				cfg.CAFile = srv.CAFile
			}
			err := mail.Send(context.Background(), cfg, mail.Message{To: "a@example.gov.vn", Subject: "Thử", Text: "Xin chào"})
			if got := err == nil; got != tc.ok {
				t.Fatalf("sent: %v, want %v (%v)", got, tc.ok, err)
			}
			if err != nil && !strings.Contains(err.Error(), "certificate") {
				t.Errorf("the refusal does not say it is the certificate: %v", err)
			}
			if n := len(srv.Messages()); tc.ok && n != 1 {
				t.Errorf("%d messages received", n)
			}
		})
	}
}
