package publish

import (
	"context"
	"time"

	"portal/admin"
)

// NextDaily returns the first time after now at 00:05 in Vietnam, when the
// site is rebuilt so that what depends on the date (upcoming and past
// events) moves on.
func NextDaily(now time.Time) time.Time {
	v := now.In(admin.Vietnam)
	next := time.Date(v.Year(), v.Month(), v.Day(), 0, 5, 0, 0, admin.Vietnam)
	if !next.After(v) {
		next = next.AddDate(0, 0, 1)
	}
	return next
}

// RunDaily requests a rebuild every day at 00:05 Vietnam time until ctx is
// done.
func (p *Publisher) RunDaily(ctx context.Context) {
	for {
		wait := time.Until(NextDaily(time.Now()))
		select {
		case <-ctx.Done():
			return
		case <-time.After(wait):
			p.Request()
		}
	}
}
