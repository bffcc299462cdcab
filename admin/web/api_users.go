package web

import (
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/editorial"
)

// The accounts in the JSON API: the same rules as the Users page and the
// command line (editorial), for administrators' tokens.

type apiUser struct {
	ID                 int64      `json:"id"`
	Username           string     `json:"username"`
	FullName           string     `json:"full_name"`
	Email              string     `json:"email"`
	Phone              string     `json:"phone"`
	Position           string     `json:"position"`
	Role               admin.Role `json:"role"`
	Unit               string     `json:"unit"`
	Languages          []string   `json:"languages"`
	Disabled           bool       `json:"disabled"`
	TwoFactor          bool       `json:"two_factor"`
	MustChangePassword bool       `json:"must_change_password"`
	LastSignIn         *time.Time `json:"last_sign_in,omitempty"`
	// Password is the generated password, in the answer to a creation or
	// a reset only: shown once, valid for one sign-in.
	Password string `json:"password,omitempty"`
}

type apiUserInput struct {
	Username  string   `json:"username"`
	FullName  string   `json:"full_name"`
	Email     string   `json:"email"`
	Phone     string   `json:"phone"`
	Position  string   `json:"position"`
	Role      string   `json:"role"`
	Unit      string   `json:"unit"`
	Languages []string `json:"languages"`
	Disabled  bool     `json:"disabled"`
}

func (in apiUserInput) person() editorial.Person {
	return editorial.Person{FullName: in.FullName, Email: in.Email, Phone: in.Phone, Position: in.Position}
}

// toAPIUsers writes users with their units' keys and last sign-ins.
func (s *Server) toAPIUsers(c *gin.Context, users []*admin.User) ([]apiUser, error) {
	ctx := c.Request.Context()
	units, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	keys := map[int64]string{}
	for _, u := range units {
		keys[u.ID] = u.Key
	}
	last, err := s.db.LastSignIns(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]apiUser, 0, len(users))
	for _, u := range users {
		a := apiUser{ID: u.ID, Username: u.Username, FullName: u.FullName, Email: u.Email, Phone: u.Phone, Position: u.Position,
			Role: u.Role, Unit: keys[u.UnitID], Languages: u.Languages, Disabled: u.Disabled, TwoFactor: u.TwoFA,
			MustChangePassword: u.MustChangePassword}
		if a.Languages == nil {
			a.Languages = []string{}
		}
		if t, ok := last[u.ID]; ok {
			a.LastSignIn = &t
		}
		out = append(out, a)
	}
	return out, nil
}

func (s *Server) writeUser(c *gin.Context, status int, u *admin.User, password string) {
	out, err := s.toAPIUsers(c, []*admin.User{u})
	if err != nil {
		s.fail(c, err)
		return
	}
	out[0].Password = password
	c.JSON(status, out[0])
}

func (s *Server) handleAPIUsers(c *gin.Context) {
	users, err := s.ed.Users(c.Request.Context(), s.actor(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.toAPIUsers(c, users)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"users": out})
}

func (s *Server) handleAPIUserCreate(c *gin.Context) {
	var in apiUserInput
	if err := decodeJSON(c, &in, true); err != nil {
		s.fail(c, err)
		return
	}
	u, password, err := s.ed.CreateUser(c.Request.Context(), s.actor(c), editorial.NewUser{Username: in.Username, Role: admin.Role(in.Role),
		UnitKey: in.Unit, Languages: in.Languages, Person: in.person()})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeUser(c, http.StatusCreated, u, password)
}

func (s *Server) handleAPIUserUpdate(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in apiUserInput
	if err := decodeJSON(c, &in, true); err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.ed.UpdateUser(c.Request.Context(), s.actor(c), id, editorial.UserChange{Role: admin.Role(in.Role), UnitKey: in.Unit,
		Languages: in.Languages, Disabled: in.Disabled, Person: in.person()})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeUser(c, http.StatusOK, u, "")
}

func (s *Server) handleAPIUserReset(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in struct {
		Reset2FA bool `json:"reset_2fa"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		s.fail(c, err)
		return
	}
	ctx := c.Request.Context()
	password, err := s.ed.ResetPassword(ctx, s.actor(c), id, in.Reset2FA)
	if err != nil {
		s.fail(c, err)
		return
	}
	u, err := s.db.UserByID(ctx, id)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeUser(c, http.StatusOK, u, password)
}
