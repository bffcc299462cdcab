package admin

import (
	"fmt"
	"maps"
	"net/url"
	"portal/admin/text"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// SiteSettings are what the public site says about the office that runs
// it. Nothing about one province is written into the code or the theme:
// the name, the logo, the colours and the contacts come from here.
type SiteSettings struct {
	// Per language code.
	Title        map[string]string `json:"title,omitempty"`
	Organisation map[string]string `json:"organisation,omitempty"`
	Description  map[string]string `json:"description,omitempty"`
	Address      map[string]string `json:"address,omitempty"`

	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`

	// InvestorContact is the named person foreign investors are sent to
	// from every investment page.
	InvestorContact Contact `json:"investor_contact"`
	// Spokesperson speaks for the province; named on press releases and
	// clarifications and on the press page.
	Spokesperson Contact `json:"spokesperson"`
	// PressContact answers journalists' questions day to day.
	PressContact Contact `json:"press_contact"`

	// Licence is the key of the licence (one of Licences) under which others
	// may reuse the site's articles; "" for the theme's default (CC BY 4.0).
	// Articles and pictures may have their own.
	Licence string `json:"licence,omitempty"`
	// LogoMediaID is the library picture shown as the logo; 0 for none.
	LogoMediaID int64 `json:"logo_media_id,omitempty"`
	// Colours of the site as #rrggbb; empty for the theme's own.
	PrimaryColor string `json:"primary_color,omitempty"`
	AccentColor  string `json:"accent_color,omitempty"`
}

// Contact is a named person to write or call.
type Contact struct {
	Name  map[string]string `json:"name,omitempty"` // per language
	Role  map[string]string `json:"role,omitempty"` // per language
	Phone string            `json:"phone,omitempty"`
	Email string            `json:"email,omitempty"`
	URL   string            `json:"url,omitempty"` // the office's web page
}

var (
	colorRe = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
	emailRe = regexp.MustCompile(`^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$`)
	phoneRe = regexp.MustCompile(`^[0-9+().\s-]{6,30}$`)
)

// ValidEmail reports whether s is one plain e-mail address, as links
// write it: local@domain.tld, without a name, "mailto:", quotes or spaces.
func ValidEmail(s string) bool { return len(s) <= 254 && emailRe.MatchString(s) }

// ValidPhone reports whether s is a phone number: digits, spaces, +, -, .
// and brackets only, with at least six digits.
func ValidPhone(s string) bool {
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	return digits >= 6 && phoneRe.MatchString(s)
}

// ValidWebAddress reports whether s is an address on the web: http or
// https, with a host, and no space, quote or angle bracket in it.
func ValidWebAddress(s string) bool {
	if strings.ContainsAny(s, " \t\n\"'<>`") {
		return false
	}
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Hostname() != ""
}

// Validate returns the first of Problems, or nil.
func (s *SiteSettings) Validate() error {
	if p := s.Problems(); len(p) > 0 {
		return p[0]
	}
	return nil
}

// Problems returns every value that cannot be saved, in the order of the
// settings form, each naming its form field (as Fields does).
func (s *SiteSettings) Problems() []*Error {
	var out []*Error
	bad := func(field, key, msg string) {
		out = append(out, &Error{Code: EINVALID, Field: field, Key: key, Message: msg})
	}
	check := func(prefix string, phone, email, web string) {
		if phone != "" && !ValidPhone(phone) {
			bad(prefix+"phone", "phone_invalid", "a phone number has digits, spaces, +, -, . and brackets only")
		}
		if email != "" && !ValidEmail(email) {
			bad(prefix+"email", "email_invalid", "this is not an e-mail address")
		}
		if web != "" && !ValidWebAddress(web) {
			bad(prefix+"url", "url_invalid", "a web address starts with https://")
		}
	}
	fields := s.Fields()
	for _, field := range slices.Sorted(maps.Keys(fields)) {
		v := fields[field]
		limit := 300
		if strings.HasPrefix(field, "description_") {
			limit = 1000
		}
		if n := utf8.RuneCountInString(v); n > limit {
			out = append(out, &Error{Code: EINVALID, Field: field, Key: "setting_too_long", Args: []any{limit, n},
				Message: fmt.Sprintf("at most %d characters (this has %d)", limit, n)})
		}
	}
	check("", s.Phone, s.Email, "")
	for _, c := range s.contacts() {
		check(c.prefix+"_", c.Phone, c.Email, c.URL)
	}
	if s.Licence != "" && LicenceByKey(s.Licence) == nil {
		bad("licence", "media_licence_unknown", "choose one of the licences offered")
	}
	for _, f := range []struct{ field, v string }{{"primary_color", s.PrimaryColor}, {"accent_color", s.AccentColor}} {
		if f.v != "" && !colorRe.MatchString(f.v) {
			bad(f.field, "color_invalid", "a colour is written #rrggbb, for example #0b5394")
		}
	}
	return out
}

type namedContact struct {
	prefix string
	*Contact
}

func (s *SiteSettings) contacts() []namedContact {
	return []namedContact{{"investor", &s.InvestorContact}, {"spokesperson", &s.Spokesperson}, {"press", &s.PressContact}}
}

// Fields returns every setting as a flat map keyed by the settings form's
// field names ("title_vi", "investor_phone", "logo"), the keys the audit
// log's record of a change uses.
func (s *SiteSettings) Fields() map[string]string {
	out := map[string]string{"phone": s.Phone, "email": s.Email, "licence": s.Licence,
		"primary_color": s.PrimaryColor, "accent_color": s.AccentColor, "logo": ""}
	if s.LogoMediaID != 0 {
		out["logo"] = fmt.Sprintf("media/%d", s.LogoMediaID)
	}
	for name, m := range map[string]map[string]string{"title": s.Title, "organisation": s.Organisation,
		"description": s.Description, "address": s.Address} {
		for lang, v := range m {
			out[name+"_"+lang] = v
		}
	}
	for _, c := range s.contacts() {
		out[c.prefix+"_phone"], out[c.prefix+"_email"], out[c.prefix+"_url"] = c.Phone, c.Email, c.URL
		for lang, v := range c.Name {
			out[c.prefix+"_name_"+lang] = v
		}
		for lang, v := range c.Role {
			out[c.prefix+"_role_"+lang] = v
		}
	}
	return out
}

// Trim writes every text as the portal stores one (NFC, one line, no
// spaces around: text.Line; the description: text.Clean) and drops empty
// ones, so that what is compared is what is kept.
func (s *SiteSettings) Trim() {
	for _, m := range []map[string]string{s.Title, s.Organisation, s.Address, s.InvestorContact.Name, s.InvestorContact.Role,
		s.Spokesperson.Name, s.Spokesperson.Role, s.PressContact.Name, s.PressContact.Role} {
		for k, v := range m {
			m[k] = text.Line(v)
		}
	}
	for k, v := range s.Description {
		s.Description[k] = text.Clean(v)
	}
	s.trimSpaces()
}

func (s *SiteSettings) trimSpaces() {
	for _, m := range []map[string]string{s.Title, s.Organisation, s.Description, s.Address, s.InvestorContact.Name, s.InvestorContact.Role,
		s.Spokesperson.Name, s.Spokesperson.Role, s.PressContact.Name, s.PressContact.Role} {
		for k, v := range m {
			if v = strings.TrimSpace(v); v == "" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
	}
	s.Phone, s.Email = strings.TrimSpace(s.Phone), strings.TrimSpace(s.Email)
	s.InvestorContact.Phone, s.InvestorContact.Email = strings.TrimSpace(s.InvestorContact.Phone), strings.TrimSpace(s.InvestorContact.Email)
	for _, c := range []*Contact{&s.InvestorContact, &s.Spokesperson, &s.PressContact} {
		c.Phone, c.Email, c.URL = strings.TrimSpace(c.Phone), strings.TrimSpace(c.Email), strings.TrimSpace(c.URL)
	}
	s.PrimaryColor, s.AccentColor = strings.TrimSpace(s.PrimaryColor), strings.TrimSpace(s.AccentColor)
}
