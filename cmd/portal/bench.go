package main

import (
	"context"
	"errors"
)

func cmdBench(ctx context.Context, env *environment, args []string) error {
	return errors.New("not yet")
}
