// Command portal runs the external-information portal: the admin where
// officers write and approve articles, the publisher that builds the static
// bilingual site with Hugo in-process, and the server for both.
//
//	portal [serve]       run the admin and the site (the default)
//	portal build         export and build the site once
//	portal seed          load the demo content (again: it changes nothing)
//	portal user add      add a user; the password is read from standard input
//	portal token create  print a new API token for a user (token revoke: revoke them)
//	portal audit verify  check the hash chain of the audit log
//	portal bench         measure export and build on synthetic sites
//	portal check         check the built site against its budgets
//
// Every command takes --data (or PORTAL_DATA), the data folder, ./data by
// default. Run a command with -h for its flags.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "portal:", err)
		os.Exit(1)
	}
}

// run is the whole program, with its surroundings passed in so that tests
// can start it for real.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 && args[0] != "" && args[0][0] != '-' {
		cmd, args = args[0], args[1:]
	}
	env := &environment{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	switch cmd {
	case "serve":
		return cmdServe(ctx, env, args)
	case "build":
		return cmdBuild(ctx, env, args)
	case "seed":
		return cmdSeed(ctx, env, args)
	case "user":
		if len(args) == 0 || args[0] != "add" {
			return fmt.Errorf("usage: portal user add --username U --role R [--unit UNIT] (password on standard input)")
		}
		return cmdUserAdd(ctx, env, args[1:])
	case "token":
		return cmdToken(ctx, env, args)
	case "audit":
		return cmdAudit(ctx, env, args)
	case "bench":
		return cmdBench(ctx, env, args)
	case "check":
		return cmdCheck(ctx, env, args)
	case "hugo": // Hugo's own command line, the benchmark's baseline; not listed
		return cmdHugo(env, args)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", cmd, usage)
}

const usage = `usage: portal [command] [flags]

commands:
  serve      run the admin (/admin/) and the built site (/) (the default)
  build      export published articles and build the site once
  seed       load the demo content; loading it again changes nothing
  user add   add a user: --username U --role R [--unit UNIT] [--languages vi,en];
             password on standard input
  token      create|revoke --username U: API bearer tokens
  audit      verify: check the hash chain of the audit log
  bench      build synthetic sites and print timings
  check      check the built site: links, other hosts, weight, [--vnu] [--lighthouse]

Every command takes --data DIR (or PORTAL_DATA), default ./data.
`

type environment struct {
	getenv func(string) string
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
}
