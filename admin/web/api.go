package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/store"
)

// The JSON API under /api/v1. Clients authenticate with a bearer token
// (`portal token create`); every call goes through the same editorial
// rules as the HTML admin. Errors are JSON: a stable code and a message in
// the request's language (Vietnamese unless its Accept-Language prefers
// English). The query parameter lang always means a language version of
// an article, as in ?lang=en.

func (s *Server) apiRoutes(r *gin.Engine) {
	api := r.Group("/api/v1", limitJSONBody)
	api.GET("/openapi.json", s.handleOpenAPI)
	press := api.Group("/press", s.requireToken, s.requirePress)
	press.GET("/embargoed", s.handlePressEmbargoed)
	press.GET("/embargoed.xml", s.handlePressEmbargoedFeed)
	in := api.Group("", s.requireToken, s.refusePress)
	in.POST("/articles", s.handleAPIArticleCreate)
	in.GET("/articles", s.handleAPIArticleList)
	in.GET("/articles/:id", s.handleAPIArticleGet)
	in.DELETE("/articles/:id", s.handleAPIArticleDelete)
	in.PUT("/articles/:id/translations/:lang", s.handleAPITranslationSave)
	in.POST("/articles/:id/translations/:lang/:action", s.handleAPITransition)
	in.GET("/articles/:id/revisions", s.handleAPIRevisions)
	in.GET("/articles/:id/revisions/diff", s.handleAPIDiff)
	in.POST("/articles/:id/revisions/:version/restore", s.handleAPIRestore)
	in.GET("/audit", s.handleAPIAudit)
	in.GET("/users", s.handleAPIUsers)
	in.POST("/users", s.handleAPIUserCreate)
	in.PUT("/users/:id", s.handleAPIUserUpdate)
	in.POST("/users/:id/reset-password", s.handleAPIUserReset)
}

func (s *Server) handleOpenAPI(c *gin.Context) {
	b, err := files.ReadFile("openapi.json")
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, "application/json", b)
}

// TokenHash is how API tokens are kept: only their SHA-256.
func TokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func (s *Server) requireToken(c *gin.Context) {
	token, ok := strings.CutPrefix(c.GetHeader("Authorization"), "Bearer ")
	if !ok || strings.TrimSpace(token) == "" {
		s.fail(c, admin.Refuse(admin.EUNAUTHORIZED, "unauthorized", "a bearer token is required"))
		return
	}
	u, err := s.db.UserByToken(c.Request.Context(), TokenHash(strings.TrimSpace(token)))
	if err != nil {
		if code := admin.ErrorCode(err); code == admin.ENOTFOUND || code == admin.EUNAUTHORIZED {
			err = admin.Refuse(admin.EUNAUTHORIZED, "unauthorized", "the token is not valid or was revoked")
		}
		s.fail(c, err)
		return
	}
	if u.MustChangePassword {
		// The password an administrator generated is for one sign-in:
		// the account acts only once its owner has set their own.
		s.fail(c, admin.Refuse(admin.EFORBIDDEN, "password_change_required", "set a password of your own first: sign in to the admin"))
		return
	}
	c.Set("user", u)
	c.Next()
}

func (s *Server) actor(c *gin.Context) editorial.Actor {
	return editorial.Actor{User: currentUser(c), Addr: c.ClientIP()}
}

// apiLang is the language of an API response's messages: the first of
// Vietnamese and English in Accept-Language, Vietnamese by default.
func apiLang(c *gin.Context) string {
	tags, _, _ := language.ParseAcceptLanguage(c.GetHeader("Accept-Language"))
	for _, t := range tags {
		base, _ := t.Base()
		if b := base.String(); b == "vi" || b == "en" {
			return b
		}
	}
	return "vi"
}

type apiErrorBody struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Current is, for a refused save, the version now stored, so that the
	// client can show it beside the text it tried to save.
	Current any `json:"current,omitempty"`
}

// JSON shapes. Internal notes are never part of any of them.

type apiTranslation struct {
	Lang          string      `json:"lang"`
	Title         string      `json:"title"`
	Slug          string      `json:"slug"`
	Summary       string      `json:"summary"`
	Body          string      `json:"body"`
	Tags          []string    `json:"tags"`
	Facts         admin.Facts `json:"facts,omitempty"`
	Status        string      `json:"status"`
	Version       int         `json:"version"`
	LiveVersion   int         `json:"live_version"`
	Site          apiSite     `json:"site"`
	Outdated      bool        `json:"outdated"`
	PublishAt     *time.Time  `json:"publish_at,omitempty"`
	UnpublishAt   *time.Time  `json:"unpublish_at,omitempty"`
	PublishedAt   *time.Time  `json:"published_at,omitempty"`
	ReviewComment string      `json:"review_comment,omitempty"`
	UpdatedAt     time.Time   `json:"updated_at"`
}

// apiSite says how far a version's publication has reached readers:
// "published" in status means released for the site, not yet on it.
type apiSite struct {
	State   string `json:"state"`           // "", waiting, on_site, failed, removing
	Version int    `json:"version"`         // the version the served site shows, 0 for none
	Error   string `json:"error,omitempty"` // why the last build did not bring live_version to the site
}

type apiArticle struct {
	ID           int64            `json:"id"`
	Area         string           `json:"area"`
	Kind         string           `json:"kind"`
	Policy       string           `json:"policy"`
	SourceLang   string           `json:"source_lang"`
	UnitID       int64            `json:"unit_id,omitempty"`
	CreatedAt    time.Time        `json:"created_at"`
	UpdatedAt    time.Time        `json:"updated_at"`
	Translations []apiTranslation `json:"translations"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	return &t
}

func toAPITranslation(t *admin.Translation, outdated bool) apiTranslation {
	tags := t.Tags
	if tags == nil {
		tags = []string{}
	}
	return apiTranslation{Lang: t.Lang, Title: t.Title, Slug: t.Slug, Summary: t.Summary, Body: t.Body, Tags: tags, Facts: t.Facts,
		Status: string(t.Status), Version: t.Version, LiveVersion: t.LiveVersion, Outdated: outdated,
		Site:      apiSite{State: string(t.Site()), Version: t.SiteVersion, Error: t.SiteError},
		PublishAt: timePtr(t.PublishAt), UnpublishAt: timePtr(t.UnpublishAt), PublishedAt: timePtr(t.PublishedAt),
		ReviewComment: t.ReviewComment, UpdatedAt: t.UpdatedAt.UTC()}
}

func (s *Server) toAPIArticle(c *gin.Context, a *admin.Article) (apiArticle, error) {
	areas, err := s.db.Areas(c.Request.Context())
	if err != nil {
		return apiArticle{}, err
	}
	out := apiArticle{ID: a.ID, Kind: string(a.Kind), Policy: string(a.Policy), SourceLang: a.SourceLang,
		UnitID: a.UnitID, CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC(), Translations: []apiTranslation{}}
	for _, ar := range areas {
		if ar.ID == a.AreaID {
			out.Area = ar.Key
		}
	}
	outdated := editorial.Outdated(a)
	for _, t := range a.Translations {
		out.Translations = append(out.Translations, toAPITranslation(t, outdated[t.Lang]))
	}
	return out, nil
}

func pathID(c *gin.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id < 1 {
		return 0, admin.Refuse(admin.ENOTFOUND, "not_found", "no such article")
	}
	return id, nil
}

func (s *Server) handleAPIArticleCreate(c *gin.Context) {
	var in struct {
		Area       string `json:"area"`
		Kind       string `json:"kind"`
		Policy     string `json:"policy"`
		UnitID     int64  `json:"unit_id"`
		SourceLang string `json:"source_lang"`
	}
	if err := decodeJSON(c, &in, true); err != nil {
		s.fail(c, err)
		return
	}
	a, err := s.ed.CreateArticle(c.Request.Context(), s.actor(c), editorial.NewArticle{AreaKey: in.Area,
		Kind: admin.Kind(in.Kind), Policy: admin.Policy(in.Policy), UnitID: in.UnitID, SourceLang: in.SourceLang})
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeArticle(c, http.StatusCreated, a.ID)
}

func (s *Server) writeArticle(c *gin.Context, status int, id int64) {
	a, err := s.ed.Article(c.Request.Context(), s.actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	out, err := s.toAPIArticle(c, a)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(status, out)
}

func (s *Server) handleAPIArticleGet(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	s.writeArticle(c, http.StatusOK, id)
}

type apiListItem struct {
	ID        int64             `json:"id"`
	Area      string            `json:"area"`
	Kind      string            `json:"kind"`
	Titles    map[string]string `json:"titles"`
	Statuses  map[string]string `json:"statuses"`
	UpdatedAt time.Time         `json:"updated_at"`
}

func (s *Server) handleAPIArticleList(c *gin.Context) {
	page, _ := strconv.Atoi(c.DefaultQuery("page", "1"))
	f := store.ArticleFilter{Q: c.Query("q"), AreaKey: c.Query("area"), Kind: admin.Kind(c.Query("kind")),
		Status: admin.Status(c.Query("status")), Lang: c.Query("lang"), Page: page, PerPage: 50}
	f.UnitID = editorial.UnitScope(currentUser(c))
	list, total, err := s.db.ListArticles(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	items := []apiListItem{}
	for _, a := range list {
		it := apiListItem{ID: a.ID, Area: a.AreaKey, Kind: string(a.Kind), Titles: a.Titles, Statuses: map[string]string{}, UpdatedAt: a.UpdatedAt.UTC()}
		for l, st := range a.Statuses {
			it.Statuses[l] = string(st)
		}
		items = append(items, it)
	}
	c.JSON(http.StatusOK, gin.H{"items": items, "total": total, "page": max(page, 1), "per_page": 50})
}

func (s *Server) handleAPITranslationSave(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in struct {
		Title   string   `json:"title"`
		Slug    string   `json:"slug"`
		Summary string   `json:"summary"`
		Body    string   `json:"body"`
		Tags    []string `json:"tags"`
		Version int      `json:"version"`
		Minor   bool     `json:"minor"`
		// Facts, when present, replace the version's facts.
		Facts admin.Facts `json:"facts"`
	}
	if err := decodeJSON(c, &in, true); err != nil {
		s.fail(c, err)
		return
	}
	lang := c.Param("lang")
	t, err := s.ed.SaveTranslation(c.Request.Context(), s.actor(c), id, lang, editorial.TranslationInput{
		Title: in.Title, Slug: in.Slug, Summary: in.Summary, Body: in.Body, Tags: in.Tags, Version: in.Version, Minor: in.Minor,
		Facts: in.Facts})
	if err != nil {
		var current any
		if admin.ErrorCode(err) == admin.ECONFLICT {
			if a, aerr := s.ed.Article(c.Request.Context(), s.actor(c), id); aerr == nil && a.Translation(lang) != nil {
				current = toAPITranslation(a.Translation(lang), editorial.Outdated(a)[lang])
			}
		}
		s.failWith(c, err, current)
		return
	}
	status := http.StatusOK
	if in.Version == 0 {
		status = http.StatusCreated
	}
	// The text is the one this save made (t); whether the source language
	// moved on since is read now.
	outdated := false
	if a, err := s.ed.Article(c.Request.Context(), s.actor(c), id); err == nil {
		outdated = editorial.Outdated(a)[lang]
	} else {
		s.log.Warn("saved, but could not tell whether the translation is outdated", "article", id, "lang", lang, "err", err)
	}
	c.JSON(status, toAPITranslation(t, outdated))
}

func (s *Server) handleAPITransition(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	var in struct {
		Comment     string   `json:"comment"`
		PublishAt   *apiTime `json:"publish_at"`
		UnpublishAt *apiTime `json:"unpublish_at"`
		Version     int      `json:"version"`
	}
	if err := decodeJSON(c, &in, false); err != nil {
		s.fail(c, err)
		return
	}
	ti := editorial.TransitionInput{Comment: in.Comment, Version: in.Version}
	if in.PublishAt != nil {
		ti.PublishAt = in.PublishAt.Time
	}
	if in.UnpublishAt != nil {
		ti.UnpublishAt = in.UnpublishAt.Time
	}
	t, err := s.ed.Transition(c.Request.Context(), s.actor(c), id, c.Param("lang"), c.Param("action"), ti)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPITranslation(t, false))
}

type apiRevision struct {
	Version   int       `json:"version"`
	Title     string    `json:"title"`
	Summary   string    `json:"summary"`
	Body      string    `json:"body"`
	Tags      []string  `json:"tags"`
	EditorID  int64     `json:"editor_id,omitempty"`
	Minor     bool      `json:"minor"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Server) handleAPIRevisions(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	revs, err := s.ed.Revisions(c.Request.Context(), s.actor(c), id, s.versionLang(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []apiRevision{}
	for _, r := range revs {
		out = append(out, apiRevision{Version: r.Version, Title: r.Title, Summary: r.Summary, Body: r.Body, Tags: r.Tags,
			EditorID: r.EditorID, Minor: r.Minor, CreatedAt: r.CreatedAt.UTC()})
	}
	c.JSON(http.StatusOK, gin.H{"revisions": out})
}

// versionLang is the language version a revision call is about: ?lang=,
// the site's default language when not given.
func (s *Server) versionLang(c *gin.Context) string { return c.DefaultQuery("lang", s.langs[0].Code) }

func (s *Server) handleAPIDiff(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	from, _ := strconv.Atoi(c.Query("from"))
	to, _ := strconv.Atoi(c.Query("to"))
	d, err := s.ed.DiffVersions(c.Request.Context(), s.actor(c), id, s.versionLang(c), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, gin.H{"from": d.From, "to": d.To, "title": d.Title, "summary": d.Summary, "body": d.Body, "tags": d.Tags})
}

func (s *Server) handleAPIRestore(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	version, err := strconv.Atoi(c.Param("version"))
	if err != nil {
		s.fail(c, admin.Refuse(admin.ENOTFOUND, "not_found", "no such version"))
		return
	}
	var in struct {
		Version int `json:"version"` // the current version the client saw
	}
	if err := decodeJSON(c, &in, true); err != nil {
		s.fail(c, err)
		return
	}
	t, err := s.ed.Restore(c.Request.Context(), s.actor(c), id, s.versionLang(c), version, in.Version)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, toAPITranslation(t, false))
}

// mayReadAudit: administrators and inspectors read the audit log.
func mayReadAudit(u *admin.User) bool {
	return u != nil && (u.Role == admin.RoleAdmin || u.Role == admin.RoleInspector)
}

type apiEvent struct {
	ID      int64     `json:"id"`
	At      time.Time `json:"at"`
	ActorID int64     `json:"actor_id,omitempty"`
	Actor   string    `json:"actor"`
	Addr    string    `json:"addr"`
	Action  string    `json:"action"`
	Object  string    `json:"object"`
	Detail  string    `json:"detail"`
	Hash    string    `json:"hash"`
	// Text is the entry as a sentence in the request's language.
	Text string `json:"text"`
}

func (s *Server) handleAPIAudit(c *gin.Context) {
	if !mayReadAudit(currentUser(c)) {
		s.fail(c, admin.Refuse(admin.EFORBIDDEN, "forbidden", "only administrators and inspectors read the audit log"))
		return
	}
	f, err := auditFilter(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	events, err := s.db.Events(c.Request.Context(), f)
	if err != nil {
		s.fail(c, err)
		return
	}
	views, err := s.describe(c.Request.Context(), apiLang(c), events)
	if err != nil {
		s.fail(c, err)
		return
	}
	out := []apiEvent{}
	for _, e := range views {
		out = append(out, apiEvent{ID: e.ID, At: e.At, ActorID: e.ActorID, Actor: e.Actor, Addr: e.Addr,
			Action: e.Action, Object: e.Object, Detail: e.Detail, Hash: e.Hash, Text: e.Sentence})
	}
	c.JSON(http.StatusOK, gin.H{"events": out})
}

// auditFilter reads the audit filter from the query: action, object, actor
// (a user id) or user (a user name), from and to (dates, YYYY-MM-DD), before
// (an entry id, for the next page).
func auditFilter(c *gin.Context) (store.AuditFilter, error) {
	f := store.AuditFilter{Action: c.Query("action"), Object: c.Query("object"), Actor: strings.TrimSpace(c.Query("user")), Limit: 200}
	f.ActorID, _ = strconv.ParseInt(c.Query("actor"), 10, 64)
	f.BeforeID, _ = strconv.ParseInt(c.Query("before"), 10, 64)
	for name, dst := range map[string]*time.Time{"from": &f.From, "to": &f.To} {
		if v := c.Query(name); v != "" {
			iso, ok := admin.FormDate(v)
			d, err := time.ParseInLocation("2006-01-02", iso, admin.Vietnam)
			if !ok || err != nil {
				return f, admin.Refuse(admin.EINVALID, "bad_request", "%s must be a date like 06/06/2024 or 2024-06-06", name)
			}
			if name == "to" {
				d = d.AddDate(0, 0, 1)
			}
			*dst = d
		}
	}
	return f, nil
}
