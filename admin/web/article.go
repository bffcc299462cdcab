package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/docx"
	"portal/admin/editorial"
	"portal/admin/hugo"
	"portal/admin/markdown"
	"portal/admin/media"
	"portal/admin/store"
)

// The article screens of the admin: the list, a new article, and the edit
// page of one language version beside the source language, with its
// workflow actions and history.

const perPage = 30

func (s *Server) handleArticles(c *gin.Context) {
	ctx := c.Request.Context()
	page, _ := strconv.Atoi(c.DefaultQuery("page", "1"))
	page = max(page, 1)
	f := store.ArticleFilter{Q: c.Query("q"), AreaKey: c.Query("area"), Kind: admin.Kind(c.Query("kind")),
		Status: admin.Status(c.Query("status")), Lang: c.Query("lang"), Sort: c.Query("sort"), Page: page, PerPage: perPage}
	f.AuthorID, _ = strconv.ParseInt(c.Query("author"), 10, 64)
	u := currentUser(c)
	f.UnitID = editorial.UnitScope(u)
	if unit, _ := strconv.ParseInt(c.Query("unit"), 10, 64); unit > 0 && f.UnitID == 0 {
		f.UnitID = unit
	}
	list, total, err := s.db.ListArticles(ctx, f)
	if err != nil {
		s.fail(c, err)
		return
	}
	cat, err := s.catalog(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	type row struct {
		ID      int64
		Title   string
		Area    string
		Kind    admin.Kind
		Updated time.Time
		Langs   []langStatus
		Passage string // in a search, the sentence that matches
	}
	var rows []row
	for _, a := range list {
		r := row{ID: a.ID, Area: cat.AreaName[a.AreaKey], Kind: a.Kind, Updated: a.UpdatedAt, Passage: a.Passage}
		for _, l := range s.langs {
			if r.Title == "" {
				r.Title = a.Titles[l.Code]
			}
			r.Langs = append(r.Langs, langStatus{Code: l.Code, Status: a.Statuses[l.Code], Page: a.Pages[l.Code]})
		}
		rows = append(rows, r)
	}
	q := c.Request.URL.Query()
	pageURL := func(p int) string {
		q.Set("page", strconv.Itoa(p))
		return "/admin/articles?" + q.Encode()
	}
	pages := (total + perPage - 1) / perPage
	users, err := s.db.Users(ctx)
	if err != nil {
		s.fail(c, err)
		return
	}
	data := gin.H{"Rows": rows, "Total": total, "Page": page, "Pages": pages, "Areas": cat.Areas, "Units": cat.Units,
		"Users": users, "Actions": editorial.Actions, "Flash": s.sessions.PopString(ctx, "flash"), "Current": c.Request.URL.RequestURI(),
		"Kinds": admin.Kinds, "Statuses": statuses, "Filter": c.Request.URL.Query(), "Contributor": u.Role == admin.RoleContributor}
	if page > 1 {
		data["Prev"] = pageURL(page - 1)
	}
	if page < pages {
		data["Next"] = pageURL(page + 1)
	}
	s.render(c, http.StatusOK, "articles", data)
}

var statuses = []admin.Status{admin.StatusDraft, admin.StatusInReview, admin.StatusChangesRequested,
	admin.StatusApproved, admin.StatusPublished, admin.StatusUnpublished}

func firstAreaName(a *admin.Area, lang string) string {
	if n := a.Names[lang].Name; n != "" {
		return n
	}
	return a.Names["vi"].Name
}

func (s *Server) handleArticleNew(c *gin.Context) {
	s.renderArticleNew(c, http.StatusOK, "", url.Values{})
}

func (s *Server) renderArticleNew(c *gin.Context, status int, msg string, form url.Values) {
	cat, err := s.catalog(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, status, "article_new", gin.H{"Areas": cat.Areas, "Units": cat.Units, "Kinds": admin.Kinds, "Langs": s.langs,
		"Error": msg, "Form": form, "Contributor": currentUser(c).Role == admin.RoleContributor})
}

func (s *Server) handleArticleCreate(c *gin.Context) {
	ctx := c.Request.Context()
	// A Word file, when one is attached, is read first: a file that cannot
	// be imported leaves no empty article behind.
	var doc *docx.Document
	fh, err := formFile(c, "docx")
	if err != nil {
		s.fail(c, err)
		return
	}
	if fh != nil && fh.Size > 0 {
		if !editorial.MayUpload(currentUser(c)) {
			_, msg := explain(s.adminLang(c), admin.Refuse(admin.EFORBIDDEN, "forbidden_role", "your role does not write articles"))
			s.renderArticleNew(c, http.StatusForbidden, msg, c.Request.PostForm)
			return
		}
		doc, err = s.readWord(fh)
		if err != nil {
			if admin.ErrorCode(err) == admin.EINTERNAL {
				s.fail(c, err)
				return
			}
			_, msg := explain(s.adminLang(c), err)
			s.renderArticleNew(c, httpStatus(admin.ErrorCode(err)), msg, c.Request.PostForm)
			return
		}
	}
	unit, _ := strconv.ParseInt(c.PostForm("unit"), 10, 64)
	in := editorial.NewArticle{
		AreaKey: c.PostForm("area"), Kind: admin.Kind(c.PostForm("kind")), Policy: admin.Policy(c.PostForm("policy")),
		UnitID: unit, SourceLang: c.PostForm("source_lang"), InternalNotes: c.PostForm("internal_notes")}
	var a *admin.Article
	if doc != nil {
		a, err = s.ed.CreateArticle(ctx, s.actor(c), in)
	} else {
		// Without a Word file, the article is made with its title and
		// summary: a page opened by mistake leaves nothing behind.
		a, err = s.ed.CreateArticleWith(ctx, s.actor(c), in, editorial.TranslationInput{Title: c.PostForm("title"), Summary: c.PostForm("summary")})
	}
	if err != nil {
		_, msg := explain(s.adminLang(c), err)
		s.renderArticleNew(c, httpStatus(admin.ErrorCode(err)), msg, c.Request.PostForm)
		return
	}
	if doc != nil {
		if err := s.importWord(c, a, doc, fh.Filename); err != nil {
			s.flashOutcome(c, err, "", fmt.Sprintf("/admin/articles/%d/%s", a.ID, a.SourceLang))
			return
		}
	}
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/articles/%d/%s", a.ID, a.SourceLang))
}

// readWord reads an uploaded Word file as a draft.
func (s *Server) readWord(fh *multipart.FileHeader) (*docx.Document, error) {
	f, err := fh.Open()
	if err != nil {
		return nil, err
	}
	defer func() { _ = f.Close() }() // read only
	return docx.Convert(f, fh.Size, docx.DefaultLimits)
}

// importWord makes doc the first version of article a in its source
// language: its pictures go into the media library (checked and cleaned
// like any upload, with the document's descriptions as alternative texts)
// and the text shows the library's copies.
func (s *Server) importWord(c *gin.Context, a *admin.Article, doc *docx.Document, fileName string) error {
	ctx := c.Request.Context()
	u := currentUser(c)
	lang := a.SourceLang
	body := doc.Markdown
	added, refused := 0, 0
	docName := strings.TrimSuffix(path.Base(strings.ReplaceAll(fileName, "\\", "/")), path.Ext(fileName))
	for i, im := range doc.Images {
		img, err := media.Clean(bytes.NewReader(im.Data), media.DefaultLimits)
		if err != nil {
			if admin.ErrorCode(err) != admin.EINVALID {
				return err
			}
			// A drawing the site cannot show (EMF, WMF), or a picture too
			// small, too large or damaged: its description stays as text.
			refused++
			body = replaceImage(body, im.Ref, "")
			continue
		}
		// The library is searched by name: name the picture after what it
		// shows, or after the document.
		name := im.Alt
		if strings.TrimSpace(name) == "" {
			name = fmt.Sprintf("%s %d", docName, i+1)
		}
		m := &admin.Media{OriginalName: name + path.Ext(im.Name), UnitID: a.UnitID, UploadedBy: u.ID,
			Texts: map[string]admin.MediaText{lang: {Alt: im.Alt}}}
		m, _, err = s.addPicture(c, img, m)
		if err != nil {
			return err
		}
		added++
		body = replaceImage(body, im.Ref, m.Path())
	}
	title := strings.TrimSpace(doc.Title)
	if title == "" {
		title = docName
	}
	_, err := s.ed.SaveTranslation(ctx, s.actor(c), a.ID, lang, editorial.TranslationInput{Title: title, Body: body})
	if err != nil {
		return err
	}
	msg := fmt.Sprintf(s.t(c, "word_imported"), added)
	for _, l := range []struct {
		n   int
		key string
	}{{doc.LeftOut.TextBoxes, "word_left_textboxes"}, {doc.LeftOut.Comments, "word_left_comments"},
		{doc.LeftOut.Equations, "word_left_equations"}} {
		if l.n > 0 {
			msg += " " + fmt.Sprintf(s.t(c, l.key), l.n)
		}
	}
	if refused > 0 {
		msg += " " + fmt.Sprintf(s.t(c, "word_pictures_refused"), refused)
	}
	s.sessions.Put(ctx, "flash", msg)
	return nil
}

// replaceImage points the Markdown pictures whose destination is ref at
// dest, or, with no dest, leaves their description as text. The converter
// writes a description with its brackets escaped, so the picture starts at
// the nearest unescaped "![" before the destination.
func replaceImage(md, ref, dest string) string {
	tail := "](" + ref + ")"
	if dest != "" {
		return strings.ReplaceAll(md, tail, "]("+dest+")")
	}
	for {
		end := strings.Index(md, tail)
		if end < 0 {
			return md
		}
		start := -1
		for i := end - 1; i >= 1; i-- {
			if md[i-1] == '!' && md[i] == '[' && (i < 2 || md[i-2] != '\\') {
				start = i - 1
				break
			}
		}
		if start < 0 {
			return md[:end] + md[end+len(tail):]
		}
		md = md[:start] + md[start+2:end] + md[end+len(tail):]
	}
}

// editForm is what the edit form holds: the user's text when a save was
// refused, the stored text otherwise.
type editForm struct {
	Title, Slug, Summary, Body, Tags string
	Version                          int
	Minor                            bool
	Facts                            admin.Facts
	ChangeNote                       string
}

func formOf(t *admin.Translation) editForm {
	if t == nil {
		return editForm{}
	}
	return editForm{Title: t.Title, Slug: t.Slug, Summary: t.Summary, Body: t.Body, Tags: strings.Join(t.Tags, ", "), Version: t.Version, Facts: t.Facts}
}

func (s *Server) handleArticleEdit(c *gin.Context) {
	s.renderEdit(c, http.StatusOK, nil, nil)
}

// renderEdit shows the edit page of one language version. With a refused
// save, form holds what the user typed and err the reason.
// editPage is what the edit page of one language version shows.
type editPage struct {
	layoutData
	Article     *admin.Article
	VersionLang string             // the language of the version shown
	T           *admin.Translation // nil when the version does not exist yet
	Langs       []hugo.Language
	AreaName    string
	CanEdit     bool
	Outdated    bool // the source language changed since this translation
	Flash       string
	FlashError  string
	Form        *editForm
	FactFields  []admin.Field
	Licences    []admin.Licence
	// The press award nomination, for those who may nominate.
	MayNominate    bool
	Nominated      bool
	NominationNote string
	Preview        template.HTML // the form's text as the site will show it, when asked
	// A refused save: the message, the field it is about, and the stored
	// version beside the refused text.
	SaveError string
	SaveField string
	Stored    *admin.Translation
	// The source language's version beside a translation.
	Source     *admin.Translation
	SourceHTML template.HTML
	SourceDiff *editorial.Diff
	Actions    []string // the workflow steps the user may take
	Revisions  []*admin.Revision
	Missing    []lack // what the version still lacks for approval
	Pictures   []picture
	LiveDiff   string // the changes since the version readers see
	PageURL    string // the version's page on the site, once readers see it
	ReviewBy   string // who wrote the review comment, as shown
	// A version waiting for review that the viewer cannot approve: why
	// (four eyes), and who can.
	WhyNoApprove   string
	MayDelete      bool
	ApproversNamed bool
	Approvers      []string
}

func (s *Server) renderEdit(c *gin.Context, status int, form *editForm, saveErr error) {
	ctx := c.Request.Context()
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	lang := c.Param("lang")
	if !s.hasLang(lang) {
		s.notFound(c)
		return
	}
	a, err := s.ed.Article(ctx, s.actor(c), id)
	if err != nil {
		s.fail(c, err)
		return
	}
	u := currentUser(c)
	t := a.Translation(lang)
	pg := &editPage{Article: a, VersionLang: lang, T: t, Langs: s.langs,
		CanEdit: editorial.MayEdit(u, a), Outdated: editorial.Outdated(a)[lang],
		Flash: s.sessions.PopString(ctx, "flash"), FlashError: s.sessions.PopString(ctx, "flash_error"),
		FactFields: admin.FactSchemas[a.Kind], Licences: admin.Licences}
	if form == nil {
		f := formOf(t)
		if t == nil {
			// A new translation starts with the source's figures.
			if src := a.Translation(a.SourceLang); src != nil {
				f.Facts = admin.Facts{}
				for _, fl := range admin.FactSchemas[a.Kind] {
					if !fl.Translated {
						f.Facts[fl.Key] = src.Facts[fl.Key]
					}
				}
			}
		}
		f.Facts = numbersIn(lang, a.Kind, f.Facts)
		form = &f
	}
	pg.Form = form
	if editorial.MayNominate(u) {
		nominated, note, err := s.db.Nominated(ctx, a.ID)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.MayNominate, pg.Nominated, pg.NominationNote = true, nominated, note
	}
	if html, ok := c.Get("preview"); ok {
		pg.Preview, _ = html.(template.HTML)
	}
	if saveErr != nil {
		code, msg := explain(s.adminLang(c), saveErr)
		var e *admin.Error
		if errors.As(saveErr, &e) {
			if code == "stale_version" {
				msg = fill(errorMessages[s.adminLang(c)]["stale_version_form"], e.Args)
			}
			pg.SaveField = e.Field
		}
		pg.SaveError = msg
		pg.Stored = t // shown beside the refused text
		if admin.ErrorCode(saveErr) == admin.ECONFLICT && t != nil {
			// Saving again, having seen the stored version, replaces it:
			// a decision, not an accident.
			form.Version = t.Version
		}
	}
	if lang != a.SourceLang {
		src := a.Translation(a.SourceLang)
		pg.Source = src
		if src != nil {
			html, err := markdown.Render(src.Body)
			if err != nil {
				s.fail(c, err)
				return
			}
			pg.SourceHTML = html
		}
		d, err := s.ed.SourceChanges(ctx, s.actor(c), a.ID, lang)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.SourceDiff = d
	}
	pg.MayDelete = editorial.CheckDelete(u, a) == nil
	if t != nil {
		for _, act := range editorial.Actions {
			if editorial.Check(u, a, t, act) == nil {
				pg.Actions = append(pg.Actions, act)
			}
		}
		if t.Status == admin.StatusInReview && !slices.Contains(pg.Actions, editorial.ActionApprove) {
			// Say why the viewer cannot approve, and who can.
			if err := editorial.Check(u, a, t, editorial.ActionApprove); admin.ErrorKey(err) == "four_eyes" {
				_, pg.WhyNoApprove = explain(s.adminLang(c), err)
			}
			approvers, err := s.ed.Approvers(ctx, t)
			if err != nil {
				s.fail(c, err)
				return
			}
			pg.ApproversNamed = true
			for _, ap := range approvers {
				pg.Approvers = append(pg.Approvers, ap.Name())
			}
		}
		if pg.Revisions, err = s.ed.Revisions(ctx, s.actor(c), a.ID, lang); err != nil {
			s.fail(c, err)
			return
		}
		probs, err := s.ed.Completeness(ctx, a, t)
		if err != nil {
			s.fail(c, err)
			return
		}
		pg.Missing = lacks(s.adminLang(c), probs)
		if pg.Pictures, err = s.pictures(c, t.Body, lang); err != nil {
			s.fail(c, err)
			return
		}
		if t.LiveVersion > 0 && t.LiveVersion != t.Version {
			pg.LiveDiff = fmt.Sprintf("/admin/articles/%d/%s/diff?from=%d&to=%d", a.ID, lang, t.LiveVersion, t.Version)
		}
	}
	cat, err := s.catalog(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	if t != nil && t.ReviewComment != "" {
		// The comment's author is the one who last sent this version back.
		ev, err := s.db.Events(ctx, store.AuditFilter{Action: "translation." + editorial.ActionRequestChanges,
			Object: fmt.Sprintf("article/%d/%s", a.ID, lang), Limit: 1})
		if err != nil {
			s.fail(c, err)
			return
		}
		if len(ev) == 1 {
			pg.ReviewBy = ev[0].Actor
			if u, err := s.db.UserByID(ctx, ev[0].ActorID); err == nil {
				pg.ReviewBy = u.Name()
			}
		}
	}
	for _, ar := range cat.Areas {
		if ar.ID == a.AreaID {
			pg.AreaName = cat.AreaName[ar.Key]
			if t != nil && t.Site() == admin.SiteOnSite && t.Version == t.LiveVersion {
				pg.PageURL = "/" + lang + "/" + ar.Names[lang].Slug + "/" + t.Slug + "/"
			}
		}
	}
	s.render(c, status, "article", pg)
}

func (s *Server) hasLang(code string) bool {
	for _, l := range s.langs {
		if l.Code == code {
			return true
		}
	}
	return false
}

func (s *Server) notFound(c *gin.Context) {
	s.render(c, http.StatusNotFound, "error", gin.H{"Message": s.t(c, "not_found")})
}

func (s *Server) handleTranslationSave(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	lang := c.Param("lang")
	version, _ := strconv.Atoi(c.PostForm("version"))
	form := editForm{Title: c.PostForm("title"), Slug: c.PostForm("slug"), Summary: c.PostForm("summary"),
		Body: c.PostForm("body"), Tags: c.PostForm("tags"), Version: version, Minor: c.PostForm("minor") == "1",
		Facts: factsFromForm(c), ChangeNote: c.PostForm("change_note")}
	if c.PostForm("preview") == "1" {
		// Show the text as the site will, without saving anything.
		html, err := markdown.Render(form.Body)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Set("preview", html)
		s.renderEdit(c, http.StatusOK, &form, nil)
		return
	}
	var tags []string
	for _, tag := range strings.Split(form.Tags, ",") {
		if tag = strings.TrimSpace(tag); tag != "" {
			tags = append(tags, tag)
		}
	}
	t, err := s.ed.SaveTranslation(c.Request.Context(), s.actor(c), id, lang, editorial.TranslationInput{
		Title: form.Title, Slug: form.Slug, Summary: form.Summary, Body: form.Body, Tags: tags, Version: version, Minor: form.Minor,
		Facts: form.Facts, ChangeNote: form.ChangeNote})
	if err != nil {
		code := admin.ErrorCode(err)
		if code == admin.EINTERNAL {
			s.fail(c, err)
			return
		}
		// The page comes back with the text as typed: nothing is lost.
		s.renderEdit(c, httpStatus(code), &form, err)
		return
	}
	msg := fmt.Sprintf(s.t(c, "saved_version"), t.Version)
	if t.Version == version {
		msg = fmt.Sprintf(s.t(c, "saved_unchanged"), t.Version)
	}
	s.sessions.Put(c.Request.Context(), "flash", msg)
	c.Redirect(http.StatusSeeOther, fmt.Sprintf("/admin/articles/%d/%s", id, lang))
}

// parseLocal reads a date-and-time field as Vietnam time (see
// admin.FormDateTime for what it takes).
func parseLocal(v string) (time.Time, error) {
	if strings.TrimSpace(v) == "" {
		return time.Time{}, nil
	}
	iso, ok := admin.FormDateTime(v)
	if !ok {
		return time.Time{}, admin.Refuse(admin.EINVALID, "bad_time", "write a time as 30/06/2024 08:00")
	}
	return time.ParseInLocation("2006-01-02T15:04", iso, admin.Vietnam)
}

func (s *Server) handleTranslationAction(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	lang := c.Param("lang")
	back := fmt.Sprintf("/admin/articles/%d/%s", id, lang)
	version, _ := strconv.Atoi(c.PostForm("version"))
	in := editorial.TransitionInput{Comment: c.PostForm("comment"), Version: version}
	var err error
	if in.PublishAt, err = parseLocal(c.PostForm("publish_at")); err == nil {
		in.UnpublishAt, err = parseLocal(c.PostForm("unpublish_at"))
	}
	if err != nil {
		s.sessions.Put(ctx, "flash_error", s.t(c, "bad_time"))
		c.Redirect(http.StatusSeeOther, back)
		return
	}
	action := c.PostForm("action")
	done, err := s.ed.Transition(ctx, s.actor(c), id, lang, action, in)
	msg := s.t(c, "done_"+strings.ReplaceAll(action, "-", "_"))
	if err == nil && (action == editorial.ActionPublish || action == editorial.ActionApprove) {
		// Say exactly what happened: out now, or when (in Vietnam's time).
		switch {
		case done.Status == admin.StatusApproved && !done.PublishAt.IsZero():
			msg = fmt.Sprintf(s.t(c, "done_scheduled"), formatDateTime(s.adminLang(c), done.PublishAt))
		case action == editorial.ActionPublish:
			msg = s.t(c, "done_publish_now")
		}
	}
	s.flashOutcome(c, err, msg, back)
}

// articleID reads the article id of the path, answering 404 when it is
// not one.
func (s *Server) articleID(c *gin.Context) (int64, bool) {
	id, err := pathID(c, "id")
	if err != nil {
		s.notFound(c)
		return 0, false
	}
	return id, true
}

// flashOutcome ends a form's request: back to the page with done, or with
// the refusal in the user's language. Internal errors are a 500 page.
func (s *Server) flashOutcome(c *gin.Context, err error, done, back string) {
	ctx := c.Request.Context()
	switch {
	case err == nil:
		s.sessions.Put(ctx, "flash", done)
	case admin.ErrorCode(err) == admin.EINTERNAL:
		s.fail(c, err)
		return
	default:
		_, msg := explain(s.adminLang(c), err)
		s.sessions.Put(ctx, "flash_error", msg)
	}
	c.Redirect(http.StatusSeeOther, back)
}

func (s *Server) handleTranslationDiff(c *gin.Context) {
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	from, _ := strconv.Atoi(c.Query("from"))
	to, _ := strconv.Atoi(c.Query("to"))
	d, err := s.ed.DiffVersions(c.Request.Context(), s.actor(c), id, c.Param("lang"), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.render(c, http.StatusOK, "diff", gin.H{"Diff": d, "ArticleID": id, "VersionLang": c.Param("lang")})
}

func (s *Server) handleTranslationRestore(c *gin.Context) {
	ctx := c.Request.Context()
	id, ok := s.articleID(c)
	if !ok {
		return
	}
	lang := c.Param("lang")
	version, _ := strconv.Atoi(c.PostForm("restore"))
	current, _ := strconv.Atoi(c.PostForm("version"))
	t, err := s.ed.Restore(ctx, s.actor(c), id, lang, version, current)
	done := ""
	if err == nil {
		done = fmt.Sprintf(s.t(c, "saved_version"), t.Version)
	}
	s.flashOutcome(c, err, done, fmt.Sprintf("/admin/articles/%d/%s", id, lang))
}

// handleArticlesBulk applies one workflow action to one language version of
// several articles, each through the same rules as one at a time, and says
// how many went through and why the others did not.
func (s *Server) handleArticlesBulk(c *gin.Context) {
	ctx := c.Request.Context()
	if err := c.Request.ParseForm(); err != nil {
		s.fail(c, bodyError(err))
		return
	}
	action, lang := c.PostForm("action"), c.PostForm("bulk_lang")
	var done int
	var refused []string
	for _, v := range c.Request.PostForm["ids"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			continue
		}
		if _, err := s.ed.Transition(ctx, s.actor(c), id, lang, action, editorial.TransitionInput{Comment: c.PostForm("comment")}); err != nil {
			if admin.ErrorCode(err) == admin.EINTERNAL {
				s.fail(c, err)
				return
			}
			_, msg := explain(s.adminLang(c), err)
			refused = append(refused, fmt.Sprintf("#%d: %s", id, msg))
			continue
		}
		done++
	}
	summary := fmt.Sprintf(s.t(c, "bulk_done"), done)
	if len(refused) > 0 {
		summary += " " + fmt.Sprintf(s.t(c, "bulk_refused"), len(refused)) + " " + strings.Join(refused, " · ")
	}
	s.sessions.Put(ctx, "flash", summary)
	back := c.PostForm("back")
	if !strings.HasPrefix(back, "/admin/articles") {
		back = "/admin/articles"
	}
	c.Redirect(http.StatusSeeOther, back)
}

// picture is a picture a version shows, as its edit page lists it.
type picture struct {
	Dest    string
	Media   *admin.Media // nil when it is not from the library
	Missing []string     // what lang's readers still lack
}

// pictures lists the pictures a Markdown body shows.
func (s *Server) pictures(c *gin.Context, body, lang string) ([]picture, error) {
	var pics []picture
	for _, dest := range markdown.Images(body) {
		p := picture{Dest: dest}
		if id, name, ok := admin.ParseMediaPath(dest); ok {
			m, err := s.db.Media(c.Request.Context(), id)
			if err != nil && admin.ErrorCode(err) != admin.ENOTFOUND {
				return nil, err
			}
			if m != nil && m.FileName == name {
				p.Media, p.Missing = m, m.Missing(lang)
			}
		}
		pics = append(pics, p)
	}
	return pics, nil
}

// factsFromForm reads the fact_<key> fields of an edit form; nil when the
// form has none (an article kind without facts).
func factsFromForm(c *gin.Context) admin.Facts {
	var facts admin.Facts
	for key, vs := range c.Request.PostForm {
		if k, ok := strings.CutPrefix(key, "fact_"); ok && len(vs) > 0 {
			if facts == nil {
				facts = admin.Facts{}
			}
			facts[k] = vs[0]
		}
	}
	return facts
}

// lack is one thing a version still needs before approval, in words, and
// where it is completed ("" when on the page itself).
type lack struct {
	Text, Link string
}

// lacks puts the completeness check's problems in words. A picture's are
// one line naming its file, with everything it lacks and a link to its
// page in the library, where they are filled in.
func lacks(lang string, probs []*admin.Error) []lack {
	var out []lack
	where := map[string]int{} // picture field -> its line in out
	kinds := map[string][]string{}
	names := map[string]string{}
	for _, p := range probs {
		kind, isPicture := strings.CutPrefix(p.Key, "incomplete_picture_")
		if !isPicture || !strings.HasPrefix(p.Field, "picture/") || len(p.Args) < 2 {
			_, msg := explain(lang, p)
			out = append(out, lack{Text: msg})
			continue
		}
		if _, seen := where[p.Field]; !seen {
			where[p.Field] = len(out)
			out = append(out, lack{Link: "/admin/media/" + strings.TrimPrefix(p.Field, "picture/")})
			names[p.Field] = fmt.Sprint(p.Args[1])
		}
		what := translate(lang, "media_missing_"+kind)
		if code, ok := p.Args[len(p.Args)-1].(admin.Language); ok && (kind == "alt" || kind == "caption") {
			what += " (" + translate(lang, "language_name_"+string(code)) + ")"
		}
		kinds[p.Field] = append(kinds[p.Field], what)
	}
	for field, i := range where {
		out[i].Text = fmt.Sprintf(translate(lang, "check_picture"), names[field], strings.Join(kinds[field], ", "))
	}
	return out
}

// numbersIn writes the stored figures of facts the way lang writes numbers
// ("291,52" in Vietnamese, "291.52" in English), with the decimals typed.
func numbersIn(lang string, kind admin.Kind, facts admin.Facts) admin.Facts {
	if len(facts) == 0 {
		return facts
	}
	out := maps.Clone(facts)
	for _, f := range admin.FactSchemas[kind] {
		if v := facts[f.Key]; f.Type == admin.FactNumber && v != "" {
			// Stored figures are canonical already: written, not read again.
			out[f.Key] = admin.FormatNumber(lang, v)
		}
	}
	return out
}
