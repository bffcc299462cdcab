package publish_test

import (
	"testing"
	"time"

	"portal/admin/publish"
)

func TestNextDaily(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	for _, tc := range []struct{ now, want time.Time }{
		{time.Date(2024, 6, 30, 23, 0, 0, 0, ict), time.Date(2024, 7, 1, 0, 5, 0, 0, ict)},
		{time.Date(2024, 7, 1, 0, 4, 0, 0, ict), time.Date(2024, 7, 1, 0, 5, 0, 0, ict)},
		{time.Date(2024, 7, 1, 0, 5, 0, 0, ict), time.Date(2024, 7, 2, 0, 5, 0, 0, ict)},
		{time.Date(2024, 6, 30, 16, 30, 0, 0, time.UTC), time.Date(2024, 7, 1, 0, 5, 0, 0, ict)},
	} {
		if got := publish.NextDaily(tc.now); !got.Equal(tc.want) {
			t.Errorf("NextDaily(%v) = %v, want %v", tc.now, got, tc.want)
		}
	}
}
