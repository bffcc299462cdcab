package publish_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"portal/admin"
)

// TestSettingsReachTheSite: the office's settings (name per language,
// logo) are what the built site shows, without touching hugo.toml.
func TestSettingsReachTheSite(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	logo := []byte("\x89PNG logo bytes")
	m := &admin.Media{FileName: "logo.png", OriginalName: "logo.png", Format: "png", MIME: "image/png",
		Width: 120, Height: 40, Bytes: int64(len(logo)), SHA256: "feedbeef"}
	if _, err := db.AddMedia(ctx, m, nil); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(pub.MediaDir(), 0o755)
	if err := os.WriteFile(filepath.Join(pub.MediaDir(), m.StoredName()), logo, 0o644); err != nil {
		t.Fatal(err)
	}
	set := &admin.SiteSettings{Title: map[string]string{"en": "Provincial Portal From Settings"}, LogoMediaID: m.ID,
		InvestorContact: admin.Contact{Name: map[string]string{"vi": "Phòng Xúc tiến đầu tư", "en": "Investment Promotion Office"}, Email: "xuctien@example.gov.vn"},
		Spokesperson:    admin.Contact{Name: map[string]string{"vi": "Người phát ngôn Thử", "en": "Test Spokesperson"}, Role: map[string]string{"en": "Office Director"}, Phone: "+84 271 000"}}
	if err := db.PutSiteSettings(ctx, set, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public := filepath.Join(data, "public")
	if en := read(t, filepath.Join(public, "en", "index.html")); !strings.Contains(en, "Provincial Portal From Settings") {
		t.Error("the English site name from the settings is not on the English home page")
	}
	if vi := read(t, filepath.Join(public, "vi", "index.html")); strings.Contains(vi, "Provincial Portal From Settings") {
		t.Error("the English name is on the Vietnamese home page")
	}
	for _, p := range []string{"en/investment/index.html", "vi/dau-tu/index.html"} {
		if html := read(t, filepath.Join(public, p)); !strings.Contains(html, "xuctien@example.gov.vn") {
			t.Errorf("%s does not name the investors' contact", p)
		}
	}
	if html := read(t, filepath.Join(public, "en", "investment", "index.html")); !strings.Contains(html, "Investment Promotion Office") {
		t.Error("the English investment page does not name the contact in English")
	}
	if html := read(t, filepath.Join(public, "en", "tourism", "index.html")); strings.Contains(html, "xuctien@example.gov.vn") {
		t.Error("the tourism page shows the investors' contact")
	}
	var release string
	db.EachPublished(ctx, func(p *admin.Published) error {
		if p.Kind == admin.KindPressRelease && p.Translation.Lang == "en" {
			release = filepath.Join("en", p.Area.Slug, p.Translation.Slug, "index.html")
		}
		return nil
	})
	if release == "" {
		t.Fatal("the demo has no English press release")
	}
	for _, p := range []string{"en/press/index.html", release} {
		if html := read(t, filepath.Join(public, p)); !strings.Contains(html, "Test Spokesperson") || !strings.Contains(html, "Office Director") || !strings.Contains(html, "84 271 000") {
			t.Errorf("%s does not name the spokesperson", p)
		}
	}
	if html := read(t, filepath.Join(public, "vi", "bao-chi", "index.html")); !strings.Contains(html, "Người phát ngôn Thử") {
		t.Error("the Vietnamese press page does not name the spokesperson")
	}
	if got := read(t, filepath.Join(public, "logo.png")); got != string(logo) {
		t.Errorf("the logo is not served at /logo.png")
	}
	// The logo removed from the settings leaves the site at the next build.
	set.LogoMediaID = 0
	db.PutSiteSettings(ctx, set, nil)
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(public, "logo.png")); !os.IsNotExist(err) {
		t.Errorf("the removed logo is still served: %v", err)
	}
}
