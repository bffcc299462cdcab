package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"portal/admin/web"
)

// TestIndustrialParkFacts: an officer fills in a park's figures in the edit
// form; a wrong number comes back in plain words with everything typed
// kept; the check before approval names what is missing; the English
// version starts with the same figures.
func TestIndustrialParkFacts(t *testing.T) {
	f := setup(t, web.Config{})
	ctx := context.Background()
	f.setUnit(t, "soan.thao", "so-tttt")
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	tok := w.token("/admin/articles/new")
	resp := w.post("/admin/articles", url.Values{"csrf_token": {tok}, "area": {"investment"}, "kind": {"industrial_park"}, "source_lang": {"vi"},
		"title": {"Khu công nghiệp"}})
	edit := resp.Header.Get("Location")
	if !strings.HasSuffix(edit, "/vi") {
		t.Fatalf("new article: %d %q", resp.StatusCode, edit)
	}
	_, page := w.get(edit)
	for _, want := range []string{`name="fact_area_ha"`, "Diện tích (ha)", `name="fact_as_of" data-date="date"`, "Tỷ lệ lấp đầy (%)"} {
		if !strings.Contains(page, want) {
			t.Errorf("the edit page lacks %q", want)
		}
	}
	form := url.Values{"csrf_token": {tok}, "version": {"1"}, "title": {"Khu công nghiệp Minh Hưng – Hàn Quốc"},
		"summary": {"Khu công nghiệp ở Chơn Thành."}, "body": {"Giới thiệu."},
		"fact_location": {"Chơn Thành"}, "fact_area_ha": {"khoảng 190"}, "fact_occupancy_pct": {"69,5"}, "fact_source": {"Ban Quản lý các KCN"}}
	body := postForm(t, w, edit+"/save", form)
	if !strings.Contains(body, "«Diện tích» phải là một số") || !strings.Contains(body, `value="khoảng 190"`) || !strings.Contains(body, "Khu công nghiệp Minh Hưng") {
		t.Errorf("a wrong number: the message or the typed values are missing:\n%.3000s", body)
	}
	a, _ := f.db.Article(ctx, articleIDOf(t, edit))
	if vi := a.Translation("vi"); vi.Version != 1 || vi.Title != "Khu công nghiệp" {
		t.Fatal("a refused save stored something")
	}
	form.Set("fact_area_ha", "4.686")
	form.Set("fact_occupancy_pct", "69,50")
	if resp := w.post(edit+"/save", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", resp.StatusCode)
	}
	a, _ = f.db.Article(ctx, articleIDOf(t, edit))
	vi := a.Translation("vi")
	if vi.Facts["area_ha"] != "4686" || vi.Facts["occupancy_pct"] != "69.50" || vi.Facts["location"] != "Chơn Thành" {
		t.Errorf("stored facts: %v", vi.Facts)
	}
	_, page = w.get(edit)
	// The figures read back as typed, in the version's language.
	if !strings.Contains(page, `name="fact_occupancy_pct" inputmode="decimal" value="69,50"`) {
		t.Errorf("the Vietnamese form does not show 69,50 back")
	}
	if !strings.Contains(page, "Còn thiếu «Số liệu tính đến ngày»") {
		t.Errorf("the check before approval does not name the missing date of the figures")
	}
	// A date is typed and shown day first.
	form.Set("version", "2")
	form.Set("fact_as_of", "31/12/2024")
	if resp := w.post(edit+"/save", form); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save with a date: %d", resp.StatusCode)
	}
	a, _ = f.db.Article(ctx, articleIDOf(t, edit))
	if got := a.Translation("vi").Facts["as_of"]; got != "2024-12-31" {
		t.Errorf("the date 31/12/2024 is stored as %q", got)
	}
	_, page = w.get(edit)
	if !strings.Contains(page, `name="fact_as_of" data-date="date" inputmode="numeric" autocomplete="off" placeholder="ngày/tháng/năm" value="31/12/2024"`) {
		t.Errorf("the date is not shown back day first")
	}
	// The English version starts with the figures, not with the words.
	_, page = w.get(strings.TrimSuffix(edit, "/vi") + "/en")
	if !strings.Contains(page, `name="fact_area_ha" inputmode="decimal" value="4686"`) || !strings.Contains(page, `name="fact_occupancy_pct" inputmode="decimal" value="69.50"`) || strings.Contains(page, `value="Chơn Thành"`) {
		t.Errorf("the new English version's figures are not taken from the Vietnamese one")
	}
}

var articleIDRe = regexp.MustCompile(`/admin/articles/(\d+)/`)

func articleIDOf(t *testing.T, path string) int64 {
	t.Helper()
	m := articleIDRe.FindStringSubmatch(path)
	if m == nil {
		t.Fatalf("no article id in %q", path)
	}
	var id int64
	for _, c := range m[1] {
		id = id*10 + int64(c-'0')
	}
	return id
}
