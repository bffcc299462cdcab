package web

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"portal/admin"
)

func (s *Server) handleDashboard(c *gin.Context) {
	ctx := c.Request.Context()
	articles, published, err := s.db.CountArticles(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	build, err := s.db.LastBuild(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	recent, err := s.db.RecentArticles(ctx, 20)
	if err != nil {
		s.fail(c, err)
		return
	}
	areas, err := s.db.Areas(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	lang := s.adminLang(c)
	areaNames := map[string]string{}
	for _, a := range areas {
		areaNames[a.Key] = a.Names[lang].Name
		if areaNames[a.Key] == "" {
			areaNames[a.Key] = a.Names["vi"].Name
		}
	}
	type row struct {
		ID      int64
		Title   string
		Area    string
		Updated any
		Langs   []langStatus
	}
	var rows []row
	for _, a := range recent {
		r := row{ID: a.ID, Area: areaNames[a.AreaKey], Updated: a.UpdatedAt}
		for _, l := range s.langs {
			if r.Title == "" {
				r.Title = a.Titles[l.Code]
			}
			r.Langs = append(r.Langs, langStatus{Code: l.Code, Status: a.Statuses[l.Code]})
		}
		rows = append(rows, r)
	}
	s.render(c, http.StatusOK, "dashboard", gin.H{
		"Articles":   articles,
		"Published":  published,
		"Build":      build,
		"Recent":     rows,
		"Requested":  c.Query("requested") == "1",
		"CanPublish": canPublish(currentUser(c)),
	})
}

type langStatus struct {
	Code   string
	Status admin.Status
}

func canPublish(u *admin.User) bool {
	return u != nil && (u.Role == admin.RoleApprover || u.Role == admin.RoleAdmin)
}

// handleBuild asks for a rebuild of the site; only those who may publish can.
func (s *Server) handleBuild(c *gin.Context) {
	u := currentUser(c)
	if !canPublish(u) {
		s.render(c, http.StatusForbidden, "error", gin.H{"Message": s.t(c, "forbidden")})
		return
	}
	s.log.Info("site rebuild requested", "user", u.Username)
	s.pub.Request()
	c.Redirect(http.StatusSeeOther, "/admin/?requested=1")
}
