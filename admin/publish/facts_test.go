package publish_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"portal/admin"
)

// TestFactsInTheBuiltSite: the demo event and an imported project reach the
// site as facts tables, lists with filters and downloads, calendars and
// schema.org data.
func TestFactsInTheBuiltSite(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	area, _ := db.AreaByKey(ctx, "investment")
	facts := admin.Facts{"sector": "energy", "status": "calling", "location": "Lộc Ninh", "area_ha": "291.50",
		"source": "Sở Kế hoạch và Đầu tư", "as_of": "2024-03-01"}
	if _, err := db.ImportArticles(ctx, []*admin.Article{{AreaID: area.ID, Kind: admin.KindInvestProject, Translations: []*admin.Translation{{
		Lang: "vi", Title: "Dự án điện mặt trời thử nghiệm", Summary: "Tóm tắt dự án", Body: "Nội dung.", Status: admin.StatusPublished,
		Facts: facts, PublishedAt: time.Date(2024, 3, 2, 3, 0, 0, 0, time.UTC)}}}, {AreaID: area.ID, Kind: admin.KindProcedure, Translations: []*admin.Translation{{
		Lang: "vi", Title: "Thủ tục thử nghiệm cấp chủ trương đầu tư", Summary: "Tóm tắt thủ tục", Body: "Các bước.", Status: admin.StatusPublished,
		Facts: admin.Facts{"office": "Sở Kế hoạch và Đầu tư", "time_limit_days": "35", "online_url": "https://dichvucong.example.gov.vn/",
			"source": "Sở Kế hoạch và Đầu tư", "as_of": "2024-03-01"},
		PublishedAt: time.Date(2024, 3, 3, 3, 0, 0, 0, time.UTC)}}}}, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	page := func(rel string) string {
		t.Helper()
		return read(t, filepath.Join(public, filepath.FromSlash(rel)))
	}

	project := page("vi/dau-tu/du-an-dien-mat-troi-thu-nghiem/index.html")
	// Generated sentences say each word once: "tính đến ngày 01 tháng 3",
	// never "tính đến ngày ngày 01".
	plain := regexp.MustCompile(`<[^>]+>`).ReplaceAllString(project, "")
	if strings.Contains(plain, "ngày ngày") || !strings.Contains(plain, "tính đến ngày 01 tháng 3 năm 2024") {
		t.Errorf("the figures' date is not said once: %q", regexp.MustCompile(`[^.]*tính đến[^.]*`).FindString(plain))
	}
	// A figure is shown to the precision typed: 291.50 is "291,50".
	for _, want := range []string{"Năng lượng", "Đang kêu gọi đầu tư", "291,50 ha", "Lộc Ninh", "Nguồn", "Sở Kế hoạch và Đầu tư"} {
		if !strings.Contains(project, want) {
			t.Errorf("the project page lacks %q", want)
		}
	}
	list := page("vi/dau-tu/du-an/index.html")
	for _, want := range []string{"Dự án điện mặt trời thử nghiệm", "291,50", `href="/vi/dau-tu/du-an/sector-energy/"`, `href="/vi/dau-tu/du-an/du-an.csv"`} {
		if !strings.Contains(list, want) {
			t.Errorf("the project list lacks %q", want)
		}
	}
	if filtered := page("vi/dau-tu/du-an/sector-energy/index.html"); !strings.Contains(filtered, "Dự án điện mặt trời thử nghiệm") {
		t.Error("the energy filter page does not list the energy project")
	}
	if csv := page("vi/dau-tu/du-an/du-an.csv"); !strings.Contains(csv, "Dự án điện mặt trời thử nghiệm") || !strings.Contains(csv, "291.50") {
		t.Errorf("the CSV download: %q", csv)
	}

	procedure := page("vi/dau-tu/thu-tuc-thu-nghiem-cap-chu-truong-dau-tu/index.html")
	for _, want := range []string{"Thông tin thủ tục", "Thời hạn giải quyết", "35 ngày", `href="https://dichvucong.example.gov.vn/"`} {
		if !strings.Contains(procedure, want) {
			t.Errorf("the procedure page lacks %q", want)
		}
	}
	if procs := page("vi/dau-tu/thu-tuc/index.html"); !strings.Contains(procs, "Thủ tục thử nghiệm cấp chủ trương đầu tư") || !strings.Contains(procs, "thu-tuc.csv") {
		t.Error("the list of procedures lacks the procedure or its download")
	}

	events := page("vi/van-hoa-con-nguoi/su-kien/index.html")
	if !strings.Contains(events, "Đã diễn ra") || !strings.Contains(events, "nghề đan gùi") {
		t.Error("the demo event is not among the past events")
	}
	ics, err := os.ReadFile(filepath.Join(public, "vi", "van-hoa-con-nguoi", "su-kien", "su-kien.ics"))
	if err != nil || !strings.Contains(string(ics), "DTSTART;VALUE=DATE:20240515") {
		t.Errorf("the events calendar: %v\n%s", err, ics)
	}
	matches, _ := filepath.Glob(filepath.Join(public, "en", "culture-people", "*", "index.html"))
	var event map[string]any
	for _, m := range matches {
		b, _ := os.ReadFile(m)
		js := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindSubmatch(b)
		if js == nil {
			continue
		}
		var node map[string]any
		if err := json.Unmarshal(js[1], &node); err != nil {
			t.Fatalf("%s: JSON-LD: %v", m, err)
		}
		if about, ok := node["about"].(map[string]any); ok && about["@type"] == "Event" {
			event = about
		}
	}
	if event == nil || event["startDate"] != "2024-05-15" || event["location"].(map[string]any)["name"] != "Bù Gia Mập National Park" {
		t.Errorf("schema.org Event of the demo event: %v", event)
	}
}

// TestClaimReview: the demo clarification carries the claim it answers and
// its verdict, on the page and as a schema.org ClaimReview.
func TestClaimReview(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, _ := filepath.EvalSymlinks(filepath.Join(data, "public"))
	var page string
	db.EachPublished(ctx, func(p *admin.Published) error {
		if p.Kind == admin.KindClarification && p.Translation.Lang == "en" {
			page = read(t, filepath.Join(public, "en", p.Area.Slug, p.Translation.Slug, "index.html"))
		}
		return nil
	})
	for _, want := range []string{"The claim", "240 km long", "Verdict", "False"} {
		if !strings.Contains(page, want) {
			t.Errorf("the clarification page lacks %q", want)
		}
	}
	js := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(page)
	if js == nil {
		t.Fatal("no JSON-LD")
	}
	var doc struct {
		Graph []map[string]any `json:"@graph"`
	}
	if err := json.Unmarshal([]byte(js[1]), &doc); err != nil {
		t.Fatal(err)
	}
	var review map[string]any
	for _, n := range doc.Graph {
		if n["@type"] == "ClaimReview" {
			review = n
		}
	}
	if review == nil || !strings.Contains(review["claimReviewed"].(string), "240 km") ||
		review["reviewRating"].(map[string]any)["alternateName"] != "False" {
		t.Errorf("ClaimReview: %v", review)
	}
}
