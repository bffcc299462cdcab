// Package web is the portal's HTTP server, built on Gin. It serves the admin
// under /admin/ (server-rendered pages, sessions, CSRF tokens on every
// state-changing request), the JSON API under /api/v1/, and the built static
// site everywhere else. Handlers read input and render; every rule is the
// editorial package's, and every error becomes a response in one function
// (fail). A session ends when its account's session epoch moves on (a
// password change, a disabled account); an account whose password an
// administrator generated reaches only the page to set its own.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/alexedwards/scs/sqlite3store"
	"github.com/alexedwards/scs/v2"
	"github.com/gin-gonic/gin"

	"portal/admin/editorial"
	"portal/admin/hugo"
	"portal/admin/media"
	"portal/admin/publish"
	"portal/admin/store"
)

// Config configures a Server.
type Config struct {
	DB        *store.DB
	Publisher *publish.Publisher
	// Editorial applies the newsroom's rules; one is made over DB when nil.
	Editorial *editorial.Service
	Languages []hugo.Language
	// MediaDir holds the media library's files; the publisher's when empty.
	MediaDir string
	Logger   *slog.Logger
	// SecureCookies marks session cookies Secure (when served over HTTPS).
	SecureCookies bool
	// SessionLifetime is how long a sign-in lasts at most; IdleTimeout how
	// long it lasts without use.
	SessionLifetime time.Duration
	IdleTimeout     time.Duration
	// BaseURL is the address the portal is reached at, for the links of
	// password reset mails; the request's host when empty.
	BaseURL string
}

// Server is the HTTP side of the portal.
type Server struct {
	db       *store.DB
	pub      *publish.Publisher
	ed       *editorial.Service
	langs    []hugo.Language
	log      *slog.Logger
	sessions *scs.SessionManager
	pages    *pages
	engine   *gin.Engine
	store    *sqlite3store.SQLite3Store
	library  *media.Library
	site     http.Handler
	baseURL  string
}

// New builds the server and its routes. Templates are parsed here, so a
// broken template stops the program at start, not at a user's request.
func New(cfg Config) (*Server, error) {
	if cfg.SessionLifetime == 0 {
		cfg.SessionLifetime = 12 * time.Hour
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = 2 * time.Hour
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	pg, err := parsePages()
	if err != nil {
		return nil, err
	}
	sm := scs.New()
	st := sqlite3store.NewWithCleanupInterval(cfg.DB.SQL(), 10*time.Minute)
	sm.Store = st
	sm.Lifetime = cfg.SessionLifetime
	sm.IdleTimeout = cfg.IdleTimeout
	sm.Cookie.Name = "portal_session"
	// The whole host: the media library's pictures are served at /media/
	// to signed-in users.
	sm.Cookie.Path = "/"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.SecureCookies

	if cfg.Editorial == nil {
		cfg.Editorial = editorial.New(cfg.DB, hugo.Codes(cfg.Languages), cfg.Publisher.Request)
	}
	if cfg.MediaDir == "" {
		cfg.MediaDir = cfg.Publisher.MediaDir()
	}
	s := &Server{db: cfg.DB, pub: cfg.Publisher, ed: cfg.Editorial, langs: cfg.Languages, log: cfg.Logger,
		sessions: sm, pages: pg, store: st, library: &media.Library{Dir: cfg.MediaDir}, baseURL: cfg.BaseURL}
	if s.baseURL != "" && !strings.HasSuffix(s.baseURL, "/") {
		s.baseURL += "/"
	}
	s.site = s.newSiteHandler()
	if s.engine, err = s.routes(); err != nil {
		st.StopCleanup()
		return nil, err
	}
	return s, nil
}

// Close stops the server's background work (the removal of expired
// sessions). The database stays open: it is the caller's.
func (s *Server) Close() { s.store.StopCleanup() }

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.engine }

func (s *Server) routes() (*gin.Engine, error) {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	// The portal is reached directly unless configured otherwise: no
	// proxy's X-Forwarded-For is believed.
	if err := r.SetTrustedProxies(nil); err != nil {
		return nil, fmt.Errorf("web: trusted proxies: %w", err)
	}
	r.RedirectTrailingSlash = false
	r.Use(s.logRequests, securityHeaders)

	r.GET("/", s.handleLanguageRedirect)
	r.GET("/admin", func(c *gin.Context) { c.Redirect(http.StatusMovedPermanently, "/admin/") })
	r.StaticFS("/admin/static", http.FS(staticFS()))

	a := r.Group("/admin", limitBody, s.loadSession, s.csrf)
	a.GET("/signin", s.handleSignInForm)
	a.POST("/signin", s.handleSignIn)
	a.POST("/signout", s.handleSignOut)
	a.POST("/language", s.handleLanguage)

	a.GET("/signin/code", s.handleCodeForm)
	a.POST("/signin/code", s.handleCode)
	a.GET("/reset", s.handleResetForm)
	a.POST("/reset", s.handleResetRequest)
	a.GET("/reset/password", s.handleResetPasswordForm)
	a.POST("/reset/password", s.handleResetPassword)

	in := a.Group("", s.requireUser)
	in.GET("/", s.handleDashboard)
	in.POST("/build", s.handleBuild)
	in.GET("/articles", s.handleArticles)
	in.GET("/articles/new", s.handleArticleNew)
	in.POST("/articles", s.handleArticleCreate)
	in.POST("/articles/bulk", s.handleArticlesBulk)
	in.GET("/articles/:id/:lang", s.handleArticleEdit)
	in.POST("/articles/:id/:lang/save", s.handleTranslationSave)
	in.POST("/articles/:id/:lang/action", s.handleTranslationAction)
	in.POST("/articles/:id/:lang/restore", s.handleTranslationRestore)
	in.GET("/articles/:id/:lang/diff", s.handleTranslationDiff)
	in.GET("/articles/:id/:lang/site-preview", s.handleSitePreview)
	in.POST("/articles/:id/nominate", s.handleNominate)
	in.GET("/articles/:id/delete", s.handleDeleteForm)
	in.POST("/articles/:id/delete", s.handleDelete)
	in.GET("/articles/:id/:lang/unpublish", s.handleUnpublishForm)
	in.POST("/articles/:id/licence", s.handleArticleLicence)
	in.GET("/nominations", s.handleNominations)
	in.GET("/nominations.csv", s.handleNominationsCSV)
	in.GET("/preview/:name/*path", s.handlePreviewFile)
	in.GET("/media", s.handleMediaList)
	in.POST("/media", s.handleMediaUpload)
	in.GET("/media/:id", s.handleMediaItem)
	in.POST("/media/:id", s.handleMediaSave)
	in.POST("/media/:id/delete", s.handleMediaDelete)
	in.GET("/media/:id/thumb", s.handleMediaThumb)
	in.GET("/account", s.handleAccount)
	in.POST("/account", s.handleAccountSave)
	in.GET("/account/password", s.handlePasswordForm)
	in.POST("/account/password", s.handlePasswordChange)
	in.GET("/guide", s.handleGuide)
	in.GET("/guide/:page", s.handleGuide)
	in.GET("/notifications", s.handleNotifications)
	in.POST("/notifications/read", s.handleNotificationsRead)
	in.POST("/notifications/:id", s.handleNotificationOpen)
	in.GET("/account/2fa", s.handleTwoFAForm)
	in.POST("/account/2fa", s.handleTwoFA)
	in.GET("/audit", s.requireAuditReader, s.handleAudit)
	in.GET("/audit.csv", s.requireAuditReader, s.handleAuditCSV)
	ad := in.Group("", s.requireAdmin)
	ad.GET("/users", s.handleUsers)
	ad.GET("/users/:id", s.handleUserPage)
	ad.POST("/users", s.handleUserCreate)
	ad.POST("/users/:id", s.handleUserUpdate)
	ad.POST("/users/:id/reset", s.handleUserReset)
	ad.POST("/settings/accounts", s.handleSettings)
	ad.GET("/settings", s.handleSiteSettings)
	ad.POST("/settings", s.handleSiteSettingsSave)
	ad.POST("/settings/logo", s.handleSiteLogo)
	ad.GET("/settings/mail", s.handleMailSettings)
	ad.POST("/settings/mail", s.handleMailSettingsSave)
	ad.POST("/settings/mail/test", s.handleMailTest)
	ad.GET("/units", s.handleUnits)
	ad.POST("/units", s.handleUnitPut)

	// The pictures of the media library, at the paths articles use, for
	// signed-in users (the editor and previews show them).
	r.GET("/media/:id/:name", s.loadSession, s.requireUserOr404, s.handleMediaFile)

	s.apiRoutes(r)
	r.NoRoute(s.handleSite)
	return r, nil
}

// Serve runs an HTTP server on ln until ctx is done, then shuts it down,
// letting requests in flight finish.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("web: serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("web: shutdown: %w", err)
	}
	return nil
}

func (s *Server) logRequests(c *gin.Context) {
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			s.log.Error("panic while serving a request", "path", c.Request.URL.Path, "panic", v)
			c.AbortWithStatus(http.StatusInternalServerError)
		}
		s.log.Debug("request", "method", c.Request.Method, "path", c.Request.URL.Path,
			"status", c.Writer.Status(), "duration", time.Since(start))
	}()
	c.Next()
}

// securityHeaders sets the headers every response carries. The site and the
// admin load nothing from other hosts, which the content security policy
// makes a rule the browser enforces.
func securityHeaders(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; style-src-attr 'unsafe-inline'; script-src 'self'; object-src 'none'; base-uri 'self'; frame-ancestors 'none'; form-action 'self'")
	h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
	c.Next()
}
