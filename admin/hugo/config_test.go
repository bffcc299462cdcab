package hugo_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portal/admin/hugo"
)

// TestSettingsOverHugoToml: what the office keeps in its settings is merged
// over hugo.toml key by key; the rest of each language's configuration stays.
func TestSettingsOverHugoToml(t *testing.T) {
	gen := t.TempDir()
	writeTree(t, gen, smallSite)
	static := t.TempDir()
	writeTree(t, static, map[string]string{"site-logo.png": "not really a picture"})
	out := filepath.Join(t.TempDir(), "public")
	_, err := hugo.Build(context.Background(), hugo.Site{
		SourceDir: repoRoot(t), ContentDir: gen, CacheDir: t.TempDir(), BaseURL: "https://portal.example/",
		StaticDirs: []string{static},
		Config: map[string]any{
			"params": map[string]any{"colors": map[string]any{"primary": "#123456"}},
			"languages": map[string]any{
				"en": map[string]any{"title": "Settings Title EN", "params": map[string]any{"organisation": "Settings Org EN"}},
			},
		},
	}, out)
	if err != nil {
		t.Fatal(err)
	}
	en, err := os.ReadFile(filepath.Join(out, "en", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	vi, err := os.ReadFile(filepath.Join(out, "vi", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(en), "Settings Title EN") {
		t.Error("the English title from the settings is not used")
	}
	if !strings.Contains(string(en), `lang="en"`) || !strings.Contains(string(vi), `lang="vi"`) {
		t.Error("the languages' own configuration was lost in the merge")
	}
	if strings.Contains(string(vi), "Settings Title EN") {
		t.Error("the English title reached the Vietnamese site")
	}
	if _, err := os.Stat(filepath.Join(out, "site-logo.png")); err != nil {
		t.Errorf("the static folder is not served: %v", err)
	}
	if _, err := os.Stat(filepath.Join(out, "vi", "dau-tu", "fdi-2023", "index.html")); err != nil {
		t.Errorf("content mounts lost: %v", err)
	}
}
