package web_test

import (
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
