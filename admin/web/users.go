package web

import (
	"encoding/json"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/text"
)

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

// usersPerPage is how many accounts one page of the users list shows.
const usersPerPage = 50

// handleUsers lists the accounts, found by name, login or e-mail address
// (with or without diacritics) and filtered by unit, role and whether
// disabled, with each one's last sign-in.
func (s *Server) handleUsers(c *gin.Context) {
	ctx := c.Request.Context()
	users, err := s.ed.Users(ctx, s.actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, last, err := s.accountsContext(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	req, err := s.db.Setting(ctx, editorial.SettingRequire2FA)
	if err != nil {
		s.fail(c, err)
		return
	}
	lang := s.adminLang(c)
	unitName := map[int64]string{}
	for _, u := range cat.Units {
		unitName[u.ID] = firstName(u.Names, lang)
	}
	q := c.Request.URL.Query()
	words := strings.Fields(text.Fold(q.Get("q")))
	unit, _ := strconv.ParseInt(q.Get("unit"), 10, 64)
	role, state := q.Get("role"), q.Get("state")
	type row struct {
		*admin.User
		UnitName   string
		LastSignIn time.Time
	}
	var rows []row
	for _, u := range users {
		hay := text.Fold(u.FullName + " " + u.Username + " " + u.Email)
		match := true
		for _, w := range words {
			match = match && strings.Contains(hay, w)
		}
		switch {
		case !match, unit != 0 && u.UnitID != unit, role != "" && string(u.Role) != role,
			state == "disabled" && !u.Disabled, state == "active" && u.Disabled:
			continue
		}
		rows = append(rows, row{User: u, UnitName: unitName[u.UnitID], LastSignIn: last[u.ID]})
	}
	slices.SortStableFunc(rows, func(a, b row) int { return strings.Compare(text.Fold(a.Name()), text.Fold(b.Name())) })
	found := len(rows)
	pages := max(1, (found+usersPerPage-1)/usersPerPage)
	page, _ := strconv.Atoi(q.Get("page"))
	page = min(max(page, 1), pages)
	rows = rows[(page-1)*usersPerPage : min(page*usersPerPage, found)]
	data := gin.H{
		"Users": rows, "Found": found, "Total": len(users), "Page": page, "Pages": pages,
		"Units": cat.Units, "Roles": admin.Roles, "Langs": s.langs, "Filter": q,
		"Require2FA": req == "1", "Flash": s.sessions.PopString(ctx, "flash"), "Form": s.popUserForm(c),
		"FormError": s.sessions.PopString(ctx, "flash_error"),
	}
	pageURL := func(p int) string {
		q.Set("page", strconv.Itoa(p))
		return "/admin/users?" + q.Encode()
	}
	if page > 1 {
		data["Prev"] = pageURL(page - 1)
	}
	if page < pages {
		data["Next"] = pageURL(page + 1)
	}
	s.render(c, http.StatusOK, "users", data)
}

// accountsContext is what the account pages show beside the accounts: the
// units, and when each user last signed in.
func (s *Server) accountsContext(c *gin.Context) (*catalog, map[int64]time.Time, error) {
	cat, err := s.catalog(c)
	if err != nil {
		return nil, nil, err
	}
	last, err := s.db.LastSignIns(c.Request.Context())
	return cat, last, err
}

// handleUserPage shows one account to edit: role, unit, languages, person,
// disabled, password reset; the generated password once after a reset or
// a creation.
func (s *Server) handleUserPage(c *gin.Context) {
	ctx := c.Request.Context()
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	cat, last, err := s.accountsContext(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "user", gin.H{
		"Account": u, "Units": cat.Units, "Roles": admin.Roles, "Langs": s.langs, "LastSignIn": last[u.ID],
		"NewPassword": s.sessions.PopString(ctx, "flash_password"), "Flash": s.sessions.PopString(ctx, "flash"),
		"FormError": s.sessions.PopString(ctx, "flash_error"),
	})
}

func firstName(names map[string]string, lang string) string {
	if n := names[lang]; n != "" {
		return n
	}
	return names["vi"]
}

// handleUserCreate adds a user with a generated password shown once, for
// one sign-in, on the new account's page. A refused form comes back
// filled in, with the reason.
func (s *Server) handleUserCreate(c *gin.Context) {
	ctx := c.Request.Context()
	unit, _ := strconv.ParseInt(c.PostForm("unit"), 10, 64)
	u, password, err := s.ed.CreateUser(ctx, s.actor(c), editorial.NewUser{Username: c.PostForm("username"),
		Role: admin.Role(c.PostForm("role")), UnitID: unit, Languages: c.PostFormArray("languages"), Person: personForm(c)})
	if err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		if admin.ErrorCode(err) == admin.ECONFLICT && admin.ErrorKey(err) != "email_taken" {
			msg = s.t(c, "user_exists")
		}
		s.sessions.Put(ctx, "flash_error", msg)
		s.keepUserForm(c)
		c.Redirect(http.StatusSeeOther, "/admin/users#new-h")
		return
	}
	s.sessions.Put(ctx, "flash_password", password)
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10))
}

// userForm is what the add form held, kept across the redirect after a
// refusal so that nothing typed is lost.
type userForm struct {
	Username, Role, FullName, Email, Phone, Position string
	Unit                                             int64
	Languages                                        []string
}

func (s *Server) keepUserForm(c *gin.Context) {
	unit, _ := strconv.ParseInt(c.PostForm("unit"), 10, 64)
	f := userForm{Username: c.PostForm("username"), Role: c.PostForm("role"), FullName: c.PostForm("full_name"),
		Email: c.PostForm("email"), Phone: c.PostForm("phone"), Position: c.PostForm("position"), Unit: unit,
		Languages: c.PostFormArray("languages")}
	b, _ := json.Marshal(f)
	s.sessions.Put(c.Request.Context(), "user_form", string(b))
}

func (s *Server) popUserForm(c *gin.Context) userForm {
	var f userForm
	if v := s.sessions.PopString(c.Request.Context(), "user_form"); v != "" {
		_ = json.Unmarshal([]byte(v), &f)
	}
	return f
}

// personForm reads what a form says of a person.
func personForm(c *gin.Context) editorial.Person {
	return editorial.Person{FullName: c.PostForm("full_name"), Email: c.PostForm("email"),
		Phone: c.PostForm("phone"), Position: c.PostForm("position")}
}

// handleUserUpdate changes a user's role, unit, languages or disabled flag,
// and their name and contacts when the form has them.
func (s *Server) handleUserUpdate(c *gin.Context) {
	ctx := c.Request.Context()
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	unit, _ := strconv.ParseInt(c.PostForm("unit"), 10, 64)
	in := editorial.UserChange{Role: admin.Role(c.PostForm("role")), UnitID: unit, Languages: c.PostFormArray("languages"),
		Disabled: c.PostForm("disabled") == "1",
		Person:   editorial.Person{FullName: u.FullName, Email: u.Email, Phone: u.Phone, Position: u.Position}}
	if _, ok := c.GetPostForm("full_name"); ok {
		in.Person = personForm(c)
	}
	if _, err := s.ed.UpdateUser(ctx, s.actor(c), u.ID, in); err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		_, msg := explain(s.adminLang(c), err)
		s.sessions.Put(ctx, "flash_error", msg)
		c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10))
		return
	}
	s.sessions.Put(ctx, "flash", s.t(c, "saved"))
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10))
}

// handleUserReset gives a user a new generated password, shown once and
// valid for one sign-in, ends their sessions and, when asked, removes their
// two-factor enrolment so that they can enrol again.
func (s *Server) handleUserReset(c *gin.Context) {
	ctx := c.Request.Context()
	u, ok := s.userParam(c)
	if !ok {
		return
	}
	password, err := s.ed.ResetPassword(ctx, s.actor(c), u.ID, c.PostForm("reset_2fa") == "1")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, "flash_password", password)
	c.Redirect(http.StatusSeeOther, "/admin/users/"+strconv.FormatInt(u.ID, 10))
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
	if err := s.ed.SetRequire2FA(c.Request.Context(), s.actor(c), c.PostForm("require_2fa") == "1"); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(c.Request.Context(), "flash", s.t(c, "saved"))
	c.Redirect(http.StatusSeeOther, "/admin/users")
}
