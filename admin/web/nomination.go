package web

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/text"
)

// handleNominate marks an article as nominated for the national
// external-information press award, or takes the mark off.
func (s *Server) handleNominate(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	back := c.PostForm("back")
	if !strings.HasPrefix(back, "/admin/") {
		back = "/admin/nominations"
	}
	if !editorial.MayNominate(currentUser(c)) {
		s.flashOutcome(c, admin.Refuse(admin.EFORBIDDEN, "forbidden_nominate", "only approvers and administrators nominate articles"), "", back)
		return
	}
	nominated := c.PostForm("nominated") == "1"
	action, done := "article.nominate", s.t(c, "nominated_done")
	if !nominated {
		action, done = "article.unnominate", s.t(c, "unnominated_done")
	}
	err := s.db.Nominate(c.Request.Context(), id, nominated, c.PostForm("note"), currentUser(c).ID,
		s.adminEvent(c, action, fmt.Sprintf("article/%d", id), c.PostForm("note")))
	s.flashOutcome(c, err, done, back)
}

func (s *Server) handleNominations(c *gin.Context) {
	ctx := c.Request.Context()
	list, err := s.db.Nominations(ctx, s.langs[0].Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "nominations", gin.H{"Items": list, "Flash": s.sessions.PopString(ctx, "flash"),
		"FlashError": s.sessions.PopString(ctx, "flash_error")})
}

// handleNominationsCSV exports the nominees for the award's file: one row
// per published language version, with its address on the site.
func (s *Server) handleNominationsCSV(c *gin.Context) {
	ctx := c.Request.Context()
	list, err := s.db.Nominations(ctx, s.langs[0].Code)
	if err != nil {
		s.fail(c, err)
		return
	}
	site := s.siteURL(c)
	rows := [][]string{{"article_id", "kind", "area", "unit", "lang", "title", "published", "url", "nominated_at", "nominated_by", "note"}}
	for _, n := range list {
		for _, v := range n.Versions {
			published := ""
			if v.PublishedAt.Valid {
				published = v.PublishedAt.Time.In(admin.Vietnam).Format("2006-01-02")
			}
			rows = append(rows, []string{fmt.Sprint(n.ArticleID), string(n.Kind), n.AreaKey, text.CSVCell(n.UnitName), v.Lang, text.CSVCell(v.Title), published,
				fmt.Sprintf("%s%s/%s/%s/", site, v.Lang, v.AreaSlug, v.Slug), n.NominatedAt.Time.In(admin.Vietnam).Format(time.RFC3339), n.By, text.CSVCell(n.Note)})
		}
	}
	s.sendCSV(c, "de-cu-giai-bao-chi.csv", rows)
}

// siteURL is the address of the public site as the request reached it.
func (s *Server) siteURL(c *gin.Context) string {
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	return fmt.Sprintf("%s://%s/", scheme, c.Request.Host)
}

// handleArticleLicence sets the licence of an article's text, when it is
// not the site's.
func (s *Server) handleArticleLicence(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	back := fmt.Sprintf("/admin/articles/%d/%s", id, c.PostForm("lang"))
	a, err := s.ed.Article(c.Request.Context(), s.actor(c), id)
	if err != nil {
		s.flashOutcome(c, err, "", "/admin/articles")
		return
	}
	if !editorial.MayEdit(currentUser(c), a) {
		s.flashOutcome(c, admin.Refuse(admin.EFORBIDDEN, "forbidden_edit", "you may not edit this article"), "", back)
		return
	}
	licence := c.PostForm("licence")
	err = s.db.SetArticleLicence(c.Request.Context(), id, licence, s.adminEvent(c, "article.licence", fmt.Sprintf("article/%d", id), licence))
	if err == nil {
		s.pub.Request()
	}
	s.flashOutcome(c, err, s.t(c, "licence_saved"), back)
}
