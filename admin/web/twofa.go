package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"

	"github.com/gin-gonic/gin"
	"github.com/pquerna/otp/totp"

	"portal/admin"
)

const (
	keyPendingUser = "pending_user" // password checked, code not yet
	keyMustEnrol   = "must_enrol"   // signed in, but must set up 2FA first
	keyEnrolSecret = "enrol_secret"
)

func (s *Server) handleCodeForm(c *gin.Context) {
	if s.sessions.GetInt64(c.Request.Context(), keyPendingUser) == 0 {
		c.Redirect(http.StatusSeeOther, "/admin/signin")
		return
	}
	s.render(c, http.StatusOK, "code", gin.H{})
}

// handleCode completes a sign-in with the six-digit code of the user's
// authenticator app.
func (s *Server) handleCode(c *gin.Context) {
	ctx := c.Request.Context()
	id := s.sessions.GetInt64(ctx, keyPendingUser)
	if id == 0 {
		c.Redirect(http.StatusSeeOther, "/admin/signin")
		return
	}
	u, err := s.ed.CheckCode(ctx, id, c.PostForm("code"), c.ClientIP())
	switch code := admin.ErrorCode(err); {
	case err == nil:
	case code == admin.EINTERNAL:
		s.fail(c, err)
		return
	case admin.ErrorKey(err) == "code_wrong":
		s.render(c, http.StatusUnauthorized, "code", gin.H{"Error": s.t(c, "code_wrong")})
		return
	default:
		// Throttled, or the account can no longer sign in: start again.
		if err := s.sessions.Destroy(ctx); err != nil {
			s.fail(c, err)
			return
		}
		c.Redirect(http.StatusSeeOther, "/admin/signin")
		return
	}
	s.sessions.Remove(ctx, keyPendingUser)
	s.completeSignIn(c, u, "with two-factor code")
}

// handleTwoFAForm shows the enrolment page: a new secret as a QR code and
// as text, and a field for the first code.
func (s *Server) handleTwoFAForm(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	enrolled, err := s.db.TOTPSecret(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if enrolled != "" {
		s.render(c, http.StatusOK, "twofa", gin.H{"Enrolled": true})
		return
	}
	key, err := totp.Generate(totp.GenerateOpts{Issuer: "Portal", AccountName: u.Username})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, keyEnrolSecret, key.Secret())
	img, err := key.Image(200, 200)
	if err != nil {
		s.fail(c, err)
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "twofa", gin.H{
		"Secret": key.Secret(),
		"QR":     template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())),
		"Must":   s.sessions.GetBool(ctx, keyMustEnrol),
	})
}

// handleTwoFA confirms the enrolment with a first code from the app.
func (s *Server) handleTwoFA(c *gin.Context) {
	ctx := c.Request.Context()
	secret := s.sessions.GetString(ctx, keyEnrolSecret)
	if secret == "" {
		c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
		return
	}
	if err := s.ed.EnrolTOTP(ctx, s.actor(c), secret, c.PostForm("code")); err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		s.sessions.Put(ctx, "flash", s.t(c, "code_wrong"))
		c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
		return
	}
	s.sessions.Remove(ctx, keyEnrolSecret)
	s.sessions.Remove(ctx, keyMustEnrol)
	c.Redirect(http.StatusSeeOther, "/admin/")
}
