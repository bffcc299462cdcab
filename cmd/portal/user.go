package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"slices"
	"strings"

	"portal/admin"
	"portal/admin/auth"
)

func cmdUserAdd(ctx context.Context, env *environment, args []string) (err error) {
	var username, role, unit, langs *string
	o, err := parseFlags(env, "user add", args, func(fs *flag.FlagSet) {
		username = fs.String("username", "", "user name (required)")
		role = fs.String("role", "", "role: contributor, editor, approver or admin (required)")
		unit = fs.String("unit", "", "key of the unit the user belongs to")
		langs = fs.String("languages", "", "for approvers: the languages they may approve, e.g. en (default: all)")
	})
	if err != nil {
		return err
	}
	if *username == "" || !admin.Role(*role).Valid() {
		return fmt.Errorf("usage: portal user add --username U --role contributor|editor|approver|admin|inspector [--unit UNIT] [--languages vi,en]; the password is read from standard input")
	}
	password, err := readPassword(env)
	if err != nil {
		return err
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return errors.New(admin.ErrorMessage(err))
	}
	a, err := open(ctx, env, o)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	u := &admin.User{Username: *username, Role: admin.Role(*role), PasswordHash: hash}
	for _, l := range strings.Split(*langs, ",") {
		if l = strings.TrimSpace(l); l != "" {
			if !slices.Contains(a.langCodes(), l) {
				return fmt.Errorf("--languages: the site has no language %q", l)
			}
			u.Languages = append(u.Languages, l)
		}
	}
	if *unit != "" {
		un, err := a.db.UnitByKey(ctx, *unit)
		if err != nil {
			return fmt.Errorf("no unit with key %q", *unit)
		}
		u.UnitID = un.ID
	}
	ev := &admin.Event{Action: "user.create", Object: "user/" + u.Username, Actor: "command line", Detail: "role " + string(u.Role)}
	if err := a.db.CreateUser(ctx, u, ev); err != nil {
		if admin.ErrorCode(err) == admin.ECONFLICT {
			return fmt.Errorf("a user named %q already exists", u.Username)
		}
		return err
	}
	fmt.Fprintf(env.stdout, "User %q added with role %s.\n", u.Username, u.Role)
	return nil
}

// readPassword reads one line from standard input: a password never goes
// on the command line, where other users of the machine could see it.
func readPassword(env *environment) (string, error) {
	line, err := bufio.NewReader(env.stdin).ReadString('\n')
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		if err != nil {
			return "", fmt.Errorf("no password on standard input: %w", err)
		}
		return "", errors.New("no password on standard input")
	}
	return line, nil
}
