package admin_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"portal/admin"
)

func TestParseNumber(t *testing.T) {
	for in, want := range map[string]float64{
		"4686": 4686, "4 686": 4686, "4.686": 4686, "4,686": 4686, "1.234.567": 1234567, "1,234,567": 1234567,
		"69,5": 69.5, "69.5": 69.5, "4.686,5": 4686.5, "4,686.5": 4686.5, "0,75": 0.75, "12": 12,
	} {
		if got, ok := admin.ParseNumber(in); !ok || got != want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "khoảng 10", "1e9", "NaN", "Inf", "0x10", "12ha"} {
		if got, ok := admin.ParseNumber(in); ok {
			t.Errorf("ParseNumber(%q) = %v, want refused", in, got)
		}
	}
}

// A figure keeps the decimals typed, and reads back in each language's
// way of writing numbers to the same figure.
func TestNumbersAsTyped(t *testing.T) {
	for _, tc := range []struct{ in, canonical, vi, en string }{
		{"291,52", "291.52", "291,52", "291.52"},
		{"291.50", "291.50", "291,50", "291.50"},
		{"4 686", "4686", "4686", "4686"},
		{"0,125", "0.125", "0,125", "0.125"},
		{"1.234.567,5", "1234567.5", "1.234.567,5", "1,234,567.5"},
		{"12345", "12345", "12.345", "12,345"},
		{",5", "0.5", "0,5", "0.5"},
	} {
		c, ok := admin.CanonicalNumber(tc.in)
		if !ok || c != tc.canonical {
			t.Errorf("CanonicalNumber(%q) = %q, %v; want %q", tc.in, c, ok, tc.canonical)
			continue
		}
		vi, en := admin.FormatNumber("vi", c), admin.FormatNumber("en", c)
		if vi != tc.vi || en != tc.en {
			t.Errorf("%s written %q and %q; want %q and %q", c, vi, en, tc.vi, tc.en)
		}
		for _, back := range []string{vi, en} {
			if again, _ := admin.CanonicalNumber(back); again != c {
				t.Errorf("%q reads back as %q, not %q", back, again, c)
			}
		}
	}
	for _, tc := range []struct{ lang, in, want string }{
		{"vi", "4.686,125", "4686.125"}, {"vi", "4686,125", "4686.125"}, {"vi", "12,125", "12.125"}, {"en", "12,125", "12125"},
		{"en", "1234.567", "1234.567"}, {"vi", "1234.567", "1234.567"}, {"vi", "4.686", "4686"}, {"en", "12.125", "12.125"},
		{"", "00012", "12"}, {"", "+.5", "0.5"}, {"vi", "69.5", "69.5"}, {"en", "69,5", "69.5"},
	} {
		got, ok := admin.CanonicalNumberIn(tc.lang, tc.in)
		if !ok || got != tc.want {
			t.Errorf("CanonicalNumberIn(%s, %q) = %q, %v; want %q", tc.lang, tc.in, got, ok, tc.want)
		}
		for _, lang := range []string{"vi", "en"} {
			if back, _ := admin.CanonicalNumberIn(lang, admin.FormatNumber(lang, tc.want)); back != tc.want {
				t.Errorf("%s written in %s as %q reads back as %q", tc.want, lang, admin.FormatNumber(lang, tc.want), back)
			}
		}
	}
	for _, in := range []string{"1..5", "1,,5", "1.234.56", "12,34,56", "1.2.3", "10.000.0", "0.5.", "1.000 000", "1,000 000", "5,", "5.", "1.234,", ",", "."} {
		if got, ok := admin.CanonicalNumberIn("vi", in); ok {
			t.Errorf("CanonicalNumberIn(vi, %q) = %q, want refused", in, got)
		}
	}
	if d := admin.Decimals("291.50"); d != 2 {
		t.Errorf("Decimals(291.50) = %d", d)
	}
}

// Dates in forms are read day first, as officers write them, or in ISO
// order as the API sends them; the fields show them day first again.
func TestFormDates(t *testing.T) {
	for in, want := range map[string]string{"30/06/2024": "2024-06-30", "30/6/2024": "2024-06-30", "5.2.2023": "2023-02-05",
		"2024-06-30": "2024-06-30", " 01-01-2025 ": "2025-01-01"} {
		if got, ok := admin.FormDate(in); !ok || got != want {
			t.Errorf("FormDate(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "6/30/2024", "31/04/2024", "30/06/24", "2024-06-30T08:00", "ngày 30 tháng 6"} {
		if got, ok := admin.FormDate(in); ok {
			t.Errorf("FormDate(%q) = %q, want refused", in, got)
		}
	}
	for in, want := range map[string]string{"30/06/2024 08:00": "2024-06-30T08:00", "30/6/2024 8:05": "2024-06-30T08:05",
		"2024-06-30T08:00": "2024-06-30T08:00", "2024-06-30T08:00:59": "2024-06-30T08:00", "2024-06-30 23:59": "2024-06-30T23:59"} {
		if got, ok := admin.FormDateTime(in); !ok || got != want {
			t.Errorf("FormDateTime(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"30/06/2024", "30/06/2024 25:00", "30/06/2024 08:60"} {
		if got, ok := admin.FormDateTime(in); ok {
			t.Errorf("FormDateTime(%q) = %q, want refused", in, got)
		}
	}
	for _, tc := range []struct{ lang, in, want string }{
		{"vi", "2024-06-30", "30/6/2024"}, {"vi", "2023-02-05", "05/02/2023"}, {"vi", "2024-06-30T08:00", "30/6/2024 08:00"},
		{"en", "2024-06-30", "30/06/2024"}, {"vi", "30/06/2024", "30/06/2024"}, {"vi", "", ""},
	} {
		if got := admin.DayFirst(tc.lang, tc.in); got != tc.want {
			t.Errorf("DayFirst(%s, %q) = %q, want %q", tc.lang, tc.in, got, tc.want)
		}
		if c, ok := admin.FormDate(admin.DayFirst(tc.lang, tc.in)); tc.in == "2024-06-30" && (!ok || c != tc.in) {
			t.Errorf("%q does not read back: %q %v", admin.DayFirst(tc.lang, tc.in), c, ok)
		}
	}
}

func TestCleanFacts(t *testing.T) {
	got, err := admin.CleanFacts(admin.KindIndustrialPark, admin.Facts{
		"area_ha": " 4.686 ", "occupancy_pct": "69,5", "location": "Chơn Thành", "unknown": "dropped",
		"source": "Ban Quản lý các KCN", "as_of": "2024-12-31", "contact_email": "bql@example.gov.vn"})
	if err != nil {
		t.Fatal(err)
	}
	if got["area_ha"] != "4686" || got["occupancy_pct"] != "69.5" || got["unknown"] != "" || got["location"] != "Chơn Thành" {
		t.Errorf("cleaned facts: %v", got)
	}
	for _, tc := range []struct {
		kind  admin.Kind
		facts admin.Facts
		key   string
	}{
		{admin.KindIndustrialPark, admin.Facts{"area_ha": "khoảng 4000"}, "fact_invalid_number"},
		{admin.KindIndustrialPark, admin.Facts{"as_of": "12/31/2024"}, "fact_invalid_date"},
		{admin.KindIndustrialPark, admin.Facts{"as_of": "31/02/2024"}, "fact_invalid_date"},
		{admin.KindIndustrialPark, admin.Facts{"source_url": "javascript:alert(1)"}, "fact_invalid_url"},
		{admin.KindIndustrialPark, admin.Facts{"contact_email": "not an address"}, "fact_invalid_email"},
		{admin.KindInvestProject, admin.Facts{"sector": "casino"}, "fact_invalid_choice"},
		{admin.KindEvent, admin.Facts{"start": "30/06/2024 8h"}, "fact_invalid_datetime"},
		{admin.KindEvent, admin.Facts{"start": "30/06/0224 08:00"}, "fact_invalid_datetime"},
		{admin.KindIncentive, admin.Facts{"valid_from": "01/01/2025", "valid_to": "01/01/2024"}, "fact_valid_to_before_from"},
		{admin.KindEvent, admin.Facts{"start": "30/06/2024 24:00"}, "fact_invalid_datetime"},
		{admin.KindEvent, admin.Facts{"start": "2024-06-30T08:00", "end": "2024-06-29T08:00"}, "fact_end_before_start"},
	} {
		_, err := admin.CleanFacts(tc.kind, tc.facts)
		var e *admin.Error
		if !errors.As(err, &e) || e.Key != tc.key {
			t.Errorf("%v: %v, want %s", tc.facts, err, tc.key)
		}
	}
	if _, err := admin.CleanFacts(admin.KindEvent, admin.Facts{"start": "30/06/2024 08:00", "end": "30/06/2024"}); err != nil {
		t.Errorf("an event that starts at 08:00 and lasts the day: %v", err)
	}
	if miss := admin.MissingFacts(admin.KindInvestProject, admin.Facts{"sector": "energy"}); len(miss) != 4 {
		t.Errorf("missing facts of a project with only a sector: %v", miss)
	}
	if f, err := admin.CleanFacts(admin.KindNews, admin.Facts{"area_ha": "1"}); err != nil || f != nil {
		t.Errorf("news has no facts: %v %v", f, err)
	}
}

// Addresses, phones and web addresses are checked alike in facts and
// settings, so that what the theme writes into a link always works.
func TestContactChecks(t *testing.T) {
	for s, want := range map[string]bool{"baochi@binhphuoc.gov.vn": true, "mailto:a@b.vn": false, "a@b.vn?subject=x": false,
		`a@b.c"onmouseover=x`: false, "a@b": false, "nguyễn@sở.vn": false} {
		if got := admin.ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"0271 3879 478": true, "+84 (271) 387-9478": true, "((((((": false, "------": false, "+": false} {
		if got := admin.ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"https://binhphuoc.gov.vn/": true, "http://x.vn": true, "https://": false, "http://": false,
		"https:// x y": false, `https://"><script>`: false, "javascript:alert(1)": false} {
		if got := admin.ValidWebAddress(s); got != want {
			t.Errorf("ValidWebAddress(%q) = %v", s, got)
		}
	}
	set := &admin.SiteSettings{Title: map[string]string{"vi": strings.Repeat("Cổng ", 100)}, Email: "mailto:a@b.vn",
		PressContact: admin.Contact{URL: "https://", Phone: "(((((("}}
	var keys []string
	for _, p := range set.Problems() {
		keys = append(keys, p.Field+":"+p.Key)
	}
	want := []string{"title_vi:setting_too_long", "email:email_invalid", "press_phone:phone_invalid", "press_url:url_invalid"}
	if !slices.Equal(keys, want) {
		t.Errorf("problems: %v, want %v", keys, want)
	}
}
