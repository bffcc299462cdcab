package auth_test

import (
	"regexp"
	"testing"

	"portal/admin/auth"
)

func TestPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		password string
		personal []string
		want     string // the refusal's key; "" for accepted
	}{
		{"password123", nil, "password_common"},
		{"qwertyuiop", nil, "password_common"},
		{"iloveyou", nil, "password_common"},
		{"ngắn", nil, "password_too_short"},
		{"aaaaaaaaaaaaaaaa", nil, "password_weak"},
		{"password1234", nil, "password_weak"},
		{"nguyenvanan1990", []string{"nguyen.van.an", "Nguyễn Văn An"}, "password_personal"},
		{"mây tre đan cửa sổ xanh", nil, ""},
		{"correct horse battery staple", nil, ""},
		{"Kq7#mZ2!pW9x", nil, ""},
	} {
		e := auth.CheckStrength(tc.password, tc.personal...)
		got := ""
		if e != nil {
			got = e.Key
			if e.Message == "" {
				t.Errorf("%q: a refusal without words", tc.password)
			}
		}
		if got != tc.want {
			t.Errorf("%q: %q, want %q", tc.password, got, tc.want)
		}
	}
}

func TestTemporaryPassword(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		p := auth.TemporaryPassword()
		if !regexp.MustCompile(`^[a-hjkmnp-z2-9]{4}(-[a-hjkmnp-z2-9]{4}){3}$`).MatchString(p) || seen[p] {
			t.Fatalf("temporary password %q", p)
		}
		seen[p] = true
	}
}
