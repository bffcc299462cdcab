package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestDatePickerInBrowser: a date field opens a calendar in Vietnamese,
// Monday first, and writes the chosen day the way the admin writes dates
// (day first: 15/12/2026) whatever the browser's language; the server reads
// what it wrote and shows it back.
func TestDatePickerInBrowser(t *testing.T) {
	alloc := browser(t)
	base := startServer(t, seededData(t, [3]string{"quan.tri", "admin", ""}))
	w := tab(t, alloc)
	err := chromedp.Do(w,
		chromedp.EmulateViewport(1366, 768),
		signIn(base, "quan.tri", password("quan.tri")),
		chromedp.Navigate(base+"admin/audit"),
		chromedp.WaitVisible(chromedp.CSS(`input[name=from]`)),
		click(`input[name=from]`),
		chromedp.WaitVisible(chromedp.CSS(".flatpickr-calendar.open")),
	)
	if err != nil {
		t.Fatalf("open the calendar: %v", err)
	}
	first, _ := chromedp.Run(w, textOf(".flatpickr-calendar.open .flatpickr-weekday"))
	month, _ := chromedp.Run(w, textOf(".flatpickr-calendar.open .cur-month"))
	if strings.TrimSpace(first) != "T2" || !strings.HasPrefix(strings.TrimSpace(month), "Tháng") {
		t.Errorf("the calendar is not in Vietnamese, Monday first: %q, %q", first, month)
	}
	screenshot(t, w, "date-picker")
	for _, v := range axe(t, w) {
		t.Errorf("the open calendar: %s", v)
	}
	err = chromedp.Do(w,
		click(`.flatpickr-calendar.open .flatpickr-day:not(.prevMonthDay):not(.nextMonthDay):nth-child(10)`),
	)
	if err != nil {
		t.Fatal(err)
	}
	v, _ := chromedp.Run(w, valueOf(`input[name=from]`))
	// The admin's short date: day padded, month padded for January and
	// February only.
	if !regexp.MustCompile(`^\d{2}/(\d|0[12]|1[0-2])/\d{4}$`).MatchString(v) {
		t.Fatalf("the chosen day is written %q, not as the admin writes dates", v)
	}
	if _, err := time.Parse("02/1/2006", v); err != nil {
		t.Errorf("%q is not a day/month/year date: %v", v, err)
	}
	err = chromedp.Do(w,
		click(`form.filters button[type=submit]`),
		chromedp.WaitVisible(chromedp.CSS(`input[name=from]`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := chromedp.Run(w, valueOf(`input[name=from]`)); again != v {
		t.Errorf("after filtering the field shows %q, want %q", again, v)
	}
	if msg, _ := chromedp.Run(w, chromedp.Evaluate[string](`(document.querySelector(".error, .bad[role=alert]") || {}).textContent || ""`)); msg != "" {
		t.Errorf("filtering from %s: %s", v, msg)
	}

	// The English admin has its calendar too, in English.
	err = chromedp.Do(w,
		click(`details.account summary`),
		click(`details.account button[lang=en]`),
		chromedp.WaitVisible(chromedp.CSS(`input[name=from]`)),
		click(`input[name=from]`),
		chromedp.WaitVisible(chromedp.CSS(".flatpickr-calendar.open")),
	)
	if err != nil {
		t.Fatalf("the calendar in the English admin: %v", err)
	}
	if first, _ := chromedp.Run(w, textOf(".flatpickr-calendar.open .flatpickr-weekday")); strings.TrimSpace(first) != "Mon" {
		t.Errorf("the English calendar's week starts with %q", first)
	}
}
