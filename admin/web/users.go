package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/hugo"
)

// settingRequire2FA, when "1", makes approvers and administrators sign in
// with a two-factor code.
const settingRequire2FA = "require_2fa"

func (s *Server) requireAdmin(c *gin.Context) {
	if u := currentUser(c); u == nil || u.Role != admin.RoleAdmin {
		s.render(c, http.StatusForbidden, "error", gin.H{"Message": s.t(c, "forbidden")})
		c.Abort()
		return
	}
	c.Next()
}

func (s *Server) adminEvent(c *gin.Context, action, object, detail string) *admin.Event {
	u := currentUser(c)
	return &admin.Event{ActorID: u.ID, Actor: u.Username, Addr: c.ClientIP(), Action: action, Object: object, Detail: detail}
}

func (s *Server) handleUsers(c *gin.Context) {
	ctx := c.Request.Context()
	users, err := s.db.Users(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.catalog(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	units := cat.Units
	req, err := s.db.Setting(ctx, settingRequire2FA)
	if err != nil {
		s.fail(c, err)
		return
	}
	lang := s.adminLang(c)
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = firstName(u.Names, lang)
	}
	type row struct {
		*admin.User
		UnitName string
		TwoFA    bool
	}
	var rows []row
	for _, u := range users {
		secret, _ := s.db.TOTPSecret(ctx, u.ID)
		rows = append(rows, row{User: u, UnitName: unitName[u.UnitID], TwoFA: secret != ""})
	}
	s.render(c, http.StatusOK, "users", gin.H{
		"Users": rows, "Units": units, "Roles": admin.Roles, "Langs": s.langs,
		"Require2FA": req == "1", "NewPassword": s.sessions.PopString(ctx, "flash_password"),
		"NewPasswordFor": s.sessions.PopString(ctx, "flash_password_for"),
		"Flash":          s.sessions.PopString(ctx, "flash"),
	})
}

func firstName(names map[string]string, lang string) string {
	if n := names[lang]; n != "" {
		return n
	}
	return names["vi"]
}

// handleUserCreate adds a user with a generated password shown once.
func (s *Server) handleUserCreate(c *gin.Context) {
	ctx := c.Request.Context()
	var form struct {
		Username string `form:"username"`
		Role     string `form:"role"`
		Unit     int64  `form:"unit"`
	}
	if err := c.ShouldBind(&form); err != nil {
		s.render(c, http.StatusUnprocessableEntity, "error", gin.H{"Message": s.t(c, "bad_form")})
		return
	}
	password := auth.RandomSecret(12)
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := &admin.User{Username: form.Username, Role: admin.Role(form.Role), UnitID: form.Unit, PasswordHash: hash,
		Languages: c.PostFormArray("languages")}
	if err := s.db.CreateUser(ctx, u, s.adminEvent(c, "user.create", "user/"+strings.ToLower(form.Username), "role "+form.Role)); err != nil {
		_, msg := explain(s.adminLang(c), err)
		if admin.ErrorCode(err) == admin.ECONFLICT {
			msg = s.t(c, "user_exists")
		}
		s.sessions.Put(ctx, "flash", msg)
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	s.sessions.Put(ctx, "flash_password", password)
	s.sessions.Put(ctx, "flash_password_for", u.Username)
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// handleUserUpdate changes a user's role, unit, languages or disabled flag.
func (s *Server) handleUserUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	before := fmt.Sprintf("role %s, unit %d, languages %v, disabled %v", u.Role, u.UnitID, u.Languages, u.Disabled)
	u.Role = admin.Role(c.PostForm("role"))
	u.UnitID, _ = strconv.ParseInt(c.PostForm("unit"), 10, 64)
	u.Disabled = c.PostForm("disabled") == "1"
	u.Languages = nil
	for _, l := range c.PostFormArray("languages") {
		if slices.ContainsFunc(s.langs, func(x hugo.Language) bool { return x.Code == l }) {
			u.Languages = append(u.Languages, l)
		}
	}
	if u.ID == currentUser(c).ID && (u.Disabled || u.Role != admin.RoleAdmin) {
		s.sessions.Put(ctx, "flash", s.t(c, "not_yourself"))
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	after := fmt.Sprintf("role %s, unit %d, languages %v, disabled %v", u.Role, u.UnitID, u.Languages, u.Disabled)
	if err := s.db.UpdateUser(ctx, u, s.adminEvent(c, "user.update", "user/"+strings.ToLower(u.Username), before+" -> "+after)); err != nil {
		_, msg := explain(s.adminLang(c), err)
		s.sessions.Put(ctx, "flash", msg)
		c.Redirect(http.StatusSeeOther, "/admin/users")
		return
	}
	if u.Disabled {
		if _, err := s.db.RevokeTokens(ctx, u.ID, s.adminEvent(c, "token.revoke", "user/"+strings.ToLower(u.Username), "account disabled")); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.sessions.Put(ctx, "flash", s.t(c, "saved"))
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// handleUserReset gives a user a new generated password, shown once, and
// removes their two-factor enrolment so that they can enrol again.
func (s *Server) handleUserReset(c *gin.Context) {
	ctx := c.Request.Context()
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	password := auth.RandomSecret(12)
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.fail(c, err)
		return
	}
	obj := "user/" + strings.ToLower(u.Username)
	if err := s.db.SetPassword(ctx, u.ID, hash, s.adminEvent(c, "user.password_reset", obj, "")); err != nil {
		s.fail(c, err)
		return
	}
	if c.PostForm("reset_2fa") == "1" {
		if err := s.db.SetTOTP(ctx, u.ID, "", s.adminEvent(c, "user.2fa_reset", obj, "")); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.sessions.Put(ctx, "flash_password", password)
	s.sessions.Put(ctx, "flash_password_for", u.Username)
	c.Redirect(http.StatusSeeOther, "/admin/users")
}

// userParam loads the user named by the :id of the path, or answers 404.
func (s *Server) userParam(c *gin.Context) (*admin.User, bool) {
	id, _ := strconv.ParseInt(c.Param("id"), 10, 64)
	u, err := s.db.UserByID(c.Request.Context(), id)
	if err != nil {
		s.render(c, http.StatusNotFound, "error", gin.H{"Message": s.t(c, "not_found")})
		return nil, false
	}
	return u, true
}

func (s *Server) handleSettings(c *gin.Context) {
	ctx := c.Request.Context()
	v := "0"
	if c.PostForm("require_2fa") == "1" {
		v = "1"
	}
	if err := s.db.PutSetting(ctx, settingRequire2FA, v, s.adminEvent(c, "setting.change", "setting/"+settingRequire2FA, v)); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, "flash", s.t(c, "saved"))
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
