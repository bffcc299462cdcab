package web

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"slices"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
)

//go:embed templates static openapi.json guide
var files embed.FS

func staticFS() fs.FS {
	sub, _ := fs.Sub(files, "static")
	return sub
}

// pages holds one parsed template set per page, each with the shared layout.
type pages struct {
	sets map[string]*template.Template
}

var pageNames = []string{"signin", "code", "dashboard", "error", "users", "units", "audit", "twofa", "articles", "article_new", "article", "diff", "media", "media_item", "settings", "nominations", "account", "password", "user", "notifications", "reset", "mail", "confirm", "guide"}

func parsePages() (*pages, error) {
	funcs := template.FuncMap{
		"t":   translate,
		"has": func(list []string, v string) bool { return slices.Contains(list, v) },
		"sub": func(a, b int) int { return a - b },
		"dict": func(kv ...any) map[string]any {
			m := map[string]any{}
			for i := 0; i+1 < len(kv); i += 2 {
				m[fmt.Sprint(kv[i])] = kv[i+1]
			}
			return m
		},
		// who is how the user of id is shown: their full name from
		// names, else fallback (the login an audit entry recorded).
		"who": func(names map[int64]string, id int64, fallback string) string {
			if n := names[id]; n != "" {
				return n
			}
			return fallback
		},
		"dayfirst": admin.DayFirst,
		"date": func(lang string, t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return formatDateTime(lang, t)
		},
	}
	// Templates some pages share, by page.
	shared := map[string][]string{"media": {"media_fields"}, "media_item": {"media_fields"}}
	p := &pages{sets: map[string]*template.Template{}}
	for _, name := range pageNames {
		patterns := []string{"templates/layout.html", "templates/" + name + ".html"}
		for _, s := range shared[name] {
			patterns = append(patterns, "templates/"+s+".html")
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files, patterns...)
		if err != nil {
			return nil, fmt.Errorf("web: template %s: %w", name, err)
		}
		p.sets[name] = t
	}
	return p, nil
}

// layoutData is what the layout of every admin page reads. A page with a
// typed data struct embeds it; a gin.H gets the same keys.
type layoutData struct {
	Lang string // the admin's language
	CSRF string
	User *admin.User
	Path string
	// Names are how users are shown, by id (see the "who" function).
	Names map[int64]string
	// Unread is how many notifications the user has not read.
	Unread int
}

func (l *layoutData) layout() *layoutData { return l }

// render writes page with data (a gin.H, or a struct embedding
// layoutData), adding what every page needs. It renders into a buffer
// first so that a template error is a clean 500, not half a page.
func (s *Server) render(c *gin.Context, status int, page string, data any) {
	lang := s.adminLang(c)
	common := layoutData{Lang: lang, CSRF: s.csrfToken(c), User: currentUser(c), Path: c.Request.URL.Path}
	if common.User != nil {
		names, err := s.db.UserNames(c.Request.Context())
		if err != nil {
			s.log.Error("user names", "err", err)
		}
		common.Names = names
		if common.Unread, err = s.db.Unread(c.Request.Context(), common.User.ID); err != nil {
			s.log.Error("unread notifications", "err", err)
		}
	}
	switch d := data.(type) {
	case gin.H:
		d["Lang"], d["CSRF"], d["User"], d["Path"], d["Names"], d["Unread"] = common.Lang, common.CSRF, common.User, common.Path, common.Names, common.Unread
	case interface{ layout() *layoutData }:
		*d.layout() = common
	default:
		s.log.Error("template data of an unknown kind", "page", page, "type", fmt.Sprintf("%T", data))
		c.String(http.StatusInternalServerError, translate(lang, "internal_error"))
		return
	}
	var buf bytes.Buffer
	if err := s.pages.sets[page].Execute(&buf, data); err != nil {
		s.log.Error("template", "page", page, "err", err)
		c.String(http.StatusInternalServerError, translate(lang, "internal_error"))
		return
	}
	c.Data(status, "text/html; charset=utf-8", buf.Bytes())
}

// adminLang is the admin language of this session: Vietnamese unless the
// user chose another.
func (s *Server) adminLang(c *gin.Context) string {
	lang := s.sessions.GetString(c.Request.Context(), keyLang)
	if lang == "" {
		if ck, err := c.Request.Cookie(langCookie); err == nil {
			lang = ck.Value
		}
	}
	if _, ok := messages[lang]; ok {
		return lang
	}
	return "vi"
}

func (s *Server) t(c *gin.Context, key string) string { return translate(s.adminLang(c), key) }

// formatDateTime writes a time as readers of lang write it, in Vietnam's
// time zone: "14:30 ngày 06/6/2024" or "14:30, 6 June 2024".
func formatDateTime(lang string, t time.Time) string {
	t = t.In(admin.Vietnam)
	if lang == "vi" {
		return fmt.Sprintf("%s ngày %s", t.Format("15:04"), ShortDateVI(t))
	}
	return t.Format("15:04, 2 January 2006")
}

// ShortDateVI is the short Vietnamese date ("06/6/2024", "05/02/2023").
func ShortDateVI(t time.Time) string { return admin.ShortDate("vi", t) }

// catalog is what the admin's lists and forms take names from: the areas
// and the units, and each area's name in the admin's language by key.
type catalog struct {
	Areas    []*admin.Area
	Units    []*admin.Unit
	AreaName map[string]string
}

func (s *Server) catalog(c *gin.Context) (*catalog, error) {
	ctx := c.Request.Context()
	areas, err := s.db.Areas(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	cat := &catalog{Areas: areas, Units: units, AreaName: map[string]string{}}
	lang := s.adminLang(c)
	for _, a := range areas {
		cat.AreaName[a.Key] = firstAreaName(a, lang)
	}
	return cat, nil
}
