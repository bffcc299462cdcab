package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"sync"
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
	keySeen   = "seen" // when the session was last written
)

// loadSession loads the admin session around the request. It writes
// nothing for a visitor who is not signed in: a session is stored only
// once there is something to keep (a sign-in, or a password checked and a
// second factor awaited), so anonymous requests, however many, add no row
// to the session store. A signed-in session is written again when it has
// not been for sessionTouch, which keeps its idle timeout counting from
// the last request without a write on every one.
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
	if s.sessions.GetInt64(ctx, keyUserID) != 0 {
		seen := time.Unix(s.sessions.GetInt64(ctx, keySeen), 0)
		if now := time.Now(); now.Sub(seen) > sessionTouch {
			s.sessions.Put(ctx, keySeen, now.Unix())
		}
	}
	w := &sessionWriter{ResponseWriter: c.Writer, s: s, c: c}
	c.Writer = w
	c.Next()
	w.commit()
}

// sessionTouch is how often a signed-in session is written only to move
// its idle timeout on.
const sessionTouch = 5 * time.Minute

// sessionWriter writes the session cookie just before the response header.
// When the session cannot be stored, the response becomes a 500 page: the
// user must not believe that what the session was to keep (a sign-in, a
// message) was kept.
type sessionWriter struct {
	gin.ResponseWriter
	s      *Server
	c      *gin.Context
	done   bool
	failed bool
}

func (w *sessionWriter) commit() {
	if w.done {
		return
	}
	w.done = true
	ctx := w.c.Request.Context()
	h := w.ResponseWriter.Header()
	switch w.s.sessions.Status(ctx) {
	case scs.Modified:
		token, expiry, err := w.s.sessions.Commit(ctx)
		if err != nil {
			w.s.log.Error("session not stored", "path", w.c.Request.URL.Path, "err", err)
			w.failed = true
			for k := range h {
				delete(h, k)
			}
			h.Set("Content-Type", "text/plain; charset=utf-8")
			h.Set("Cache-Control", "no-store")
			w.ResponseWriter.WriteHeader(http.StatusInternalServerError)
			_, _ = w.ResponseWriter.WriteString(translate(w.s.adminLang(w.c), "internal_error"))
			return
		}
		w.s.sessions.WriteSessionCookie(ctx, w.ResponseWriter, token, expiry)
	case scs.Destroyed:
		w.s.sessions.WriteSessionCookie(ctx, w.ResponseWriter, "", expiredTime)
	}
	h.Add("Vary", "Cookie")
	h.Set("Cache-Control", "no-store")
}

func (w *sessionWriter) WriteHeader(code int) {
	if w.commit(); !w.failed {
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *sessionWriter) Write(b []byte) (int, error) {
	if w.commit(); w.failed {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

func (w *sessionWriter) WriteString(s string) (int, error) {
	if w.commit(); w.failed {
		return len(s), nil
	}
	return w.ResponseWriter.WriteString(s)
}

func (w *sessionWriter) WriteHeaderNow() {
	if w.commit(); !w.failed {
		w.ResponseWriter.WriteHeaderNow()
	}
}

var expiredTime = time.Unix(1, 0)

// csrfCookie holds the CSRF token of a visitor who is not signed in (the
// sign-in form, the language switch): the form must send back the value
// of the cookie, which another site can neither read nor set. Once signed
// in, the token is the session's own.
const csrfCookie = "portal_csrf"

// csrfToken returns the token the forms of this response carry: the
// session's when signed in (made when missing), else the visitor's cookie
// token, set now when the visitor has none.
func (s *Server) csrfToken(c *gin.Context) string {
	ctx := c.Request.Context()
	if tok := s.sessions.GetString(ctx, keyCSRF); tok != "" {
		return tok
	}
	if s.sessions.GetInt64(ctx, keyUserID) != 0 || s.sessions.GetInt64(ctx, keyPendingUser) != 0 {
		tok := auth.RandomSecret(32)
		s.sessions.Put(ctx, keyCSRF, tok)
		return tok
	}
	if tok := s.anonymousCSRF(c); tok != "" {
		return tok
	}
	tok := auth.RandomSecret(32)
	http.SetCookie(c.Writer, &http.Cookie{Name: csrfCookie, Value: tok, Path: "/admin", HttpOnly: true,
		Secure: s.sessions.Cookie.Secure, SameSite: http.SameSiteStrictMode})
	c.Request.AddCookie(&http.Cookie{Name: csrfCookie, Value: tok})
	return tok
}

// anonymousCSRF returns the visitor's cookie token, "" when there is none
// of the right form.
func (s *Server) anonymousCSRF(c *gin.Context) string {
	ck, err := c.Request.Cookie(csrfCookie)
	if err != nil || len(ck.Value) != 43 {
		return ""
	}
	return ck.Value
}

// csrf refuses every state-changing request whose form does not carry the
// token of its session, or, before sign-in, of the visitor's cookie.
func (s *Server) csrf(c *gin.Context) {
	switch c.Request.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		c.Next()
		return
	}
	ctx := c.Request.Context()
	want := s.sessions.GetString(ctx, keyCSRF)
	if want == "" && s.sessions.GetInt64(ctx, keyUserID) == 0 {
		want = s.anonymousCSRF(c)
	}
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
// (413) or not a form that can be read (422: a file name or a field header
// with characters no browser sends), in the user's language.
func (s *Server) refuseBody(c *gin.Context, err error) {
	s.fail(c, bodyError(err))
}

// bodyError is the domain error for a request body that could not be read.
func bodyError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return admin.Refuse(admin.ETOOLARGE, "body_too_large", "the file sent is too large (at most %v MB)", maxBody>>20)
	}
	return admin.Refuse(admin.EINVALID, "body_unreadable", "the form sent cannot be read")
}

// formFile returns the uploaded file of the form field name, nil when the
// form has none, and a domain error when the form cannot be read.
func formFile(c *gin.Context, name string) (*multipart.FileHeader, error) {
	fh, err := c.FormFile(name)
	switch {
	case errors.Is(err, http.ErrMissingFile), errors.Is(err, http.ErrNotMultipart):
		return nil, nil
	case err != nil:
		return nil, bodyError(err)
	}
	return fh, nil
}

// requireUserOr404 lets only signed-in, enabled users through; others get
// a plain 404, as if nothing were there.
func (s *Server) requireUserOr404(c *gin.Context) {
	id := s.sessions.GetInt64(c.Request.Context(), keyUserID)
	if id == 0 {
		c.AbortWithStatus(http.StatusNotFound)
		return
	}
	u, err := s.db.UserByID(c.Request.Context(), id)
	if err != nil && admin.ErrorCode(err) != admin.ENOTFOUND {
		s.fail(c, err)
		return
	}
	if err != nil || u.Disabled || s.sessions.GetBool(c.Request.Context(), keyMustEnrol) {
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
	if err != nil && admin.ErrorCode(err) != admin.ENOTFOUND {
		s.fail(c, err)
		return
	}
	if err != nil || u.Disabled {
		if err := s.sessions.Destroy(c.Request.Context()); err != nil {
			s.fail(c, err)
			return
		}
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
// It is made at the first sign-in, not when the program starts.
var dummyHash = sync.OnceValue(func() string {
	h, _ := auth.HashPassword("not a real password, only for timing")
	return h
})

// signInObject is the audit object sign-ins of a typed user name are
// recorded and throttled under: the account's own name when there is an
// account of that name (however it was typed: spaces around it, another
// case, decomposed letters), else the name in the form the lookup uses.
func signInObject(typed string, u *admin.User) string {
	if u != nil {
		return "user/" + text.Fold(u.Username)
	}
	return "user/" + text.Fold(text.Line(typed))
}

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
	u, err := s.db.UserByUsername(ctx, form.Username)
	hash := ""
	switch {
	case err == nil:
		hash = u.PasswordHash
	case admin.ErrorCode(err) == admin.ENOTFOUND:
		u, hash = nil, dummyHash()
	default:
		s.fail(c, err)
		return
	}
	object := signInObject(form.Username, u)
	if wait, err := s.throttled(ctx, object, addr); err != nil {
		s.fail(c, err)
		return
	} else if wait > 0 {
		s.log.Warn("sign-in throttled", "username", form.Username, "addr", addr)
		msg := fmt.Sprintf(errorMessages[s.adminLang(c)]["throttled"], int(wait.Minutes())+1)
		s.render(c, http.StatusTooManyRequests, "signin", gin.H{"Error": msg, "Username": form.Username})
		return
	}
	if !auth.CheckPassword(form.Password, hash) || u == nil || u.Disabled {
		s.log.Info("sign-in refused", "username", form.Username, "addr", addr)
		ev := &admin.Event{Action: "signin.failed", Actor: text.Truncate(text.Line(form.Username), 100), Addr: addr, Object: object}
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
	ctx := c.Request.Context()
	if id := s.sessions.GetInt64(ctx, keyUserID); id != 0 {
		user, err := s.db.UserByID(ctx, id)
		if err == nil {
			err = s.db.Record(ctx, &admin.Event{Action: "signout", ActorID: user.ID, Actor: user.Username, Addr: c.ClientIP(), Object: "user/" + text.Fold(user.Username)})
		}
		if err != nil && admin.ErrorCode(err) != admin.ENOTFOUND {
			// The session ends all the same: signing out must work.
			s.log.Error("sign-out not recorded", "user", id, "err", err)
		}
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		s.fail(c, err)
		return
	}
	c.Redirect(http.StatusSeeOther, "/admin/signin")
}

// langCookie keeps the admin language chosen before sign-in.
const langCookie = "portal_lang"

// handleLanguage switches the admin's language for this session.
func (s *Server) handleLanguage(c *gin.Context) {
	lang := c.PostForm("lang")
	if _, ok := messages[lang]; ok {
		ctx := c.Request.Context()
		if id := s.sessions.GetInt64(ctx, keyUserID); id != 0 {
			s.sessions.Put(ctx, keyLang, lang)
			// Remembered for the user's next sign-ins too.
			if err := s.db.SetUILang(ctx, id, lang); err != nil {
				s.fail(c, err)
				return
			}
		} else {
			// Before sign-in the choice is kept in a cookie, not in a
			// stored session.
			http.SetCookie(c.Writer, &http.Cookie{Name: langCookie, Value: lang, Path: "/admin", HttpOnly: true,
				Secure: s.sessions.Cookie.Secure, SameSite: http.SameSiteLaxMode, MaxAge: 365 * 24 * 3600})
		}
	}
	next := c.PostForm("next")
	if next == "" || next[0] != '/' || (len(next) > 1 && (next[1] == '/' || next[1] == '\\')) {
		next = "/admin/"
	}
	c.Redirect(http.StatusSeeOther, next)
}
