package web_test

import (
	"net/http"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/web"
)

// Accounts through the API obey the Users page's rules.
func TestAccountsThroughTheAPI(t *testing.T) {
	f := setup(t, web.Config{})
	adm := f.token(t, "quan.tri", admin.RoleAdmin, "")
	ed := f.token(t, "bien.tap", admin.RoleEditor, "")

	f.call(t, ed, "GET", "/api/v1/users", nil).expect(t, "an editor lists users", http.StatusForbidden, "forbidden_role")
	f.call(t, ed, "POST", "/api/v1/users", map[string]any{"username": "x", "role": "admin"}).expect(t, "an editor adds a user", http.StatusForbidden, "forbidden_role")

	r := f.call(t, adm, "POST", "/api/v1/users", map[string]any{"username": "khong.don.vi", "full_name": "Võ Thị Không", "role": "contributor"}, "Accept-Language", "vi")
	r.expect(t, "a contributor without a unit", http.StatusUnprocessableEntity, "unit_required")
	if msg, _ := r.body["message"].(string); !strings.Contains(msg, "so-tttt") || r.body["field"] != "unit" {
		t.Errorf("the refusal does not name the units: %s", r.raw)
	}
	f.call(t, adm, "POST", "/api/v1/users", map[string]any{"username": "sai.don.vi", "role": "contributor", "unit": "khong-co"}).
		expect(t, "an unknown unit", http.StatusUnprocessableEntity, "unit_unknown")
	f.call(t, adm, "POST", "/api/v1/users", map[string]any{"username": "sai.thu", "role": "editor", "email": "không phải thư"}).
		expect(t, "a bad e-mail address", http.StatusUnprocessableEntity, "email_invalid")

	r = f.call(t, adm, "POST", "/api/v1/users", map[string]any{"username": "le.thi.hoa", "full_name": "Lê Thị Hoa", "email": "hoa@example.gov.vn",
		"role": "contributor", "unit": "so-tttt"})
	r.expect(t, "create", http.StatusCreated, "")
	password, _ := r.body["password"].(string)
	if len(password) < 12 || r.body["must_change_password"] != true || r.body["unit"] != "so-tttt" || r.body["full_name"] != "Lê Thị Hoa" {
		t.Fatalf("created: %s", r.raw)
	}
	f.call(t, adm, "POST", "/api/v1/users", map[string]any{"username": "le.thi.hoa2", "role": "editor", "email": "HOA@example.gov.vn"}).
		expect(t, "an e-mail address taken (in another case)", http.StatusConflict, "email_taken")
	id := itoa(int64(r.body["id"].(float64)))

	r = f.call(t, adm, "GET", "/api/v1/users", nil)
	r.expect(t, "list", http.StatusOK, "")
	if !strings.Contains(r.raw, `"le.thi.hoa"`) || strings.Contains(r.raw, password) || strings.Contains(r.raw, "password_hash") {
		t.Errorf("the list: %s", r.raw)
	}

	// Disabling revokes the account's tokens at once.
	tok := f.token(t, "le.thi.hoa", admin.RoleContributor, "so-tttt")
	f.call(t, tok, "GET", "/api/v1/articles", nil).expect(t, "a token of an account that must change its password", http.StatusForbidden, "password_change_required")
	f.call(t, adm, "PUT", "/api/v1/users/"+id, map[string]any{"role": "contributor", "unit": "so-tttt", "full_name": "Lê Thị Hoa", "disabled": true}).
		expect(t, "disable", http.StatusOK, "")
	f.call(t, tok, "GET", "/api/v1/articles", nil).expect(t, "a token of a disabled account", http.StatusUnauthorized, "")
	f.call(t, adm, "PUT", "/api/v1/users/"+id, map[string]any{"role": "contributor", "full_name": "Lê Thị Hoa"}).
		expect(t, "taking the unit away from a contributor", http.StatusUnprocessableEntity, "unit_required")

	r = f.call(t, adm, "POST", "/api/v1/users/"+id+"/reset-password", map[string]any{"reset_2fa": true})
	r.expect(t, "reset", http.StatusOK, "")
	if p, _ := r.body["password"].(string); len(p) < 12 || p == password {
		t.Errorf("reset password: %s", r.raw)
	}
	f.call(t, adm, "POST", "/api/v1/users/99999/reset-password", nil).expect(t, "reset of nobody", http.StatusNotFound, "")
}
