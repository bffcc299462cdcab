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
	"github.com/klauspost/compress/gzhttp"
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
// page of its language. Text (HTML, CSS, feeds, JSON) is sent compressed
// to browsers that accept it: a phone on a slow connection gets a page in
// a fraction of the bytes.
func (s *Server) handleSite(c *gin.Context) {
	if strings.HasPrefix(c.Request.URL.Path, "/api/") {
		s.fail(c, admin.Refuse(admin.ENOTFOUND, "not_found", "no such endpoint"))
		return
	}
	if c.Request.Method != http.MethodGet && c.Request.Method != http.MethodHead {
		c.Header("Allow", "GET, HEAD")
		c.AbortWithStatus(http.StatusMethodNotAllowed)
		return
	}
	s.site.ServeHTTP(c.Writer, c.Request)
}

// newSiteHandler returns the handler of the built site's files, with
// compression.
func (s *Server) newSiteHandler() http.Handler {
	return gzhttp.GzipHandler(http.HandlerFunc(s.serveSite))
}

func (s *Server) serveSite(w http.ResponseWriter, r *http.Request) {
	root, err := os.OpenRoot(s.pub.PublicDir())
	if err != nil {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		if _, err := io.WriteString(w, "The site is being built. Please try again in a minute.\nTrang đang được xây dựng, vui lòng thử lại sau ít phút.\n"); err != nil {
			s.cutOff(r, err)
		}
		return
	}
	defer func() { _ = root.Close() }() // only read

	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "."
	}
	f, info, err := openFile(root, name)
	if err == nil && info.IsDir() {
		_ = f.Close() // a folder, only looked at
		if !strings.HasSuffix(r.URL.Path, "/") {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		f, info, err = openFile(root, path.Join(name, "index.html"))
	}
	if err != nil {
		s.serveNotFound(w, r, root, name)
		return
	}
	defer func() { _ = f.Close() }() // only read
	http.ServeContent(w, r, info.Name(), info.ModTime(), f)
}

func openFile(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.Open(name)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		_ = f.Close() // only opened; the Stat error is the one to report
		return nil, nil, err
	}
	return f, info, nil
}

func (s *Server) serveNotFound(w http.ResponseWriter, r *http.Request, root *os.Root, name string) {
	lang := s.langs[0].Code
	for _, l := range s.langs {
		if name == l.Code || strings.HasPrefix(name, l.Code+"/") {
			lang = l.Code
		}
	}
	for _, p := range []string{lang + "/404.html", "404.html"} {
		f, err := root.Open(p)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			break
		}
		defer func() { _ = f.Close() }() // only read
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		if _, err := io.Copy(w, f); err != nil {
			s.cutOff(r, err)
		}
		return
	}
	http.Error(w, "404 page not found", http.StatusNotFound)
}
