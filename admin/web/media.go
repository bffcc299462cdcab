package web

import (
	"fmt"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/hugo"
	"portal/admin/media"
	"portal/admin/store"
)

const mediaPerPage = 24

// mediaView is a picture as the library pages show it.
type mediaView struct {
	*admin.Media
	Markdown string // what to paste into an article, in the page's language
	Missing  []missingText
	CanEdit  bool
}

// missingText is something a picture lacks; Lang names the language for
// the texts readers of one language need.
type missingText struct{ What, Lang string }

func (s *Server) mediaView(c *gin.Context, m *admin.Media, lang string) mediaView {
	var miss []missingText
	for _, l := range s.langs {
		for _, what := range m.Missing(l.Code) {
			item := missingText{What: what}
			if what == "alt" || what == "caption" {
				item.Lang = l.Label
			}
			if !slices.Contains(miss, item) {
				miss = append(miss, item)
			}
		}
	}
	return mediaView{Media: m, Markdown: mediaMarkdown(m, lang), Missing: miss, CanEdit: editorial.MayEditMedia(currentUser(c), m)}
}

// mediaMarkdown is the Markdown that shows m in an article in lang.
func mediaMarkdown(m *admin.Media, lang string) string {
	alt := strings.NewReplacer("[", "", "]", "", "\n", " ").Replace(m.Texts[lang].Alt)
	return fmt.Sprintf("![%s](%s)", alt, m.Path())
}

func (s *Server) handleMediaList(c *gin.Context) {
	ctx := c.Request.Context()
	lang := s.adminLang(c)
	page, _ := strconv.Atoi(c.Query("page"))
	if page < 1 {
		page = 1
	}
	f := store.MediaFilter{Q: c.Query("q"), Incomplete: c.Query("incomplete") == "1", Languages: s.langCodes(),
		Limit: mediaPerPage, Offset: (page - 1) * mediaPerPage}
	list, total, err := s.db.ListMedia(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("format") == "json" {
		items := make([]gin.H, len(list))
		edit := c.Query("lang")
		if !s.hasLang(edit) {
			edit = lang
		}
		for i, m := range list {
			var needs []string
			for _, k := range m.Missing(edit) {
				needs = append(needs, translate(lang, "media_missing_"+k))
			}
			items[i] = gin.H{"needs": strings.Join(needs, ", "), "id": m.ID, "path": m.Path(), "thumb": fmt.Sprintf("/admin/media/%d/thumb", m.ID),
				"alt": m.Texts[edit].Alt, "caption": m.Texts[edit].Caption, "markdown": mediaMarkdown(m, edit),
				"missing": m.Missing(edit)}
		}
		c.JSON(http.StatusOK, gin.H{"total": total, "items": items})
		return
	}
	views := make([]mediaView, len(list))
	for i, m := range list {
		views[i] = s.mediaView(c, m, lang)
	}
	q := url.Values{}
	if f.Q != "" {
		q.Set("q", f.Q)
	}
	if f.Incomplete {
		q.Set("incomplete", "1")
	}
	pages := (total + mediaPerPage - 1) / mediaPerPage
	pageURL := func(n int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("page", strconv.Itoa(n))
		return "/admin/media?" + v.Encode()
	}
	data := gin.H{"Items": views, "Total": total, "Q": f.Q, "Incomplete": f.Incomplete, "Page": page, "Pages": pages,
		"Langs": s.langs, "Licences": admin.Licences, "CanUpload": editorial.MayUpload(currentUser(c)),
		"Limits": media.DefaultLimits, "MaxMB": media.DefaultLimits.MaxBytes >> 20,
		"Flash": s.sessions.PopString(ctx, "flash"), "FlashError": s.sessions.PopString(ctx, "flash_error")}
	if page > 1 {
		data["Prev"] = pageURL(page - 1)
	}
	if page < pages {
		data["Next"] = pageURL(page + 1)
	}
	s.render(c, http.StatusOK, "media", data)
}

// wantsJSON reports whether the request comes from the editor's script,
// which wants a JSON answer instead of a page.
func wantsJSON(c *gin.Context) bool {
	return strings.Contains(c.GetHeader("Accept"), "application/json")
}

// handleMediaUpload adds a picture to the library. The file is checked by
// its content, cleaned of metadata (location, camera, author) and stored
// under its checksum; a picture already in the library is not added twice.
func (s *Server) handleMediaUpload(c *gin.Context) {
	ctx := c.Request.Context()
	u := currentUser(c)
	lang := s.adminLang(c)
	refuse := func(status int, err error) {
		code, msg := explain(lang, err)
		if wantsJSON(c) {
			c.JSON(status, gin.H{"code": code, "message": msg})
			return
		}
		s.sessions.Put(ctx, "flash_error", msg)
		c.Redirect(http.StatusSeeOther, "/admin/media")
	}
	if !editorial.MayUpload(u) {
		refuse(http.StatusForbidden, admin.Refuse(admin.EFORBIDDEN, "forbidden_upload", "you may not add pictures to the library"))
		return
	}
	fh, err := formFile(c, "file")
	if err != nil {
		refuse(httpStatus(admin.ErrorCode(err)), err)
		return
	}
	if fh == nil {
		refuse(http.StatusUnprocessableEntity, admin.Refuse(admin.EINVALID, "media_no_file", "choose a picture to upload"))
		return
	}
	f, err := fh.Open()
	if err != nil {
		s.fail(c, err)
		return
	}
	img, err := media.Clean(f, media.DefaultLimits)
	_ = f.Close() // the upload, only read
	if err != nil {
		refuse(httpStatus(admin.ErrorCode(err)), err)
		return
	}
	m := &admin.Media{OriginalName: fh.Filename, Credit: c.PostForm("credit"), Licence: c.PostForm("licence"),
		UnitID: u.UnitID, UploadedBy: u.ID, Texts: map[string]admin.MediaText{}}
	for _, l := range s.langs {
		if alt, cap := c.PostForm("alt_"+l.Code), c.PostForm("caption_"+l.Code); alt != "" || cap != "" {
			m.Texts[l.Code] = admin.MediaText{Alt: alt, Caption: cap}
		}
	}
	m, existing, err := s.addPicture(c, img, m)
	if err != nil {
		if admin.ErrorCode(err) == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		refuse(httpStatus(admin.ErrorCode(err)), err)
		return
	}
	edit := c.PostForm("lang")
	if !s.hasLang(edit) {
		edit = lang
	}
	if wantsJSON(c) {
		c.JSON(http.StatusOK, gin.H{"id": m.ID, "path": m.Path(), "markdown": mediaMarkdown(m, edit),
			"alt": m.Texts[edit].Alt, "existing": existing, "missing": m.Missing(edit),
			"edit": fmt.Sprintf("/admin/media/%d", m.ID)})
		return
	}
	if existing {
		s.sessions.Put(ctx, "flash", translate(lang, "media_exists"))
	} else {
		s.sessions.Put(ctx, "flash", translate(lang, "media_added"))
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/media/%d", m.ID))
}

// addPicture stores a cleaned picture's file and records it in the library
// with what m says of it; it returns the library's item and whether the
// library already had the same picture.
func (s *Server) addPicture(c *gin.Context, img *media.Image, m *admin.Media) (*admin.Media, bool, error) {
	m.Format, m.MIME, m.Width, m.Height = img.Format, img.MIME, img.Width, img.Height
	m.Bytes, m.SHA256 = int64(len(img.Data)), img.SHA256
	if err := s.library.Put(img); err != nil {
		return nil, false, err
	}
	return s.ed.AddPicture(c.Request.Context(), s.actor(c), m)
}

// mediaItem loads the picture named by the path's id, or answers 404.
func (s *Server) mediaItem(c *gin.Context) (*admin.Media, bool) {
	id, err := pathID(c, "id")
	if err != nil {
		s.notFound(c)
		return nil, false
	}
	m, err := s.db.Media(c.Request.Context(), id)
	if err != nil {
		if admin.ErrorCode(err) == admin.ENOTFOUND {
			s.notFound(c)
		} else {
			s.fail(c, err)
		}
		return nil, false
	}
	return m, true
}

func (s *Server) handleMediaItem(c *gin.Context) {
	ctx := c.Request.Context()
	m, ok := s.mediaItem(c)
	if !ok {
		return
	}
	uses, err := s.db.MediaUses(ctx, m)
	if err != nil {
		s.fail(c, err)
		return
	}
	lang := s.adminLang(c)
	uploader := ""
	if m.UploadedBy != 0 {
		if u, err := s.db.UserByID(ctx, m.UploadedBy); err == nil {
			uploader = u.Username
		}
	}
	s.render(c, http.StatusOK, "media_item", gin.H{"M": s.mediaView(c, m, lang), "Uses": uses, "Langs": s.langs,
		"Licences": admin.Licences, "Uploader": uploader, "CanDelete": editorial.MayDeleteMedia(currentUser(c)) && len(uses) == 0,
		"KB":    (m.Bytes + 1023) / 1024,
		"Flash": s.sessions.PopString(ctx, "flash"), "FlashError": s.sessions.PopString(ctx, "flash_error")})
}

func (s *Server) handleMediaSave(c *gin.Context) {
	m, ok := s.mediaItem(c)
	if !ok {
		return
	}
	back := fmt.Sprintf("/admin/media/%d", m.ID)
	m.Credit, m.Licence = c.PostForm("credit"), c.PostForm("licence")
	for _, l := range s.langs {
		m.Texts[l.Code] = admin.MediaText{Alt: c.PostForm("alt_" + l.Code), Caption: c.PostForm("caption_" + l.Code)}
	}
	err := s.ed.SaveMedia(c.Request.Context(), s.actor(c), m)
	s.flashOutcome(c, err, s.t(c, "saved"), back)
}

func (s *Server) handleMediaDelete(c *gin.Context) {
	m, ok := s.mediaItem(c)
	if !ok {
		return
	}
	if !editorial.MayDeleteMedia(currentUser(c)) {
		s.flashOutcome(c, admin.Refuse(admin.EFORBIDDEN, "forbidden_media_delete", "you may not remove pictures from the library"), "", fmt.Sprintf("/admin/media/%d", m.ID))
		return
	}
	err := s.db.DeleteMedia(c.Request.Context(), m.ID, s.adminEvent(c, "media.delete", fmt.Sprintf("media/%d", m.ID), m.FileName))
	if err != nil {
		s.flashOutcome(c, err, "", fmt.Sprintf("/admin/media/%d", m.ID))
		return
	}
	// The file stays: another item may come back with the same bytes, and
	// the file of a picture no item names is never served.
	s.flashOutcome(c, nil, s.t(c, "media_deleted"), "/admin/media")
}

// handleMediaFile serves a picture's file to signed-in users, at the path
// articles' Markdown uses. Readers of the site get the copies Hugo made.
func (s *Server) handleMediaFile(c *gin.Context) {
	m, ok := s.mediaItem(c)
	if !ok {
		return
	}
	if c.Param("name") != m.FileName {
		s.notFound(c)
		return
	}
	s.serveMediaFile(c, m, s.library.Path(m))
}

func (s *Server) handleMediaThumb(c *gin.Context) {
	m, ok := s.mediaItem(c)
	if !ok {
		return
	}
	p := s.library.ThumbPath(m)
	s.serveMediaFile(c, &admin.Media{MIME: "image/jpeg", FileName: strings.TrimSuffix(m.FileName, path.Ext(m.FileName)) + ".jpg"}, p)
}

func (s *Server) serveMediaFile(c *gin.Context, m *admin.Media, file string) {
	h := c.Writer.Header()
	h.Set("Content-Type", m.MIME)
	h.Set("Cache-Control", "private, max-age=3600")
	h.Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(m.FileName))
	http.ServeFile(c.Writer, c.Request, file)
}

func (s *Server) langCodes() []string { return hugo.Codes(s.langs) }
