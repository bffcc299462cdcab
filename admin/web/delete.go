package web

import (
	"fmt"
	"net/http"

	"github.com/gin-gonic/gin"

	"portal/admin/editorial"
)

// Deleting an article and taking a version off the site are asked for
// twice: a page names what will go and, for unpublishing, asks why; its
// form does it. The rules are editorial's.

// handleDeleteForm asks to confirm the deletion of an article, naming it.
func (s *Server) handleDeleteForm(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	a, err := s.ed.Article(c.Request.Context(), s.actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := editorial.CheckDelete(currentUser(c), a); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "confirm", gin.H{
		"Heading": s.t(c, "delete_title"), "Article": a, "Published": editorial.EverPublished(a),
		"Action": fmt.Sprintf("/admin/articles/%d/delete", a.ID), "Button": s.t(c, "delete_confirm"),
		"Back": fmt.Sprintf("/admin/articles/%d/%s", a.ID, a.SourceLang),
	})
}

// handleDelete deletes an article.
func (s *Server) handleDelete(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	if err := s.ed.DeleteArticle(c.Request.Context(), s.actor(c), id); err != nil {
		s.flashOutcome(c, err, "", fmt.Sprintf("/admin/articles/%d/delete", id))
		return
	}
	s.sessions.Put(c.Request.Context(), "flash", s.t(c, "deleted"))
	c.Redirect(http.StatusSeeOther, "/admin/articles")
}

// handleUnpublishForm asks to confirm taking a version off the site, and
// why.
func (s *Server) handleUnpublishForm(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	lang := c.Param("lang")
	a, err := s.ed.Article(c.Request.Context(), s.actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	t := a.Translation(lang)
	if t == nil {
		s.notFound(c)
		return
	}
	if err := editorial.Check(currentUser(c), a, t, editorial.ActionUnpublish); err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "confirm", gin.H{
		"Heading": s.t(c, "unpublish_title"), "Article": a, "Version": t, "Reason": true,
		"Action": fmt.Sprintf("/admin/articles/%d/%s/action", a.ID, lang), "Button": s.t(c, "action_unpublish"),
		"Back": fmt.Sprintf("/admin/articles/%d/%s", a.ID, lang),
	})
}

// articleDeleteAPI deletes an article through the API.
func (s *Server) handleAPIArticleDelete(c *gin.Context) {
	id, err := pathID(c, "id")
	if err != nil {
		s.fail(c, err)
		return
	}
	if err := s.ed.DeleteArticle(c.Request.Context(), s.actor(c), id); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}
