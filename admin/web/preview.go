package web

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin/auth"
)

// handleSitePreview builds the article's working versions (drafts too)
// through the real theme, in every language it has, and opens the page in
// the version's language. Only the signed-in user who asked can open it.
func (s *Server) handleSitePreview(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	lang := c.Param("lang")
	a, err := s.ed.Article(ctx, s.actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	if a.Translation(lang) == nil {
		s.notFound(c)
		return
	}
	name := auth.RandomSecret(12)
	scheme := "http"
	if c.Request.TLS != nil {
		scheme = "https"
	}
	base := fmt.Sprintf("%s://%s/admin/preview/%s/", scheme, c.Request.Host, name)
	if _, err := s.pub.Preview(ctx, s.db, id, name, base); err != nil {
		s.fail(c, err)
		return
	}
	s.sessions.Put(ctx, "preview_"+name, true)
	areas, err := s.db.Areas(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	areaSlug := ""
	for _, ar := range areas {
		if ar.ID == a.AreaID {
			areaSlug = ar.Names[lang].Slug
		}
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/preview/%s/%s/%s/%s/", name, lang, areaSlug, a.Translation(lang).Slug))
}

// handlePreviewFile serves a file of a preview to the user who made it.
func (s *Server) handlePreviewFile(c *gin.Context) {
	name := c.Param("name")
	if !s.sessions.GetBool(c.Request.Context(), "preview_"+name) || strings.ContainsAny(name, "./\\") {
		s.notFound(c)
		return
	}
	root, err := os.OpenRoot(s.pub.PreviewDir(name))
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			s.fail(c, err)
			return
		}
		s.notFound(c) // removed after an hour
		return
	}
	defer func() { _ = root.Close() }() // only read
	p := strings.TrimPrefix(path.Clean("/"+c.Param("path")), "/")
	if p == "" {
		p = "."
	}
	f, info, err := openFile(root, p)
	if err == nil && info.IsDir() {
		_ = f.Close() // a folder, only looked at
		f, info, err = openFile(root, path.Join(p, "index.html"))
	}
	if err != nil {
		s.notFound(c)
		return
	}
	defer func() { _ = f.Close() }() // only read
	c.Header("X-Robots-Tag", "noindex")
	http.ServeContent(c.Writer, c.Request, info.Name(), info.ModTime(), f)
}
