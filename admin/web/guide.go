package web

import (
	"bufio"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"slices"
	"strings"

	"github.com/gin-gonic/gin"

	"portal/admin"
	"portal/admin/markdown"
	"portal/admin/text"
)

// The officers' guide: one Markdown page per topic in each admin language,
// embedded under guide/<lang>/<page>.md and shown in the admin's language
// with a table of contents and links to the previous and next pages. Text
// in bold is a label of the admin, written as the admin shows it (a test
// holds every one to the catalogue). The page of whom to ask ends with the
// active administrators and approvers, read from the accounts.

// guidePages are the guide's pages in reading order; the first, "index", is
// the one at /admin/guide.
var guidePages = []string{"index", "signin", "writing", "pictures", "word", "translating",
	"submitting", "reviewing", "checks", "scheduling", "publishing", "deleting", "notifications", "contacts"}

// guideContacts is the page that lists whom to ask.
const guideContacts = "contacts"

// guideEntry is a page of the guide as the table of contents lists it.
type guideEntry struct {
	Title, URL string
	Current    bool
}

// guideView is what the guide's template shows.
type guideView struct {
	layoutData
	TextLang   string // the language of the guide's text
	Title      string
	Body       template.HTML
	Pages      []guideEntry
	Prev, Next *guideEntry
	// On the page of whom to ask: the people to call, by role.
	IsContacts bool
	Contacts   []contactGroup
}

// contactGroup is the active accounts of one role, as the guide lists them.
type contactGroup struct {
	Role   string // the role's name
	People []contact
}

// contact is a person the guide tells officers to ask.
type contact struct {
	Name, Position, Email, Phone string
	PhoneURL                     template.URL
	Languages                    string // what an approver approves
}

func guideURL(slug string) string {
	if slug == "index" {
		return "/admin/guide"
	}
	return "/admin/guide/" + slug
}

// handleGuide shows a page of the officers' guide in the admin's language.
func (s *Server) handleGuide(c *gin.Context) {
	slug := c.Param("page")
	switch slug {
	case "":
		slug = "index"
	case "index":
		s.notFound(c) // the index has one address, /admin/guide
		return
	}
	at := slices.Index(guidePages, slug)
	if at < 0 {
		s.notFound(c)
		return
	}
	lang := s.adminLang(c)
	book, err := fs.Sub(files, "guide/"+lang)
	if err == nil {
		_, err = fs.Stat(book, "index.md")
	}
	if err != nil {
		// A language the guide is not written in reads the Vietnamese.
		lang = "vi"
		book, _ = fs.Sub(files, "guide/vi")
	}
	v := &guideView{TextLang: lang}
	for i, p := range guidePages {
		title, err := guideTitle(book, p)
		if err != nil {
			s.fail(c, err)
			return
		}
		v.Pages = append(v.Pages, guideEntry{Title: title, URL: guideURL(p), Current: i == at})
	}
	src, err := fs.ReadFile(book, slug+".md")
	if err != nil {
		s.fail(c, fmt.Errorf("web: guide: %w", err))
		return
	}
	if v.Body, err = markdown.Render(string(src)); err != nil {
		s.fail(c, err)
		return
	}
	v.Title = v.Pages[at].Title
	if at > 0 {
		v.Prev = &v.Pages[at-1]
	}
	if at+1 < len(v.Pages) {
		v.Next = &v.Pages[at+1]
	}
	if slug == guideContacts {
		v.IsContacts = true
		if v.Contacts, err = s.contacts(c); err != nil {
			s.fail(c, err)
			return
		}
	}
	s.render(c, http.StatusOK, "guide", v)
}

// guideTitle is the title of a guide page: the text of its first line,
// which is its first-level heading.
func guideTitle(book fs.FS, slug string) (string, error) {
	f, err := book.Open(slug + ".md")
	if err != nil {
		return "", fmt.Errorf("web: guide: %w", err)
	}
	defer func() { _ = f.Close() }() // read only
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("web: guide: %s.md: %w", slug, err)
	}
	title, ok := strings.CutPrefix(strings.TrimSpace(line), "# ")
	if !ok {
		return "", fmt.Errorf("web: guide: %s.md does not start with its title", slug)
	}
	return strings.TrimSpace(title), nil
}

// contacts are the enabled administrators and approvers, by role, each
// sorted by name, with what an officer needs to reach them.
func (s *Server) contacts(c *gin.Context) ([]contactGroup, error) {
	ctx := c.Request.Context()
	lang := s.adminLang(c)
	users, err := s.db.Users(ctx)
	if err != nil {
		return nil, err
	}
	units, err := s.db.Units(ctx)
	if err != nil {
		return nil, err
	}
	unitName := map[int64]string{}
	for _, u := range units {
		unitName[u.ID] = firstName(u.Names, lang)
	}
	slices.SortStableFunc(users, func(a, b *admin.User) int { return strings.Compare(text.Fold(a.Name()), text.Fold(b.Name())) })
	var groups []contactGroup
	for _, role := range []admin.Role{admin.RoleAdmin, admin.RoleApprover} {
		g := contactGroup{Role: translate(lang, "role_"+string(role))}
		for _, u := range users {
			if u.Disabled || u.Role != role {
				continue
			}
			p := contact{Name: u.Name(), Email: u.Email, Phone: u.Phone, PhoneURL: phoneURL(u.Phone)}
			var where []string
			for _, w := range []string{u.Position, unitName[u.UnitID]} {
				if w != "" {
					where = append(where, w)
				}
			}
			p.Position = strings.Join(where, ", ")
			if role == admin.RoleApprover {
				var names []string
				for _, l := range s.langs {
					if u.MayApprove(l.Code) {
						names = append(names, translate(lang, "language_name_"+l.Code))
					}
				}
				p.Languages = strings.Join(names, ", ")
			}
			g.People = append(g.People, p)
		}
		if len(g.People) > 0 {
			groups = append(groups, g)
		}
	}
	return groups, nil
}

// phoneURL is the tel: link of a phone number as people write it, "" when
// it has no digit. Only digits and a leading + are kept, so the link is
// safe whatever was typed.
func phoneURL(phone string) template.URL {
	var b strings.Builder
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && b.Len() == 0:
			b.WriteRune(r)
		}
	}
	if strings.Trim(b.String(), "+") == "" {
		return ""
	}
	return template.URL("tel:" + b.String())
}
