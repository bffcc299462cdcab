package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"portal/admin"
	"portal/admin/editorial"
)

func cmdUserAdd(ctx context.Context, env *environment, args []string) (err error) {
	var username, role, unit, langs, fullName, email *string
	o, err := parseFlags(env, "user add", args, func(fs *flag.FlagSet) {
		username = fs.String("username", "", "user name (required)")
		role = fs.String("role", "", "role: contributor, editor, approver or admin (required)")
		unit = fs.String("unit", "", "key of the unit the user belongs to")
		langs = fs.String("languages", "", "for approvers: the languages they may approve, e.g. en (default: all)")
		fullName = fs.String("name", "", "the person's full name, as shown in the admin (default: the user name)")
		email = fs.String("email", "", "the person's e-mail address, for notifications")
	})
	if err != nil {
		return err
	}
	if *username == "" || !admin.Role(*role).Valid() {
		return fmt.Errorf("usage: portal user add --username U --role contributor|editor|approver|admin|inspector|press [--unit UNIT] [--name \"Full Name\"] [--email E] [--languages vi,en]; the password is read from standard input")
	}
	password, err := readPassword(env)
	if err != nil {
		return err
	}
	a, err := open(ctx, env, o)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	in := editorial.NewUser{Username: *username, Role: admin.Role(*role), Password: password,
		Person: editorial.Person{FullName: *fullName, Email: *email}}
	for _, l := range strings.Split(*langs, ",") {
		if l = strings.TrimSpace(l); l != "" {
			in.Languages = append(in.Languages, l)
		}
	}
	in.UnitKey = *unit
	// The command line acts as the system, through the same account rules
	// as the Users page.
	ed := editorial.New(a.db, a.langCodes(), nil)
	u, _, err := ed.CreateUser(ctx, editorial.Actor{User: editorial.System.User, Addr: "command line"}, in)
	if err != nil {
		switch {
		case admin.ErrorCode(err) == admin.ECONFLICT && admin.ErrorKey(err) != "email_taken":
			return fmt.Errorf("a user named %q already exists", *username)
		case admin.ErrorCode(err) == admin.EINTERNAL:
			return err
		}
		return errors.New(admin.ErrorMessage(err))
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
