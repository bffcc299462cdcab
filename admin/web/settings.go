package web

import (
	"net/http"
	"strconv"

	"github.com/gin-gonic/gin"

	"portal/admin"
)

// handleSiteSettings shows what the public site says about the office:
// its name, description, contacts, the investors' contact, colours and logo.
func (s *Server) handleSiteSettings(c *gin.Context) {
	s.renderSiteSettings(c, http.StatusOK, nil, "")
}

func (s *Server) renderSiteSettings(c *gin.Context, status int, set *admin.SiteSettings, errMsg string) {
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
	// The colours the site shows when none is chosen are hugo.toml's.
	primary, accent, err := s.pub.DefaultColors()
	if err != nil {
		s.log.Error("default colours", "err", err)
	}
	s.render(c, status, "settings", gin.H{"S": set, "Langs": s.langs, "Logo": logo, "Error": errMsg, "Licences": admin.Licences,
		"Flash": s.sessions.PopString(ctx, "flash"), "DefaultPrimary": primary, "DefaultAccent": accent})
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
	set.Trim()
	if err := set.Validate(); err != nil {
		_, msg := explain(s.adminLang(c), err)
		s.renderSiteSettings(c, http.StatusUnprocessableEntity, set, msg)
		return
	}
	if err := s.db.PutSiteSettings(ctx, set, s.adminEvent(c, "setting.change", "setting/site", "")); err != nil {
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
	m, err := s.db.Media(ctx, id)
	if err != nil {
		s.flashOutcome(c, err, "", "/admin/media")
		return
	}
	set, err := s.db.SiteSettings(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	set.LogoMediaID = m.ID
	if err := s.db.PutSiteSettings(ctx, set, s.adminEvent(c, "setting.change", "setting/site", "logo: media/"+strconv.FormatInt(m.ID, 10))); err != nil {
		s.fail(c, err)
		return
	}
	s.pub.Request()
	s.sessions.Put(ctx, "flash", s.t(c, "settings_saved"))
	c.Redirect(http.StatusSeeOther, "/admin/settings")
}
