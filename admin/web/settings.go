package web

import (
	"cmp"
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin"
)

// handleSiteSettings shows what the public site says about the office:
// its name, description, contacts, the investors' contact, colours and logo.
func (s *Server) handleSiteSettings(c *gin.Context) {
	s.renderSiteSettings(c, http.StatusOK, nil, nil)
}

// renderSiteSettings shows the settings form holding set (the stored
// settings when nil), each problem marked at its field with its message.
func (s *Server) renderSiteSettings(c *gin.Context, status int, set *admin.SiteSettings, problems []*admin.Error) {
	ctx := c.Request.Context()
	if set == nil {
		var err error
		if set, err = s.db.SiteSettings(ctx); err != nil {
			s.fail(c, err)
			return
		}
	}
	var logo *admin.Media
	if set.LogoMediaID != 0 {
		logo, _ = s.db.Media(ctx, set.LogoMediaID)
	}
	// Where the office has set nothing, the site shows what hugo.toml
	// says: the form shows it too.
	def, err := s.pub.Defaults()
	if err != nil {
		s.log.Error("site defaults", "err", err)
	}
	shown := *set
	shown.Title, shown.Organisation, shown.Description = withDefaults(set.Title, def.Title), withDefaults(set.Organisation, def.Organisation), withDefaults(set.Description, def.Description)
	shown.PrimaryColor, shown.AccentColor = cmp.Or(set.PrimaryColor, def.Primary), cmp.Or(set.AccentColor, def.Accent)
	lang := s.adminLang(c)
	// Each problem is marked at its field, and listed above the form in
	// the form's order, naming the field as the audit log does.
	invalid := map[string]string{}
	type problem struct{ Field, Label, Message string }
	var list []problem
	for _, p := range problems {
		_, msg := explain(lang, p)
		invalid[p.Field] = msg
		list = append(list, problem{p.Field, s.settingLabel(lang, p.Field), msg})
	}
	s.render(c, status, "settings", gin.H{"S": &shown, "Langs": s.langs, "Logo": logo, "Invalid": invalid, "Problems": list, "Licences": admin.Licences,
		"Flash": s.sessions.PopString(ctx, "flash"), "DefaultPrimary": def.Primary, "DefaultAccent": def.Accent})
}

func (s *Server) handleSiteSettingsSave(c *gin.Context) {
	ctx := c.Request.Context()
	old, err := s.db.SiteSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	set := &admin.SiteSettings{
		Title: map[string]string{}, Organisation: map[string]string{}, Description: map[string]string{}, Address: map[string]string{},
		Phone: c.PostForm("phone"), Email: c.PostForm("email"),
		InvestorContact: admin.Contact{Name: map[string]string{}, Role: map[string]string{}},
		PrimaryColor:    c.PostForm("primary_color"), AccentColor: c.PostForm("accent_color"), Licence: c.PostForm("licence"),
		LogoMediaID: old.LogoMediaID,
	}
	contacts := map[string]*admin.Contact{"investor": &set.InvestorContact, "spokesperson": &set.Spokesperson, "press": &set.PressContact}
	for prefix, ct := range contacts {
		if ct.Name == nil {
			ct.Name, ct.Role = map[string]string{}, map[string]string{}
		}
		ct.Phone, ct.Email, ct.URL = c.PostForm(prefix+"_phone"), c.PostForm(prefix+"_email"), c.PostForm(prefix+"_url")
		for _, l := range s.langs {
			ct.Name[l.Code] = c.PostForm(prefix + "_name_" + l.Code)
			ct.Role[l.Code] = c.PostForm(prefix + "_role_" + l.Code)
		}
	}
	for _, l := range s.langs {
		set.Title[l.Code] = c.PostForm("title_" + l.Code)
		set.Organisation[l.Code] = c.PostForm("organisation_" + l.Code)
		set.Description[l.Code] = c.PostForm("description_" + l.Code)
		set.Address[l.Code] = c.PostForm("address_" + l.Code)
	}
	if c.PostForm("remove_logo") == "1" {
		set.LogoMediaID = 0
	}
	// A value left as the site's default stays the default: it follows
	// hugo.toml rather than being fixed here.
	if def, err := s.pub.Defaults(); err == nil {
		dropDefaults(set.Title, def.Title)
		dropDefaults(set.Organisation, def.Organisation)
		dropDefaults(set.Description, def.Description)
		if strings.EqualFold(strings.TrimSpace(set.PrimaryColor), def.Primary) {
			set.PrimaryColor = ""
		}
		if strings.EqualFold(strings.TrimSpace(set.AccentColor), def.Accent) {
			set.AccentColor = ""
		}
	}
	if err := s.ed.SaveSiteSettings(ctx, s.actor(c), set); err != nil {
		if admin.ErrorCode(err) == admin.EINVALID {
			s.renderSiteSettings(c, http.StatusUnprocessableEntity, set, set.Problems())
			return
		}
		s.fail(c, err)
		return
	}
	s.pub.Request()
	s.sessions.Put(ctx, "flash", s.t(c, "settings_saved"))
	c.Redirect(http.StatusSeeOther, "/admin/settings")
}

// handleSiteLogo makes a library picture the site's logo.
func (s *Server) handleSiteLogo(c *gin.Context) {
	ctx := c.Request.Context()
	id, _ := strconv.ParseInt(c.PostForm("media_id"), 10, 64)
	if err := s.ed.SetSiteLogo(ctx, s.actor(c), id); err != nil {
		s.flashOutcome(c, err, "", "/admin/media")
		return
	}
	s.pub.Request()
	s.sessions.Put(ctx, "flash", s.t(c, "settings_saved"))
	c.Redirect(http.StatusSeeOther, "/admin/settings")
}

// withDefaults is texts per language with def's where texts has none.
func withDefaults(texts, def map[string]string) map[string]string {
	out := maps.Clone(def)
	if out == nil {
		out = map[string]string{}
	}
	for l, v := range texts {
		if v != "" {
			out[l] = v
		}
	}
	return out
}

// dropDefaults empties each text that is its language's default.
func dropDefaults(texts, def map[string]string) {
	for l, v := range texts {
		if d := def[l]; d != "" && strings.TrimSpace(v) == d {
			delete(texts, l)
		}
	}
}
