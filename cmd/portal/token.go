package main

import (
	"context"
	"errors"
	"flag"
	"fmt"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/publish"
	"portal/admin/web"
)

// cmdToken creates or revokes API tokens: `portal token create --username U`
// prints a new bearer token once; `portal token revoke --username U`
// revokes all of the user's tokens.
func cmdToken(ctx context.Context, env *environment, args []string) (err error) {
	if len(args) == 0 || (args[0] != "create" && args[0] != "revoke") {
		return fmt.Errorf("usage: portal token create|revoke --username U")
	}
	verb := args[0]
	var username *string
	a, err := openWith(ctx, env, "token "+verb, args[1:], func(fs *flag.FlagSet) {
		username = fs.String("username", "", "the user whose token it is (required)")
	})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	if *username == "" {
		return fmt.Errorf("usage: portal token %s --username U", verb)
	}
	u, err := a.db.UserByUsername(ctx, *username)
	if err != nil {
		return fmt.Errorf("no user named %q", *username)
	}
	ev := &admin.Event{Action: "token." + verb, Object: "user/" + u.Username, Actor: "command line"}
	if verb == "revoke" {
		n, err := a.db.RevokeTokens(ctx, u.ID, ev)
		if err != nil {
			return err
		}
		fmt.Fprintf(env.stdout, "Revoked %d token(s) of %q.\n", n, u.Username)
		return nil
	}
	token := auth.RandomSecret(32)
	if _, err := a.db.CreateToken(ctx, u.ID, web.TokenHash(token), ev); err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "%s\n", token)
	fmt.Fprintf(env.stderr, "API token for %q (role %s); it is shown only this once. Use it as: Authorization: Bearer <token>\n", u.Username, u.Role)
	return nil
}

// cmdAudit checks the audit log: `portal audit verify` reports the first
// broken link of the hash chain, and fails when there is one.
func cmdAudit(ctx context.Context, env *environment, args []string) (err error) {
	if len(args) == 0 || args[0] != "verify" {
		return fmt.Errorf("usage: portal audit verify [--anchor 'id hash']")
	}
	var given *string
	a, err := openWith(ctx, env, "audit verify", args[1:], func(fs *flag.FlagSet) {
		given = fs.String("anchor", "", "an entry recorded elsewhere, as \"id hash\" (the audit log's newest entry on a backup or a printout)")
	})
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	anchors, err := publish.ReadAnchors(a.pub.DataDir())
	if err != nil {
		return err
	}
	if *given != "" {
		an, err := publish.ParseAnchor(*given)
		if err != nil {
			return fmt.Errorf("--anchor: %w", err)
		}
		an.Source = "--anchor"
		anchors = append(anchors, an)
	}
	v, err := a.db.VerifyAudit(ctx, anchors...)
	if err != nil {
		return err
	}
	if v.BrokenID != 0 {
		return fmt.Errorf("the audit log is broken at entry %d (%s); %d entries checked", v.BrokenID, v.Reason, v.Checked)
	}
	fmt.Fprintf(env.stdout, "The audit log is intact: %d entries, each chained to the one before, and every recorded anchor is in it.\n", v.Checked)
	return nil
}
