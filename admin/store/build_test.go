package store_test

import (
	"context"
	"testing"

	"portal/admin/store"
)

// A build the program was stopped in the middle of is recorded as failed
// at the next start, not left running; finished builds keep their result.
func TestInterruptedBuildsAreClosed(t *testing.T) {
	ctx := context.Background()
	db, _ := open(t)
	done, err := db.StartBuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FinishBuild(ctx, done, 12, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := db.StartBuild(ctx); err != nil { // then the power went out
		t.Fatal(err)
	}
	n, err := db.AbandonBuilds(ctx)
	if err != nil || n != 1 {
		t.Fatalf("AbandonBuilds: %d, %v; want 1", n, err)
	}
	b, err := db.LastBuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b.OK || b.FinishedAt.IsZero() || b.Error != store.Interrupted {
		t.Errorf("the interrupted build is %+v", b)
	}
	if n, err := db.AbandonBuilds(ctx); err != nil || n != 0 {
		t.Errorf("second AbandonBuilds: %d, %v; want 0", n, err)
	}
}
