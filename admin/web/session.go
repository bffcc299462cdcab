package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/auth"
	"portal/admin/text"
)

const (
	keyUserID = "user_id"
	keyCSRF   = "csrf"
	keyLang   = "lang"
)

// loadSession loads the admin session around the request and makes sure it
// carries a CSRF token.
func (s *Server) loadSession(c *gin.Context) {
	var token string
	if ck, err := c.Request.Cookie(s.sessions.Cookie.Name); err == nil {
		token = ck.Value
	}
	ctx, err := s.sessions.Load(c.Request.Context(), token)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Request = c.Request.WithContext(ctx)
	if s.sessions.GetString(ctx, keyCSRF) == "" {
		s.sessions.Put(ctx, keyCSRF, auth.RandomSecret(32))
	}
	c.Writer = &sessionWriter{ResponseWriter: c.Writer, s: s, c: c}
	c.Next()
	c.Writer.(*sessionWriter).commit()
}

// sessionWriter writes the session cookie just before the response header.
type sessionWriter struct {
	gin.ResponseWriter
	s    *Server
	c    *gin.Context
	done bool
}

func (w *sessionWriter) commit() {
	if w.done {
		return
	}
	w.done = true
	ctx := w.c.Request.Context()
	switch w.s.sessions.Status(ctx) {
	case scs.Modified:
		token, expiry, err := w.s.sessions.Commit(ctx)
		if err != nil {
			w.s.log.Error("session commit", "err", err)
			return
		}
		w.s.sessions.WriteSessionCookie(ctx, w.ResponseWriter, token, expiry)
	case scs.Destroyed:
		w.s.sessions.WriteSessionCookie(ctx, w.ResponseWriter, "", expiredTime)
	}
	w.ResponseWriter.Header().Add("Vary", "Cookie")
	w.ResponseWriter.Header().Set("Cache-Control", "no-store")
}

func (w *sessionWriter) WriteHeader(code int) { w.commit(); w.ResponseWriter.WriteHeader(code) }
func (w *sessionWriter) Write(b []byte) (int, error) {
	w.commit()
	return w.ResponseWriter.Write(b)
}
func (w *sessionWriter) WriteString(s string) (int, error) {
	w.commit()
	return w.ResponseWriter.WriteString(s)
}
func (w *sessionWriter) WriteHeaderNow() { w.commit(); w.ResponseWriter.WriteHeaderNow() }

var expiredTime = time.Unix(1, 0)

// csrf refuses every state-changing request whose form does not carry the
// session's token.
func (s *Server) csrf(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	want := s.sessions.GetString(c.Request.Context(), keyCSRF)
	got := c.GetHeader("X-CSRF-Token")
	if got == "" {
		if strings.HasPrefix(c.ContentType(), "multipart/") {
			if err := c.Request.ParseMultipartForm(8 << 20); err != nil {
				s.refuseBody(c, err)
				return
			}
		}
		got = c.PostForm("csrf_token")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(want), []byte(got)) != 1 {
		s.render(c, http.StatusForbidden, "error", gin.H{"Message": s.t(c, "csrf_failed")})
		c.Abort()
		return
	}
	c.Next()
}

// maxBody is the largest request the admin reads: a Word file or a
// picture at its size limit, with the form around it.
const maxBody = 64 << 20

// limitBody stops reading a request body at maxBody.
func limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxBody)
	}
	c.Next()
}

// refuseBody answers a request whose body could not be read: too large
// (413, in the user's language) or cut off (400).
func (s *Server) refuseBody(c *gin.Context, err error) {
	status, msg := http.StatusBadRequest, s.t(c, "bad_request")
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		status, msg = http.StatusRequestEntityTooLarge, fmt.Sprintf(s.t(c, "body_too_large"), maxBody>>20)
	}
	if wantsJSON(c) {
		c.AbortWithStatusJSON(status, gin.H{"code": "too_large", "message": msg})
		return
	}
	s.render(c, status, "error", gin.H{"Message": msg})
	c.Abort()
}

// requireUserOr404 lets only signed-in, enabled users through; others get
// a plain 404, as if nothing were there.
func (s *Server) requireUserOr404(c *gin.Context) {
	id := s.sessions.GetInt64(c.Request.Context(), keyUserID)
	u, err := s.db.UserByID(c.Request.Context(), id)
	if id == 0 || err != nil || u.Disabled || s.sessions.GetBool(c.Request.Context(), keyMustEnrol) {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	c.Set("user", u)
	c.Next()
}

// requireUser sends a visitor who is not signed in to the sign-in page.
func (s *Server) requireUser(c *gin.Context) {
	id := s.sessions.GetInt64(c.Request.Context(), keyUserID)
	if id == 0 {
		c.Redirect(http.StatusSeeOther, "/admin/signin")
		c.Abort()
		return
	}
	u, err := s.db.UserByID(c.Request.Context(), id)
	if err != nil || u.Disabled {
		s.sessions.Destroy(c.Request.Context())
		c.Redirect(http.StatusSeeOther, "/admin/signin")
		c.Abort()
		return
	}
	c.Set("user", u)
	if s.sessions.GetBool(c.Request.Context(), keyMustEnrol) && c.Request.URL.Path != "/admin/account/2fa" {
		// Two-factor sign-in is required of this role: nothing else
		// until it is set up.
		c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
		c.Abort()
		return
	}
	c.Next()
}

func currentUser(c *gin.Context) *admin.User {
	u, _ := c.Get("user")
	user, _ := u.(*admin.User)
	return user
}

func (s *Server) handleSignInForm(c *gin.Context) {
	if s.sessions.GetInt64(c.Request.Context(), keyUserID) != 0 {
		c.Redirect(http.StatusSeeOther, "/admin/")
		return
	}
	s.render(c, http.StatusOK, "signin", gin.H{})
}

// dummyHash is checked when the user does not exist, so that the answer
// takes as long as for a wrong password and does not reveal user names.
var dummyHash, _ = auth.HashPassword("not a real password, only for timing")

func (s *Server) handleSignIn(c *gin.Context) {
	var form struct {
		Username string `form:"username"`
		Password string `form:"password"`
	}
	if err := c.ShouldBind(&form); err != nil {
		s.render(c, http.StatusUnprocessableEntity, "signin", gin.H{"Error": s.t(c, "signin_failed")})
		return
	}
	ctx := c.Request.Context()
	addr := c.ClientIP()
	object := "user/" + text.Fold(form.Username)
	if wait, err := s.throttled(ctx, object, addr); err != nil {
		s.fail(c, err)
		return
	} else if wait > 0 {
		s.log.Warn("sign-in throttled", "username", form.Username, "addr", addr)
		msg := fmt.Sprintf(errorMessages[s.adminLang(c)]["throttled"], int(wait.Minutes())+1)
		s.render(c, http.StatusTooManyRequests, "signin", gin.H{"Error": msg, "Username": form.Username})
		return
	}
	u, err := s.db.UserByUsername(ctx, form.Username)
	hash := dummyHash
	if err == nil {
		hash = u.PasswordHash
	} else if admin.ErrorCode(err) != admin.ENOTFOUND {
		s.fail(c, err)
		return
	}
	if !auth.CheckPassword(form.Password, hash) || u == nil || u.Disabled {
		s.log.Info("sign-in refused", "username", form.Username, "addr", addr)
		ev := &admin.Event{Action: "signin.failed", Actor: form.Username, Addr: addr, Object: object}
		if u != nil {
			ev.ActorID = u.ID
			if u.Disabled {
				ev.Detail = "account disabled"
			}
		}
		if err := s.db.Record(ctx, ev); err != nil {
			s.fail(c, err)
			return
		}
		s.render(c, http.StatusUnauthorized, "signin", gin.H{"Error": s.t(c, "signin_failed"), "Username": form.Username})
		return
	}
	if u.Role == admin.RolePress {
		// A press account reads the embargoed releases with its token;
		// the admin is not for it.
		if err := s.db.Record(ctx, &admin.Event{Action: "signin.failed", ActorID: u.ID, Actor: u.Username, Addr: addr, Object: object, Detail: "press account"}); err != nil {
			s.fail(c, err)
			return
		}
		s.render(c, http.StatusForbidden, "signin", gin.H{"Error": s.t(c, "signin_press"), "Username": form.Username})
		return
	}
	secret, err := s.db.TOTPSecret(ctx, u.ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	if secret != "" {
		// The password is right; the code from the app comes next.
		if err := s.sessions.RenewToken(ctx); err != nil {
			s.fail(c, err)
			return
		}
		s.sessions.Put(ctx, keyPendingUser, u.ID)
		c.Redirect(http.StatusSeeOther, "/admin/signin/code")
		return
	}
	must, err := s.needs2FA(c, u)
	if err != nil {
		s.fail(c, err)
		return
	}
	if must {
		s.sessions.Put(ctx, keyMustEnrol, true)
	}
	s.completeSignIn(c, u, "")
}

// completeSignIn signs u in: a new session token (so a token planted
// before cannot be used), a new CSRF token, and a record in the audit log.
func (s *Server) completeSignIn(c *gin.Context, u *admin.User, detail string) {
	ctx := c.Request.Context()
	must := s.sessions.GetBool(ctx, keyMustEnrol)
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, keyUserID, u.ID)
	s.sessions.Put(ctx, keyCSRF, auth.RandomSecret(32))
	if _, ok := messages[u.UILang]; ok {
		s.sessions.Put(ctx, keyLang, u.UILang)
	}
	ev := &admin.Event{Action: "signin", ActorID: u.ID, Actor: u.Username, Addr: c.ClientIP(), Object: "user/" + text.Fold(u.Username), Detail: detail}
	if err := s.db.Record(ctx, ev); err != nil {
		s.fail(c, err)
		return
	}
	if must {
		c.Redirect(http.StatusSeeOther, "/admin/account/2fa")
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/")
}

// Sign-in throttling: after this many failures in the window, for one
// account or from one address, sign-ins are refused until the window has
// passed. Failures are read from the audit log, so they count across
// restarts.
const (
	throttleWindow     = 15 * time.Minute
	maxFailuresAccount = 5
	maxFailuresAddr    = 20
)

// throttled returns how long sign-ins for object or from addr must wait.
func (s *Server) throttled(ctx context.Context, object, addr string) (time.Duration, error) {
	since := time.Now().Add(-throttleWindow)
	n, err := s.db.CountEvents(ctx, "signin.failed", object, "", since)
	if err != nil {
		return 0, err
	}
	m, err := s.db.CountEvents(ctx, "signin.failed", "", addr, since)
	if err != nil {
		return 0, err
	}
	if n >= maxFailuresAccount || m >= maxFailuresAddr {
		return throttleWindow, nil
	}
	return 0, nil
}

func (s *Server) handleSignOut(c *gin.Context) {
	if u := s.sessions.GetInt64(c.Request.Context(), keyUserID); u != 0 {
		if user, err := s.db.UserByID(c.Request.Context(), u); err == nil {
			s.db.Record(c.Request.Context(), &admin.Event{Action: "signout", ActorID: user.ID, Actor: user.Username, Addr: c.ClientIP(), Object: "user/" + text.Fold(user.Username)})
		}
	}
	if err := s.sessions.Destroy(c.Request.Context()); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/signin")
}

// handleLanguage switches the admin's language for this session.
func (s *Server) handleLanguage(c *gin.Context) {
	lang := c.PostForm("lang")
	if _, ok := messages[lang]; ok {
		ctx := c.Request.Context()
		s.sessions.Put(ctx, keyLang, lang)
		// Remembered for the user's next sign-ins too.
		if id := s.sessions.GetInt64(ctx, keyUserID); id != 0 {
			if err := s.db.SetUILang(ctx, id, lang); err != nil {
				s.fail(c, err)
				return
			}
		}
	}
	next := c.PostForm("next")
	if next == "" || next[0] != '/' || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		next = "/admin/"
	}
	c.Redirect(http.StatusSeeOther, next)
}
