package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"portal/admin/web"
)

// TestAwardNominations: an approver nominates a published demo article for
// the press award from its edit page; the list and its CSV name it with
// each language version's address; a contributor may not nominate.
func TestAwardNominations(t *testing.T) {
	f := setup(t, web.Config{})
	d := newClient(t, f.url)
	d.signIn("nguoi.duyet")
	tok := d.token("/admin/articles/1/vi")
	_, page := d.get("/admin/articles/1/vi")
	if !strings.Contains(page, `action="/admin/articles/1/nominate"`) {
		t.Fatal("no nomination form for an approver")
	}
	if resp := d.post("/admin/articles/1/nominate", url.Values{"csrf_token": {tok}, "nominated": {"1"}, "note": {"Bài có số liệu FDI"}, "back": {"/admin/articles/1/vi"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("nominate: %d", resp.StatusCode)
	}
	_, list := d.get("/admin/nominations")
	if !strings.Contains(list, "Bài có số liệu FDI") || !strings.Contains(list, "/admin/articles/1/vi") {
		t.Errorf("the nominations page does not list the article:\n%.2000s", list)
	}
	resp, body := d.get("/admin/nominations.csv")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.HasPrefix(body, "\ufeff") {
		t.Fatalf("CSV: %s", resp.Header.Get("Content-Type"))
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != 3 {
		t.Fatalf("CSV rows: %v %v", err, rows)
	}
	for _, r := range rows[1:] {
		if r[0] != "1" || !strings.HasPrefix(r[7], f.url+"/"+r[4]+"/") || r[10] != "Bài có số liệu FDI" {
			t.Errorf("CSV row: %v", r)
		}
	}
	// A contributor cannot nominate; the mark stays as it was.
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	w.post("/admin/articles/2/nominate", url.Values{"csrf_token": {w.token("/admin/")}, "nominated": {"1"}})
	if _, list := d.get("/admin/nominations"); strings.Contains(list, "/admin/articles/2/") {
		t.Error("a contributor nominated an article")
	}
	// Withdrawn.
	d.post("/admin/articles/1/nominate", url.Values{"csrf_token": {tok}, "back": {"/admin/articles/1/vi"}})
	if _, list := d.get("/admin/nominations"); strings.Contains(list, "Bài có số liệu FDI") {
		t.Error("a withdrawn nomination is still listed")
	}
}

// TestLicences: the site's licence is a setting; an article may have its
// own, set from its edit page by those who may edit it.
func TestLicences(t *testing.T) {
	f := setup(t, web.Config{})
	f.setUnit(t, "soan.thao", "so-tttt")
	w := newClient(t, f.url)
	w.signIn("soan.thao")
	tok := w.token("/admin/articles/new")
	resp := w.post("/admin/articles", url.Values{"csrf_token": {tok}, "area": {"tourism"}, "kind": {"news"}, "source_lang": {"vi"},
		"title": {"Bài có giấy phép riêng"}})
	edit := resp.Header.Get("Location")
	id := articleIDOf(t, edit)
	w.post(edit+"/save", url.Values{"csrf_token": {tok}, "version": {"1"}, "title": {"Bài có giấy phép riêng"}, "body": {"Nội dung."}})
	if resp := w.post(strings.TrimSuffix(edit, "/vi")+"/licence", url.Values{"csrf_token": {tok}, "lang": {"vi"}, "licence": {"cc0-1.0"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("set licence: %d", resp.StatusCode)
	}
	a, _ := f.db.Article(context.Background(), id)
	if a.Licence != "cc0-1.0" {
		t.Errorf("article licence %q", a.Licence)
	}
	w.post(strings.TrimSuffix(edit, "/vi")+"/licence", url.Values{"csrf_token": {tok}, "lang": {"vi"}, "licence": {"proprietary-x"}})
	if a, _ := f.db.Article(context.Background(), id); a.Licence != "cc0-1.0" {
		t.Errorf("an unknown licence was stored: %q", a.Licence)
	}
	// Another unit's contributor may not change it.
	other := newClient(t, f.url)
	f.addUser(t, "don.vi.khac", "contributor")
	other.signIn("don.vi.khac")
	other.post(strings.TrimSuffix(edit, "/vi")+"/licence", url.Values{"csrf_token": {other.token("/admin/")}, "lang": {"vi"}, "licence": {"all-rights-reserved"}})
	if a, _ := f.db.Article(context.Background(), id); a.Licence != "cc0-1.0" {
		t.Errorf("another unit changed the licence: %q", a.Licence)
	}
}
