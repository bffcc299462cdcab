package export_test

import (
	"encoding/csv"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"portal/admin"
	"portal/admin/export"
)

func TestListsAndDownloads(t *testing.T) {
	at := time.Date(2024, 5, 2, 3, 0, 0, 0, time.UTC)
	area := admin.AreaName{Name: "Đầu tư", Slug: "dau-tu"}
	mk := func(id int64, kind admin.Kind, slug, title string, facts admin.Facts) *admin.Published {
		return &admin.Published{ArticleID: id, Kind: kind, AreaKey: "investment", Area: area,
			Translation: admin.Translation{Lang: "vi", Slug: slug, Title: title, Summary: "Tóm tắt", Facts: facts, PublishedAt: at, UpdatedAt: at}}
	}
	all := []*admin.Published{
		mk(1, admin.KindInvestProject, "nha-may-dien", "=Nhà máy điện", admin.Facts{"sector": "energy", "status": "calling", "area_ha": "120.5", "location": "Lộc Ninh"}),
		mk(2, admin.KindInvestProject, "trang-trai", "Trang trại", admin.Facts{"sector": "agriculture", "status": "calling"}),
		mk(3, admin.KindEvent, "hoi-cho", "Hội chợ, triển lãm; 2024", admin.Facts{"start": "2024-06-30T08:00", "end": "2024-07-02T17:00", "venue": "Đồng Xoài"}),
		mk(4, admin.KindNews, "tin", "Tin", nil),
		mk(5, admin.KindEvent, "cong-bo-di-san", "Công bố di sản", admin.Facts{"start": "2024-05-15", "venue": "Vườn quốc gia Bù Gia Mập"}),
	}
	pages, dl, err := export.Lists("investment", "vi", area, all, "https://portal.example/")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"du-an/_index.md", "du-an/sector-energy/_index.md", "du-an/sector-agriculture/_index.md", "du-an/status-calling/_index.md", "su-kien/_index.md"} {
		if pages[want] == nil {
			t.Errorf("no list page %s (have %v)", want, keys(pages))
		}
	}
	if pages["du-an/status-licensed/_index.md"] != nil || pages["khu-cong-nghiep/_index.md"] != nil {
		t.Error("a list page for values or kinds no article has")
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(dl["dau-tu/du-an/du-an.csv"]), "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV: %v, %d rows", err, len(rows))
	}
	head := rows[0]
	col := func(name string) int { return slices.Index(head, name) }
	if col("area_ha") < 0 || col("sector") < 0 || col("url") < 0 {
		t.Fatalf("CSV header: %v", head)
	}
	r := rows[1]
	if !strings.Contains(r[col("url")], "nha-may-dien") {
		r = rows[2]
	}
	if r[col("title")] != "'=Nhà máy điện" || r[col("area_ha")] != "120.5" || r[col("url")] != "https://portal.example/vi/dau-tu/nha-may-dien/" {
		t.Errorf("CSV row (a title starting with = must not be a formula): %v", r)
	}
	var js struct {
		Items []struct {
			Title string         `json:"title"`
			Facts map[string]any `json:"facts"`
		} `json:"items"`
	}
	if err := json.Unmarshal(dl["dau-tu/du-an/du-an.json"], &js); err != nil || len(js.Items) != 2 {
		t.Fatalf("JSON: %v %+v", err, js)
	}
	item := js.Items[0]
	if item.Title != "=Nhà máy điện" {
		item = js.Items[1]
	}
	if v, ok := item.Facts["area_ha"].(float64); !ok || v != 120.5 {
		t.Errorf("a figure in the JSON is not a number: %#v", item.Facts["area_ha"])
	}
	cal := string(dl["dau-tu/su-kien/su-kien.ics"])
	for _, want := range []string{"BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART:20240630T010000Z", "DTEND:20240702T100000Z",
		`SUMMARY:Hội chợ\, triển lãm\; 2024`, "LOCATION:Đồng Xoài", "URL:https://portal.example/vi/dau-tu/hoi-cho/"} {
		if !strings.Contains(cal, want) {
			t.Errorf("the calendar lacks %q:\n%s", want, cal)
		}
	}
	if one := string(dl["dau-tu/su-kien/cong-bo-di-san.ics"]); !strings.Contains(one, "DTSTART;VALUE=DATE:20240515") || !strings.Contains(one, "DTEND;VALUE=DATE:20240516") {
		t.Errorf("an all-day event's calendar:\n%s", one)
	}
	if dl["dau-tu/su-kien/hoi-cho.ics"] == nil {
		t.Error("no calendar file for the one event")
	}
}

func TestListAddressesAreReserved(t *testing.T) {
	area := admin.AreaName{Name: "A", Slug: "a"}
	for _, kind := range []admin.Kind{admin.KindIndustrialPark, admin.KindInvestProject, admin.KindIncentive, admin.KindProcedure, admin.KindEvent} {
		for _, lang := range []string{"vi", "en"} {
			p := &admin.Published{Kind: kind, AreaKey: "k", Area: area, Translation: admin.Translation{Lang: lang, Slug: "x",
				Facts: admin.Facts{"start": "2024-01-01T00:00"}}}
			pages, _, err := export.Lists("k", lang, area, []*admin.Published{p}, "")
			if err != nil {
				t.Fatal(err)
			}
			for rel := range pages {
				dir := strings.Split(rel, "/")[0]
				if !slices.Contains(admin.ReservedSlugs, dir) {
					t.Errorf("the list address %q is not reserved: an article could take it", dir)
				}
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
