package hugo_test

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	toml "github.com/pelletier/go-toml/v2"
)

// TestNoDoubledDateWords: a sentence that takes a date written by
// date_long ("ngày 06 tháng 6 năm 2024") does not say the date's first
// word itself, so readers never see "ngày ngày".
func TestNoDoubledDateWords(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "i18n", "*.toml"))
	if len(files) == 0 {
		t.Fatal("no i18n files")
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		strs := map[string]any{}
		if err := toml.Unmarshal(b, &strs); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		long, _ := strs["date_long"].(string)
		first := regexp.MustCompile(`^\p{L}+`).FindString(long)
		if first == "" {
			continue // the date starts with its number
		}
		doubled := regexp.MustCompile(`(?i)\b` + first + `\s*\{\{-?\s*\.Date\b`)
		for key, v := range strs {
			if s, ok := v.(string); ok && doubled.MatchString(s) {
				t.Errorf("%s: %s says %q before a date that starts with it: %q", filepath.Base(f), key, first, s)
			}
		}
	}
}
