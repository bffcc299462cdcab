package web

import (
	"testing"
	"time"
)

func TestEveryMessageInEveryLanguage(t *testing.T) {
	for lang, m := range messages {
		for key := range messages["vi"] {
			if m[key] == "" {
				t.Errorf("%s: no %q", lang, key)
			}
		}
		for key := range m {
			if _, ok := messages["vi"][key]; !ok {
				t.Errorf("%s has %q, which Vietnamese lacks", lang, key)
			}
		}
	}
}

func TestShortDateVI(t *testing.T) {
	for _, tt := range []struct {
		y, m, d int
		want    string
	}{
		{2024, 6, 6, "06/6/2024"}, {2023, 2, 5, "05/02/2023"}, {2025, 12, 31, "31/12/2025"}, {2024, 1, 15, "15/01/2024"},
	} {
		if got := ShortDateVI(date(tt.y, tt.m, tt.d)); got != tt.want {
			t.Errorf("ShortDateVI(%d-%d-%d) = %q, want %q", tt.y, tt.m, tt.d, got, tt.want)
		}
	}
}

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC) }
