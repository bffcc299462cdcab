package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"portal/admin/seed"
)

func cmdBuild(ctx context.Context, env *environment, args []string) (err error) {
	a, err := openWith(ctx, env, "build", args, nil)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	rep, err := a.pub.Publish(ctx)
	if err != nil {
		return fmt.Errorf("the site was not built; the previous site, if any, is unchanged: %w", err)
	}
	fmt.Fprintf(env.stdout, "Built %d pages (%d articles; %d files written, %d removed) in %s: export %s, Hugo %s.\nSite: %s\n",
		rep.Pages, rep.Export.Pages, rep.Export.Written, rep.Export.Removed,
		rep.Duration.Round(time.Millisecond), rep.ExportTime.Round(time.Millisecond), rep.BuildTime.Round(time.Millisecond),
		a.pub.PublicDir())
	return nil
}

func cmdSeed(ctx context.Context, env *environment, args []string) (err error) {
	a, err := openWith(ctx, env, "seed", args, nil)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, a.Close()) }()
	res, err := seed.Load(ctx, a.db, a.langCodes())
	if err != nil {
		return err
	}
	fmt.Fprintf(env.stdout, "Demo content: %d areas and %d units in place, %d articles added.\n", res.Areas, res.Units, res.Articles)
	return nil
}
