package admin

import (
	"regexp"
	"strings"
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
	emailRe = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)
	phoneRe = regexp.MustCompile(`^[0-9+().\s-]{6,30}$`)
)

// Validate checks the settings' formats and returns the first problem.
func (s *SiteSettings) Validate() error {
	if s.Licence != "" && LicenceByKey(s.Licence) == nil {
		return &Error{Code: EINVALID, Field: "licence", Key: "media_licence_unknown", Message: "choose one of the licences offered"}
	}
	for field, c := range map[string]string{"primary_color": s.PrimaryColor, "accent_color": s.AccentColor} {
		if c != "" && !colorRe.MatchString(c) {
			return &Error{Code: EINVALID, Field: field, Key: "color_invalid", Message: "a colour is written #rrggbb, for example #0b5394"}
		}
	}
	for field, e := range map[string]string{"email": s.Email, "investor_email": s.InvestorContact.Email,
		"spokesperson_email": s.Spokesperson.Email, "press_email": s.PressContact.Email} {
		if e != "" && !emailRe.MatchString(e) {
			return &Error{Code: EINVALID, Field: field, Key: "email_invalid", Message: "this is not an e-mail address"}
		}
	}
	for field, u := range map[string]string{"investor_url": s.InvestorContact.URL, "spokesperson_url": s.Spokesperson.URL, "press_url": s.PressContact.URL} {
		if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			return &Error{Code: EINVALID, Field: field, Key: "url_invalid", Message: "a web address starts with https://"}
		}
	}
	for field, p := range map[string]string{"phone": s.Phone, "investor_phone": s.InvestorContact.Phone,
		"spokesperson_phone": s.Spokesperson.Phone, "press_phone": s.PressContact.Phone} {
		if p != "" && !phoneRe.MatchString(p) {
			return &Error{Code: EINVALID, Field: field, Key: "phone_invalid", Message: "a phone number has digits, spaces, +, -, . and brackets only"}
		}
	}
	return nil
}

// Trim removes spaces around every text and drops empty ones.
func (s *SiteSettings) Trim() {
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
