package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"sync"
	"time"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/editorial"
	"portal/admin/mail"
	"portal/admin/web"
)

func cmdServe(ctx context.Context, env *environment, args []string) (err error) {
	var addr *string
	var secure *bool
	o, err := parseFlags(env, "serve", args, func(fs *flag.FlagSet) {
		addr = fs.String("addr", envOr(env, "PORTAL_ADDR", "127.0.0.1:8080"), "address to listen on (env PORTAL_ADDR)")
		secure = fs.Bool("secure-cookies", env.getenv("PORTAL_SECURE_COOKIES") == "1", "send session cookies only over HTTPS (env PORTAL_SECURE_COOKIES=1)")
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	// Serve closes the listener when it shuts down; this is for the
	// returns before it, where there is nothing more to report.
	defer func() { _ = ln.Close() }()
	url := "http://" + ln.Addr().String() + "/"
	if o.baseURL == "" {
		o.baseURL = url
	}

	a, err := open(ctx, env, o)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	if err := a.seedIfEmpty(ctx, env); err != nil {
		return err
	}
	if err := firstAdmin(ctx, env, a, url); err != nil {
		return err
	}
	// A build the program was stopped in the middle of (a crash, a power
	// cut) never finished: say so instead of leaving it "running".
	if n, err := a.db.AbandonBuilds(ctx); err != nil {
		return err
	} else if n > 0 {
		a.log.Warn("builds interrupted by the last stop are recorded as failed", "builds", n)
	}
	if !a.pub.HasSite() {
		fmt.Fprintln(env.stdout, "Building the site for the first time...")
		if rep, err := a.pub.Publish(ctx); err != nil {
			// The admin still starts, so the error can be seen and fixed.
			fmt.Fprintf(env.stdout, "The site could not be built; see the log and the admin dashboard.\n")
		} else {
			fmt.Fprintf(env.stdout, "Built %d pages in %s.\n", rep.Pages, rep.Duration.Round(time.Millisecond))
		}
	} else {
		// The binary may carry a newer theme: rebuild in the background
		// while the last site stays online.
		a.pub.Request()
	}

	ed := editorial.New(a.db, a.langCodes(), a.pub.Request)
	// Mail leaves through the outbox; notifications are made from the
	// audit log. Neither ever holds up a request.
	outbox := &mail.Outbox{Store: a.db, Config: ed.MailConfig, Log: a.log}
	notifier := editorial.NewNotifier(a.db, a.langCodes(), o.baseURL, a.log)
	notifier.Mailed = outbox.Wake
	ed.OnMail(outbox.Wake)
	a.db.OnWrite(notifier.Wake)
	srv, err := web.New(web.Config{DB: a.db, Publisher: a.pub, Editorial: ed, Languages: a.langs, Logger: a.log, SecureCookies: *secure,
		BaseURL: o.baseURL})
	if err != nil {
		return err
	}
	defer srv.Close()
	var wg sync.WaitGroup
	runCtx, stopRun := context.WithCancel(ctx)
	wg.Add(4)
	go func() { defer wg.Done(); a.pub.Run(runCtx) }()
	go func() { defer wg.Done(); notifier.Run(runCtx, 10*time.Second) }()
	go func() { defer wg.Done(); outbox.Run(runCtx) }()
	// A rebuild every night, so that lists that depend on the date (the
	// upcoming and past events) move on.
	wg.Add(1)
	go func() { defer wg.Done(); a.pub.RunDaily(runCtx) }()
	// Scheduled publications and removals, checked every 20 seconds, so
	// they happen within a minute with nobody signed in.
	go func() {
		defer wg.Done()
		ed.RunScheduler(runCtx, 20*time.Second, func(err error) { a.log.Error("schedule", "err", err) })
	}()

	fmt.Fprintf(env.stdout, "Serving the site at %s and the admin at %sadmin/\n", url, url)
	err = srv.Serve(ctx, ln)
	// Shut down in order: no more requests, then let a running build
	// finish, then close the database (deferred).
	stopRun()
	wg.Wait()
	return err
}

// firstAdmin creates the first administrator when there are no users, with
// the password from PORTAL_ADMIN_PASSWORD or a generated one, and says once
// how to sign in. There is never a default password.
func firstAdmin(ctx context.Context, env *environment, a *app, url string) error {
	n, err := a.db.CountUsers(ctx)
	if err != nil || n > 0 {
		return err
	}
	password := env.getenv("PORTAL_ADMIN_PASSWORD")
	generated := password == ""
	if generated {
		password = auth.TemporaryPassword()
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return fmt.Errorf("PORTAL_ADMIN_PASSWORD: %s", admin.ErrorMessage(err))
	}
	ev := &admin.Event{Action: "user.create", Object: "user/admin", Actor: "first start", Detail: "role admin"}
	// A generated password went through the terminal: it is for the first
	// sign-in only.
	u := &admin.User{Username: "admin", FullName: "Quản trị viên", Role: admin.RoleAdmin, PasswordHash: hash, MustChangePassword: generated}
	if err := a.db.CreateUser(ctx, u, ev); err != nil {
		return err
	}
	if generated {
		fmt.Fprintf(env.stdout, "\nFirst start: sign in at %sadmin/ as \"admin\" with the password\n\n    %s\n\nIt is shown only this once and is for the first sign-in: you will choose your own.\nAdd other users on the Users page or with `portal user add`.\n\n", url, password)
	} else {
		fmt.Fprintf(env.stdout, "First start: sign in at %sadmin/ as \"admin\" with the password from PORTAL_ADMIN_PASSWORD.\n", url)
	}
	return nil
}
