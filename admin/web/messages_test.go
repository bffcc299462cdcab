package web

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"portal/admin"
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

// Every refusal the code makes has a message in the catalogue: a key
// without one would reach the user as the general "invalid" text.
func TestEveryRefusalHasAMessage(t *testing.T) {
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`Refuse\(admin\.E[A-Z]+, "([a-z0-9_]+)"`),
		regexp.MustCompile(`\bRefuse\(E[A-Z]+, "([a-z0-9_]+)"`),
		regexp.MustCompile(`\binvalid\("[a-z0-9_]*", "([a-z0-9_]+)"`),
		regexp.MustCompile(`\b(?:forbidden|conflict)\("([a-z0-9_]+)"`),
		regexp.MustCompile(`Error\{[^}]*Key: +"([a-z0-9_]+)"`),
		regexp.MustCompile(`refuse\("([a-z0-9_]+)"`),
	}
	found := sourceMatches(t, "..", patterns, func(path, key string) {
		if strings.HasSuffix(key, "_") { // a prefix: "fact_invalid_" + the field's type
			if !slices.ContainsFunc(slices.Collect(maps.Keys(errorMessages["vi"])), func(k string) bool { return strings.HasPrefix(k, key) }) {
				t.Errorf("%s: no message starts with %q", path, key)
			}
			return
		}
		if _, ok := errorMessages["vi"][key]; !ok {
			t.Errorf("%s: the refusal %q has no message", path, key)
		}
	})
	if found < 100 {
		t.Errorf("only %d refusals found: the patterns no longer match the code", found)
	}
}

// TestLacksNamePictures: the check before approval says, for each picture,
// in one line, everything it lacks, naming its file and linking to its page
// in the library; other problems keep their own words.
func TestLacksNamePictures(t *testing.T) {
	probs := []*admin.Error{
		{Key: "incomplete_summary", Message: "the summary is missing"},
		{Key: "incomplete_picture_caption", Field: "picture/7", Args: []any{1, "cau-tau.jpg", admin.Language("en")}},
		{Key: "incomplete_picture_credit", Field: "picture/7", Args: []any{1, "cau-tau.jpg"}},
		{Key: "incomplete_picture_licence", Field: "picture/9", Args: []any{2, "ho-thac-mo.jpg"}},
	}
	got := lacks("vi", probs)
	want := []lack{
		{Text: "Bản này còn thiếu phần tóm tắt."},
		{Text: "Ảnh «cau-tau.jpg» còn thiếu: chú thích (tiếng Anh), nguồn ảnh.", Link: "/admin/media/7"},
		{Text: "Ảnh «ho-thac-mo.jpg» còn thiếu: giấy phép.", Link: "/admin/media/9"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("lacks:\n got %q\nwant %q", got, want)
	}
}

// TestEveryAuditActionHasASentence: each action the code writes to the
// audit log reads as a sentence in every language, so an inspector never
// meets a bare code like "seed.import".
func TestEveryAuditActionHasASentence(t *testing.T) {
	patterns := []*regexp.Regexp{
		regexp.MustCompile(`\bevent\([a-zA-Z.]+, "([a-z0-9_]+\.[a-z0-9_-]+)"`),
		regexp.MustCompile(`\badminEvent\(c, "([a-z0-9_]+\.[a-z0-9_-]+)"`),
		regexp.MustCompile(`\bAction: +"([a-z0-9_]+\.[a-z0-9_-]+)"`),
	}
	found := sourceMatches(t, "../..", patterns, func(path, action string) {
		for lang, sentences := range auditSentences {
			if _, ok := sentences[action]; !ok {
				t.Errorf("%s: the audit action %q has no %s sentence", path, action, lang)
			}
		}
	})
	if found < 20 {
		t.Errorf("only %d audit actions found: the patterns no longer match the code", found)
	}
}

// sourceMatches calls fn with each first group the patterns match in the
// Go sources (tests left out) under root, and returns how many there were.
func sourceMatches(t *testing.T, root string, patterns []*regexp.Regexp, fn func(path, match string)) int {
	t.Helper()
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range patterns {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				found++
				fn(path, m[1])
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return found
}
