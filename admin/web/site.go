package web

import (
	"errors"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strings"

	"github.com/gin-gonic/gin"
	"golang.org/x/text/language"

	"portal/admin"
)

// handleLanguageRedirect sends a reader at / to the site in the language
// their browser prefers among the site's languages, the default otherwise.
func (s *Server) handleLanguageRedirect(c *gin.Context) {
	tags := make([]language.Tag, len(s.langs))
	for i, l := range s.langs {
		tags[i] = language.Make(l.Code)
	}
	m := language.NewMatcher(tags)
	prefs, _, _ := language.ParseAcceptLanguage(c.GetHeader("Accept-Language"))
	_, i, conf := m.Match(prefs...)
	if conf == language.No {
		i = 0
	}
	c.Header("Vary", "Accept-Language")
	c.Header("Cache-Control", "no-store")
	c.Redirect(http.StatusFound, "/"+s.langs[i].Code+"/")
}

// handleSite serves the built site. The folder is opened afresh for every
// request through the link to the current build, so a new build takes
// effect at once and a request never mixes two builds. Paths cannot leave
// the folder, folders are never listed, and a missing page gets the 404
// page of its language.
func (s *Server) handleSite(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		s.apiError(c, admin.Refuse(admin.ENOTFOUND, "not_found", "no such endpoint"))
		return
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		c.Header("Allow", "GET, HEAD")
		c.AbortWithStatus(http.StatusMethodNotAllowed)
		return
	}
	root, err := os.OpenRoot(s.pub.PublicDir())
	if err != nil {
		c.String(http.StatusServiceUnavailable, "The site is being built. Please try again in a minute.\nTrang đang được xây dựng, vui lòng thử lại sau ít phút.\n")
		return
	}
	defer root.Close()

	name := strings.TrimPrefix(path.Clean("/"+c.Request.URL.Path), "/")
	if name == "" {
		name = "."
	}
	f, info, err := openFile(root, name)
	if err == nil && info.IsDir() {
		f.Close()
		if !strings.HasSuffix(c.Request.URL.Path, "/") {
			c.Redirect(http.StatusMovedPermanently, c.Request.URL.Path+"/")
			return
		}
		f, info, err = openFile(root, path.Join(name, "index.html"))
	}
	if err != nil {
		s.serveNotFound(c, root, name)
		return
	}
	defer f.Close()
	http.ServeContent(c.Writer, c.Request, info.Name(), info.ModTime(), f)
}

func openFile(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, info, nil
}

func (s *Server) serveNotFound(c *gin.Context, root *os.Root, name string) {
	lang := s.langs[0].Code
	for _, l := range s.langs {
		if name == l.Code || strings.HasPrefix(name, l.Code+"/") {
			lang = l.Code
		}
	}
	c.Status(http.StatusNotFound)
	for _, p := range []string{lang + "/404.html", "404.html"} {
		f, err := root.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			break
		}
		defer f.Close()
		c.Header("Content-Type", "text/html; charset=utf-8")
		io.Copy(c.Writer, f)
		return
	}
	c.String(http.StatusNotFound, "404 page not found")
}
