package web

import (
	"strings"
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

// Every refusal is written in every language, with the same number of
// places for its arguments.
func TestEveryErrorMessageInEveryLanguage(t *testing.T) {
	for lang, m := range errorMessages {
		for key, vi := range errorMessages["vi"] {
			msg, ok := m[key]
			if !ok || msg == "" {
				t.Errorf("%s: no %q", lang, key)
				continue
			}
			if strings.Count(msg, "%v") != strings.Count(vi, "%v") || strings.Count(strings.ReplaceAll(msg, "%%", ""), "%") != strings.Count(msg, "%v") {
				t.Errorf("%s %q: %q has other arguments than %q", lang, key, msg, vi)
			}
		}
		for key := range m {
			if _, ok := errorMessages["vi"][key]; !ok {
				t.Errorf("%s has %q, which Vietnamese lacks", lang, key)
			}
		}
	}
	if got := fill("Không có %v.", nil); got != "Không có ." {
		t.Errorf("fill without its argument: %q", got)
	}
	if got := fill("Yêu cầu không đúng.", []any{"extra"}); got != "Yêu cầu không đúng." {
		t.Errorf("fill with an argument too many: %q", got)
	}
}
